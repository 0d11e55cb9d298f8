// Fast paths added for the shell benchmarks (docs/PERFORMANCE.md, W1-W5):
// the character-level IsCompleteStatement, INSERT ... VALUES prepared
// without planning, and index scans that fetch table rows with a forward-
// stepping cursor. Each must give exactly what the slow path (and sqlite3)
// gives, including when index order and rowid order differ.
#include "tests/sql/sql_test_util.h"

namespace s3lite::sqltest {
namespace {

TEST(FastPathCompleteTest, AgreesWithTokenRules) {
  EXPECT_TRUE(IsCompleteStatement("SELECT 1;"));
  EXPECT_TRUE(IsCompleteStatement("SELECT 1;\n  \n"));
  EXPECT_FALSE(IsCompleteStatement("SELECT 1; SELECT 2"));
  EXPECT_TRUE(IsCompleteStatement("SELECT 1; -- trailing comment"));
  EXPECT_TRUE(IsCompleteStatement("SELECT 1; /* unterminated comment"));
  EXPECT_FALSE(IsCompleteStatement("SELECT 1 -- ;"));
  EXPECT_FALSE(IsCompleteStatement("SELECT 1 /* ; */"));
  EXPECT_FALSE(IsCompleteStatement("SELECT 'a;b"));
  EXPECT_TRUE(IsCompleteStatement("SELECT 'it''s;';"));
  EXPECT_FALSE(IsCompleteStatement("SELECT 'a'';"));
  EXPECT_TRUE(IsCompleteStatement("SELECT [a;b] FROM t;"));
  EXPECT_FALSE(IsCompleteStatement("SELECT [a;b FROM t;"));
  EXPECT_TRUE(IsCompleteStatement("SELECT \"x;\", `y;`;"));
  EXPECT_TRUE(IsCompleteStatement("SELECT X'00ff';"));
  EXPECT_FALSE(IsCompleteStatement("SELECT 1; #"));
  EXPECT_FALSE(IsCompleteStatement(""));
  EXPECT_TRUE(IsCompleteStatement(";"));
  // CREATE TRIGGER bodies need the token scan: ';' inside BEGIN...END.
  EXPECT_FALSE(IsCompleteStatement("CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1;"));
  EXPECT_TRUE(IsCompleteStatement("CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; END;"));
  EXPECT_TRUE(IsCompleteStatement("create temp trigger x after insert on t begin select 1; end;"));
  // The word elsewhere (a column name) does not change the answer.
  EXPECT_TRUE(IsCompleteStatement("SELECT trigger_count FROM t;"));
  EXPECT_FALSE(IsCompleteStatement("SELECT trigger_count FROM t"));
}

class FastPathTest : public SqlFixture {
 protected:
  void ExpectSameAsSqlite(const std::string& script) { EXPECT_EQ(Run(script), Sqlite3(script)) << script; }
};

// Lone literals before ',' or ')' skip the expression grammar levels.
TEST_F(FastPathTest, LiteralArgumentsParseAsBefore) {
  ExpectSameAsSqlite(
      "SELECT max(1, 2.5), abs(-3), coalesce(NULL, 'a'), (1), (2) + 1, 'x' COLLATE NOCASE = 'X';\n"
      "SELECT substr('hello', 2, 3), 1 IN (1, 2), 3 BETWEEN 1 AND (4), printf('%d-%s', 7, 'z');\n"
      "SELECT 9223372036854775807, -9223372036854775808, (9223372036854775808), 0x10, 1e3, X'41';\n"
      "VALUES (1, 'a', 2.5), (-1, 'b' || 'c', 1 + 1);\n");
}

TEST_F(FastPathTest, LiteralValuesInsertChecksCountsLikeSqlite) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a INT PRIMARY KEY, b TEXT, c REAL);\n"
      "INSERT INTO t VALUES (1,'x',1.5),(2,'y',-2),(3,NULL,X'41');\n"
      "INSERT INTO t VALUES (4,'z');\n"
      "INSERT INTO t(a,b) VALUES (5,'w',1);\n"
      "INSERT INTO t(a,b) VALUES (6,'v');\n"
      "INSERT INTO t VALUES (7,'u',nope);\n"
      "INSERT INTO t VALUES (1,'dup',0);\n"
      "SELECT * FROM t ORDER BY a;\n");
}

