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
using ExecutorTest_Base = ExecutorTest;

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

namespace s3lite::sqltest {
namespace {

const char* kSchema =
    "CREATE TABLE emp(id INTEGER PRIMARY KEY, name TEXT NOT NULL, dept INT, salary REAL, boss INT);\n"
    "CREATE TABLE dept(id INT PRIMARY KEY, dname TEXT UNIQUE);\n"
    "INSERT INTO dept VALUES(1,'eng'),(2,'ops'),(3,'empty');\n"
    "INSERT INTO emp VALUES(1,'ann',1,100.5,NULL),(2,'bob',1,80,1),(3,'cid',2,70,1),(4,'dan',NULL,NULL,2),"
    "(5,'eve',2,90,3),(6,'fay',1,80,1);\n";

class QueryTest : public ExecutorTest_Base {
 protected:
  void Check(const std::string& queries) {
    Run(kSchema);
    std::string mine = Run(queries);
    std::string theirs = Sqlite3(std::string(kSchema) + queries);
    EXPECT_EQ(mine, theirs) << queries;
  }
};

TEST_F(QueryTest, Joins) {
  Check("SELECT e.name, d.dname FROM emp e JOIN dept d ON e.dept = d.id ORDER BY e.id;\n"
        "SELECT e.name, d.dname FROM emp e LEFT JOIN dept d ON e.dept = d.id ORDER BY e.id;\n"
        "SELECT d.dname, e.name FROM dept d LEFT JOIN emp e ON e.dept = d.id ORDER BY d.id, e.id;\n"
        "SELECT a.name, b.name FROM emp a, emp b WHERE a.boss = b.id ORDER BY a.id;\n"
        "SELECT a.name, b.name FROM emp a CROSS JOIN emp b WHERE a.id < 3 AND b.id < 3 ORDER BY 1, 2;\n"
        "SELECT e.name, d.dname FROM emp e RIGHT JOIN dept d ON e.dept = d.id ORDER BY d.id, e.id;\n"
        "SELECT e.name, d.dname FROM emp e FULL JOIN dept d ON e.dept = d.id ORDER BY d.id, e.id;\n"
        "SELECT * FROM emp JOIN dept USING(id) ORDER BY id;\n"
        "SELECT * FROM emp NATURAL JOIN dept ORDER BY id;\n"
        "SELECT count(*) FROM emp a JOIN emp b ON a.salary = b.salary;\n");
}

TEST_F(QueryTest, Aggregates) {
  Check("SELECT dept, count(*), sum(salary), avg(salary), min(name), max(name) FROM emp GROUP BY dept;\n"
        "SELECT dept, count(*) c FROM emp GROUP BY dept HAVING c > 1 ORDER BY c DESC, dept;\n"
        "SELECT count(DISTINCT dept), count(dept), group_concat(name) FROM emp;\n"
        "SELECT name, max(salary) FROM emp;\n"
        "SELECT dept, name FROM emp GROUP BY dept ORDER BY dept;\n"
        "SELECT total(salary), sum(salary) FROM emp WHERE id > 99;\n"
        "SELECT count(*) FROM emp WHERE salary > (SELECT avg(salary) FROM emp);\n"
        "SELECT dept % 2, count(*) FROM emp GROUP BY 1;\n"
        "SELECT DISTINCT dept FROM emp ORDER BY dept DESC;\n");
}

// An integer under unary + and - is a column position in ORDER BY and
// GROUP BY (sqlite3ExprIsInteger); -1 is an out-of-range position.
TEST_F(QueryTest, SignedIntegerTermsArePositions) {
  Check("SELECT id, name FROM emp ORDER BY (+2), 1;\n"
        "SELECT id, name FROM emp ORDER BY - - 1 DESC;\n"
        "SELECT 5 UNION SELECT 3 ORDER BY - - 1;\n"
        "SELECT dept, count(*) FROM emp GROUP BY +1 ORDER BY 1;\n"
        "SELECT id FROM emp ORDER BY -1;\n"
        "SELECT id FROM emp GROUP BY - 1;\n");
}

// A column's NOCASE collation applies to DISTINCT, GROUP BY, count(DISTINCT)
// and compound operators; of equal rows a compound keeps the last (1 vs 1.0).
TEST_F(QueryTest, CollationInGroupingAndCompounds) {
  Check("CREATE TABLE c(x TEXT COLLATE NOCASE, y TEXT);\n"
        "INSERT INTO c VALUES('a','a'),('A','A'),('b','B'),('B','b'),(1,1),(NULL,NULL);\n"
        "SELECT count(DISTINCT x), count(DISTINCT y) FROM c;\n"
        "SELECT x, count(*) FROM c GROUP BY x;\n"
        "SELECT DISTINCT x FROM c;\n"
        "SELECT x FROM c UNION SELECT y FROM c;\n"
        "SELECT y FROM c UNION SELECT x FROM c;\n"
        "SELECT x FROM c INTERSECT SELECT 'B';\n"
        "SELECT x FROM c EXCEPT SELECT 'A';\n"
        "SELECT 1 UNION SELECT 1.0; SELECT 1.0 UNION SELECT 1; SELECT 3 EXCEPT SELECT 4 UNION SELECT 3.0;\n");
}

// ANALYZE and REINDEX do nothing, but the object they name must exist.
TEST_F(QueryTest, AnalyzeAndReindexNameExistingObjects) {
  Check("CREATE INDEX emp_dept ON emp(dept);\n"
        "REINDEX emp; REINDEX emp_dept; REINDEX main.emp; REINDEX nocase; REINDEX; ANALYZE; ANALYZE emp;\n"
        "REINDEX nothere;\n"
        "REINDEX main.nothere;\n"
        "ANALYZE nothere;\n"
        "SELECT count(*) FROM emp;\n");
}

TEST_F(QueryTest, Subqueries) {
  Check("SELECT name FROM emp WHERE dept IN (SELECT id FROM dept WHERE dname = 'eng') ORDER BY 1;\n"
        "SELECT name FROM emp WHERE dept NOT IN (SELECT id FROM dept WHERE id > 1) ORDER BY 1;\n"
        "SELECT name, (SELECT dname FROM dept WHERE dept.id = emp.dept) FROM emp ORDER BY id;\n"
        "SELECT name FROM emp e WHERE EXISTS (SELECT 1 FROM emp x WHERE x.boss = e.id) ORDER BY 1;\n"
        "SELECT name FROM emp e WHERE NOT EXISTS (SELECT 1 FROM emp x WHERE x.boss = e.id) ORDER BY 1;\n"
        "SELECT * FROM (SELECT dept, count(*) AS n FROM emp GROUP BY dept) WHERE n > 1;\n"
        "SELECT name FROM emp WHERE salary = (SELECT max(salary) FROM emp e2 WHERE e2.dept = emp.dept) ORDER BY 1;\n"
        "SELECT 1 IN (1,2), 3 IN (1,2), NULL IN (1), 1 IN (NULL, 2), 1 NOT IN (NULL), 2 IN ();\n");
}

TEST_F(QueryTest, Compound) {
  Check("SELECT id FROM emp UNION SELECT id FROM dept;\n"
        "SELECT dept FROM emp UNION ALL SELECT id FROM dept;\n"
        "SELECT dept FROM emp INTERSECT SELECT id FROM dept;\n"
        "SELECT id FROM dept EXCEPT SELECT dept FROM emp;\n"
        "SELECT name AS n FROM emp UNION SELECT dname FROM dept ORDER BY n DESC LIMIT 3;\n"
        "SELECT 2 UNION SELECT 1 UNION SELECT 2;\n"
        "VALUES(1,'a'),(2,'b');\n");
}

TEST_F(QueryTest, OrderLimit) {
  Check("SELECT name, salary FROM emp ORDER BY salary;\n"
        "SELECT name, salary FROM emp ORDER BY salary DESC, name;\n"
        "SELECT name, salary FROM emp ORDER BY salary DESC NULLS FIRST, name;\n"
        "SELECT name FROM emp ORDER BY id LIMIT 2 OFFSET 1;\n"
        "SELECT name FROM emp ORDER BY id LIMIT 1, 2;\n"
        "SELECT name FROM emp ORDER BY id LIMIT -1 OFFSET 4;\n"
        "SELECT name AS x FROM emp ORDER BY x;\n"
        "SELECT name FROM emp ORDER BY length(name) DESC, name LIMIT 2;\n");
}

TEST_F(QueryTest, Expressions) {
  Check("SELECT 1+2, 7/2, 7.0/2, 7%3, -7/2, 1/0, 'a'||'b', 1||2, 5 > 3, 'abc' < 'abd';\n"
        "SELECT CASE WHEN 1 THEN 'x' ELSE 'y' END, CASE 2 WHEN 1 THEN 'a' WHEN 2 THEN 'b' END, CASE 3 WHEN 1 THEN 1 END;\n"
        "SELECT CAST('12abc' AS INTEGER), CAST(3.7 AS INTEGER), CAST(5 AS TEXT) || 'x', CAST('1e3' AS REAL);\n"
        "SELECT 5 BETWEEN 1 AND 10, 5 NOT BETWEEN 6 AND 7, NULL BETWEEN 1 AND 2;\n"
        "SELECT NULL IS NULL, 1 IS NOT NULL, NULL = NULL, NULL IS NULL, 1 IS 1, NULL AND 0, NULL OR 1;\n"
        "SELECT 'abc' LIKE 'A%', 'abc' GLOB 'A*', 'a_c' LIKE 'a\\_c' ESCAPE '\\', 'abc' NOT LIKE '%b%';\n"
        "SELECT coalesce(NULL, 2), ifnull(NULL, 'x'), nullif(1, 1), typeof(1.5), typeof('x'), abs(-3), upper('a'), length('héllo');\n"
        "SELECT name FROM emp WHERE dept = '1' ORDER BY id;\n"
        "SELECT name FROM emp WHERE salary = 80 ORDER BY id;\n"
        "SELECT 9223372036854775807 + 1, -9223372036854775808, 2 * 4611686018427387904;\n"
        "SELECT round(2.5), round(1.2345, 2), substr('hello', 2, 3), trim('  x  '), min(3, 1, 2), max('a', 'b');\n"
        "SELECT 10 - 2 - 3, 2 * 3 + 4, 2 + 3 * 4, (2 + 3) * 4, -(-3), ~5, 6 & 3, 6 | 3, 1 << 4, 256 >> 2;\n");
}

TEST_F(QueryTest, Affinity) {
  Check("CREATE TABLE a(i INTEGER, r REAL, t TEXT, b BLOB, n NUMERIC);\n"
        "INSERT INTO a VALUES('5', '5', 5, 5, '5.0'), ('x', 1, 1.5, '7', '1e2'), (3.0, 2, NULL, NULL, 'abc');\n"
        "SELECT typeof(i), typeof(r), typeof(t), typeof(b), typeof(n), i, r, t, b, n FROM a;\n"
        "SELECT count(*) FROM a WHERE t = 5;\n"
        "SELECT count(*) FROM a WHERE t = '5';\n"
        "SELECT count(*) FROM a WHERE i = '5';\n"
        "SELECT count(*) FROM a WHERE b = 5;\n"
        "SELECT count(*) FROM a WHERE b = '7';\n"
        "SELECT i < 'a', t > 1 FROM a;\n");
}

TEST_F(QueryTest, Views) {
  Check("CREATE VIEW v AS SELECT name, salary * 2 AS s2 FROM emp WHERE dept = 1;\n"
        "SELECT * FROM v ORDER BY name;\n"
        "SELECT max(s2) FROM v;\n"
        "CREATE VIEW v2(a, b) AS SELECT id, name FROM emp;\n"
        "SELECT a, b FROM v2 WHERE a = 3;\n"
        "DROP VIEW v;\n"
        "SELECT * FROM v;\n");
}

}  // namespace
}  // namespace s3lite::sqltest

