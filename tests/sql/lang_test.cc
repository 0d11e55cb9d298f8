// SQL language features checked against sqlite3 3.40 (the oracle runs each
// script in `sqlite3 :memory:`): connection-state functions (changes(),
// last_insert_rowid(), total_changes(), sqlite_version()), recursive CTEs,
// upsert (ON CONFLICT DO UPDATE), UPDATE ... FROM and UPDATE/DELETE with
// ORDER BY/LIMIT. Every failing statement must leave the data unchanged.
#include "tests/sql/sql_test_util.h"

namespace s3lite::sqltest {
namespace {

class LangTest : public SqlFixture {
 protected:
  void ExpectSameAsSqlite(const std::string& script) { EXPECT_EQ(Run(script), Sqlite3(script)) << script; }
};

// ---- connection-state functions ----

TEST_F(LangTest, ChangesAndLastInsertRowid) {
  ExpectSameAsSqlite(
      "SELECT changes(), last_insert_rowid(), total_changes();\n"
      "CREATE TABLE t(a);\n"
      "INSERT INTO t VALUES(1),(2),(3);\n"
      "SELECT changes(), last_insert_rowid(), total_changes();\n"
      "INSERT INTO t SELECT last_insert_rowid() FROM t;\n"
      "INSERT INTO t SELECT changes() FROM t;\n"
      "SELECT rowid, a FROM t;\n"
      "SELECT changes(), last_insert_rowid(), total_changes();\n"
      "UPDATE t SET a = a + 1 WHERE a > 2;\n"
      "SELECT changes(), last_insert_rowid(), total_changes();\n"
      "CREATE TABLE u(b);\n"
      "SELECT changes();\n"
      "DROP TABLE u;\n"
      "SELECT changes();\n"
      "DELETE FROM t;\n"
      "SELECT changes(), last_insert_rowid(), total_changes();\n"
      "INSERT INTO t VALUES(1),(2); SELECT 1; SELECT changes(); INSERT INTO t VALUES(changes());\n"
      "SELECT changes(), last_insert_rowid(), total_changes();\n"
      "SELECT rowid, a FROM t;\n"
      "BEGIN; INSERT INTO t VALUES(9),(9),(9); ROLLBACK;\n"
      "SELECT changes(), last_insert_rowid(), total_changes();\n"
      "SELECT typeof(changes()), typeof(last_insert_rowid()), typeof(total_changes());\n"
      "SELECT changes(1);\n"
      "SELECT sqlite_version(), typeof(sqlite_source_id()), length(sqlite_source_id()) > 40;\n");
}

TEST_F(LangTest, ChangesInsideTriggersAndFailures) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a INTEGER PRIMARY KEY, b UNIQUE);\n"
      "CREATE TABLE log(x, c, l, tc);\n"
      "INSERT INTO t VALUES(5, 'x'), (6, 'y');\n"
      "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
      "  INSERT INTO log VALUES(new.a, changes(), last_insert_rowid(), total_changes());\n"
      "  INSERT INTO log VALUES(-1, changes(), last_insert_rowid(), total_changes());\n"
      "  UPDATE log SET tc = tc WHERE x < 0;\n"
      "  INSERT INTO log VALUES(-2, changes(), last_insert_rowid(), total_changes());\n"
      "END;\n"
      "INSERT INTO t(b) VALUES('p'), ('q');\n"
      "SELECT changes(), last_insert_rowid(), total_changes();\n"
      "SELECT * FROM log;\n"
      "INSERT INTO t(b) VALUES('r'), ('x');\n"
      "SELECT changes(), last_insert_rowid(), total_changes();\n"
      "INSERT OR IGNORE INTO t(b) VALUES('x');\n"
      "SELECT changes(), last_insert_rowid(), total_changes();\n"
      "DELETE FROM log;\n"
      "SELECT changes(), last_insert_rowid(), total_changes();\n"
      "SELECT count(*) FROM t;\n");
}

// ---- recursive CTEs ----

