// Collations in indexes, checked against sqlite3 3.40 (the oracle runs each
// script in `sqlite3 :memory:`): UNIQUE under NOCASE/RTRIM, explicit index
// collations, which comparisons an index answers (plans), values read through
// collated indexes keep their case, and stores whose indexes were built with
// BINARY keys before index keys honoured collations keep working.
#include "engine/value/key_codec.h"
#include "sql/planner/schema.h"
#include "tests/sql/sql_test_util.h"

namespace s3lite::sqltest {
namespace {

class CollateTest : public SqlFixture {
 protected:
  void ExpectSameAsSqlite(const std::string& script) { EXPECT_EQ(Run(script), Sqlite3(script)) << script; }

  // Rewrites the catalog entry of index `name` as a store written before
  // collated keys would hold it: the same CREATE text without the mark.
  void MakeLegacy(const std::string& name) {
    auto txn = db_->Begin(TxnMode::kWrite);
    ASSERT_TRUE(txn.ok()) << txn.status().ToString();
    const SchemaEntry* e = (*txn)->catalog().Find(name);
    ASSERT_NE(e, nullptr) << name;
    SchemaEntry legacy = *e;
    ASSERT_TRUE(sql::HasCollatedKeysMark(legacy.sql)) << legacy.sql;
    legacy.sql = std::string(sql::StripCollatedKeysMark(legacy.sql));
    ASSERT_TRUE((*txn)->PutSchema(legacy).ok());
    ASSERT_TRUE((*txn)->Commit().ok());
    Reopen();
  }
};

TEST(CollationKeyTest, FoldsAsTheCollationCompares) {
  EXPECT_EQ(CollationKey("AbC_z", Collation::kNoCase), "abc_z");
  EXPECT_EQ(CollationKey("\xc3\x84", Collation::kNoCase), "\xc3\x84");  // ASCII only, as sqlite3
  EXPECT_EQ(CollationKey("a b  ", Collation::kRtrim), "a b");
  EXPECT_EQ(CollationKey(" \t ", Collation::kRtrim), " \t");
  EXPECT_EQ(CollationKey("AB ", Collation::kBinary), "AB ");
  // NOCASE orders '_' (0x5F) before letters of either case, as sqlite3.
  std::string a, u;
  EncodeKey(Value::Text("A"), Collation::kNoCase, &a);
  EncodeKey(Value::Text("_"), Collation::kNoCase, &u);
  EXPECT_LT(u, a);
  std::string n1, n2;
  EncodeKey(Value::Integer(7), Collation::kNoCase, &n1);
  EncodeKey(Value::Integer(7), &n2);
  EXPECT_EQ(n1, n2);  // only TEXT is folded
  Collation c;
  EXPECT_TRUE(ParseCollation("nocase", &c));
  EXPECT_EQ(c, Collation::kNoCase);
  EXPECT_TRUE(ParseCollation("RTrim", &c));
  EXPECT_EQ(c, Collation::kRtrim);
  EXPECT_FALSE(ParseCollation("french", &c));
}

TEST_F(CollateTest, UniqueHonoursTheColumnCollation) {
  ExpectSameAsSqlite(
      "CREATE TABLE u(k TEXT COLLATE NOCASE UNIQUE, v);\n"
      "INSERT INTO u VALUES('a', 1);\n"
      "INSERT INTO u VALUES('A', 2);\n"
      "INSERT INTO u VALUES('b', 3), ('B', 4);\n"
      "INSERT OR IGNORE INTO u VALUES('B', 5);\n"
      "SELECT * FROM u ORDER BY v;\n"
      "INSERT OR REPLACE INTO u VALUES('A', 6);\n"
      "SELECT * FROM u ORDER BY v;\n"
      "UPDATE u SET k = 'b' WHERE v = 6;\n"
      "UPDATE u SET k = 'C' WHERE v = 6;\n"
      "SELECT * FROM u ORDER BY k;\n"
      "SELECT k FROM u WHERE k = 'c';\n"
      "SELECT k FROM u WHERE k > 'B';\n"
      "SELECT k FROM u WHERE k IN ('C', 'x', 'B');\n"
      "SELECT count(*) FROM u WHERE k = 'C' COLLATE BINARY;\n"
      "SELECT count(*) FROM u WHERE k = 'c' COLLATE BINARY;\n"
      "DELETE FROM u WHERE k = 'B';\n"
      "INSERT INTO u VALUES('B', 7);\n"
      "SELECT * FROM u ORDER BY k;\n");
}

TEST_F(CollateTest, TableConstraintsAndExplicitIndexCollations) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a TEXT, b TEXT, UNIQUE(a COLLATE NOCASE, b));\n"
      "INSERT INTO t VALUES('x', 'y');\n"
      "INSERT INTO t VALUES('X', 'y');\n"
      "INSERT INTO t VALUES('X', 'Y');\n"
      "SELECT * FROM t ORDER BY a, b;\n"
      "CREATE TABLE p(a TEXT COLLATE NOCASE PRIMARY KEY, n);\n"
      "INSERT INTO p VALUES('Key', 1);\n"
      "INSERT INTO p VALUES('KEY', 2);\n"
      "CREATE TABLE s(b TEXT);\n"
      "INSERT INTO s VALUES('m'), ('M'), ('n');\n"
      "CREATE UNIQUE INDEX si ON s(b COLLATE NOCASE);\n"
      "CREATE UNIQUE INDEX sb ON s(b);\n"
      "INSERT INTO s VALUES('N');\n"
      "CREATE INDEX sn ON s(b COLLATE NOCASE);\n"
      "SELECT b FROM s WHERE b = 'N' COLLATE NOCASE;\n"
      "SELECT b FROM s WHERE b COLLATE NOCASE BETWEEN 'M' AND 'N' ORDER BY b;\n"
      "SELECT b FROM s WHERE b = 'N';\n"
      "CREATE INDEX bad ON s(b COLLATE nosuch);\n"
      "CREATE TABLE bad(a, UNIQUE(a COLLATE nosuch));\n"
      "SELECT name, sql FROM sqlite_master ORDER BY name;\n");
}

