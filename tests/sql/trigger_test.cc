// Triggers, checked against sqlite3 3.40 (the oracle runs each script in
// `sqlite3 :memory:`): CREATE/DROP TRIGGER and their errors, storage in
// sqlite_master, row firing (BEFORE/AFTER INSERT/UPDATE/DELETE, NEW/OLD,
// WHEN, UPDATE OF, firing order, nesting, no recursion), RAISE, statement
// atomicity, changes(), DROP TABLE and ALTER TABLE RENAME, INSTEAD OF.
#include "tests/sql/sql_test_util.h"

namespace s3lite::sqltest {
namespace {

class TriggerTest : public SqlFixture {
 protected:
  void ExpectSameAsSqlite(const std::string& script) { EXPECT_EQ(Run(script), Sqlite3(script)) << script; }
};

TEST_F(TriggerTest, CreateDropAndErrors) {
  ExpectSameAsSqlite(
      "CREATE TABLE t1(x INTEGER, y VARCHAR(8));\n"
      "CREATE TRIGGER t1r1 UPDATE ON t1 BEGIN SELECT 1; END;\n"
      "CREATE TRIGGER t1r1 UPDATE ON t1 BEGIN SELECT 1; END;\n"
      "CREATE TRIGGER IF NOT EXISTS t1r1 UPDATE ON t1 BEGIN SELECT 1; END;\n"
      "CREATE TRIGGER t1r5 AFTER DELETE ON t1 BEGIN SELECT 1; END;\n"
      "CREATE TRIGGER t1r9 BEFORE INSERT ON t1 FOR EACH ROW BEGIN SELECT 1; SELECT 2; END;\n"
      "CREATE TRIGGER tx AFTER INSERT ON nosuch BEGIN SELECT 1; END;\n"
      "CREATE TRIGGER IF NOT EXISTS tx AFTER INSERT ON nosuch BEGIN SELECT 1; END;\n"
      "CREATE TRIGGER sqlite_x AFTER INSERT ON t1 BEGIN SELECT 1; END;\n"
      "CREATE TRIGGER tm AFTER INSERT ON sqlite_master BEGIN SELECT 1; END;\n"
      "CREATE VIEW v AS SELECT * FROM t1;\n"
      "CREATE TRIGGER tv BEFORE INSERT ON v BEGIN SELECT 1; END;\n"
      "CREATE TRIGGER tv AFTER UPDATE ON v BEGIN SELECT 1; END;\n"
      "CREATE TRIGGER ti INSTEAD OF INSERT ON t1 BEGIN SELECT 1; END;\n"
      "CREATE TRIGGER tok INSTEAD OF DELETE ON v BEGIN SELECT 1; END;\n"
      "SELECT type, name, tbl_name, type = 'table' OR rootpage = 0, sql FROM sqlite_master ORDER BY name;\n"
      "DROP TRIGGER t1r1;\n"
      "DROP TRIGGER t1r1;\n"
      "DROP TRIGGER IF EXISTS t1r1;\n"
      "DROP TRIGGER main.t1r5;\n"
      "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name;\n"
      "DROP VIEW v;\n"
      "DROP TABLE t1;\n"
      "SELECT count(*) FROM sqlite_master;\n"
      "DROP TRIGGER t1r9;\n");
}

TEST_F(TriggerTest, SyntaxErrors) {
  // One statement per script: after a syntax error sqlite3's shell skips to
  // the END; of the trigger, Run() to the next ';'.
  for (const char* bad : {"CREATE TRIGGER tw AFTER INSERT ON t BEGIN CREATE TABLE x(a); END;",
                          "CREATE TRIGGER tz AFTER INSERT ON t BEGIN END;",
                          "CREATE TRIGGER ty AFTER INSERT ON t FOR EACH STATEMENT BEGIN SELECT 1; END;",
                          "CREATE TRIGGER tx AFTER INSERT ON t BEGIN SELECT 1 END;",
                          "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT RAISE(WHATEVER, 'x'); END;",
                          "SELECT RAISE(IGNORE);"}) {
    std::string script = std::string("CREATE TABLE t(a);\n") + bad + "\nSELECT count(*) FROM sqlite_master;\n";
    std::string ours = Run(script);
    std::string theirs = Sqlite3(script);
    EXPECT_EQ(ours.substr(0, ours.find('\n')), theirs.substr(0, theirs.find('\n'))) << bad;
    EXPECT_EQ(Run("SELECT count(*) FROM sqlite_master WHERE type = 'trigger';"), "0\n") << bad;
    Run("DROP TABLE t;");
  }
}

TEST_F(TriggerTest, InsertTriggersNewValuesAndOrder) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT UNIQUE, c);\n"
      "CREATE TABLE log(x, y, z);\n"
      "CREATE TRIGGER tr1 BEFORE INSERT ON t BEGIN INSERT INTO log VALUES('bi1', new.a, new.rowid); END;\n"
      "CREATE TRIGGER tr2 BEFORE INSERT ON t BEGIN INSERT INTO log VALUES('bi2', new.a, new.b); END;\n"
      "CREATE TRIGGER tr3 AFTER INSERT ON t BEGIN INSERT INTO log VALUES('ai3', new.a, new.b); END;\n"
      "CREATE TRIGGER tr4 AFTER INSERT ON t FOR EACH ROW BEGIN\n"
      "  INSERT INTO log VALUES('ai4', new.rowid, new.c);\n"
      "  INSERT INTO log SELECT 'ai4b', count(*), typeof(new.c) FROM t;\n"
      "END;\n"
      "INSERT INTO t(b, c) VALUES('x', '7');\n"
      "INSERT INTO t VALUES(10, 'y', 1), (11, 'z', 2.5);\n"
      "INSERT OR REPLACE INTO t VALUES(12, 'y', 3);\n"
      "INSERT OR IGNORE INTO t VALUES(13, 'z', 3);\n"
      "SELECT x, y, z, typeof(y), typeof(z) FROM log;\n"
      "SELECT * FROM t;\n");
}