TEST_F(LangTest, RecursiveCte) {
  ExpectSameAsSqlite(
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 5) SELECT x FROM c;\n"
      "WITH c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 3) SELECT x FROM c;\n"
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c LIMIT 4;\n"
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c LIMIT 6) SELECT sum(x), count(*) FROM c;\n"
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION SELECT x % 3 + 1 FROM c) SELECT x FROM c;\n"
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x % 3 + 1 FROM c LIMIT 7) SELECT x FROM c;\n"
      "WITH RECURSIVE c(x) AS (VALUES(5) UNION ALL SELECT x-1 FROM c WHERE x > 0 ORDER BY 1 DESC LIMIT 3 OFFSET 1)\n"
      "  SELECT x FROM c;\n"
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 3 LIMIT 0) SELECT x FROM c;\n"
      "WITH RECURSIVE c(x, y) AS (SELECT 1, 'a' UNION ALL SELECT x+1, y || 'b' FROM c WHERE x < 3)\n"
      "  SELECT typeof(x), x, y FROM c;\n"
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT x+10 FROM c WHERE x < 10) SELECT x FROM c;\n"
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 3\n"
      "  UNION ALL SELECT x+10 FROM c WHERE x < 3) SELECT x FROM c;\n"
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 5),\n"
      "  d(y) AS (SELECT x*2 FROM c UNION ALL SELECT y+100 FROM d WHERE y < 50) SELECT * FROM d ORDER BY 1;\n"
      "WITH a AS (SELECT * FROM b), b AS (SELECT 1 AS z) SELECT * FROM a;\n"
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 5)\n"
      "  SELECT * FROM c AS a, c AS b WHERE a.x = b.x + 3;\n"
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 4)\n"
      "  SELECT (SELECT group_concat(x) FROM c), (SELECT max(x) FROM c WHERE x < 3);\n"
      "CREATE TABLE t(a TEXT);\n"
      "INSERT INTO t VALUES('1');\n"
      "WITH RECURSIVE c(x) AS (SELECT a FROM t UNION ALL SELECT x+1 FROM c WHERE x+0 < 3)\n"
      "  SELECT typeof(x), x, x = 1, x = '1' FROM c;\n"
      // TEXT comparison affinity converts the numbers of a TEXT-affinity column too.
      "WITH RECURSIVE c(x) AS (SELECT a FROM t UNION ALL SELECT x+1 FROM c WHERE x < 3 LIMIT 10)\n"
      "  SELECT typeof(x), x, x < 3, x > '2', x BETWEEN 2 AND '3' FROM c;\n"
      "SELECT x, x = 1, x < '10', x IN (1, '2') FROM (SELECT a AS x FROM t UNION ALL SELECT 2);\n"
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM t JOIN c WHERE x < 3) SELECT x FROM c;\n"
      "CREATE TABLE org(name TEXT PRIMARY KEY, boss TEXT);\n"
      "INSERT INTO org VALUES('Alice', NULL), ('Bob', 'Alice'), ('Cindy', 'Alice'), ('Dave', 'Bob'),\n"
      "  ('Emma', 'Bob'), ('Fred', 'Cindy'), ('Gail', 'Cindy');\n"
      "WITH RECURSIVE under_alice(name, level) AS (VALUES('Alice', 0)\n"
      "  UNION ALL SELECT org.name, under_alice.level + 1 FROM org JOIN under_alice ON org.boss = under_alice.name\n"
      "  ORDER BY 2 DESC)\n"
      "  SELECT substr('..........', 1, level * 3) || name FROM under_alice;\n"
      "WITH RECURSIVE under_alice(name, level) AS (VALUES('Alice', 0)\n"
      "  UNION ALL SELECT org.name, under_alice.level + 1 FROM org JOIN under_alice ON org.boss = under_alice.name\n"
      "  ORDER BY 2)\n"
      "  SELECT substr('..........', 1, level * 3) || name FROM under_alice;\n"
      "INSERT INTO t WITH RECURSIVE c(x) AS (SELECT 10 UNION ALL SELECT x+1 FROM c WHERE x < 12) SELECT x FROM c;\n"
      "SELECT * FROM t;\n"
      "SELECT a, (WITH d(y) AS (SELECT org2.a * 10) SELECT y FROM d),\n"
      "  (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < org2.a) SELECT group_concat(x) FROM c),\n"
      "  (SELECT y FROM (SELECT org2.a + 1 AS y)) FROM (SELECT 1 AS a UNION ALL SELECT 3) AS org2;\n"
      "CREATE VIEW v AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x*2 FROM c WHERE x < 50) SELECT x FROM c;\n"
      "SELECT * FROM v WHERE x > 4;\n");
}

