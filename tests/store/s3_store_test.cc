// S3Store behaviour beyond the conformance suite: error messages and codes
// against radosgw (wrong secret, missing bucket), unreachable endpoints,
// addressing, credentials lookup, and retry policy against a scripted fake
// HTTP server (fake_http_server.h) that answers 503 / 403 on demand.
#include "engine/store/s3_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "engine/store/store_location.h"
#include "engine/util/worker_pool.h"
#include "tests/store/fake_http_server.h"
#include "tests/util/s3_test_env.h"

namespace s3lite {
namespace {

S3Options Offline(const std::string& endpoint, const std::string& bucket = "bucket") {
  S3Options o;
  o.bucket = bucket;
  o.prefix = "db/one";
  o.endpoint_url = endpoint;
  o.region = "eu-west-1";
  o.credentials = AwsCredentials{"AKIDTESTKEY12345", "SuperSecretValue/123+abc", "", "test"};
  return o;
}

TEST(S3Addressing, PathStyleForIpEndpointsVirtualHostedOtherwise) {
  auto ip = S3Store::Open(Offline("http://127.0.0.1:9000"));
  ASSERT_TRUE(ip.ok());
  EXPECT_TRUE((*ip)->path_style());
  auto t = (*ip)->MakeTarget("db/one/a b+c", {{"x", "1"}});
  EXPECT_EQ(t.url, "http://127.0.0.1:9000/bucket/db/one/a%20b%2Bc?x=1");
  EXPECT_EQ(t.host, "127.0.0.1:9000");
  EXPECT_EQ(t.canonical_uri, "/bucket/db/one/a%20b%2Bc");

  auto vh = S3Store::Open(Offline("https://s3.eu-west-1.amazonaws.com/"));
  ASSERT_TRUE(vh.ok());
  EXPECT_FALSE((*vh)->path_style());
  t = (*vh)->MakeTarget("k/\xC3\xBC", {});
  EXPECT_EQ(t.url, "https://bucket.s3.eu-west-1.amazonaws.com/k/%C3%BC");
  EXPECT_EQ(t.host, "bucket.s3.eu-west-1.amazonaws.com");
  t = (*vh)->MakeTarget("", {{"list-type", "2"}, {"prefix", "db/"}});
  EXPECT_EQ(t.url, "https://bucket.s3.eu-west-1.amazonaws.com/?list-type=2&prefix=db%2F");

  S3Options forced = Offline("https://minio.example.com");
  forced.force_path_style = true;
  auto ps = S3Store::Open(forced);
  ASSERT_TRUE(ps.ok());
  EXPECT_EQ((*ps)->MakeTarget("k", {}).url, "https://minio.example.com/bucket/k");
  // Dotted bucket names would break TLS wildcard certificates: path-style.
  auto dotted = S3Store::Open(Offline("https://s3.amazonaws.com", "my.bucket"));
  ASSERT_TRUE(dotted.ok());
  EXPECT_TRUE((*dotted)->path_style());
}

TEST(S3Addressing, EndpointAndRegionDefaults) {
  S3Options o = Offline("");
  o.region = "ap-south-1";
  ::unsetenv("AWS_ENDPOINT_URL");
  ::unsetenv("AWS_ENDPOINT_URL_S3");
  auto s = S3Store::Open(o);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ((*s)->endpoint(), "https://s3.ap-south-1.amazonaws.com");
  EXPECT_EQ((*s)->region(), "ap-south-1");
  EXPECT_EQ((*s)->Describe(), "s3://bucket/db/one");
  EXPECT_TRUE(S3Store::Open(Offline("ftp://x")).status().code() == Status::Code::kInvalidArgument);
  EXPECT_TRUE(S3Store::Open(Offline("http://host/path")).status().code() == Status::Code::kInvalidArgument);
}

TEST(AwsCredentialsFile, ReadsProfilesAndReportsMissingOnes) {
  auto path = std::filesystem::temp_directory_path() / ("s3lite-creds-" + std::to_string(::getpid()));
  {
    std::ofstream f(path);
    f << "# comment\n[default]\naws_access_key_id = AK1\naws_secret_access_key=SK1\n\n"
         "[profile other]\naws_access_key_id=AK2\naws_secret_access_key = SK2\naws_session_token = TOK\n"
         "[broken]\naws_access_key_id=AK3\n";
  }
  auto d = LoadAwsCredentialsFile(path, "default");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->access_key_id, "AK1");
  EXPECT_EQ(d->secret_access_key, "SK1");
  auto o = LoadAwsCredentialsFile(path, "other");
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->session_token, "TOK");
  EXPECT_TRUE(LoadAwsCredentialsFile(path, "nope").status().IsNotFound());
  EXPECT_EQ(LoadAwsCredentialsFile(path, "broken").status().code(), Status::Code::kInvalidArgument);
  // The chain: an explicit profile wins over environment keys.
  ::setenv("AWS_SHARED_CREDENTIALS_FILE", path.c_str(), 1);
  auto chained = LoadAwsCredentials("other");
  ::unsetenv("AWS_SHARED_CREDENTIALS_FILE");
  ASSERT_TRUE(chained.ok()) << chained.status().ToString();
  EXPECT_EQ(chained->access_key_id, "AK2");
  EXPECT_EQ(chained->source.find("SK2"), std::string::npos);
  std::filesystem::remove(path);
}

