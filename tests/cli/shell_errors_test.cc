// Error presentation of the s3lite shell against Debian's sqlite3 3.40, both
// run for real with the same input: the caret line under errors that have a
// position (syntax errors, unknown columns and functions, ...), in scripts,
// multi-line statements, long lines and SQL arguments, and the exit status
// for failing SQL on stdin, on the command line and in -cmd.
#include <gtest/gtest.h>

#include "tests/cli/process_runner.h"

namespace s3lite {
namespace {

using test::ProcessResult;
using test::RunProcess;
using test::ShellBinary;
using test::TempDir;

class ShellErrorsTest : public ::testing::Test {
 protected:
  // Runs `args` ("@DB" = a fresh database) with `in` on stdin through both
  // shells and expects the same stdout, stderr and exit status.
  void ExpectSame(const std::vector<std::string>& args, const std::string& in = "") {
    std::vector<std::string> ours = {ShellBinary()}, theirs = {"sqlite3"};
    for (const std::string& a : args) {
      ours.push_back(a == "@DB" ? dir_.Sub("s3" + std::to_string(n_)) : a);
      theirs.push_back(a == "@DB" ? dir_.Sub("sq" + std::to_string(n_) + ".db") : a);
    }
    n_++;
    ProcessResult o = RunProcess(ours, in, {}, dir_.path());
    ProcessResult t = RunProcess(theirs, in, {}, dir_.path());
    std::string what = "args:";
    for (const std::string& a : args) what += " [" + a + "]";
    what += "\nstdin:\n" + in;
    EXPECT_EQ(o.err, t.err) << what;
    EXPECT_EQ(o.out, t.out) << what;
    EXPECT_EQ(o.exit_code, t.exit_code) << what << "\nour stderr: " << o.err;
  }

  TempDir dir_;
  int n_ = 0;
};

TEST_F(ShellErrorsTest, CaretUnderSyntaxErrors) {
  ExpectSame({"@DB"}, "SELECT * FORM t;\n");
  ExpectSame({"@DB"}, "select 1;\nselect 1 +;\nselect 2;\n");
  ExpectSame({"@DB"}, "select 1;   SELEC 2;\n");
  ExpectSame({"@DB"}, "   \n\n   select\n\t1 2;\n");
  ExpectSame({"@DB"}, "select 'abc;\n");
  ExpectSame({"@DB"}, "select x'zz';\n");
  ExpectSame({"@DB"}, "select 1 +\n");  // incomplete input: no caret
  ExpectSame({"@DB"}, "/* c */ select 1 1;\n");
}

TEST_F(ShellErrorsTest, CaretOnLongAndMultiLineStatements) {
  // Offsets past 25 put the text before the caret; past 50 the line scrolls;
  // the shown text is cut at 78 bytes, never inside a UTF-8 character.
  ExpectSame({"@DB"}, "select 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 13;\n");
  std::string wide = "select ";
  for (int i = 0; i < 40; i++) wide += std::to_string(i) + ", ";
  ExpectSame({"@DB"}, wide + "zz zz, 1;\n");
  std::string utf8 = "select '";
  for (int i = 0; i < 45; i++) utf8 += "\xc3\xa9";
  ExpectSame({"@DB"}, utf8 + "' 'x', '" + utf8 + "';\n");
  ExpectSame({"@DB"}, "select 1,\n  2\n  3;\n");
  ExpectSame({"@DB"}, "create table t(a);\nselect a,\n       b\n  from t;\n");
}

TEST_F(ShellErrorsTest, CaretUnderNameResolutionErrors) {
  ExpectSame({"@DB"},
             "create table t(a, b); create table u(a);\n"
             "select nosuch from t;\n"
             "select t.a, nofunc(1) from t;\n"
             "select a from t, u;\n"
             "select abs(1, 2);\n"
             "select count(*) from t where count(*) > 1;\n"
             "select * from nope;\n"
             "insert into t select zz from u;\n"
             "select 1;\n");
}

TEST_F(ShellErrorsTest, ExitStatusOfFailingSql) {
  // stdin: 1 after any error, whatever its code.
  ExpectSame({"@DB"}, "create table v(a unique); insert into v values(1); insert into v values(1);\nselect 2;\n");
  ExpectSame({"@DB"}, "select x;\n");
  // SQL arguments: the failing statement's result code, and later ones do not run.
  ExpectSame({"@DB", "select x"});
  ExpectSame({"@DB", "select x", "select 1"});
  ExpectSame({"@DB", "create table v(a unique); insert into v values(1); insert into v values(1);", "select 3"});
  ExpectSame({"@DB", "create table w(a not null); insert into w values(null)"});
  ExpectSame({"@DB", "select abs(-9223372036854775808)", "select 4"});
  ExpectSame({"@DB", "select 1", "select 1 1", "select 2"});
  ExpectSame({"@DB", "select 5", ".bogus", "select 6"});
  // -cmd: only under -bail does a failure end the shell.
  ExpectSame({"-cmd", "select x", "@DB", "select 7"});
  ExpectSame({"-bail", "-cmd", "create table c(a check (a > 0)); insert into c values(0)", "@DB", "select 8"});
}

}  // namespace
}  // namespace s3lite