TEST_F(LangTest, RecursiveCteErrors) {
  for (const char* q : {
           "WITH c AS (SELECT * FROM c) SELECT * FROM c;",
           "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c, c AS d WHERE x<3) SELECT x FROM c;",
           "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < (SELECT max(x) FROM c)) "
           "SELECT x FROM c;",
           "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT (SELECT x FROM c)) SELECT x FROM c;",
           "WITH RECURSIVE c(x,y) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c;",
           "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<3 UNION SELECT 7) SELECT x FROM c;",
           "WITH RECURSIVE c(x) AS (SELECT x FROM c UNION ALL SELECT 1) SELECT x FROM c;",
           "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT count(*) FROM c) SELECT x FROM c;",
           "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<3 GROUP BY x) SELECT x FROM c;",
           "WITH RECURSIVE c(x) AS (SELECT 1 INTERSECT SELECT x FROM c) SELECT x FROM c;",
           "WITH RECURSIVE a(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM b WHERE x<3), b(x) AS (SELECT x FROM a) "
           "SELECT * FROM a;",
           "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM (SELECT * FROM c) WHERE x<3) SELECT x FROM c;",
           "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c JOIN (SELECT * FROM c) WHERE x<3) "
           "SELECT x FROM c;",
           "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<3 ORDER BY 2) SELECT x FROM c;",
           "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1, 2 FROM c WHERE x<3) SELECT x FROM c;",
           "CREATE TABLE t(a); WITH t AS (SELECT a+1 AS a FROM t) SELECT * FROM t;",
           "CREATE TABLE t(a INTEGER PRIMARY KEY, b UNIQUE); INSERT INTO t VALUES(1, 1) ON CONFLICT(zz) DO NOTHING;",
           "CREATE TABLE t(a INTEGER PRIMARY KEY, b UNIQUE, c); INSERT INTO t VALUES(1, 1, 1) ON CONFLICT(c) DO NOTHING;",
           "CREATE TABLE t(a, b); INSERT INTO t VALUES(1, 1) ON CONFLICT DO NOTHING ON CONFLICT(a) DO NOTHING;",
       }) {
    std::string ours = Run(q);
    std::string theirs = Sqlite3(q);
    EXPECT_EQ(ours.substr(0, ours.find('\n')), theirs.substr(0, theirs.find('\n'))) << q;
    Run("DROP TABLE IF EXISTS t;");
  }
}

// ---- upsert ----

TEST_F(LangTest, UpsertDoUpdate) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a INTEGER PRIMARY KEY, b UNIQUE, c);\n"
      "INSERT INTO t VALUES(1, 'x', 0);\n"
      "INSERT INTO t VALUES(1, 'y', 1) ON CONFLICT(b) WHERE c > 0 DO UPDATE SET c = excluded.c + 10;\n"
      "SELECT changes();\n"
      "INSERT INTO t VALUES(1, 'y', 1) ON CONFLICT(a) DO UPDATE SET c = excluded.c + 10, b = b || excluded.b\n"
      "  RETURNING *;\n"
      "SELECT changes(), last_insert_rowid(), total_changes();\n"
      "INSERT INTO t VALUES(2, 'x1y', 5) ON CONFLICT(a) DO UPDATE SET c = 99 ON CONFLICT DO UPDATE SET c = -1\n"
      "  RETURNING *;\n"
      "INSERT INTO t(b, c) VALUES('new', NULL) ON CONFLICT(b) DO UPDATE SET c = 1 WHERE 0 RETURNING *;\n"
      "INSERT INTO t(b, c) VALUES('new', 5) ON CONFLICT(b) DO UPDATE SET c = 1 WHERE 0 RETURNING *;\n"
      "SELECT * FROM t;\n"
      "INSERT INTO t(a, b, c) VALUES(NULL, 'x1y', 7) ON CONFLICT (b) DO UPDATE SET b = 'new';\n"
      "INSERT INTO t(a, b, c) VALUES(NULL, 'x1y', 7) ON CONFLICT (b) DO UPDATE SET b = excluded.b || rowid,\n"
      "  a = excluded.a;\n"
      "SELECT * FROM t;\n"
      "INSERT INTO t SELECT 1, 'z', 3 WHERE true ON CONFLICT(a) DO UPDATE SET c = c + excluded.c;\n"
      "INSERT INTO t VALUES(1, 'p', 1), (1, 'q', 2), (9, 'p', 3) ON CONFLICT(a) DO UPDATE SET c = c * 10 + excluded.c\n"
      "  ON CONFLICT(b) DO UPDATE SET c = -excluded.c;\n"
      "SELECT * FROM t;\n"
      "SELECT changes(), total_changes();\n"
      "INSERT INTO t VALUES(1, 'y', 1) ON CONFLICT(c) DO NOTHING;\n"
      "INSERT INTO t VALUES(1, 'y', 1) ON CONFLICT(b) DO NOTHING;\n"
      "INSERT INTO t VALUES(50, 'p', 1) ON CONFLICT(a) DO NOTHING;\n"
      "INSERT INTO t VALUES(50, 'p', 1) ON CONFLICT DO NOTHING;\n"
      "CREATE TABLE n(k INTEGER PRIMARY KEY, v NOT NULL);\n"
      "INSERT INTO n VALUES(1, 1);\n"
      "INSERT INTO n VALUES(1, NULL) ON CONFLICT DO NOTHING;\n"
      "INSERT INTO n VALUES(1, 2) ON CONFLICT(k) DO UPDATE SET v = NULL;\n"
      "INSERT INTO n VALUES(2, 2), (1, 3) ON CONFLICT(k) DO UPDATE SET k = 2;\n"
      "SELECT * FROM n;\n"
      "CREATE TABLE m(x, y, z, UNIQUE(y, x));\n"
      "INSERT INTO m VALUES(1, 2, 3);\n"
      "INSERT INTO m VALUES(1, 2, 4) ON CONFLICT(x, y) DO UPDATE SET z = z + excluded.z;\n"
      "INSERT INTO m VALUES(1, 2, 4) ON CONFLICT(x) DO UPDATE SET z = 0;\n"
      "INSERT INTO m VALUES(NULL, 2, 4), (NULL, 2, 5) ON CONFLICT(x, y) DO UPDATE SET z = 0;\n"
      "SELECT * FROM m;\n"
      "CREATE TABLE log(s);\n"
      "CREATE TRIGGER tu AFTER UPDATE ON m BEGIN INSERT INTO log VALUES('u ' || old.z || '->' || new.z); END;\n"
      "CREATE TRIGGER ti AFTER INSERT ON m BEGIN INSERT INTO log VALUES('i ' || new.z); END;\n"
      "INSERT INTO m VALUES(1, 2, 10), (7, 7, 7) ON CONFLICT(x, y) DO UPDATE SET z = excluded.z * 2;\n"
      "SELECT * FROM log;\n"
      "SELECT changes(), total_changes();\n");
}