S3Options Fast(const std::string& endpoint) {
  S3Options o = Offline(endpoint);
  o.retry_base_ms = 1;
  o.retry_max_ms = 5;
  o.max_attempts = 4;
  o.request_timeout_ms = 2000;
  return o;
}

TEST(S3Retry, RetriesSlowDownAndServerErrorsThenSucceeds) {
  testing::FakeHttpServer fake([](const testing::FakeRequest& req, testing::FakeResponse& res, int n) {
    EXPECT_NE(req.header("authorization").find("Credential=AKIDTESTKEY12345/"), std::string::npos);
    EXPECT_EQ(req.header("x-amz-content-sha256"), Sha256Hex(""));
    if (n == 1) {
      res.status = 503;
      res.body = "<Error><Code>SlowDown</Code><Message>Reduce your rate</Message></Error>";
    } else if (n == 2) {
      res.status = 500;
      res.body = "<Error><Code>InternalError</Code></Error>";
    } else {
      res.body = "payload";
    }
  });
  auto s = S3Store::Open(Fast(fake.endpoint()));
  ASSERT_TRUE(s.ok());
  auto got = (*s)->Get("k");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got, "payload");
  EXPECT_EQ(fake.requests.load(), 3);
  EXPECT_EQ((*s)->stats().Snapshot().retries, 2u);
}

TEST(S3Retry, GivesUpAfterMaxAttemptsNamingTheCall) {
  testing::FakeHttpServer fake([](const testing::FakeRequest&, testing::FakeResponse& res, int) {
    res.status = 503;
    res.body = "<Error><Code>SlowDown</Code><Message>Reduce your rate</Message></Error>";
  });
  auto s = S3Store::Open(Fast(fake.endpoint()));
  ASSERT_TRUE(s.ok());
  Status st = (*s)->Put("dir/key", "data");
  EXPECT_EQ(st.code(), Status::Code::kIOError);
  EXPECT_EQ(st.message(), "S3 PUT s3://bucket/db/one/dir/key: HTTP 503 SlowDown: Reduce your rate "
                          "(server error, retries exhausted)");
  EXPECT_EQ(fake.requests.load(), 4);
  EXPECT_EQ((*s)->stats().Snapshot().retries, 3u);
  EXPECT_EQ((*s)->stats().Snapshot().errors, 1u);
}

TEST(S3Retry, NeverRetriesClientErrors) {
  testing::FakeHttpServer fake([](const testing::FakeRequest&, testing::FakeResponse& res, int) {
    res.status = 403;
    res.body = "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>";
  });
  auto s = S3Store::Open(Fast(fake.endpoint()));
  ASSERT_TRUE(s.ok());
  Status st = (*s)->Put("k", "v");
  EXPECT_EQ(st.code(), Status::Code::kPermissionDenied);
  EXPECT_NE(st.message().find("HTTP 403 AccessDenied"), std::string::npos) << st.message();
  EXPECT_EQ(fake.requests.load(), 1);
  EXPECT_EQ((*s)->stats().Snapshot().retries, 0u);
}

TEST(S3Retry, PutIfAbsentWhoseFirstResponseWasLostStillWins) {
  // First attempt "lands" but answers 500; the retry sees 412; the object
  // holds our bytes, so the write is ours.
  std::string stored;
  std::mutex mu;
  testing::FakeHttpServer fake([&](const testing::FakeRequest& req, testing::FakeResponse& res, int n) {
    std::lock_guard<std::mutex> l(mu);
    if (req.method == "PUT") {
      EXPECT_EQ(req.header("if-none-match"), "*");
      if (n == 1) {
        stored = req.body;
        res.status = 500;
      } else {
        res.status = 412;
        res.body = "<Error><Code>PreconditionFailed</Code></Error>";
      }
    } else {
      res.body = stored;
    }
  });
  auto s = S3Store::Open(Fast(fake.endpoint()));
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE((*s)->PutIfAbsent("wal/1", "mine").ok());
}

