// Planner tests: the chosen access paths and join algorithms, as EXPLAIN
// QUERY PLAN shows them, and engine counters proving that lookups do not scan.
#include "tests/sql/sql_test_util.h"

namespace s3lite::sqltest {
namespace {

class PlannerTest : public SqlFixture {
 protected:
  void SetUp() override {
    SqlFixture::SetUp();
    Run("CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT, c REAL);"
        "CREATE INDEX ta ON t(a);"
        "CREATE INDEX tbc ON t(b, c);"
        "CREATE TABLE k(id INT PRIMARY KEY, v TEXT);"
        "CREATE TABLE n(x INT, y INT);");
  }
};

TEST_F(PlannerTest, RowidAccess) {
  EXPECT_EQ(Plan("SELECT * FROM t WHERE id = 5"), "SEARCH t USING INTEGER PRIMARY KEY (rowid=?)\n");
  EXPECT_EQ(Plan("SELECT * FROM t WHERE rowid IN (1, 2)"), "SEARCH t USING INTEGER PRIMARY KEY (rowid=?)\n");
  EXPECT_EQ(Plan("SELECT * FROM t WHERE id > 5 AND id <= 9"),
            "SEARCH t USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)\n");
  EXPECT_EQ(Plan("SELECT * FROM t WHERE id BETWEEN 1 AND 3"),
            "SEARCH t USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)\n");
}

TEST_F(PlannerTest, IndexAccess) {
  EXPECT_EQ(Plan("SELECT * FROM t WHERE a = 1"), "SEARCH t USING INDEX ta (a=?)\n");
  EXPECT_EQ(Plan("SELECT * FROM t WHERE a > 1 AND a < 5"), "SEARCH t USING INDEX ta (a>? AND a<?)\n");
  EXPECT_EQ(Plan("SELECT * FROM t WHERE a IN (1, 2, 3)"), "SEARCH t USING INDEX ta (a=?)\n");
  EXPECT_EQ(Plan("SELECT * FROM t WHERE b = 'x' AND c > 1.5"), "SEARCH t USING INDEX tbc (b=? AND c>?)\n");
  EXPECT_EQ(Plan("SELECT * FROM t WHERE b = 'x'"), "SEARCH t USING INDEX tbc (b=?)\n");
  EXPECT_EQ(Plan("SELECT c FROM t WHERE b = 'x'"), "SEARCH t USING COVERING INDEX tbc (b=?)\n");
  // PRIMARY KEY on a non-INTEGER column uses its automatic index.
  EXPECT_EQ(Plan("SELECT v FROM k WHERE id = 3"), "SEARCH k USING INDEX sqlite_autoindex_k_1 (id=?)\n");
  // Only the first column of (b, c) without b: no index.
  EXPECT_EQ(Plan("SELECT * FROM t WHERE c = 1.5"), "SCAN t (zone-map pruning on c)\n");
  // A TEXT column compared with a number cannot use a BINARY index on the raw values.
  EXPECT_EQ(Plan("SELECT * FROM t WHERE b = 5"), "SEARCH t USING INDEX tbc (b=?)\n");
}

TEST_F(PlannerTest, Joins) {
  // Index nested loop: the inner table is searched by the outer's value.
  EXPECT_EQ(Plan("SELECT * FROM n JOIN t ON t.a = n.x"), "SCAN n\nSEARCH t USING INDEX ta (a=?)\n");
  EXPECT_EQ(Plan("SELECT * FROM n, t WHERE t.id = n.y"), "SCAN n\nSEARCH t USING INTEGER PRIMARY KEY (rowid=?)\n");
  // No index on n: hash join instead of a nested loop over two scans.
  EXPECT_EQ(Plan("SELECT * FROM t JOIN n ON n.y = t.a"), "SCAN t\nSCAN n (HASH JOIN (y=?))\n");
  EXPECT_EQ(Plan("SELECT * FROM t LEFT JOIN n ON n.x = t.id"), "SCAN t\nSCAN n (HASH JOIN (x=?))\n");
}

TEST_F(PlannerTest, OtherOperators) {
  EXPECT_EQ(Plan("SELECT a, count(*) FROM t GROUP BY a ORDER BY 2"),
            "SCAN t USING COVERING INDEX ta\nUSE TEMP B-TREE FOR GROUP BY\nUSE TEMP B-TREE FOR ORDER BY\n");
  EXPECT_EQ(Plan("SELECT x FROM n UNION SELECT y FROM n"),
            "COMPOUND QUERY\nLEFT-MOST SUBQUERY\nSCAN n\nUNION USING TEMP B-TREE\nSCAN n\n");
}

TEST_F(PlannerTest, LookupsDoNotScan) {
  std::string sql = "BEGIN;";
  for (int i = 1; i <= 20000; i++) {
    sql += "INSERT INTO t VALUES(" + std::to_string(i) + "," + std::to_string(i % 100) + ",'b" +
           std::to_string(i) + "'," + std::to_string(i) + ".5);";
  }
  sql += "COMMIT;";
  ASSERT_EQ(Run(sql), "");
  ASSERT_TRUE(db_->Checkpoint().ok());
  auto touched = [&](const std::string& q, const std::string& expect) {
    EngineStats before = db_->stats();
    EXPECT_EQ(Run(q), expect);
    EngineStats d = db_->stats() - before;
    return d.cache_hits + d.cache_misses;
  };
  uint64_t point = touched("SELECT a FROM t WHERE id = 12345;", "45\n");
  uint64_t index_point = touched("SELECT id FROM t WHERE b = 'b777';", "777\n");
  uint64_t range = touched("SELECT count(*) FROM t WHERE id BETWEEN 100 AND 200;", "101\n");
  uint64_t scan = touched("SELECT count(*) FROM t WHERE c > 0;", "20000\n");
  EXPECT_LT(point, 10u);
  EXPECT_LT(index_point, 12u);
  EXPECT_LT(range, 20u);
  EXPECT_GT(scan, 50u);
}

}  // namespace
}  // namespace s3lite::sqltest
