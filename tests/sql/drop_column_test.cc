// ALTER TABLE DROP [COLUMN], checked against sqlite3 3.40 (the oracle):
// rows and the stored CREATE text lose the column (first, middle, last,
// with table constraints after it), indexes on other columns keep working,
// the change survives reopening the store, and every refusal (missing
// table/column, view, PRIMARY KEY, UNIQUE, only column, uses in constraints,
// indexes, views and triggers) has sqlite3's text and changes nothing.
#include "tests/sql/sql_test_util.h"

namespace s3lite::sqltest {
namespace {

class DropColumnTest : public SqlFixture {
 protected:
  void ExpectSameAsSqlite(const std::string& script) { EXPECT_EQ(Run(script), Sqlite3(script)) << script; }
};

TEST_F(DropColumnTest, FirstMiddleLastWithData) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a INTEGER, b TEXT DEFAULT 'x', c REAL NOT NULL, d);\n"
      "INSERT INTO t VALUES(1, 'one', 1.5, x'01'), (2, NULL, 2.5, 'two'), (3, 'three', 3.5, NULL);\n"
      "ALTER TABLE t DROP COLUMN b;\n"
      "SELECT * FROM t;\n"
      "SELECT sql FROM sqlite_schema;\n"
      "ALTER TABLE t DROP a;\n"
      "SELECT * FROM t;\n"
      "ALTER TABLE t DROP COLUMN d;\n"
      "SELECT * FROM t;\n"
      "SELECT sql FROM sqlite_schema;\n"
      "PRAGMA table_info(t);\n"
      "INSERT INTO t VALUES(4.5);\n"
      "SELECT rowid, * FROM t;\n");
}

TEST_F(DropColumnTest, TextIsCutAsSqlite3CutsIt) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a , b  INT DEFAULT 3, \"c d\" TEXT, e, CHECK (a > 0), UNIQUE (b));\n"
      "ALTER TABLE t DROP \"c d\";\n"
      "SELECT sql FROM sqlite_schema WHERE name = 't';\n"
      "ALTER TABLE t DROP COLUMN E;\n"
      "SELECT sql FROM sqlite_schema WHERE name = 't';\n"
      "CREATE TABLE u(x integer primary key, y check(y > 0), z);\n"
      "INSERT INTO u VALUES(5, 1, 'z');\n"
      "ALTER TABLE u DROP y;\n"
      "SELECT sql FROM sqlite_schema WHERE name = 'u';\n"
      "SELECT rowid, * FROM u;\n"
      "INSERT INTO u(z) VALUES('zz');\n"
      "SELECT * FROM u;\n");
}

TEST_F(DropColumnTest, IndexOnAnotherColumnAndViewOfOthers) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a, b, c UNIQUE);\n"
      "CREATE INDEX ta ON t(a);\n"
      "CREATE VIEW v AS SELECT a, c FROM t;\n"
      "CREATE VIEW w AS SELECT * FROM t;\n"
      "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT new.a; END;\n"
      "INSERT INTO t VALUES(3, 'b3', 'c3'), (1, 'b1', 'c1'), (2, 'b2', 'c2');\n"
      "ALTER TABLE t DROP COLUMN b;\n"
      "SELECT a, c FROM t WHERE a = 2;\n"
      "SELECT * FROM t WHERE a > 1 ORDER BY a;\n"
      "SELECT * FROM t WHERE c = 'c3';\n"
      "SELECT * FROM v ORDER BY a;\n"
      "SELECT * FROM w ORDER BY a;\n"
      "INSERT INTO t VALUES(4, 'c1');\n"
      "INSERT INTO t VALUES(4, 'c4');\n"
      "SELECT type, name, sql FROM sqlite_schema ORDER BY name;\n");
}

TEST_F(DropColumnTest, SurvivesReopen) {
  Run("CREATE TABLE t(a, b, c);\n"
      "CREATE INDEX tc ON t(c);\n"
      "INSERT INTO t VALUES(1, 2, 3), (4, 5, 6);\n"
      "ALTER TABLE t DROP b;\n");
  Reopen();
  EXPECT_EQ(Run("SELECT * FROM t ORDER BY a;\nSELECT sql FROM sqlite_schema WHERE name = 't';\n"
                "SELECT a FROM t WHERE c = 6;\n"),
            "1|3\n4|6\nCREATE TABLE t(a, c)\n4\n");
}