TEST(S3Errors, UnreachableEndpointSaysSo) {
  S3Options o = Fast("http://127.0.0.1:1");
  o.max_attempts = 2;
  auto s = S3Store::Open(o);
  ASSERT_TRUE(s.ok());
  Status st = (*s)->CheckReachable();
  EXPECT_EQ(st.code(), Status::Code::kIOError);
  EXPECT_NE(st.message().find("cannot reach endpoint http://127.0.0.1:1"), std::string::npos) << st.message();
  EXPECT_EQ((*s)->stats().Snapshot().retries, 1u);
  EXPECT_EQ(st.message().find("SuperSecretValue"), std::string::npos);
}

// --- against the radosgw of the test run ---

TEST(S3Radosgw, WrongSecretIsPermissionDeniedWithoutLeakingIt) {
  S3LITE_REQUIRE_S3(env);
  S3Options o = testing::TestS3Options(env, testing::UniqueS3Prefix("wrongsecret"));
  const std::string bad = "WrongSecretKeyThatMustNotLeak0123456789";
  o.credentials->secret_access_key = bad;
  o.max_attempts = 1;
  auto s = S3Store::Open(o);
  ASSERT_TRUE(s.ok());
  for (Status st : {(*s)->Put("k", "v"), (*s)->Get("k").status(), (*s)->CheckReachable()}) {
    EXPECT_EQ(st.code(), Status::Code::kPermissionDenied) << st.ToString();
    EXPECT_NE(st.message().find("HTTP 403 SignatureDoesNotMatch"), std::string::npos) << st.message();
    EXPECT_NE(st.message().find("secret key was rejected"), std::string::npos) << st.message();
    EXPECT_EQ(st.message().find(bad), std::string::npos) << st.message();
    EXPECT_EQ(st.message().find(env.secret_key), std::string::npos);
  }
  EXPECT_EQ((*s)->stats().Snapshot().retries, 0u);
}

TEST(S3Radosgw, MissingBucketIsAClearNotFound) {
  S3LITE_REQUIRE_S3(env);
  S3Options o = testing::TestS3Options(env, "p");
  o.bucket = "s3lite-no-such-bucket";
  auto s = S3Store::Open(o);
  ASSERT_TRUE(s.ok());
  Status st = (*s)->CheckReachable();
  EXPECT_TRUE(st.IsNotFound()) << st.ToString();
  EXPECT_NE(st.message().find("bucket \"s3lite-no-such-bucket\" does not exist"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("NoSuchBucket"), std::string::npos);
  Status put = (*s)->Put("k", "v");
  EXPECT_TRUE(put.IsNotFound()) << put.ToString();
  EXPECT_NE(put.message().find("does not exist"), std::string::npos) << put.message();
  EXPECT_TRUE((*s)->Get("k").status().IsNotFound());
  EXPECT_FALSE((*s)->Delete("k").ok());  // deleting in a missing bucket is not a silent success
}

TEST(S3Radosgw, OpenStoreFromUrlAndEnvironmentCredentials) {
  S3LITE_REQUIRE_S3(env);
  StoreOptions o = testing::TestStoreOptions(env, "openstore");
  auto store = OpenStore(o);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_TRUE(CheckStoreReachable(**store).ok());
  ASSERT_TRUE((*store)->Put("a/b", "hello").ok());
  auto got = (*store)->Get("a/b");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, "hello");
  testing::DeleteAllObjects(**store);
}

TEST(S3Radosgw, PrefixesIsolateStores) {
  S3LITE_REQUIRE_S3(env);
  auto a = testing::OpenTestS3Store(env, "iso");
  auto b = testing::OpenTestS3Store(env, "iso");
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(a->Put("k", "a").ok());
  EXPECT_TRUE(b->Get("k").status().IsNotFound());
  auto list = b->List("");
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
  testing::DeleteAllObjects(*a);
}

TEST(S3Radosgw, SmallConnectionPoolServesManyThreads) {
  S3LITE_REQUIRE_S3(env);
  S3Options o = testing::TestS3Options(env, testing::UniqueS3Prefix("pool"));
  o.max_connections = 2;
  auto s = S3Store::Open(o);
  ASSERT_TRUE(s.ok());
  WorkerPool pool(8);
  std::vector<std::future<Status>> fs;
  for (int i = 0; i < 64; i++) {
    fs.push_back(pool.Submit([&, i] { return (*s)->Put("k/" + std::to_string(i), std::string(1000, 'a' + i % 26)); }));
  }
  for (auto& f : fs) EXPECT_TRUE(f.get().ok());
  auto list = (*s)->List("k/");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 64u);
  testing::DeleteAllObjects(**s);
}

}  // namespace
}  // namespace s3lite