TEST_F(TriggerTest, UpdateAndDeleteTriggers) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INT);\n"
      "CREATE TABLE log(x, y, z);\n"
      "INSERT INTO t VALUES(1, 'p', 5), (2, 'q', 6), (3, 'r', 7);\n"
      "CREATE TRIGGER u1 AFTER UPDATE OF c ON t WHEN new.c > 6 BEGIN\n"
      "  INSERT INTO log VALUES('u1', old.c, new.c);\n"
      "END;\n"
      "CREATE TRIGGER u2 BEFORE UPDATE ON t BEGIN INSERT INTO log VALUES('u2', old.b, new.b); END;\n"
      "CREATE TRIGGER d1 BEFORE DELETE ON t BEGIN INSERT INTO log VALUES('d1', old.a, old.b); END;\n"
      "CREATE TRIGGER d2 AFTER DELETE ON t WHEN old.c = '8' BEGIN INSERT INTO log VALUES('d2', old.a, old.c); END;\n"
      "UPDATE t SET c = c + 1;\n"
      "UPDATE t SET b = upper(b) WHERE a >= 2;\n"
      "DELETE FROM t WHERE a < 3;\n"
      "SELECT * FROM log;\n"
      "SELECT * FROM t;\n");
}

TEST_F(TriggerTest, TriggersThatChangeTheirOwnTable) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a INTEGER PRIMARY KEY, b);\n"
      "CREATE TABLE cnt(n);\n"
      "INSERT INTO cnt VALUES(0);\n"
      "CREATE TRIGGER ai AFTER INSERT ON t WHEN new.b < 3 BEGIN\n"
      "  INSERT INTO t(b) VALUES(new.b + 1);\n"
      "  UPDATE cnt SET n = n + 1;\n"
      "END;\n"
      "INSERT INTO t(b) VALUES(0);\n"
      "INSERT INTO t(b) VALUES(1), (2);\n"
      "SELECT * FROM t;\n"
      "SELECT * FROM cnt;\n"
      "CREATE TRIGGER bd BEFORE DELETE ON t BEGIN DELETE FROM t WHERE a = old.a + 1; END;\n"
      "DELETE FROM t WHERE a IN (1, 5);\n"
      "SELECT * FROM t;\n"
      "CREATE TRIGGER bu BEFORE UPDATE OF b ON t BEGIN UPDATE t SET a = a + 100 WHERE a = old.a + 1; END;\n"
      "UPDATE t SET b = b * 10;\n"
      "SELECT * FROM t;\n");
}