TEST_F(CollateTest, RtrimUniqueness) {
  ExpectSameAsSqlite(
      "CREATE TABLE r(k TEXT COLLATE RTRIM UNIQUE);\n"
      "INSERT INTO r VALUES('a');\n"
      "INSERT INTO r VALUES('a  ');\n"
      "INSERT INTO r VALUES(' a');\n"
      "INSERT INTO r VALUES('a\t');\n"
      "SELECT '[' || k || ']' FROM r ORDER BY rowid;\n"
      "CREATE TABLE r2(k TEXT);\n"
      "INSERT INTO r2 VALUES('z '), ('z');\n"
      "CREATE UNIQUE INDEX r2k ON r2(k COLLATE RTRIM);\n"
      "SELECT count(*) FROM r2;\n");
}

TEST_F(CollateTest, ComparisonsUseAnIndexOnlyUnderItsCollation) {
  Run("CREATE TABLE t(a TEXT COLLATE NOCASE, b TEXT, c INTEGER);"
      "CREATE INDEX ta ON t(a); CREATE INDEX tb ON t(b COLLATE NOCASE); CREATE INDEX tc ON t(c);"
      "INSERT INTO t VALUES('Abc', 'Xy', 1), ('abc', 'xY', 2), ('b', 'z', 3);");
  EXPECT_EQ(Plan("SELECT * FROM t WHERE a = 'ABC'"), "SEARCH t USING INDEX ta (a=?)\n");
  EXPECT_EQ(Plan("SELECT * FROM t WHERE a = 'ABC' COLLATE BINARY"), "SCAN t\n");
  EXPECT_EQ(Plan("SELECT * FROM t WHERE b = 'XY'"), "SCAN t\n");
  EXPECT_EQ(Plan("SELECT * FROM t WHERE b = 'XY' COLLATE NOCASE"), "SEARCH t USING INDEX tb (b=?)\n");
  EXPECT_EQ(Plan("SELECT * FROM t WHERE c = 2"), "SEARCH t USING INDEX tc (c=?)\n");
  // Values come from the table, never from folded keys.
  EXPECT_EQ(Run("SELECT a FROM t WHERE a = 'ABC' ORDER BY c"), "Abc\nabc\n");
  EXPECT_EQ(Run("SELECT b FROM t WHERE b = 'XY' COLLATE NOCASE ORDER BY c"), "Xy\nxY\n");
  EXPECT_EQ(Run("SELECT a FROM t WHERE a > 'AB' ORDER BY c"), "Abc\nabc\nb\n");
  EXPECT_EQ(Run("SELECT a FROM t WHERE a IN ('ABC', 'B') ORDER BY c"), "Abc\nabc\nb\n");
  EXPECT_EQ(Run("SELECT count(*) FROM t WHERE a = 'ABC' COLLATE BINARY"), "0\n");
  EXPECT_EQ(Run("SELECT a FROM t ORDER BY a, c"), "Abc\nabc\nb\n");
}

TEST_F(CollateTest, IndexesBuiltBeforeCollatedKeysStayBinary) {
  Run("CREATE TABLE u(k TEXT COLLATE NOCASE UNIQUE, v); CREATE INDEX uv ON u(k, v);");
  MakeLegacy("sqlite_autoindex_u_1");
  MakeLegacy("uv");
  // As the old store behaved: uniqueness compared keys BINARY.
  EXPECT_EQ(Run("INSERT INTO u VALUES('a', 1); INSERT INTO u VALUES('A', 2); INSERT INTO u VALUES('a', 3);"),
            "Error: UNIQUE constraint failed: u.k\n");
  // NOCASE comparisons cannot use the BINARY keys: they scan, and find both.
  EXPECT_EQ(Plan("SELECT v FROM u WHERE k = 'A'"), "SCAN u\n");
  EXPECT_EQ(Run("SELECT v FROM u WHERE k = 'A' ORDER BY v"), "1\n2\n");
  EXPECT_EQ(Run("SELECT v FROM u WHERE k = 'A' COLLATE BINARY"), "2\n");
  EXPECT_EQ(Run("DELETE FROM u WHERE v = 2; SELECT k, v FROM u;"), "a|1\n");
  // The shown SQL never carries the mark.
  EXPECT_EQ(Run("SELECT sql FROM sqlite_master WHERE name = 'uv'"), "CREATE INDEX uv ON u(k, v)\n");
}

