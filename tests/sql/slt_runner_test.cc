// Tests of the sqllogictest runner (tests/sql/slt): the format features on
// hand-written scripts whose expected values come from sqlite3, rendering,
// hashing, and that mismatches are reported as failures.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/sql/slt/slt_runner.h"
#include "tests/sql/sql_test_util.h"

namespace s3lite {
namespace {

std::string SltDir() { return std::string(S3LITE_SOURCE_DIR) + "/tests/sql/slt/"; }

TEST(SltRunnerTest, FormatFilePassesCompletely) {
  auto r = slt::RunFile(SltDir() + "format.test", slt::RunOptions{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  for (const auto& f : r->failures) {
    ADD_FAILURE() << "line " << f.line << ": " << f.sql << "\nexpected " << f.expected
                  << "\nactual   " << f.actual;
  }
  EXPECT_EQ(r->failed, 0);
  EXPECT_EQ(r->passed, r->records);
  EXPECT_EQ(r->skipped, 2);  // skipif sqlite + onlyif postgresql
  EXPECT_TRUE(r->halted);
  EXPECT_GE(r->records, 15);
}

TEST(SltRunnerTest, SemanticsFilesPass) {
  for (const char* name : {"semantics.test", "triggers.test"}) {
    auto r = slt::RunFile(SltDir() + name, slt::RunOptions{});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    for (const auto& f : r->failures) {
      ADD_FAILURE() << name << " line " << f.line << ": " << f.sql << "\nexpected " << f.expected
                    << "\nactual   " << f.actual;
    }
    EXPECT_EQ(r->failed, 0) << name;
    EXPECT_GT(r->records, 10) << name;
  }
}

// Pages of the public sqllogictest corpus (tests/sql/slt/corpus, header
// comments name the mirror path) and select5-style joins (joins.test).
TEST(SltRunnerTest, CorpusSamplesPass) {
  std::vector<std::string> files = {SltDir() + "joins.test"};
  for (const auto& e : std::filesystem::directory_iterator(SltDir() + "corpus")) {
    if (e.path().extension() == ".test") files.push_back(e.path().string());
  }
  ASSERT_GE(files.size(), 5u);
  for (const std::string& f : files) {
    auto r = slt::RunFile(f, slt::RunOptions{});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    for (const auto& x : r->failures) {
      ADD_FAILURE() << f << " line " << x.line << ": " << x.sql << "\nexpected " << x.expected
                    << "\nactual   " << x.actual;
    }
    EXPECT_EQ(r->failed, 0) << f;
    EXPECT_GT(r->records, 10) << f;
  }
}

class SltScriptTest : public sqltest::SqlFixture {
 protected:
  slt::FileResult Run(const std::string& script) {
    return slt::RunScript(script, "inline", *conn_, slt::RunOptions{});
  }
};

TEST_F(SltScriptTest, WrongValuesCountAndErrorsAreFailures) {
  auto r = Run(
      "statement ok\nCREATE TABLE t(a INTEGER)\n\n"
      "statement ok\nINSERT INTO t VALUES(1),(2)\n\n"
      "query I rowsort\nSELECT a FROM t\n----\n1\n3\n\n"      // wrong value
      "query I rowsort\nSELECT a FROM t\n----\n1\n\n"         // too few expected
      "query II nosort\nSELECT a FROM t\n----\n1\n2\n\n"      // wrong column count
      "query I nosort\nSELECT nosuch FROM t\n----\n1\n\n"     // error
      "statement error\nINSERT INTO t VALUES(3)\n\n"          // succeeds
      "statement ok\nINSERT INTO nosuch VALUES(3)\n\n"        // fails
      "query I nosort\nSELECT count(*) FROM t\n----\n3\n");
  EXPECT_EQ(r.records, 9);
  EXPECT_EQ(r.passed, 3);
  EXPECT_EQ(r.failed, 6);
  EXPECT_EQ(r.error_counts["(wrong result)"], 2);
  EXPECT_EQ(r.error_counts["(statement should have failed)"], 1);
  EXPECT_EQ(r.error_counts["no such table: nosuch"], 1);
}

TEST_F(SltScriptTest, HashThresholdAndLabels) {
  // 5 values > threshold 4: compared as "N values hashing to MD5".
  std::string hash = slt::HashValues({"1", "2", "3", "4", "5"});
  EXPECT_EQ(hash.size(), 32u);
  auto r = Run("hash-threshold 4\n\nquery I nosort\nSELECT 1 UNION ALL SELECT 2 UNION ALL "
               "SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5\n----\n5 values hashing to " +
               hash + "\n\n"
               "query I nosort lbl\nSELECT 7\n----\n7\n\n"
               "query I nosort lbl\nSELECT 8\n----\n8\n");
  EXPECT_EQ(r.passed, 2);
  EXPECT_EQ(r.error_counts["(labeled result disagrees)"], 1);
}

TEST(SltRenderTest, RendersLikeTheSqliteModule) {
  EXPECT_EQ(slt::RenderValue(Value::Null(), 'I'), "NULL");
  EXPECT_EQ(slt::RenderValue(Value::Integer(4294967297LL), 'I'), "1");  // column_int
  EXPECT_EQ(slt::RenderValue(Value::Real(-7.9), 'I'), "-7");
  EXPECT_EQ(slt::RenderValue(Value::Text("12abc"), 'I'), "12");
  EXPECT_EQ(slt::RenderValue(Value::Integer(3), 'R'), "3.000");
  // sqlite3_snprintf, not C printf: -0.0, decimal ties, 16 significant digits.
  EXPECT_EQ(slt::RenderValue(Value::Real(-0.0), 'R'), "0.000");
  EXPECT_EQ(slt::RenderValue(Value::Real(0.0625), 'R'), "0.063");
  EXPECT_EQ(slt::RenderValue(Value::Real(1.0005), 'R'), "1.001");
  EXPECT_EQ(slt::RenderValue(Value::Real(123456789012345678.0), 'R'), "123456789012345600.000");
  EXPECT_EQ(slt::RenderValue(Value::Real(2.0), 'T'), "2.0");
  EXPECT_EQ(slt::RenderValue(Value::Text(""), 'T'), "(empty)");
  EXPECT_EQ(slt::RenderValue(Value::Text("a\tb"), 'T'), "a@b");
  // MD5 of "1\n": the format's hash of a single value.
  EXPECT_EQ(slt::HashValues({"1"}), "b026324c6904b2a9cb4b88d6d61c81d1");
}

}  // namespace
}  // namespace s3lite