namespace s3lite::sqltest {
namespace {

TEST_F(ExecutorTest, ConstraintsAndConflicts) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(id INTEGER PRIMARY KEY, u TEXT UNIQUE, n INT NOT NULL DEFAULT 7, c INT CHECK (c > 0));\n"
      "INSERT INTO t(id, u, c) VALUES(1, 'a', 1);\n"
      "INSERT INTO t(id, u, c) VALUES(1, 'b', 1);\n"
      "INSERT INTO t(id, u, c) VALUES(2, 'a', 1);\n"
      "INSERT INTO t(id, u, n, c) VALUES(3, 'c', NULL, 1);\n"
      "INSERT INTO t(id, u, c) VALUES(4, 'd', 0);\n"
      "INSERT OR IGNORE INTO t(id, u, c) VALUES(1, 'z', 1), (5, 'e', 2);\n"
      "INSERT OR REPLACE INTO t(id, u, c) VALUES(6, 'a', 3);\n"
      "REPLACE INTO t(id, u, c) VALUES(5, 'f', 4);\n"
      "SELECT * FROM t ORDER BY id;\n"
      "UPDATE t SET u = 'f' WHERE id = 6;\n"
      "UPDATE t SET n = n + 1;\n"
      "UPDATE t SET id = id + 10 WHERE id = 5;\n"
      "SELECT * FROM t ORDER BY id;\n"
      "DELETE FROM t WHERE u = 'a';\n"
      "SELECT * FROM t ORDER BY id;\n"
      "INSERT INTO t VALUES('x', 'y', 1, 1);\n"
      "INSERT INTO t(u, c) VALUES('auto', 1);\n"
      "SELECT id, u FROM t ORDER BY id;\n"
      "CREATE TABLE p(a, b, PRIMARY KEY(a, b));\n"
      "INSERT INTO p VALUES(1, 2), (1, 3);\n"
      "INSERT INTO p VALUES(1, 2);\n"
      "SELECT * FROM p;\n");
}