TEST_F(TriggerTest, NestedTriggersAndNoRecursion) {
  ExpectSameAsSqlite(
      "CREATE TABLE a(x);\n"
      "CREATE TABLE b(x);\n"
      "CREATE TABLE c(x);\n"
      "CREATE TRIGGER ta AFTER INSERT ON a BEGIN INSERT INTO b VALUES(new.x * 2); END;\n"
      "CREATE TRIGGER tb AFTER INSERT ON b BEGIN INSERT INTO c VALUES(new.x + 1); INSERT INTO a VALUES(99); END;\n"
      "INSERT INTO a VALUES(1);\n"
      "SELECT 'a', * FROM a;\n"
      "SELECT 'b', * FROM b;\n"
      "SELECT 'c', * FROM c;\n");
}

TEST_F(TriggerTest, RaiseAndStatementAtomicity) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a INTEGER PRIMARY KEY, b);\n"
      "CREATE TABLE log(x);\n"
      "CREATE TRIGGER chk BEFORE INSERT ON t BEGIN\n"
      "  SELECT RAISE(ABORT, 'b must be positive') WHERE new.b <= 0;\n"
      "  INSERT INTO log VALUES(new.b);\n"
      "END;\n"
      "CREATE TRIGGER ign BEFORE INSERT ON t WHEN new.b = 42 BEGIN SELECT RAISE(IGNORE); END;\n"
      "CREATE TRIGGER cs BEFORE UPDATE ON t BEGIN\n"
      "  SELECT CASE WHEN new.b > 100 THEN RAISE(ABORT, 'too big') END;\n"
      "END;\n"
      "INSERT INTO t(b) VALUES(1), (2);\n"
      "INSERT INTO t(b) VALUES(3), (-1), (4);\n"
      "INSERT INTO t(b) VALUES(42), (5);\n"
      "UPDATE t SET b = b * 60;\n"
      "UPDATE t SET b = b + 1;\n"
      "SELECT * FROM t;\n"
      "SELECT * FROM log;\n"
      "CREATE TRIGGER del BEFORE DELETE ON t BEGIN SELECT RAISE(ROLLBACK, 'no deletes'); END;\n"
      "DELETE FROM t;\n"
      "SELECT count(*) FROM t;\n"
      "SELECT RAISE(ABORT, 'x');\n");
}

TEST_F(TriggerTest, AffinityAndCollationOfNewOld) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(i INTEGER, r REAL, s TEXT, n NUMERIC, b BLOB, k TEXT COLLATE NOCASE);\n"
      "CREATE TABLE log(v, w);\n"
      "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
      "  INSERT INTO log VALUES(new.i = '1', new.s = 1);\n"
      "  INSERT INTO log VALUES(new.r, typeof(new.r));\n"
      "  INSERT INTO log VALUES(new.n, typeof(new.n));\n"
      "  INSERT INTO log VALUES(new.b = '5', new.k = 'ABC');\n"
      "END;\n"
      "CREATE TRIGGER bi BEFORE INSERT ON t BEGIN INSERT INTO log VALUES(typeof(new.i), typeof(new.r)); END;\n"
      "INSERT INTO t VALUES('1', 2, 1, '3.0', '5', 'abc');\n"
      "INSERT INTO t VALUES('x', 'y', NULL, 'z', 5, NULL);\n"
      "SELECT v, w, typeof(v), typeof(w) FROM log;\n");
}