TEST_F(CollateTest, ReindexRebuildsOldIndexesUnderTheirCollations) {
  Run("CREATE TABLE u(k TEXT COLLATE NOCASE UNIQUE, v); CREATE INDEX uv ON u(v COLLATE NOCASE);"
      "CREATE TABLE w(a TEXT, UNIQUE(a COLLATE NOCASE)); CREATE INDEX plain ON w(a);");
  MakeLegacy("sqlite_autoindex_u_1");
  MakeLegacy("uv");
  MakeLegacy("sqlite_autoindex_w_1");
  EXPECT_EQ(Run("INSERT INTO u VALUES('a', 'X'), ('b', 'y'); INSERT INTO w VALUES('m'), ('M');"), "");
  EXPECT_EQ(Plan("SELECT k FROM u WHERE v = 'x' COLLATE NOCASE"), "SCAN u\n");
  // u rebuilds; w's NOCASE unique index would now reject its rows: the
  // statement fails and changes nothing.
  EXPECT_EQ(Run("REINDEX w;"), "Error: UNIQUE constraint failed: w.a\n");
  EXPECT_EQ(Run("REINDEX nocase;"), "Error: UNIQUE constraint failed: w.a\n");
  EXPECT_EQ(Run("REINDEX u;"), "");
  EXPECT_EQ(Plan("SELECT k FROM u WHERE v = 'x' COLLATE NOCASE"), "SEARCH u USING INDEX uv (v=?)\n");
  EXPECT_EQ(Run("SELECT k, v FROM u WHERE v = 'x' COLLATE NOCASE"), "a|X\n");
  EXPECT_EQ(Run("INSERT INTO u VALUES('A', 'z');"), "Error: UNIQUE constraint failed: u.k\n");
  EXPECT_EQ(Run("DELETE FROM w WHERE a = 'M' COLLATE BINARY; REINDEX; INSERT INTO w VALUES('M');"),
            "Error: UNIQUE constraint failed: w.a\n");
  Reopen();
  EXPECT_EQ(Run("SELECT sql FROM sqlite_master WHERE name = 'uv'; SELECT a FROM w; REINDEX;"),
            "CREATE INDEX uv ON u(v COLLATE NOCASE)\nm\n");
  EXPECT_EQ(Run("INSERT INTO u VALUES('B', 'q');"), "Error: UNIQUE constraint failed: u.k\n");
}

TEST_F(CollateTest, ComparisonCollationPrecedence) {
  // An explicit COLLATE wins (left operand first), then a column's
  // collation (left operand first).
  ExpectSameAsSqlite(
      "CREATE TABLE c(x TEXT, k TEXT COLLATE NOCASE);\n"
      "INSERT INTO c VALUES('a', 'A');\n"
      "SELECT x = k, k = x, x = k COLLATE NOCASE, k COLLATE BINARY = x, 'a' = k, k = 'a' FROM c;\n"
      "SELECT k = 'a' COLLATE BINARY, 'a' COLLATE BINARY = k, k COLLATE NOCASE = x COLLATE BINARY FROM c;\n"
      "SELECT count(*) FROM c WHERE k = 'a' COLLATE BINARY;\n"
      "SELECT count(*) FROM c WHERE x = k;\n"
      "CREATE TABLE bad(a TEXT COLLATE nosuch);\n"
      "SELECT count(*) FROM sqlite_master;\n");
}

TEST_F(CollateTest, CollatedIndexesSurviveReopenAndRename) {
  Run("CREATE TABLE u(k TEXT COLLATE NOCASE UNIQUE, v); CREATE INDEX uv ON u(v COLLATE NOCASE);"
      "INSERT INTO u VALUES('a', 'X');");
  Reopen();
  EXPECT_EQ(Run("INSERT INTO u VALUES('A', 'x');"), "Error: UNIQUE constraint failed: u.k\n");
  EXPECT_EQ(Run("ALTER TABLE u RENAME COLUMN v TO w; ALTER TABLE u RENAME TO u2;"), "");
  Reopen();
  EXPECT_EQ(Run("INSERT INTO u2 VALUES('A', 'x');"), "Error: UNIQUE constraint failed: u2.k\n");
  EXPECT_EQ(Plan("SELECT k FROM u2 WHERE w = 'x' COLLATE NOCASE"), "SEARCH u2 USING INDEX uv (w=?)\n");
  EXPECT_EQ(Run("SELECT k, w FROM u2 WHERE w = 'x' COLLATE NOCASE"), "a|X\n");
  // (sqlite3 writes the new table name quoted: ON "u2"(...).)
  EXPECT_EQ(Run("SELECT sql FROM sqlite_master WHERE name = 'uv';"), "CREATE INDEX uv ON u2(w COLLATE NOCASE)\n");
}

}  // namespace
}  // namespace s3lite::sqltest