TEST_F(DropColumnTest, InsideTransactionRollsBack) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a, b);\n"
      "INSERT INTO t VALUES(1, 2);\n"
      "BEGIN;\n"
      "ALTER TABLE t DROP b;\n"
      "SELECT * FROM t;\n"
      "ROLLBACK;\n"
      "SELECT * FROM t;\n"
      "SELECT sql FROM sqlite_schema;\n");
}

TEST_F(DropColumnTest, Errors) {
  ExpectSameAsSqlite(
      "ALTER TABLE nosuch DROP COLUMN a;\n"
      "CREATE TABLE t(a, b, c);\n"
      "INSERT INTO t VALUES(1, 2, 3);\n"
      "ALTER TABLE t DROP COLUMN x;\n"
      "ALTER TABLE t DROP \"x y\";\n"
      "ALTER TABLE t DROP [x];\n"
      "ALTER TABLE t DROP \"a\" || 1;\n"
      "CREATE VIEW v AS SELECT * FROM t;\n"
      "ALTER TABLE v DROP COLUMN a;\n"
      "ALTER TABLE v DROP COLUMN zz;\n"
      "CREATE TABLE one(a);\n"
      "ALTER TABLE one DROP a;\n"
      "CREATE TABLE p1(a INTEGER PRIMARY KEY, b);\n"
      "ALTER TABLE p1 DROP a;\n"
      "CREATE TABLE p2(a, b, PRIMARY KEY(b, a));\n"
      "ALTER TABLE p2 DROP COLUMN a;\n"
      "CREATE TABLE p3(a PRIMARY KEY);\n"
      "ALTER TABLE p3 DROP a;\n"
      "CREATE TABLE u1(a UNIQUE, b);\n"
      "ALTER TABLE u1 DROP a;\n"
      "ALTER TABLE p1 DROP \"a\";\n"
      "ALTER TABLE u1 DROP [a];\n"
      "ALTER TABLE one DROP `a`;\n"
      "SELECT * FROM t;\n"
      "SELECT count(*) FROM sqlite_schema;\n");
}

TEST_F(DropColumnTest, ErrorsForUses) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a, b, c);\n"
      "INSERT INTO t VALUES(1, 2, 3);\n"
      "CREATE INDEX ib ON t(c, b);\n"
      "ALTER TABLE t DROP b;\n"
      "CREATE UNIQUE INDEX iu ON t(a);\n"
      "ALTER TABLE t DROP COLUMN a;\n"
      "CREATE TABLE u2(a, b, UNIQUE(a));\n"
      "ALTER TABLE u2 DROP a;\n"
      "CREATE TABLE u3(a, b, c, UNIQUE(a, b));\n"
      "ALTER TABLE u3 DROP b;\n"
      "CREATE TABLE c1(a, b, CHECK(b > 0));\n"
      "ALTER TABLE c1 DROP b;\n"
      "CREATE TABLE c2(a CHECK(a < b), b);\n"
      "ALTER TABLE c2 DROP b;\n"
      "CREATE TABLE f0(x PRIMARY KEY);\n"
      "CREATE TABLE f1(a, b, FOREIGN KEY(b) REFERENCES f0(x));\n"
      "ALTER TABLE f1 DROP b;\n"
      "CREATE TABLE f2(a, b REFERENCES f0(x));\n"
      "ALTER TABLE f2 DROP b;\n"
      "SELECT sql FROM sqlite_schema WHERE name = 'f2';\n"
      "CREATE TABLE s(a, b, c);\n"
      "INSERT INTO s VALUES(1, 2, 3);\n"
      "CREATE VIEW sv AS SELECT a, b FROM s;\n"
      "ALTER TABLE s DROP b;\n"
      "CREATE VIEW sw AS SELECT x.c FROM t, s AS x;\n"
      "ALTER TABLE s DROP c;\n"
      "DROP VIEW sv;\n"
      "CREATE TRIGGER tr AFTER UPDATE ON s BEGIN SELECT old.a, NEW.C; END;\n"
      "ALTER TABLE s DROP a;\n"
      "DROP VIEW sw;\n"
      "ALTER TABLE s DROP c;\n"
      "SELECT * FROM s;\n"
      "SELECT * FROM t;\n"
      "SELECT name, sql FROM sqlite_schema ORDER BY name;\n");
}

}  // namespace
}  // namespace s3lite::sqltest
