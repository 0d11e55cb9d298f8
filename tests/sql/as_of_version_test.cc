// Time travel in SQL: `t AS OF VERSION n` reads retained manifest version n
// read-only; every table of the statement must name the same version; DML
// with AS OF is refused.
#include "tests/sql/sql_test_util.h"

namespace s3lite::sqltest {
namespace {

class AsOfVersionTest : public SqlFixture {
 protected:
  // Commits pending WAL as a new manifest version and returns its number.
  uint64_t CheckpointVersion() {
    EXPECT_TRUE(db_->Checkpoint().ok());
    auto v = db_->CurrentVersion();
    EXPECT_TRUE(v.ok());
    return v.ok() ? v->version : 0;
  }
};

TEST_F(AsOfVersionTest, ReadsTheOldVersionOfEveryTable) {
  Run("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1,'one'),(2,'two');");
  uint64_t v1 = CheckpointVersion();
  Run("UPDATE t SET v = 'uno' WHERE id = 1; DELETE FROM t WHERE id = 2; INSERT INTO t VALUES (3,'three');");
  uint64_t v2 = CheckpointVersion();
  ASSERT_GT(v2, v1);

  const std::string n1 = std::to_string(v1);
  EXPECT_EQ(Run("SELECT * FROM t AS OF VERSION " + n1 + " ORDER BY id;"), "1|one\n2|two\n");
  EXPECT_EQ(Run("SELECT * FROM t ORDER BY id;"), "1|uno\n3|three\n");
  // Aliases, joins and subqueries within the same version.
  EXPECT_EQ(Run("SELECT a.v, b.v FROM t AS OF VERSION " + n1 + " a JOIN t AS OF VERSION " + n1 +
                " b ON b.id = a.id + 1;"),
            "one|two\n");
  EXPECT_EQ(Run("SELECT count(*) FROM t AS OF VERSION " + n1 + " WHERE v LIKE 't%';"), "1\n");
}

TEST_F(AsOfVersionTest, SeesTablesThatNoLongerExist) {
  Run("CREATE TABLE gone(x); INSERT INTO gone VALUES (42);");
  uint64_t v = CheckpointVersion();
  Run("DROP TABLE gone;");
  CheckpointVersion();
  EXPECT_EQ(Run("SELECT x FROM gone;"), "Error: no such table: gone\n");
  EXPECT_EQ(Run("SELECT x FROM gone AS OF VERSION " + std::to_string(v) + ";"), "42\n");
}

TEST_F(AsOfVersionTest, MixedVersionsAndWritesAreRefused) {
  Run("CREATE TABLE t(x); INSERT INTO t VALUES (1);");
  uint64_t v1 = CheckpointVersion();
  Run("INSERT INTO t VALUES (2);");
  uint64_t v2 = CheckpointVersion();
  std::string out = Run("SELECT * FROM t AS OF VERSION " + std::to_string(v1) + ", t AS OF VERSION " +
                        std::to_string(v2) + " u;");
  EXPECT_NE(out.find("same AS OF VERSION"), std::string::npos) << out;
  out = Run("INSERT INTO t SELECT x FROM t AS OF VERSION " + std::to_string(v1) + ";");
  EXPECT_NE(out.find("only allowed in SELECT"), std::string::npos) << out;
  EXPECT_EQ(Run("SELECT count(*) FROM t;"), "2\n");
  out = Run("SELECT * FROM t AS OF VERSION 999999;");
  EXPECT_EQ(out.rfind("Error: ", 0), 0u) << out;
}

TEST_F(AsOfVersionTest, WorksInsideAnExplicitTransaction) {
  Run("CREATE TABLE t(x); INSERT INTO t VALUES (1);");
  uint64_t v1 = CheckpointVersion();
  EXPECT_EQ(Run("BEGIN; INSERT INTO t VALUES (2); SELECT count(*) FROM t AS OF VERSION " + std::to_string(v1) +
                "; SELECT count(*) FROM t; COMMIT;"),
            "1\n2\n");
}

}  // namespace
}  // namespace s3lite::sqltest
