// Executor tests: SQL scripts run through Connection on a real Database and
// compared with what sqlite3 prints for the same script.
#include "tests/sql/sql_test_util.h"

namespace s3lite::sqltest {
namespace {

class ExecutorTest : public SqlFixture {
 protected:
  void ExpectSameAsSqlite(const std::string& script) {
    EXPECT_EQ(Run(script), Sqlite3(script)) << script;
  }
};

TEST_F(ExecutorTest, CreateInsertSelect) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, age INT);\n"
      "INSERT INTO t VALUES(1,'a',30),(2,'b',NULL),(3,'c',25);\n"
      "INSERT INTO t(name, age) VALUES('d', 40);\n"
      "SELECT * FROM t;\n"
      "SELECT id, name FROM t WHERE age > 26 ORDER BY id DESC;\n"
      "SELECT count(*), sum(age), avg(age), min(age), max(age), total(age) FROM t;\n"
      "SELECT count(*), sum(age), avg(age), total(age) FROM t WHERE id > 100;\n");
}

}  // namespace
}  // namespace s3lite::sqltest
