// Access control of a real mount (issue 9, "Security"): uid=/gid=/file_mode=
// /dir_mode= are what stat(2) shows; the kernel enforces them for other users
// (the mount always uses default_permissions); without allow_other no other
// user gets in at all. Other users are simulated with setpriv as "nobody"
// (uid 65534), so the test needs root.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "tests/fs/mount_fixture.h"

namespace s3lite::testing {
namespace {

class MountPermissionsTest : public MountFixture {
 protected:
  void SetUp() override {
    MountFixture::SetUp();
    if (::geteuid() != 0 || !std::filesystem::exists("/usr/bin/setpriv")) {
      GTEST_SKIP() << "needs root and setpriv to act as another user";
    }
    // nobody must reach the mount point (mkdtemp made it 0700).
    ::chmod(mnt_.c_str(), 0755);
    CreateTable(3);
  }

  // Runs `cmd` with /bin/sh as user nobody; exit code 0 = allowed.
  static int AsNobody(const std::string& cmd) {
    return Sh("/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups -- /bin/sh -c '" + cmd + "' 2>/dev/null")
        .exit_code;
  }
};

TEST_F(MountPermissionsTest, UidGidAndModesAreWhatStatShows) {
  Mount("uid=4242,gid=4343,file_mode=0640,dir_mode=0750");
  struct stat root, file;
  ASSERT_EQ(::stat(mnt_.c_str(), &root), 0);
  ASSERT_EQ(::stat(Path("t.csv").c_str(), &file), 0);
  EXPECT_EQ(root.st_uid, 4242u);
  EXPECT_EQ(root.st_gid, 4343u);
  EXPECT_EQ(root.st_mode & 07777, 0750u);
  EXPECT_TRUE(S_ISDIR(root.st_mode));
  EXPECT_EQ(file.st_uid, 4242u);
  EXPECT_EQ(file.st_gid, 4343u);
  EXPECT_EQ(file.st_mode & 07777, 0640u);
  // chmod/chown are refused (the options are the only source of truth).
  EXPECT_NE(::chmod(Path("t.csv").c_str(), 0666), 0);
  EXPECT_NE(::chown(Path("t.csv").c_str(), 0, 0), 0);
}

TEST_F(MountPermissionsTest, OtherUsersAreShutOutWithoutAllowOther) {
  Mount("file_mode=0644,dir_mode=0755");
  EXPECT_EQ(Sh("cat " + Path("t.csv") + " >/dev/null").exit_code, 0);  // the owner (root)
  EXPECT_NE(AsNobody("ls " + mnt_), 0);
  EXPECT_NE(AsNobody("cat " + Path("t.csv")), 0);
}

TEST_F(MountPermissionsTest, AllowOtherHonoursModesThroughDefaultPermissions) {
  Mount("allow_other,uid=0,gid=0,file_mode=0640,dir_mode=0755");
  EXPECT_EQ(AsNobody("ls " + mnt_ + " | grep -q t.csv"), 0) << "dir 0755: others may list";
  EXPECT_NE(AsNobody("cat " + Path("t.csv")), 0) << "file 0640 owned by root: others may not read";
  EXPECT_NE(AsNobody("echo 9,x,9 >> " + Path("t.csv")), 0) << "others may not append";
  EXPECT_EQ(Sh("cat " + Path("t.csv") + " >/dev/null").exit_code, 0);
}

TEST_F(MountPermissionsTest, AllowOtherWithUidGivesThatUserAccess) {
  Mount("allow_other,uid=65534,gid=65534,file_mode=0600,dir_mode=0700");
  EXPECT_EQ(AsNobody("cat " + Path("t.csv") + " | grep -q name2"), 0) << "the owner reads a 0600 file";
  EXPECT_EQ(AsNobody("echo 9,name9,9 >> " + Path("t.csv")), 0) << "the owner appends";
  EXPECT_EQ(AsNobody("grep -c name9 " + Path("t.csv")), 0);
  // Another non-root user (uid 65533) is denied by the 0700 directory.
  EXPECT_NE(Sh("/usr/bin/setpriv --reuid=65533 --regid=65533 --clear-groups -- ls " + mnt_ + " 2>/dev/null").exit_code, 0);
}

}  // namespace
}  // namespace s3lite::testing
