// Test helper (header-only): the S3 server of the test run, for any layer's
// tests.
//
// tests/servers/radosgw.sh (started by scripts/test, or by hand with
// `eval "$(tests/servers/radosgw.sh start)"`) exports S3LITE_TEST_S3_ENDPOINT,
// S3LITE_TEST_S3_BUCKET and AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
// AWS_REGION. When S3LITE_TEST_S3_ENDPOINT is unset, an S3 test
//   - FAILS under CI=true (S3 tests must never be silently skipped in CI),
//   - is SKIPPED when S3LITE_SKIP_S3=1 (a developer's explicit opt-out),
//   - otherwise FAILS with instructions.
//
// Usage inside a TEST body (or SetUp):
//   S3LITE_REQUIRE_S3(env);                       // s3lite::testing::S3TestEnv env
//   auto store = s3lite::testing::OpenTestS3Store(env, "mytest");  // unique prefix
//   StoreOptions o = s3lite::testing::TestStoreOptions(env, "mytest"); // for OpenStore / binaries
// Each call to UniqueS3Prefix gives a fresh prefix, so tests never see each
// other's objects; DeleteTestPrefix cleans up.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>

#include "engine/store/s3_store.h"
#include "engine/store/store_location.h"

namespace s3lite::testing {

struct S3TestEnv {
  std::string endpoint;
  std::string bucket;
  std::string access_key;
  std::string secret_key;
  std::string region;
};

inline std::string EnvOr(const char* name, const char* fallback = "") {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

// Empty string when the server is configured (and *env filled in); else why not.
inline std::string S3TestUnavailable(S3TestEnv* env) {
  env->endpoint = EnvOr("S3LITE_TEST_S3_ENDPOINT");
  env->bucket = EnvOr("S3LITE_TEST_S3_BUCKET", "s3lite-test");
  env->access_key = EnvOr("AWS_ACCESS_KEY_ID");
  env->secret_key = EnvOr("AWS_SECRET_ACCESS_KEY");
  env->region = EnvOr("AWS_REGION", "us-east-1");
  if (env->endpoint.empty()) {
    return "S3LITE_TEST_S3_ENDPOINT is not set: no S3 test server. Run the suite with scripts/test "
           "(starts radosgw), or start one with `eval \"$(tests/servers/radosgw.sh start)\"`, or opt out "
           "locally with S3LITE_SKIP_S3=1 (not allowed when CI=true).";
  }
  if (env->access_key.empty() || env->secret_key.empty()) {
    return "S3LITE_TEST_S3_ENDPOINT is set but AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not "
           "(source the output of tests/servers/radosgw.sh env)";
  }
  return "";
}

inline bool S3TestMaySkip() { return EnvOr("S3LITE_SKIP_S3") == "1" && EnvOr("CI") != "true"; }

// A prefix no other test (or earlier run) uses: "<name>-<pid>-<n>-<random>".
inline std::string UniqueS3Prefix(const std::string& name) {
  static std::atomic<int> counter{0};
  std::mt19937_64 rng(std::random_device{}() ^
                      static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  return "t/" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
         std::to_string(rng() % 1000000);
}

inline S3Options TestS3Options(const S3TestEnv& env, const std::string& prefix) {
  S3Options o;
  o.bucket = env.bucket;
  o.prefix = prefix;
  o.endpoint_url = env.endpoint;
  o.region = env.region;
  o.force_path_style = true;
  o.credentials = AwsCredentials{env.access_key, env.secret_key, "", "test environment"};
  return o;
}

// Opens an S3Store on a fresh prefix (name is used in the prefix).
inline std::shared_ptr<S3Store> OpenTestS3Store(const S3TestEnv& env, const std::string& name) {
  auto r = S3Store::Open(TestS3Options(env, UniqueS3Prefix(name)));
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : nullptr;
}

// StoreOptions for OpenStore() or for passing to binaries
// (--endpoint-url, credentials from the environment).
inline StoreOptions TestStoreOptions(const S3TestEnv& env, const std::string& name) {
  StoreOptions o;
  o.location = "s3://" + env.bucket + "/" + UniqueS3Prefix(name);
  o.endpoint_url = env.endpoint;
  o.region = env.region;
  o.force_path_style = true;
  return o;
}

// Deletes every object of the store (its prefix). Best effort.
inline void DeleteAllObjects(ObjectStore& store) {
  auto list = store.List("");
  if (!list.ok()) return;
  std::vector<std::string> keys;
  for (const auto& o : *list) keys.push_back(o.key);
  (void)store.DeleteMany(keys);
}

}  // namespace s3lite::testing

// Declares `env` (S3TestEnv) or skips/fails the current test as described above.
#define S3LITE_REQUIRE_S3(env)                                                    \
  ::s3lite::testing::S3TestEnv env;                                              \
  do {                                                                            \
    std::string _s3l_why = ::s3lite::testing::S3TestUnavailable(&env);            \
    if (!_s3l_why.empty()) {                                                      \
      if (::s3lite::testing::S3TestMaySkip()) GTEST_SKIP() << _s3l_why;           \
      FAIL() << _s3l_why;                                                         \
    }                                                                             \
  } while (0)
