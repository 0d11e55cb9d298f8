#include "engine/store/store_location.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace s3lite {
namespace {

TEST(StoreLocation, ParsesDirectoriesFileUrlsAndS3Urls) {
  auto d = ParseStoreLocation("./data");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->kind, StoreLocation::Kind::kLocal);
  EXPECT_EQ(d->path, "./data");
  auto f = ParseStoreLocation("file:///var/db");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->path, "/var/db");
  auto s = ParseStoreLocation("s3://my-bucket/some/prefix/");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->kind, StoreLocation::Kind::kS3);
  EXPECT_EQ(s->bucket, "my-bucket");
  EXPECT_EQ(s->prefix, "some/prefix");
  auto b = ParseStoreLocation("s3://bucket");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->prefix, "");
}

TEST(StoreLocation, RejectsInvalidUrlsClearly) {
  for (std::string bad : {"", "s3://", "s3:///x", "s3://a", "s3://bad bucket/x", "http://host/x", "file://rel/x",
                          "s3://b-ok/a//b"}) {
    auto r = ParseStoreLocation(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
    EXPECT_NE(r.status().message().find("invalid store URL"), std::string::npos) << r.status().message();
  }
}

TEST(StoreLocation, OpenStoreCreatesLocalDirectories) {
  auto dir = std::filesystem::temp_directory_path() / ("s3lite-open-" + std::to_string(::getpid())) / "x" / "y";
  std::filesystem::remove_all(dir.parent_path().parent_path());
  StoreOptions o;
  o.location = "file://" + dir.string();
  auto s = OpenStore(o);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_TRUE(std::filesystem::is_directory(dir));
  EXPECT_TRUE(CheckStoreReachable(**s).ok());
  EXPECT_EQ((*s)->Describe(), "local:" + dir.string());
  std::filesystem::remove_all(dir.parent_path().parent_path());
}

TEST(StoreLocation, OpenS3NeedsCredentials) {
  StoreOptions o;
  o.location = "s3://bucket/p";
  o.endpoint_url = "http://127.0.0.1:1";
  o.profile = "s3lite-no-such-profile";
  ::setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials", 1);
  auto s = OpenStore(o);
  ::unsetenv("AWS_SHARED_CREDENTIALS_FILE");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("no AWS credentials"), std::string::npos) << s.status().message();
}

}  // namespace
}  // namespace s3lite