TEST_F(ExecutorTest, TransactionsAndErrors) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a INTEGER PRIMARY KEY, b);\n"
      "BEGIN;\n"
      "INSERT INTO t VALUES(1, 'x');\n"
      "INSERT INTO t VALUES(2, 'y'), (1, 'dup');\n"
      "SELECT * FROM t;\n"
      "ROLLBACK;\n"
      "SELECT count(*) FROM t;\n"
      "BEGIN;\n"
      "INSERT INTO t VALUES(3, 'z');\n"
      "COMMIT;\n"
      "COMMIT;\n"
      "ROLLBACK;\n"
      "SELECT * FROM t;\n"
      "SELECT * FORM t;\n"
      "SELECT nosuch FROM t;\n"
      "SELECT * FROM nosuch;\n"
      "CREATE TABLE t(x);\n"
      "SELECT count(*) FROM t WHERE count(*) > 1;\n"
      "SELECT abs(1, 2);\n"
      "SELECT foo(1);\n"
      "SELECT a FROM t x, t y;\n"
      "INSERT INTO t VALUES(1);\n"
      "SELECT (SELECT a, b FROM t);\n"
      "SELECT 1 UNION SELECT 1, 2;\n"
      "SELECT a FROM t ORDER BY 5;\n"
      "SELECT abs(-9223372036854775808);\n"
      "DROP TABLE nosuch;\n"
      "DROP TABLE IF EXISTS nosuch;\n"
      "CREATE INDEX i ON nosuch(a);\n"
      "CREATE INDEX i ON t(nosuch);\n");
}

