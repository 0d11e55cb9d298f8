// The life of a mount: daemonizing like mount(8) expects, failing loudly,
// read-only mounts, clean shutdown on SIGTERM with a final checkpoint,
// SIGKILL mid-append losing nothing acknowledged, and an S3 (radosgw) store.
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/un.h>

#include <atomic>
#include <thread>

#include "tests/fs/mount_fixture.h"
#include "tests/util/s3_test_env.h"

namespace s3lite::testing {
namespace {

class MountLifecycleTest : public MountFixture {};

TEST_F(MountLifecycleTest, DaemonizesAndFailsLoudly) {
  ASSERT_TRUE(DirectSql("CREATE TABLE t(x INT); INSERT INTO t VALUES (7);").ok());
  // Like mount(8): SOURCE TARGET -o options; returns once mounted.
  ShellResult ok = Sh(MountBinary() + " " + store_ + " " + mnt_ + " -o _netdev,nofail,rw 2>&1");
  ASSERT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_EQ(ok.out, "");
  EXPECT_TRUE(IsMounted(mnt_));
  EXPECT_EQ(Sh("cat " + Path("t.csv")).out, "x\n7\n");

  // Busy mount point.
  ShellResult busy = Sh(MountBinary() + " " + store_ + " " + mnt_ + " 2>&1");
  EXPECT_EQ(busy.exit_code, 1);
  EXPECT_NE(busy.out.find("busy"), std::string::npos) << busy.out;
  EXPECT_EQ(std::count(busy.out.begin(), busy.out.end(), '\n'), 1) << busy.out;

  EXPECT_EQ(Sh("fusermount3 -u " + mnt_).exit_code, 0);
  for (int i = 0; i < 100 && IsMounted(mnt_); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_FALSE(IsMounted(mnt_));

  // Missing store directory, missing mount point, unknown option: one line, exit 1.
  for (const std::string& args :
       {"/nonexistent/store " + mnt_, store_ + " /nonexistent/mnt", store_ + " " + mnt_ + " -o bogus"}) {
    ShellResult bad = Sh(MountBinary() + " " + args + " 2>&1");
    EXPECT_EQ(bad.exit_code, 1) << args;
    EXPECT_EQ(bad.out.rfind("mount.s3lite: ", 0), 0u) << bad.out;
    EXPECT_FALSE(IsMounted(mnt_));
  }
}

TEST_F(MountLifecycleTest, ReadOnlyMountRefusesWrites) {
  ASSERT_TRUE(DirectSql("CREATE TABLE t(x INT); INSERT INTO t VALUES (1);").ok());
  Mount("ro");
  std::string failed_at;
  EXPECT_EQ(AppendFile(Path("t.csv"), "2\n", O_APPEND, &failed_at), EROFS);
  EXPECT_EQ(failed_at, "open");
  EXPECT_EQ(AppendFile(Path("t.csv"), "2\n", O_TRUNC), EROFS);
  EXPECT_EQ(::unlink(Path("t.csv").c_str()), -1);
  EXPECT_EQ(errno, EROFS);
  EXPECT_EQ(Sh("ls -l " + mnt_ + " | grep ' t.csv$' | cut -c1-10").out, "-r--r--r--\n");
  // Queries still work; writing SQL is refused by the database.
  EXPECT_EQ(Scalar("SELECT count(*) FROM t"), "1");
  int err = 0;
  std::string out = QueryOnHandle(mnt_, "INSERT INTO t VALUES (3);", &err);
  EXPECT_EQ(err, EINVAL);
  EXPECT_EQ(out.rfind("Error: ", 0), 0u) << out;
  EXPECT_EQ(Scalar("SELECT count(*) FROM t"), "1");
}

TEST_F(MountLifecycleTest, SigtermUnmountsAndCheckpoints) {
  ASSERT_TRUE(DirectSql("CREATE TABLE t(x INT);").ok());
  Mount();
  ASSERT_EQ(AppendFile(Path("t.csv"), "1\n2\n3\n"), 0);
  auto version = [&]() {
    std::string stats = Sh("cat " + Path(".stats")).out;
    size_t at = stats.find("\nversion ");
    return at == std::string::npos ? -1 : std::atoll(stats.c_str() + at + 9);
  };
  long long before = version();
  ASSERT_GE(before, 0);
  ASSERT_EQ(::kill(daemon_, SIGTERM), 0);
  int status = -1;
  for (int i = 0; i < 200 && daemon_ > 0; ++i) {
    if (::waitpid(daemon_, &status, WNOHANG) == daemon_) daemon_ = -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(daemon_, -1) << "daemon did not exit on SIGTERM";
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_FALSE(IsMounted(mnt_));
  Mount();
  EXPECT_EQ(Sh("cat " + Path("t.csv")).out, "x\n1\n2\n3\n");
  EXPECT_GT(version(), before) << "no final checkpoint (manifest version unchanged)";
}

#ifdef S3LITE_HAVE_SYSTEMD
// Under systemd Type=notify: READY=1 once mounted, STOPPING=1 at unmount.
TEST_F(MountLifecycleTest, NotifiesSystemd) {
  std::string dir = MakeTempDir("notify");
  std::string path = dir + "/notify.sock";
  int sock = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(sock, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path.c_str());
  ASSERT_EQ(::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  timeval tv{10, 0};
  ::setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  auto receive = [&]() {
    char buf[256];
    ssize_t n = ::recv(sock, buf, sizeof(buf), 0);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string("(nothing)");
  };
  ::setenv("NOTIFY_SOCKET", path.c_str(), 1);
  Mount();
  ::unsetenv("NOTIFY_SOCKET");
  EXPECT_EQ(receive(), "READY=1");
  EXPECT_EQ(Unmount(), 0);
  EXPECT_EQ(receive(), "STOPPING=1");
  ::close(sock);
  std::filesystem::remove_all(dir);
}
#endif

TEST_F(MountLifecycleTest, SigkillMidAppendLosesNothingAcknowledged) {
  ASSERT_TRUE(DirectSql("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);").ok());
  Mount();
  const int kBatch = 100;
  std::atomic<int> acknowledged{0};
  std::atomic<bool> stop{false}, writer_done{false};
  std::thread writer([&] {
    int next = 1;
    while (!stop) {
      std::string data;
      for (int i = 0; i < kBatch; ++i) data += std::to_string(next + i) + ",v\n";
      if (AppendFile(Path("t.csv"), data) != 0) break;  // the daemon is gone
      acknowledged += kBatch;  // close() returned 0
      next += kBatch;
    }
    writer_done = true;
  });
  for (int i = 0; i < 6000 && acknowledged < 2000 && !writer_done; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_FALSE(writer_done) << "appends failed before the daemon was killed";
  ASSERT_EQ(::kill(daemon_, SIGKILL), 0);
  stop = true;
  writer.join();
  Unmount();
  Mount();
  std::string count = Scalar("SELECT count(*) FROM t");
  int rows = std::atoi(count.c_str());
  // Every acknowledged batch is there; at most the one in flight also is.
  EXPECT_GE(rows, acknowledged.load()) << count;
  EXPECT_LE(rows, acknowledged.load() + kBatch) << count;
  EXPECT_EQ(rows % kBatch, 0) << count;
}

TEST_F(MountLifecycleTest, S3Store) {
  S3LITE_REQUIRE_S3(env);
  StoreOptions s3 = TestStoreOptions(env, "fs-mount");
  MountAt(s3.location, "endpoint_url=" + s3.endpoint_url + ",region=" + s3.region +
                         ",force_path_style,refresh=0");
  int err = 0;
  QueryOnHandle(mnt_, "CREATE TABLE s(k INT, v TEXT);", &err);
  ASSERT_EQ(err, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  ASSERT_EQ(AppendFile(Path("s.csv"), "k,v\n1,one\n2,two\n"), 0);
  EXPECT_EQ(Sh("cat " + Path("s.csv")).out, "k,v\n1,one\n2,two\n");
  EXPECT_EQ(Unmount(), 0);
  // Bad credentials fail the mount with one line.
  ShellResult bad = Sh("AWS_SECRET_ACCESS_KEY=wrong " + MountBinary() + " " + s3.location + " " +
                       mnt_ + " -o endpoint_url=" + s3.endpoint_url + ",force_path_style 2>&1");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(std::count(bad.out.begin(), bad.out.end(), '\n'), 1) << bad.out;
  EXPECT_FALSE(IsMounted(mnt_));
  // Remount: the data is in the bucket.
  MountAt(s3.location, "endpoint_url=" + s3.endpoint_url + ",force_path_style");
  EXPECT_EQ(Sh("cat " + Path("s.csv")).out, "k,v\n1,one\n2,two\n");
}

}  // namespace
}  // namespace s3lite::testing