TEST_F(TriggerTest, BodyErrorsAtFireTime) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a, b);\n"
      "CREATE TRIGGER t1 AFTER INSERT ON t BEGIN INSERT INTO nosuch VALUES(new.a); END;\n"
      "INSERT INTO t VALUES(1, 2);\n"
      "SELECT count(*) FROM t;\n"
      "DROP TRIGGER t1;\n"
      "CREATE TRIGGER t2 AFTER INSERT ON t BEGIN SELECT new.zzz; END;\n"
      "INSERT INTO t VALUES(1, 2);\n"
      "DROP TRIGGER t2;\n"
      "CREATE TRIGGER t3 AFTER INSERT ON t BEGIN SELECT old.a; END;\n"
      "INSERT INTO t VALUES(1, 2);\n"
      "DROP TRIGGER t3;\n"
      "CREATE TRIGGER t4 AFTER DELETE ON t BEGIN SELECT new.a; END;\n"
      "INSERT INTO t VALUES(1, 2);\n"
      "DELETE FROM t;\n"
      "SELECT count(*) FROM t;\n");
}

TEST_F(TriggerTest, ExplicitTransactionRollsBackTriggerEffects) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a UNIQUE);\n"
      "CREATE TABLE log(x);\n"
      "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES(new.a); END;\n"
      "BEGIN;\n"
      "INSERT INTO t VALUES(1);\n"
      "INSERT INTO t VALUES(2), (1);\n"
      "SELECT * FROM log;\n"
      "ROLLBACK;\n"
      "SELECT count(*) FROM log;\n");
}

TEST_F(TriggerTest, DropTableAndRename) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a);\n"
      "CREATE TABLE log(x);\n"
      "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES(new.a); END;\n"
      "CREATE TRIGGER tl AFTER INSERT ON log BEGIN UPDATE t SET a = a + 0; END;\n"
      "ALTER TABLE t RENAME TO t2;\n"
      "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' ORDER BY name;\n"
      "INSERT INTO t2 VALUES(5);\n"
      "SELECT * FROM log;\n"
      "ALTER TABLE log RENAME TO journal;\n"
      "INSERT INTO t2 VALUES(6);\n"
      "SELECT * FROM journal;\n"
      "DROP TABLE t2;\n"
      "SELECT name FROM sqlite_master WHERE type = 'trigger';\n"
      "CREATE TABLE t2(a);\n"
      "INSERT INTO t2 VALUES(7);\n"
      "SELECT count(*) FROM journal;\n");
}

// changes() counts the rows of the statement itself, not its triggers'
// (sqlite3: 1, then 2, then 3 for the UPDATE; total_changes counts both).
TEST_F(TriggerTest, ChangesCountOnlyTheStatementRows) {
  Run("CREATE TABLE t(a); CREATE TABLE log(x);"
      "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES(1); INSERT INTO log VALUES(2); END;"
      "CREATE TRIGGER tu AFTER UPDATE ON t BEGIN DELETE FROM log WHERE rowid = (SELECT min(rowid) FROM log); END;");
  auto changes = [&](const std::string& sql) -> int64_t {
    auto st = conn_->Prepare(sql, nullptr);
    EXPECT_TRUE(st.ok()) << st.status().ToString();
    auto r = (*st)->Step();
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return (*st)->changes();
  };
  EXPECT_EQ(changes("INSERT INTO t VALUES(1)"), 1);
  EXPECT_EQ(changes("INSERT INTO t VALUES(2), (3)"), 2);
  EXPECT_EQ(changes("UPDATE t SET a = a + 1"), 3);
  EXPECT_EQ(Run("SELECT count(*) FROM log;"), "3\n");
}