TEST_F(ExecutorTest, IndexesAndAlter) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a INT, b TEXT, c REAL);\n"
      "INSERT INTO t VALUES(1,'x',1.5),(2,'y',2.5),(3,'x',3.5),(NULL,'z',NULL),(2,'w',0);\n"
      "CREATE INDEX ia ON t(a);\n"
      "CREATE INDEX ibc ON t(b, c);\n"
      "SELECT * FROM t WHERE a = 2 ORDER BY b;\n"
      "SELECT * FROM t WHERE a > 1 ORDER BY rowid;\n"
      "SELECT * FROM t WHERE a BETWEEN 2 AND 3 ORDER BY rowid;\n"
      "SELECT * FROM t WHERE a IN (1, 3, 5) ORDER BY rowid;\n"
      "SELECT * FROM t WHERE b = 'x' AND c > 2;\n"
      "SELECT * FROM t WHERE a < 3 ORDER BY rowid;\n"
      "SELECT * FROM t WHERE a = '2' ORDER BY rowid;\n"
      "CREATE UNIQUE INDEX ub ON t(b);\n"
      "CREATE UNIQUE INDEX ua ON t(c);\n"
      "DROP INDEX ia;\n"
      "SELECT * FROM t WHERE a = 2 ORDER BY b;\n"
      "ALTER TABLE t ADD COLUMN d TEXT DEFAULT 'dd';\n"
      "SELECT * FROM t ORDER BY rowid;\n"
      "ALTER TABLE t RENAME TO t2;\n"
      "SELECT count(*) FROM t2 WHERE b = 'x';\n"
      "ALTER TABLE t2 RENAME COLUMN b TO bb;\n"
      "SELECT bb FROM t2 WHERE bb = 'x' AND c > 2;\n"
      "INSERT INTO t2(a, bb) VALUES (9, 'q');\n"
      "SELECT * FROM t2 WHERE a = 9;\n");
}

TEST_F(ExecutorTest, ColumnNames) {
  Run("CREATE TABLE t(A INTEGER, b text);");
  EXPECT_EQ(Columns("SELECT a, t.b, a+1, A  +  1 AS z, count(*), * FROM t"),
            (std::vector<std::string>{"A", "b", "a+1", "z", "count(*)", "A", "b"}));
  EXPECT_EQ(Columns("SELECT (a), 'x', 1.5 FROM t"), (std::vector<std::string>{"A", "'x'", "1.5"}));
}