// ---- UPDATE ... FROM, UPDATE/DELETE ... ORDER BY ... LIMIT ----

TEST_F(LangTest, UpdateFrom) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a INTEGER PRIMARY KEY, b);\n"
      "INSERT INTO t VALUES(1, 0), (2, 0), (3, 0);\n"
      "CREATE TABLE u(k, v);\n"
      "INSERT INTO u VALUES(1, 10), (1, 11), (2, 20);\n"
      "UPDATE t SET b = u.v FROM u WHERE u.k = t.a;\n"
      "SELECT changes();\n"
      "SELECT * FROM t;\n"
      "UPDATE t SET b = b + u.v FROM u WHERE u.k = t.a RETURNING *;\n"
      "UPDATE t AS x SET b = (SELECT count(*) FROM u WHERE k = x.a) FROM (SELECT 1) AS y;\n"
      "SELECT * FROM t;\n"
      "UPDATE t SET b = 5 FROM u WHERE t.a = 3;\n"
      "SELECT changes();\n"
      "SELECT * FROM t;\n"
      "UPDATE t SET b = v FROM u;\n"
      "SELECT changes();\n"
      "SELECT * FROM t;\n"
      "UPDATE t SET b = 1 FROM t;\n"
      "UPDATE t SET b = 1 FROM u JOIN t ON 1;\n"
      "UPDATE t SET b = nosuch FROM u;\n"
      "UPDATE t SET b = a FROM u, u AS w WHERE u.k = w.k AND u.k = t.a;\n"
      "SELECT changes();\n"
      "SELECT * FROM t;\n"
      "UPDATE t SET b = v FROM (SELECT k, v FROM u ORDER BY v DESC) AS s WHERE s.k = t.a;\n"
      "SELECT changes();\n"
      "SELECT * FROM t;\n"
      "UPDATE t SET b = s.total FROM (SELECT k, sum(v) AS total FROM u GROUP BY k) AS s WHERE s.k = t.a;\n"
      "SELECT * FROM t;\n"
      "CREATE TABLE w(a INTEGER PRIMARY KEY, b UNIQUE);\n"
      "INSERT INTO w VALUES(1, 1), (2, 2);\n"
      "UPDATE w SET b = u.k FROM u WHERE u.v = 20;\n"
      "SELECT * FROM w;\n"
      "UPDATE t SET b = -1 FROM u LEFT JOIN w ON w.a = u.k WHERE t.a = u.k AND w.b IS NULL;\n"
      "SELECT * FROM t;\n");
}