TEST_F(TriggerTest, InsteadOfTriggersOnViews) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a, b);\n"
      "CREATE TABLE log(x, y, z);\n"
      "CREATE VIEW v AS SELECT a, b, a + b AS s FROM t;\n"
      "CREATE TRIGGER vi INSTEAD OF INSERT ON v BEGIN\n"
      "  INSERT INTO t VALUES(new.a, new.b);\n"
      "  INSERT INTO log VALUES('i', new.s, new.rowid);\n"
      "END;\n"
      "CREATE TRIGGER vu INSTEAD OF UPDATE OF b ON v BEGIN\n"
      "  UPDATE t SET b = new.b WHERE a = old.a;\n"
      "  INSERT INTO log VALUES('u', old.s, new.s);\n"
      "END;\n"
      "CREATE TRIGGER vd INSTEAD OF DELETE ON v BEGIN\n"
      "  DELETE FROM t WHERE a = old.a;\n"
      "  INSERT INTO log VALUES('d', old.s, old.b);\n"
      "END;\n"
      "INSERT INTO v(a, b) VALUES(1, 2), (3, 4);\n"
      "INSERT INTO v VALUES(5, 6, 7);\n"
      "INSERT INTO v SELECT a + 10, b, 0 FROM t WHERE a = 1;\n"
      "UPDATE v SET b = b * 10 WHERE s > 4;\n"
      "UPDATE v SET a = 0;\n"
      "DELETE FROM v WHERE a = 1;\n"
      "SELECT * FROM t;\n"
      "SELECT * FROM log;\n"
      "INSERT INTO v VALUES(1);\n"
      "INSERT INTO v(zz) VALUES(1);\n"
      "UPDATE v SET zz = 1;\n"
      "CREATE VIEW w AS SELECT * FROM t;\n"
      "INSERT INTO w VALUES(1, 2);\n"
      "DROP VIEW v;\n"
      "SELECT count(*) FROM sqlite_master WHERE type = 'trigger';\n");
}

TEST_F(TriggerTest, IndexesStayConsistentWhenTriggersChangeTheRow) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a INTEGER PRIMARY KEY, b, c);\n"
      "CREATE INDEX tb ON t(b);\n"
      "CREATE INDEX tc ON t(c);\n"
      "INSERT INTO t VALUES(1, 10, 100), (2, 20, 200), (3, 30, 300);\n"
      "CREATE TRIGGER bu BEFORE UPDATE OF c ON t BEGIN\n"
      "  UPDATE t SET b = b + 1 WHERE a = old.a;\n"
      "  UPDATE t SET c = c + 5 WHERE a = old.a + 1;\n"
      "END;\n"
      "UPDATE t SET c = c * 2;\n"
      "SELECT * FROM t;\n"
      "SELECT a FROM t WHERE b = 11;\n"
      "SELECT a FROM t WHERE b = 10;\n"
      "SELECT a FROM t WHERE c = 410;\n"
      "SELECT a FROM t WHERE c = 200;\n"
      "CREATE TRIGGER bd BEFORE DELETE ON t BEGIN UPDATE t SET b = -b WHERE a = old.a; END;\n"
      "DELETE FROM t WHERE a = 1;\n"
      "SELECT a FROM t WHERE b = -11;\n"
      "INSERT INTO t SELECT a + 10, b, c FROM t;\n"
      "SELECT count(*), sum(b), sum(c) FROM t;\n"
      "CREATE TABLE u(x);\n"
      "CREATE TRIGGER wu AFTER INSERT ON u WHEN (SELECT count(*) FROM t WHERE b > new.x) > 1 BEGIN\n"
      "  INSERT INTO u VALUES(-new.x);\n"
      "END;\n"
      "INSERT INTO u VALUES(5), (1000);\n"
      "SELECT * FROM u;\n");
}