TEST_F(ExecutorTest, ParametersAndReturning) {
  Run("CREATE TABLE t(a INTEGER PRIMARY KEY, b);");
  auto st = conn_->Prepare("INSERT INTO t(b) VALUES(?), (?2) RETURNING a, b", nullptr);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ((*st)->parameter_count(), 2);
  ASSERT_TRUE((*st)->Bind(1, Value::Text("x")).ok());
  ASSERT_TRUE((*st)->Bind(2, Value::Integer(7)).ok());
  std::string out;
  while (true) {
    auto r = (*st)->Step();
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    if (!*r) break;
    out += RenderValue((*st)->row()[0]) + "|" + RenderValue((*st)->row()[1]) + "\n";
  }
  EXPECT_EQ(out, "1|x\n2|7\n");
  EXPECT_EQ((*st)->changes(), 2);
  EXPECT_EQ(conn_->last_insert_rowid(), 2);
  EXPECT_EQ(Run("DELETE FROM t WHERE a = 1 RETURNING b;"), "x\n");
}

TEST_F(ExecutorTest, PersistsAcrossReopen) {
  Run("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT UNIQUE); INSERT INTO t VALUES(1,'x'),(2,'y');");
  Reopen();
  EXPECT_EQ(Run("SELECT * FROM t WHERE b = 'y'; INSERT INTO t VALUES(3, 'x');"),
            "2|y\nError: UNIQUE constraint failed: t.b\n");
}

// INSERT ... VALUES of literals skips the planner; the rows must come out as
// the planned path (and sqlite3) makes them: signs, affinity, column lists,
// count errors, conflicts within one statement, auto rowids after explicit ones.
TEST_F(ExecutorTest, InsertLiteralValues) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(id INT PRIMARY KEY, name TEXT, age INT, r REAL, b);\n"
      "INSERT INTO t VALUES(1,'a',-5,+2,'x'),(2,'12',' 7 ','3',X'00ff'),(3,3.0,1e2,-0.0,NULL);\n"
      "INSERT INTO t VALUES(-9223372036854775808,'min',- 1,-'4',+'z');\n"
      "INSERT INTO t(age, id) VALUES(40, 4),(41, 5);\n"
      "INSERT INTO t VALUES(6,'six');\n"
      "INSERT INTO t(id, name) VALUES(7,'a','b');\n"
      "INSERT INTO t VALUES(8,'x',1,2,3),(1,'dup',1,2,3);\n"
      "INSERT OR IGNORE INTO t VALUES(9,'i',1,1,1),(9,'j',2,2,2),(10,'k',3,3,3);\n"
      "INSERT OR REPLACE INTO t VALUES(11,'p',1,1,1),(11,'q',2,2,2),(1,'one',0,0,0);\n"
      "INSERT INTO t VALUES(12,'e',1+1,abs(-3),(SELECT max(id) FROM t));\n"
      "SELECT id, name, typeof(name), age, typeof(age), r, typeof(r), quote(b) FROM t ORDER BY id;\n"
      "CREATE TABLE u(k INTEGER PRIMARY KEY, v TEXT UNIQUE);\n"
      "INSERT INTO u(v) VALUES('a'),('b');\n"
      "INSERT INTO u VALUES(10,'c');\n"
      "INSERT INTO u(v) VALUES('d'),('e');\n"
      "INSERT INTO u(v) VALUES('f'),('a');\n"
      "INSERT OR IGNORE INTO u(v) VALUES('g'),('a'),('h');\n"
      "INSERT OR REPLACE INTO u(v) VALUES('b'),('i');\n"
      "SELECT * FROM u ORDER BY k;\n"
      "CREATE TABLE w(x INT, y INT, UNIQUE(x, y));\n"
      "INSERT INTO w VALUES(1,NULL),(1,NULL),(1,2);\n"
      "INSERT INTO w VALUES(2,2),(1,2);\n"
      "UPDATE w SET y = 2 WHERE y IS NULL;\n"
      "UPDATE OR REPLACE w SET y = 2 WHERE y IS NULL;\n"
      "SELECT rowid, * FROM w ORDER BY rowid;\n"
      "CREATE TABLE d(x INTEGER, y VARCHAR(8) DEFAULT 'dv', z INTEGER PRIMARY KEY);\n"
      "INSERT INTO d DEFAULT VALUES;\n"
      "INSERT INTO d DEFAULT VALUES;\n"
      "SELECT * FROM d;\n");
}