TEST_F(LangTest, UpdateDeleteLimit) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a INTEGER PRIMARY KEY, b, c);\n"
      "INSERT INTO t VALUES(1, 'x', 3), (2, 'y', 1), (3, 'x', 2), (4, NULL, 5), (5, 'Y', 4);\n"
      "DELETE FROM t ORDER BY a DESC LIMIT 1;\n"
      "SELECT * FROM t;\n"
      "UPDATE t SET c = 7 ORDER BY a DESC LIMIT 1 OFFSET 1;\n"
      "SELECT * FROM t;\n"
      "UPDATE t SET c = 8 LIMIT 1;\n"
      "SELECT changes();\n"
      "SELECT * FROM t;\n"
      "UPDATE t SET c = c + 100 WHERE a > 0 RETURNING * ORDER BY b LIMIT 2;\n"
      "UPDATE t SET c = 9 WHERE a > 0 ORDER BY b LIMIT 5 RETURNING *;\n"
      "UPDATE t SET c = 0 ORDER BY a;\n"
      "DELETE FROM t ORDER BY a;\n"
      "UPDATE t SET c = -c ORDER BY b COLLATE NOCASE DESC, a LIMIT 2;\n"
      "SELECT * FROM t;\n"
      "UPDATE t SET c = 1 ORDER BY b NULLS LAST LIMIT 1;\n"
      "SELECT * FROM t;\n"
      "UPDATE t SET c = 2 LIMIT 'x';\n"
      "UPDATE t SET c = 2 LIMIT 0;\n"
      "SELECT changes();\n"
      "DELETE FROM t WHERE b = 'x' LIMIT -1 OFFSET 1;\n"
      "SELECT * FROM t;\n"
      "DELETE FROM t WHERE a IN (SELECT a FROM t WHERE c > 0) ORDER BY c DESC LIMIT 1 RETURNING a;\n"
      "DELETE FROM t LIMIT 1 OFFSET 10;\n"
      "SELECT changes();\n"
      "DELETE FROM t LIMIT 2, 1;\n"
      "SELECT * FROM t;\n");
}

TEST_F(LangTest, WithBeforeInsertUpdateDelete) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a INTEGER PRIMARY KEY, b);\n"
      "INSERT INTO t VALUES(1, 'x'), (2, 'y'), (3, 'z'), (4, 'w');\n"
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 2) UPDATE t SET b = 'q' WHERE a IN c;\n"
      "SELECT changes();\n"
      "WITH c(x) AS (SELECT 5 UNION ALL SELECT 6) INSERT INTO t SELECT x, 'n' || x FROM c;\n"
      "WITH c(x) AS (VALUES(3)) DELETE FROM t WHERE a IN (SELECT x FROM c) RETURNING *;\n"
      "WITH m(k, v) AS (VALUES(1, 'm1'), (4, 'm4')) UPDATE t SET b = m.v FROM m WHERE m.k = t.a;\n"
      "SELECT * FROM t;\n"
      "WITH c(x) AS (SELECT 1) UPDATE t SET b = (SELECT x FROM nosuch);\n"
      "WITH c(x) AS (SELECT 1) SELECT * FROM c;\n");
}

// sqlite_schema keeps CREATE statements normalized as sqlite3 does: keyword
// case, TEMP, IF NOT EXISTS and schema qualifiers go, the rest stays.
TEST_F(LangTest, SchemaTextIsNormalizedAsSqlite) {
  ExpectSameAsSqlite(
      "create   table   IF NOT EXISTS foo(x, y);\n"
      "  /* lead */ create unique index  ix on foo(x);\n"
      "Create Index main.iy ON foo (y  DESC);\n"
      "create view if not exists main.w(a) as select x from foo;\n"
      "create trigger tr after insert on foo begin select 1; end;\n"
      "CREATE TRIGGER IF NOT EXISTS \"t 2\" before delete on foo begin select 2; end;\n"
      "create table main.\"temp\"(z);\n"
      "create table c as select x, y from foo;\n"
      "select type, name, sql from sqlite_master order by name;\n");
}

}  // namespace
}  // namespace s3lite::sqltest