TEST_F(TriggerTest, IgnoreConflictsAndSavepoints) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a INTEGER PRIMARY KEY, b UNIQUE);\n"
      "CREATE TABLE log(x, y);\n"
      "CREATE TRIGGER bi BEFORE INSERT ON t BEGIN INSERT INTO log VALUES('bi', new.b); END;\n"
      "CREATE TRIGGER ai AFTER INSERT ON t BEGIN INSERT INTO log VALUES('ai', new.b); END;\n"
      "INSERT INTO t VALUES(1, 1);\n"
      "INSERT INTO t VALUES(2, 1);\n"
      "INSERT OR IGNORE INTO t VALUES(3, 1);\n"
      "INSERT INTO t VALUES(4, 2) ON CONFLICT DO NOTHING;\n"
      "INSERT INTO t VALUES(5, 2) ON CONFLICT DO NOTHING;\n"
      "SELECT * FROM log;\n"
      "CREATE TRIGGER bd BEFORE DELETE ON t BEGIN SELECT RAISE(IGNORE) WHERE old.a = 1; END;\n"
      "DELETE FROM t;\n"
      "SELECT * FROM t;\n"
      "CREATE TRIGGER au AFTER UPDATE ON t BEGIN SELECT RAISE(IGNORE); INSERT INTO log VALUES('never', 1); END;\n"
      "CREATE TRIGGER au2 AFTER UPDATE ON t BEGIN INSERT INTO log VALUES('au2', new.b); END;\n"
      "UPDATE t SET b = b + 100;\n"
      "SELECT * FROM t;\n"
      "SELECT * FROM log WHERE x IN ('never', 'au2');\n"
      "BEGIN;\n"
      "INSERT INTO t VALUES(10, 10);\n"
      "SAVEPOINT s1;\n"
      "INSERT INTO t VALUES(11, 11);\n"
      "ROLLBACK TO s1;\n"
      "COMMIT;\n"
      "SELECT * FROM log WHERE y >= 10;\n"
      "CREATE TRIGGER tq AFTER INSERT ON t BEGIN\n"
      "  SELECT RAISE(ABORT, 'it''s bad') WHERE new.a = 7;\n"
      "END;\n"
      "INSERT INTO t VALUES(7, 7);\n"
      "SELECT count(*) FROM t;\n");
}

TEST_F(TriggerTest, BodyRestrictionsAtCreateTime) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a, b);\n"
      "CREATE TABLE log(x);\n"
      "CREATE TRIGGER q1 AFTER INSERT ON t BEGIN INSERT INTO main.log VALUES(1); END;\n"
      "CREATE TRIGGER q2 AFTER INSERT ON t BEGIN UPDATE OR IGNORE main.log SET x = 1; END;\n"
      "CREATE TRIGGER q3 AFTER INSERT ON t BEGIN DELETE FROM main.log; END;\n"
      "CREATE TRIGGER q4 AFTER INSERT ON t BEGIN INSERT INTO log VALUES(1) RETURNING x; END;\n"
      "CREATE TRIGGER q5 AFTER INSERT ON t BEGIN INSERT INTO log DEFAULT VALUES; END;\n"
      "CREATE TRIGGER q6 AFTER INSERT ON t BEGIN UPDATE log SET x = 1 WHERE x = ?; END;\n"
      "CREATE TRIGGER q7 AFTER INSERT ON t WHEN new.a = :v BEGIN SELECT 1; END;\n"
      "CREATE TRIGGER ok1 AFTER INSERT ON t BEGIN INSERT INTO log SELECT count(*) FROM main.t; END;\n"
      "SELECT name FROM sqlite_master WHERE type = 'trigger';\n"
      "INSERT INTO t VALUES(1, 2);\n"
      "SELECT * FROM log;\n");
}

TEST_F(TriggerTest, TriggersPersistAcrossReopen) {
  Run("CREATE TABLE t(a); CREATE TABLE log(x);"
      "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES(new.a * 2); END;");
  Reopen();
  EXPECT_EQ(Run("INSERT INTO t VALUES(21); SELECT * FROM log;"), "42\n");
}

}  // namespace
}  // namespace s3lite::sqltest