// WHERE/ON conditions are evaluated without building values (EvalTruth);
// three-valued logic, affinity of comparisons and NOCASE must not change.
TEST_F(ExecutorTest, ConditionShapes) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a INT, b TEXT, c REAL, d TEXT COLLATE NOCASE, e);\n"
      "INSERT INTO t VALUES(1,'1',1.0,'Ab',1),(2,'x',NULL,'ab','2'),(NULL,NULL,2.5,'AB',NULL),"
      "(10,'10',10,'b',X'01'),(3,'3 ',3,'c',3.0);\n"
      "SELECT a FROM t WHERE a = '1' OR b = 1 ORDER BY a;\n"
      "SELECT a FROM t WHERE b > 2 ORDER BY a;\n"
      "SELECT a FROM t WHERE b = a ORDER BY a;\n"
      "SELECT a FROM t WHERE e = '2' OR e = 3 ORDER BY a;\n"
      "SELECT a, d FROM t WHERE d = 'ab' ORDER BY a;\n"
      "SELECT a, d FROM t WHERE d > 'AB' ORDER BY a;\n"
      "SELECT a FROM t WHERE c IS NULL OR a IS NULL ORDER BY a;\n"
      "SELECT a FROM t WHERE c IS NOT 2.5 ORDER BY a;\n"
      "SELECT a FROM t WHERE NOT (a > 2) ORDER BY a;\n"
      "SELECT a FROM t WHERE NOT (c > 2 AND a < 5) ORDER BY a;\n"
      "SELECT a FROM t WHERE a NOT BETWEEN 2 AND c ORDER BY a;\n"
      "SELECT a FROM t WHERE a BETWEEN '2' AND '10' ORDER BY a;\n"
      "SELECT a, a > 2, a = c, c IS NULL, NOT a, a > 1 AND c < 3, a < 2 OR c > 9, b BETWEEN 1 AND '3'"
      " FROM t ORDER BY rowid;\n"
      "SELECT a + c, a * '2', b || a FROM t WHERE a + 0 > 1 ORDER BY rowid;\n"
      "SELECT count(*) FROM t x JOIN t y ON x.a = y.c WHERE x.b IS NOT NULL;\n"
      "SELECT a, count(*) FROM t GROUP BY a HAVING count(*) >= 1 AND a > 1 ORDER BY a;\n");
}

// Bare columns next to min()/max() follow sqlite3's skip flag: the last
// min()/max() step of a row decides; DISTINCT duplicates do not step; NULLs
// before any value load the row.
TEST_F(ExecutorTest, BareColumnsWithMinMax) {
  ExpectSameAsSqlite(
      "CREATE TABLE t(a,b); INSERT INTO t VALUES(1,10),(2,10),(3,20),(4,20),(5,10);\n"
      "SELECT a, min(DISTINCT b) FROM t;\n"
      "SELECT a, max(b), min(b) FROM t;\n"
      "SELECT a, min(b), max(b) FROM t;\n"
      "SELECT a, count(*) FROM t;\n"
      "SELECT a, max(b) FROM t;\n"
      "SELECT a, min(b) FROM t;\n"
      "SELECT a, max(DISTINCT b), count(*) FROM t;\n"
      "CREATE TABLE u(g, a, b);\n"
      "INSERT INTO u VALUES(1,1,NULL),(1,2,NULL),(2,3,NULL),(2,4,5),(2,5,NULL),(3,6,1),(3,7,1),(3,8,0);\n"
      "SELECT g, a, max(b) FROM u GROUP BY g;\n"
      "SELECT g, a, min(b) FROM u GROUP BY g;\n"
      "SELECT g, a, min(b), sum(b) FROM u GROUP BY g HAVING count(*) > 1;\n"
      "SELECT a, max(b) FROM u WHERE g < 2;\n"
      "SELECT a, max(b) FROM u WHERE 0;\n");
}

TEST_F(ExecutorTest, Completeness) {
  EXPECT_TRUE(IsCompleteStatement("SELECT 1;"));
  EXPECT_FALSE(IsCompleteStatement("SELECT 1"));
  EXPECT_FALSE(IsCompleteStatement("SELECT ';"));
  EXPECT_TRUE(IsCompleteStatement("SELECT ';'; -- x"));
  EXPECT_FALSE(IsCompleteStatement("CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1;"));
  EXPECT_TRUE(IsCompleteStatement("CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; END;"));
}

}  // namespace
}  // namespace s3lite::sqltest
