// The interactive shell on a real pseudo-terminal (util-linux `script`):
// banner, prompts, continuation, history file, and Ctrl-C cancelling a
// running statement without leaving the shell.
#include <gtest/gtest.h>

#include "tests/cli/process_runner.h"

namespace s3lite {
namespace {

using test::ProcessResult;
using test::RunProcess;

// Feeds `steps` (text, then a pause in ms) to s3lite on a pty; returns what
// the terminal showed.
std::string RunOnPty(const test::TempDir& dir, const std::string& store,
                     const std::vector<std::pair<std::string, int>>& steps) {
  std::string feeder = "sleep 0.5; ";
  for (const auto& [text, pause_ms] : steps) {
    std::string escaped;
    for (char c : text) {
      if (c == '\'') escaped += "'\\''";
      else escaped += c;
    }
    feeder += "printf '" + escaped + "'; sleep " + std::to_string(pause_ms / 1000.0) + "; ";
  }
  std::string cmd = "(" + feeder + ") | HOME=" + dir.path() + " timeout 60 script -qfec '" +
                    test::ShellBinary() + " " + store + "' /dev/null";
  return RunProcess({"sh", "-c", cmd}).out;
}

TEST(ReplTest, BannerPromptsContinuationAndHistory) {
  if (RunProcess({"sh", "-c", "command -v script"}).exit_code != 0) GTEST_SKIP() << "no script(1)";
  test::TempDir dir;
  std::string out = RunOnPty(dir, dir.Sub("db"), {{"select 1;\\n", 300}, {"select\\n", 300}, {"2;\\n", 300},
                                                  {".quit\\n", 300}});
  EXPECT_NE(out.find("Enter \".help\" for usage hints."), std::string::npos) << out;
  EXPECT_NE(out.find("s3lite> "), std::string::npos) << out;
  EXPECT_NE(out.find("   ...> "), std::string::npos) << out;
  EXPECT_NE(out.find("\n2\r\n"), std::string::npos) << out;
  std::string history = test::ReadFile(dir.Sub(".s3lite_history"));
  EXPECT_NE(history.find("select"), std::string::npos) << history;
}

TEST(ReplTest, CtrlCCancelsTheRunningStatementAndKeepsTheShell) {
  if (RunProcess({"sh", "-c", "command -v script"}).exit_code != 0) GTEST_SKIP() << "no script(1)";
  test::TempDir dir;
  std::string store = dir.Sub("db");
  ASSERT_EQ(RunProcess({test::ShellBinary(), store,
                        "create table n(x); insert into n values (1),(2),(3),(4),(5),(6),(7),(8),(9),(10)"})
                .exit_code,
            0);
  // 10^9 rows: runs far longer than the test waits.
  std::string out = RunOnPty(
      dir, store,
      {{"select count(*) from n a, n b, n c, n d, n e, n f, n g, n h, n i;\\n", 1500},
       {"\\003", 700},
       {"select 40 + 2;\\n", 500},
       {".quit\\n", 300}});
  EXPECT_NE(out.find("Runtime error: interrupted (9)"), std::string::npos) << out;
  EXPECT_NE(out.find("42"), std::string::npos) << out;
}

}  // namespace
}  // namespace s3lite
