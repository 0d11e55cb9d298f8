// ParseMountArgs: mount(8)-style and long-flag argv.
#include "fs/mount_options.h"

#include <gtest/gtest.h>

namespace s3lite {
namespace {

TEST(MountOptionsTest, FstabStyle) {
  auto o = ParseMountArgs({"s3://bucket/db", "/mnt/db", "-o",
                           "_netdev,nofail,allow_other,x-systemd.automount,ro,uid=1000,gid=100,"
                           "file_mode=0640,dir_mode=750,cache=256M,endpoint_url=http://127.0.0.1:"
                           "7480,region=eu-west-1,force_path_style,refresh=500ms,allow_drop"});
  ASSERT_TRUE(o.ok()) << o.status().message();
  EXPECT_EQ(o->source, "s3://bucket/db");
  EXPECT_EQ(o->mountpoint, "/mnt/db");
  EXPECT_TRUE(o->allow_other);
  EXPECT_TRUE(o->read_only);
  EXPECT_EQ(*o->uid, 1000u);
  EXPECT_EQ(*o->gid, 100u);
  EXPECT_EQ(o->file_mode, 0640u);
  EXPECT_EQ(o->dir_mode, 0750u);
  EXPECT_EQ(*o->cache_bytes, 256u << 20);
  EXPECT_EQ(o->endpoint_url, "http://127.0.0.1:7480");
  EXPECT_EQ(o->region, "eu-west-1");
  EXPECT_TRUE(o->force_path_style);
  EXPECT_EQ(*o->refresh_ms, 500);
  EXPECT_TRUE(o->allow_drop);
  EXPECT_FALSE(o->foreground);
}

TEST(MountOptionsTest, LongFlagsMatchOptions) {
  auto o = ParseMountArgs({"/var/db", "/mnt/db", "--read-only", "--allow-other", "--uid", "5",
                           "--file-mode=0600", "--refresh", "2s", "-f", "--endpoint-url",
                           "http://x", "--force-path-style"});
  ASSERT_TRUE(o.ok()) << o.status().message();
  EXPECT_TRUE(o->read_only);
  EXPECT_TRUE(o->allow_other);
  EXPECT_EQ(*o->uid, 5u);
  EXPECT_EQ(o->file_mode, 0600u);
  EXPECT_EQ(*o->refresh_ms, 2000);
  EXPECT_TRUE(o->foreground);
  EXPECT_EQ(o->endpoint_url, "http://x");
  EXPECT_TRUE(o->force_path_style);
}

TEST(MountOptionsTest, WriterTakeoverAndLease) {
  auto o = ParseMountArgs({"/var/db", "/mnt/db", "-o", "writer,writer_lease=5s"});
  ASSERT_TRUE(o.ok()) << o.status().message();
  EXPECT_TRUE(o->writer);
  EXPECT_EQ(*o->writer_lease_ms, 5000);
  auto l = ParseMountArgs({"/var/db", "/mnt/db", "--writer", "--writer-lease", "1500ms"});
  ASSERT_TRUE(l.ok()) << l.status().message();
  EXPECT_TRUE(l->writer);
  EXPECT_EQ(*l->writer_lease_ms, 1500);
  auto plain = ParseMountArgs({"/var/db", "/mnt/db"});
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->writer);
  EXPECT_FALSE(plain->writer_lease_ms.has_value());
  EXPECT_FALSE(ParseMountArgs({"/a", "/b", "-o", "writer=1"}).ok());
  EXPECT_FALSE(ParseMountArgs({"/a", "/b", "-o", "writer_lease=0"}).ok());
}

TEST(MountOptionsTest, MountHelperFlagsIgnored) {
  auto o = ParseMountArgs({"/var/db", "/mnt/db", "-n", "-o", "rw,defaults,auto,user,noauto"});
  ASSERT_TRUE(o.ok()) << o.status().message();
  EXPECT_FALSE(o->read_only);
}

TEST(MountOptionsTest, Errors) {
  auto unknown = ParseMountArgs({"/a", "/b", "-o", "frobnicate"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("frobnicate"), std::string::npos);

  auto cred = ParseMountArgs({"/a", "/b", "-o", "secret_access_key=xyz"});
  ASSERT_FALSE(cred.ok());
  EXPECT_NE(cred.status().message().find("AWS_ACCESS_KEY_ID"), std::string::npos);
  EXPECT_EQ(cred.status().message().find("xyz"), std::string::npos);

  EXPECT_FALSE(ParseMountArgs({"/a", "/b", "-o", "uid"}).ok());
  EXPECT_FALSE(ParseMountArgs({"/a", "/b", "-o", "uid=abc"}).ok());
  EXPECT_FALSE(ParseMountArgs({"/a", "/b", "-o", "file_mode=0999"}).ok());
  EXPECT_FALSE(ParseMountArgs({"/a", "/b", "-o", "ro=1"}).ok());
  EXPECT_FALSE(ParseMountArgs({"/a"}).ok());
  EXPECT_FALSE(ParseMountArgs({"/a", "/b", "--no-such-flag"}).ok());
}

TEST(MountOptionsTest, SizesAndDurations) {
  EXPECT_EQ(*ParseByteSize("4096"), 4096u);
  EXPECT_EQ(*ParseByteSize("64KiB"), 64u << 10);
  EXPECT_EQ(*ParseByteSize("1G"), 1u << 30);
  EXPECT_FALSE(ParseByteSize("1T").ok());
  EXPECT_EQ(*ParseDurationMs("0"), 0);
  EXPECT_EQ(*ParseDurationMs("3"), 3000);
  EXPECT_EQ(*ParseDurationMs("250ms"), 250);
  EXPECT_EQ(*ParseDurationMs("1m"), 60000);
  EXPECT_FALSE(ParseDurationMs("soon").ok());
}

}  // namespace
}  // namespace s3lite
