// Planner tests: the chosen access paths and join algorithms, as EXPLAIN
// QUERY PLAN shows them, and engine counters proving that lookups do not scan.
#include "tests/sql/sql_test_util.h"

#include "sql/execution/operators.h"
#include "sql/execution/select_exec.h"
#include "sql/parser/parser.h"
#include "sql/planner/planner.h"

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


// Conditions the access path answers exactly are not filtered again
// (W3: `id BETWEEN 20000 AND 60000` over the index range); the others stay.
class ImpliedConditionTest : public PlannerTest {
 protected:
  // 1 when the plan of a one-table query filters the scan's rows, else 0.
  int FilterConditions(const std::string& sql) {
    auto txn = db_->Begin(TxnMode::kRead);
    EXPECT_TRUE(txn.ok()) << txn.status().ToString();
    if (!txn.ok()) return -1;
    auto parsed = sql::ParseStatement(sql);
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    if (!parsed.ok()) return -1;
    sql::SchemaCache cache;
    sql::ExecContext ctx;
    ctx.txn = txn->get();
    sql::Planner planner((*txn)->catalog(), &cache, &ctx);
    auto plan = planner.PlanSelect(*static_cast<const sql::SelectStatement&>(*parsed->stmt).select);
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    if (!plan.ok()) return -1;
    return dynamic_cast<const sql::FilterOp*>((*plan)->cores[0]->source.get()) != nullptr ? 1 : 0;
  }
};

TEST_F(ImpliedConditionTest, ExactIntegerBoundsOnNumericKeysAreNotFilteredAgain) {
  // Rowid lookups and ranges.
  EXPECT_EQ(FilterConditions("SELECT * FROM t WHERE id = 5"), 0);
  EXPECT_EQ(FilterConditions("SELECT * FROM t WHERE id BETWEEN 1 AND 3"), 0);
  EXPECT_EQ(FilterConditions("SELECT * FROM t WHERE id > 5 AND id <= 9"), 0);
  EXPECT_EQ(FilterConditions("SELECT * FROM t WHERE rowid >= 5"), 0);
  // INT column with an index, and INT PRIMARY KEY (its automatic index).
  EXPECT_EQ(FilterConditions("SELECT * FROM t WHERE a = 1"), 0);
  EXPECT_EQ(FilterConditions("SELECT * FROM t WHERE a BETWEEN 1 AND 5"), 0);
  EXPECT_EQ(FilterConditions("SELECT count(*) FROM k WHERE id BETWEEN 20000 AND 60000"), 0);
  EXPECT_EQ(FilterConditions("SELECT v FROM k WHERE id = 3"), 0);
  // Other conditions stay.
  EXPECT_EQ(FilterConditions("SELECT * FROM t WHERE a BETWEEN 1 AND 5 AND b = 'x'"), 1);
}

TEST_F(ImpliedConditionTest, InexactBoundsKeepTheirFilter) {
  EXPECT_EQ(FilterConditions("SELECT * FROM t WHERE a BETWEEN 1 AND 5.5"), 1);  // real bound
  EXPECT_EQ(FilterConditions("SELECT * FROM t WHERE a BETWEEN '1' AND 5"), 1);  // text bound
  EXPECT_EQ(FilterConditions("SELECT * FROM t WHERE a = ?"), 1);                // parameter
  EXPECT_EQ(FilterConditions("SELECT * FROM t WHERE a IN (1, 2)"), 1);          // IN list
  EXPECT_EQ(FilterConditions("SELECT * FROM t WHERE b = 'x'"), 1);              // TEXT column
  EXPECT_EQ(FilterConditions("SELECT * FROM t WHERE a NOT BETWEEN 1 AND 5"), 1);
  // Only the bound the path uses is implied: a > 9 stays.
  EXPECT_EQ(FilterConditions("SELECT * FROM t WHERE a > 1 AND a > 9"), 1);
  // A BETWEEN that supplies only one bound of the range stays.
  EXPECT_EQ(FilterConditions("SELECT * FROM t WHERE a > 2 AND a BETWEEN 1 AND 5"), 1);
}

TEST_F(ImpliedConditionTest, ResultsMatchSqliteOnMixedTypeKeys) {
  // An INT column holds integers, reals, text that is not a number, blobs
  // and NULLs; the index range must return exactly the rows the condition
  // accepts.
  std::string script =
      "CREATE TABLE m(id INT PRIMARY KEY, v INT);"
      "CREATE INDEX mv ON m(v);"
      "INSERT INTO m VALUES(1, 1), (2, 2), (3, 2.5), (4, 3), (5, '3'), (6, 'abc'), (7, x'03'), (8, NULL),"
      " (9, -1), (10, 9223372036854775807), (11, -9223372036854775808), (12, 3.0), (13, 2.9999999999),"
      " (14.5, 7), ('x', 8), (NULL, 9);";
  const char* queries[] = {
      "SELECT id FROM m WHERE v BETWEEN 2 AND 3 ORDER BY id;",
      "SELECT id FROM m WHERE v > 2 ORDER BY id;",
      "SELECT id FROM m WHERE v >= 3 AND v < 9223372036854775807 ORDER BY id;",
      "SELECT id FROM m WHERE v = 3 ORDER BY id;",
      "SELECT id FROM m WHERE v < 0 ORDER BY id;",
      "SELECT id FROM m WHERE 3 >= v ORDER BY id;",
      "SELECT v FROM m WHERE id BETWEEN 2 AND 14 ORDER BY v;",
      "SELECT v FROM m WHERE id = 14 ORDER BY v;",
      "SELECT v FROM m WHERE id > 10 ORDER BY v;",
      "SELECT count(*) FROM m WHERE v BETWEEN -9223372036854775808 AND 9223372036854775807;",
  };
  ASSERT_EQ(Run(script), "");
  for (const char* q : queries) EXPECT_EQ(Run(q), Sqlite3(script + q)) << q;
}

}  // namespace
}  // namespace s3lite::sqltest