// id is INT PRIMARY KEY (not a rowid alias): a range on it reads the
// automatic index and fetches each row from the table tree.
TEST_F(FastPathTest, IndexRangeFetchesRowsInAnyRowidOrder) {
  std::string script = "CREATE TABLE t(id INT PRIMARY KEY, name TEXT, age INT);\n";
  // Descending ids: index order is the reverse of rowid order (every fetch seeks).
  script += "INSERT INTO t VALUES ";
  for (int i = 0; i < 300; i++) {
    int id = 1000 - i;
    script += (i ? "," : "") + std::string("(") + std::to_string(id) + ",'n" + std::to_string(id) + "'," +
              std::to_string(18 + id % 70) + ")";
  }
  script += ";\n";
  // Ascending ids with gaps in rowid (deleted rows) and a shuffled block.
  script += "INSERT INTO t VALUES ";
  for (int i = 0; i < 300; i++) {
    int id = 2000 + (i * 7919) % 300;
    script += (i ? "," : "") + std::string("(") + std::to_string(id) + ",'m" + std::to_string(id) + "'," +
              std::to_string(18 + id % 70) + ")";
  }
  script += ";\nDELETE FROM t WHERE id % 5 = 0;\n";
  script += "INSERT INTO t VALUES (3000,'a',20),(3001,'b',21),(3002,'c',22);\n";
  std::string queries =
      "SELECT COUNT(*), AVG(age), SUM(length(name)) FROM t WHERE id BETWEEN 800 AND 2150;\n"
      "SELECT id, name FROM t WHERE id > 2280 ORDER BY id;\n"
      "SELECT id, name FROM t WHERE id < 720 ORDER BY id DESC;\n"
      "SELECT COUNT(*), AVG(age) FROM t WHERE id BETWEEN 0 AND 99999;\n";
  ExpectSameAsSqlite(script + queries);
}

TEST_F(FastPathTest, IndexRangeSeesOwnUncommittedWrites) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(id INT PRIMARY KEY, v TEXT);\n"
      "INSERT INTO t VALUES (1,'a'),(2,'b'),(3,'c'),(4,'d'),(5,'e'),(6,'f');\n"
      "BEGIN;\n"
      "UPDATE t SET v = v || '!' WHERE id BETWEEN 2 AND 4;\n"
      "DELETE FROM t WHERE id = 3;\n"
      "INSERT INTO t VALUES (0,'z'),(7,'g');\n"
      "SELECT id, v FROM t WHERE id BETWEEN 0 AND 7;\n"
      "SELECT (SELECT group_concat(v) FROM t WHERE id BETWEEN 1 AND 5) FROM t WHERE id BETWEEN 5 AND 6;\n"
      "ROLLBACK;\n"
      "SELECT id, v FROM t WHERE id BETWEEN 0 AND 7;\n");
}

// Scans that read a few columns decode only those (TableScan::set_read_columns).
TEST_F(FastPathTest, PartialRowDecodeKeepsDefaultsAndEveryReferencedColumn) {
  ExpectSameAsSqlite(
      "CREATE TABLE w(a INT, b TEXT, c REAL, d BLOB, e INT, f TEXT);\n"
      "INSERT INTO w VALUES (1,'x',1.5,X'41',10,'p'),(2,'y',NULL,NULL,20,'q'),(3,'z',3.5,X'42',30,'r');\n"
      "ALTER TABLE w ADD COLUMN g INT DEFAULT 7;\n"
      "ALTER TABLE w ADD COLUMN h TEXT DEFAULT 'dflt';\n"
      "INSERT INTO w VALUES (4,'v',4.5,X'43',40,'s',8,'set');\n"
      "SELECT a, g FROM w ORDER BY a;\n"
      "SELECT h FROM w WHERE e > 15 ORDER BY f DESC;\n"
      "SELECT count(*), sum(g) FROM w;\n"
      "SELECT a FROM w ORDER BY c DESC, h;\n"
      "SELECT a, (SELECT max(x.e) FROM w x WHERE x.a < w.a) FROM w ORDER BY 1;\n"
      "SELECT w.a, v.f FROM w JOIN w v ON v.e = w.e * 1 ORDER BY 1;\n"
      "SELECT DISTINCT g FROM w ORDER BY 1;\n"
      "SELECT a, rowid FROM w WHERE b IN ('x','z') ORDER BY rowid;\n");
}

TEST_F(FastPathTest, InsertSelectFromSameTableThroughIndexRange) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(id INT PRIMARY KEY, v INT);\n"
      "INSERT INTO t VALUES (1,10),(2,20),(3,30),(4,40);\n"
      "INSERT INTO t SELECT id + 10, v + 1 FROM t WHERE id BETWEEN 2 AND 3;\n"
      "SELECT * FROM t WHERE id BETWEEN 1 AND 20;\n");
}

}  // namespace
}  // namespace s3lite::sqltest
