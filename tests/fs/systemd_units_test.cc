// systemd/: the example units pass `systemd-analyze verify`.
//
// verify insists that ExecStart binaries exist, so the units are checked on
// a copy whose install paths point at this build's binaries. Skipped only
// when systemd-analyze is missing and CI is not set.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/fs/mount_fixture.h"

namespace s3lite::testing {
namespace {

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

TEST(SystemdUnitsTest, VerifyPasses) {
  if (Sh("command -v systemd-analyze").exit_code != 0) {
    const char* ci = std::getenv("CI");
    if (ci == nullptr || *ci == '\0') GTEST_SKIP() << "systemd-analyze not installed";
    FAIL() << "systemd-analyze not installed (scripts/deps --test installs systemd)";
  }
  const std::string bin = std::string(S3LITE_BINARY_DIR) + "/bin/";
  std::string admin = bin + "s3lite-admin";
  if (!std::filesystem::exists(admin)) admin = "/bin/true";  // not built in this tree yet
  std::string dir = MakeTempDir("units");
  std::vector<std::string> units;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(S3LITE_SOURCE_DIR) + "/systemd")) {
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    std::string unit = ReplaceAll(text.str(), "/usr/sbin/mount.s3lite", bin + "mount.s3lite");
    unit = ReplaceAll(unit, "/usr/local/bin/s3lite-admin", admin);
    std::string out = dir + "/" + entry.path().filename().string();
    std::ofstream(out) << unit;
    units.push_back(out);
  }
  ASSERT_GE(units.size(), 4u);
  std::string cmd = "SYSTEMD_LOG_LEVEL=notice systemd-analyze verify";
  for (const auto& u : units) cmd += " " + u;
  ShellResult r = Sh(cmd + " 2>&1");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "") << r.out;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace s3lite::testing
