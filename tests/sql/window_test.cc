// Window functions, checked against sqlite3 3.40 (the oracle runs each
// script in `sqlite3 :memory:`): every built-in window function, aggregates
// with OVER, PARTITION BY with NULLs and ties, ROWS/RANGE/GROUPS frames with
// every bound kind, EXCLUDE, named windows, FILTER (window and GROUP BY
// aggregates), windows over grouped rows, in ORDER BY, expressions,
// subqueries and views, the output order without ORDER BY, and the errors
// sqlite3 reports for misuse.
#include <random>

#include "tests/sql/slt/slt_runner.h"
#include "tests/sql/sql_test_util.h"

namespace s3lite::sqltest {
namespace {

class WindowTest : public SqlFixture {
 protected:
  void ExpectSameAsSqlite(const std::string& script) { EXPECT_EQ(Run(script), Sqlite3(script)) << script; }

  // A table with NULLs, ties, mixed types and two partition columns.
  static std::string Data() {
    return "CREATE TABLE t(id INTEGER PRIMARY KEY, g TEXT, h INT, a INT, r REAL, s TEXT);\n"
           "INSERT INTO t VALUES(1,'x',1,3,1.5,'c'),(2,'y',1,1,2.5,'a'),(3,'x',2,2,NULL,'b'),(4,'x',1,1,0.5,'d'),"
           "(5,'y',NULL,NULL,3.0,'e'),(6,'y',2,2,-1.0,NULL),(7,NULL,1,2,4.5,'f'),(8,'x',2,5,2.0,'g'),"
           "(9,NULL,NULL,5,NULL,'h'),(10,'y',1,-4,1.0,'a');\n";
  }
};

TEST_F(WindowTest, RankingFunctions) {
  ExpectSameAsSqlite(Data() +
                     "SELECT id, a, row_number() OVER (ORDER BY a), rank() OVER (ORDER BY a), "
                     "dense_rank() OVER (ORDER BY a), percent_rank() OVER (ORDER BY a), "
                     "cume_dist() OVER (ORDER BY a) FROM t ORDER BY id;\n"
                     "SELECT g, a, row_number() OVER (PARTITION BY g ORDER BY a DESC), "
                     "rank() OVER (PARTITION BY g ORDER BY a DESC), dense_rank() OVER (PARTITION BY g ORDER BY a DESC), "
                     "percent_rank() OVER (PARTITION BY g ORDER BY a DESC), "
                     "cume_dist() OVER (PARTITION BY g ORDER BY a DESC) FROM t;\n"
                     "SELECT id, rank() OVER (), dense_rank() OVER (), percent_rank() OVER (), cume_dist() OVER () "
                     "FROM t;\n"
                     "SELECT a, row_number() OVER (ORDER BY a NULLS LAST), rank() OVER (ORDER BY a DESC NULLS FIRST) "
                     "FROM t;\n"
                     "SELECT g, h, row_number() OVER (PARTITION BY g, h ORDER BY id) FROM t;\n");
}

TEST_F(WindowTest, NtileLagLead) {
  ExpectSameAsSqlite(Data() +
                     "SELECT id, ntile(1) OVER (ORDER BY id), ntile(3) OVER (ORDER BY id), "
                     "ntile(4) OVER (PARTITION BY g ORDER BY id), ntile(20) OVER (ORDER BY id), "
                     "ntile('2') OVER (ORDER BY id), ntile(2.7) OVER (ORDER BY id) FROM t;\n"
                     "SELECT id, lag(a) OVER (ORDER BY id), lead(a) OVER (ORDER BY id), "
                     "lag(a, 2) OVER (ORDER BY id), lead(a, 3, 'none') OVER (ORDER BY id), "
                     "lag(a, 0) OVER (ORDER BY id), lag(a, -1) OVER (ORDER BY id), lead(a, 1, id * 10) "
                     "OVER (PARTITION BY g ORDER BY id), lag(s, id % 3) OVER (ORDER BY id), "
                     "lag(a, NULL, 7) OVER (ORDER BY id), lag(a, 1.5, 7) OVER (ORDER BY id), "
                     "lag(a, '1') OVER (ORDER BY id) FROM t;\n"
                     "SELECT ntile(0) OVER () FROM t;\n"
                     "SELECT ntile(NULL) OVER () FROM t;\n"
                     "SELECT ntile(-1) OVER () FROM t WHERE 0;\n");
}

TEST_F(WindowTest, ValueFunctions) {
  ExpectSameAsSqlite(Data() +
                     "SELECT id, first_value(a) OVER w, last_value(a) OVER w, nth_value(a, 2) OVER w, "
                     "nth_value(s, 3) OVER w, nth_value(a, '1') OVER w, nth_value(a, 2.0) OVER w FROM t "
                     "WINDOW w AS (PARTITION BY g ORDER BY id);\n"
                     "SELECT id, first_value(s) OVER (ORDER BY a ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING), "
                     "last_value(s) OVER (ORDER BY a ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING), "
                     "nth_value(s, 5) OVER (ORDER BY a ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) "
                     "FROM t;\n"
                     "SELECT nth_value(a, 0) OVER () FROM t;\n"
                     "SELECT nth_value(a, 1.5) OVER () FROM t;\n"
                     "SELECT nth_value(a, NULL) OVER () FROM t;\n");
}

TEST_F(WindowTest, AggregatesDefaultFrame) {
  ExpectSameAsSqlite(Data() +
                     "SELECT id, a, count(*) OVER (ORDER BY a), count(a) OVER (ORDER BY a), sum(a) OVER (ORDER BY a), "
                     "total(a) OVER (ORDER BY a), avg(a) OVER (ORDER BY a), min(s) OVER (ORDER BY a), "
                     "max(s) OVER (ORDER BY a), group_concat(id) OVER (ORDER BY a), "
                     "group_concat(s, '-') OVER (ORDER BY a) FROM t;\n"
                     "SELECT g, sum(a) OVER (PARTITION BY g), avg(r) OVER (PARTITION BY g), count(*) OVER () FROM t;\n"
                     "SELECT g, s, sum(r) OVER (PARTITION BY g ORDER BY s), group_concat(s) OVER (PARTITION BY g "
                     "ORDER BY s DESC) FROM t;\n"
                     "SELECT sum(a) OVER (ORDER BY id) FROM t WHERE id > 100;\n"
                     "SELECT sum(9223372036854775807) OVER (ORDER BY id) FROM t WHERE id > 9;\n");
}

TEST_F(WindowTest, RowsFrames) {
  ExpectSameAsSqlite(Data() +
                     "SELECT id, sum(a) OVER (ORDER BY id ROWS 1 PRECEDING), "
                     "sum(a) OVER (ORDER BY id ROWS UNBOUNDED PRECEDING), "
                     "sum(a) OVER (ORDER BY id ROWS CURRENT ROW), "
                     "sum(a) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 1 PRECEDING), "
                     "sum(a) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND 2 FOLLOWING), "
                     "sum(a) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING), "
                     "sum(a) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 2 FOLLOWING), "
                     "sum(a) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), "
                     "group_concat(id) OVER (PARTITION BY g ORDER BY a ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING), "
                     "count(*) OVER (ROWS BETWEEN 100 PRECEDING AND 100 FOLLOWING), "
                     "count(*) OVER (ORDER BY id ROWS BETWEEN 9223372036854775807 PRECEDING AND CURRENT ROW), "
                     "avg(a) OVER (ORDER BY id ROWS BETWEEN '1' PRECEDING AND 1.0 FOLLOWING) FROM t;\n");
}

// Sliding count/sum/total/avg follow sqlite3's step/inverse order: a REAL
// that left the frame keeps sum() REAL, and cancellation (1e16) shows.
TEST_F(WindowTest, SlidingAggregatesAsSqlite) {
  ExpectSameAsSqlite(
      "CREATE TABLE f(id INTEGER PRIMARY KEY, v);\n"
      "INSERT INTO f VALUES(1,1),(2,2.5),(3,3),(4,'4'),(5,NULL),(6,1e16),(7,0.1),(8,-1e16),(9,0.45),(10,7);\n"
      "SELECT id, sum(v) OVER (ORDER BY id ROWS 1 PRECEDING), count(v) OVER (ORDER BY id ROWS 1 PRECEDING), "
      "avg(v) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING), "
      "total(v) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING), "
      "count(*) OVER (ORDER BY id ROWS BETWEEN 2 FOLLOWING AND 3 FOLLOWING), "
      "sum(v) OVER (ORDER BY id GROUPS BETWEEN 1 PRECEDING AND 1 PRECEDING), "
      "sum(v) OVER (ORDER BY id RANGE BETWEEN 2 PRECEDING AND 1 PRECEDING), "
      "sum(v) FILTER (WHERE id % 3 > 0) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING) FROM f;\n");
}

TEST_F(WindowTest, RangeAndGroupsFrames) {
  ExpectSameAsSqlite(Data() +
                     "SELECT id, a, group_concat(id) OVER (ORDER BY a RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING), "
                     "group_concat(id) OVER (ORDER BY a DESC RANGE BETWEEN 2 PRECEDING AND CURRENT ROW), "
                     "group_concat(id) OVER (ORDER BY a RANGE BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING), "
                     "group_concat(id) OVER (ORDER BY a RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING), "
                     "group_concat(id) OVER (ORDER BY a RANGE BETWEEN 1.5 FOLLOWING AND 3 FOLLOWING), "
                     "group_concat(id) OVER (ORDER BY a NULLS LAST RANGE BETWEEN 1 PRECEDING AND 0 FOLLOWING), "
                     "group_concat(id) OVER (ORDER BY r RANGE BETWEEN 0.5 PRECEDING AND 0.5 FOLLOWING) "
                     "FROM t ORDER BY id;\n"
                     "SELECT id, s, group_concat(id) OVER (ORDER BY s RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) "
                     "FROM t ORDER BY id;\n"
                     "SELECT id, a, group_concat(id) OVER (ORDER BY a GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING), "
                     "group_concat(id) OVER (ORDER BY a GROUPS 2 PRECEDING), "
                     "group_concat(id) OVER (ORDER BY a GROUPS BETWEEN CURRENT ROW AND 1 FOLLOWING), "
                     "group_concat(id) OVER (ORDER BY a GROUPS BETWEEN 2 FOLLOWING AND UNBOUNDED FOLLOWING), "
                     "count(*) OVER (GROUPS BETWEEN 1 PRECEDING AND 1 PRECEDING) FROM t ORDER BY id;\n"
                     "SELECT id, sum(a) OVER (ORDER BY h RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING), "
                     "sum(a) OVER (ORDER BY h, a), sum(a) OVER (ORDER BY h RANGE CURRENT ROW) FROM t ORDER BY id;\n");
}

TEST_F(WindowTest, Exclude) {
  for (const char* frame : {"ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING", "RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING",
                            "GROUPS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW",
                            "RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING"}) {
    std::string f = frame;
    ExpectSameAsSqlite(Data() + "SELECT id, a, group_concat(id) OVER (ORDER BY a " + f +
                       " EXCLUDE NO OTHERS), group_concat(id) OVER (ORDER BY a " + f +
                       " EXCLUDE CURRENT ROW), group_concat(id) OVER (ORDER BY a " + f +
                       " EXCLUDE GROUP), group_concat(id) OVER (ORDER BY a " + f +
                       " EXCLUDE TIES), first_value(id) OVER (ORDER BY a " + f +
                       " EXCLUDE CURRENT ROW), count(*) OVER (PARTITION BY g ORDER BY a " + f +
                       " EXCLUDE TIES) FROM t ORDER BY id;\nDROP TABLE t;\n");
  }
}

TEST_F(WindowTest, NamedWindows) {
  ExpectSameAsSqlite(Data() +
                     "SELECT id, sum(a) OVER w, row_number() OVER w, sum(a) OVER (w ORDER BY id), "
                     "sum(a) OVER (w ROWS CURRENT ROW), count(*) OVER v FROM t "
                     "WINDOW w AS (PARTITION BY g), v AS (w ORDER BY a ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) "
                     "ORDER BY id;\n"
                     "SELECT id, sum(a) OVER (w) FROM t WINDOW w AS (ORDER BY id);\n"
                     "SELECT sum(a) OVER w FROM t;\n"
                     "SELECT sum(a) OVER (w PARTITION BY h) FROM t WINDOW w AS (PARTITION BY g);\n"
                     "SELECT sum(a) OVER (w ORDER BY h) FROM t WINDOW w AS (ORDER BY g);\n"
                     "SELECT sum(a) OVER (w) FROM t WINDOW w AS (ROWS CURRENT ROW);\n"
                     "SELECT sum(a) OVER (w ORDER BY id) FROM t WINDOW w AS (ROWS CURRENT ROW);\n");
}

TEST_F(WindowTest, Filter) {
  ExpectSameAsSqlite(Data() +
                     "SELECT id, count(*) FILTER (WHERE a > 1) OVER (ORDER BY id), "
                     "sum(a) FILTER (WHERE g = 'x') OVER (PARTITION BY h), "
                     "group_concat(id) FILTER (WHERE id % 2 = 0) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 2 "
                     "FOLLOWING), max(a) FILTER (WHERE NULL) OVER () FROM t;\n"
                     "SELECT g, count(*) FILTER (WHERE a > 1), sum(a) FILTER (WHERE r > 1), count(*), "
                     "group_concat(s) FILTER (WHERE s < 'e') FROM t GROUP BY g;\n"
                     "SELECT count(DISTINCT a) FILTER (WHERE id > 3) FROM t;\n"
                     "SELECT row_number() FILTER (WHERE a > 1) OVER () FROM t;\n"
                     "SELECT abs(a) FILTER (WHERE 1) FROM t;\n");
}

TEST_F(WindowTest, WithGroupByDistinctLimitAndOrderBy) {
  ExpectSameAsSqlite(Data() +
                     "SELECT g, sum(a), sum(sum(a)) OVER (), rank() OVER (ORDER BY count(*) DESC), "
                     "row_number() OVER (ORDER BY g) FROM t GROUP BY g;\n"
                     "SELECT g, count(*) FROM t GROUP BY g HAVING count(*) > 2 ORDER BY row_number() OVER (ORDER BY "
                     "g DESC);\n"
                     "SELECT DISTINCT g, count(*) OVER (PARTITION BY g) FROM t;\n"
                     "SELECT id, row_number() OVER (ORDER BY a DESC) * 2 + 1 AS x FROM t ORDER BY x LIMIT 4 OFFSET 1;\n"
                     "SELECT id FROM t ORDER BY rank() OVER (ORDER BY s), id DESC;\n"
                     "SELECT id, row_number() OVER (ORDER BY id DESC) FROM t LIMIT 3;\n"
                     "SELECT * FROM (SELECT id, rank() OVER (PARTITION BY g ORDER BY a) AS rk FROM t) WHERE rk = 1 "
                     "ORDER BY id;\n"
                     "CREATE VIEW v AS SELECT id, g, sum(a) OVER (PARTITION BY g ORDER BY id) AS running FROM t;\n"
                     "SELECT * FROM v WHERE running > 2 ORDER BY id;\n"
                     "SELECT id, (SELECT count(*) OVER () FROM t AS u WHERE u.g = t.g LIMIT 1) FROM t ORDER BY id;\n"
                     "SELECT x, row_number() OVER (ORDER BY x) FROM (SELECT 3 AS x UNION ALL SELECT 1 UNION ALL "
                     "SELECT 2);\n"
                     "SELECT row_number() OVER () UNION ALL SELECT rank() OVER ();\n");
}

TEST_F(WindowTest, OutputOrderWithoutOrderBy) {
  ExpectSameAsSqlite(Data() +
                     "SELECT id, g, a, row_number() OVER (PARTITION BY g ORDER BY a) FROM t;\n"
                     "SELECT id, row_number() OVER (ORDER BY a), rank() OVER (PARTITION BY g) FROM t;\n"
                     "SELECT id, rank() OVER (PARTITION BY g), row_number() OVER (ORDER BY a) FROM t;\n"
                     "SELECT id, a, h, sum(a) OVER (ORDER BY h), sum(a) OVER (ORDER BY a), count(*) OVER (ORDER BY h) "
                     "FROM t;\n"
                     "SELECT id, s COLLATE NOCASE, row_number() OVER (ORDER BY s COLLATE NOCASE DESC) FROM t;\n");
}

TEST_F(WindowTest, Errors) {
  for (const char* bad : {
           "SELECT row_number() FROM t;",
           "SELECT lag(a) FROM t;",
           "SELECT id FROM t WHERE row_number() OVER () > 1;",
           "SELECT g FROM t GROUP BY row_number() OVER ();",
           "SELECT g FROM t GROUP BY g HAVING row_number() OVER () > 1;",
           "SELECT sum(row_number() OVER ()) FROM t;",
           "SELECT row_number() OVER (PARTITION BY row_number() OVER ()) FROM t;",
           "SELECT abs(a) OVER () FROM t;",
           "SELECT nosuch(a) OVER () FROM t;",
           "SELECT count(DISTINCT a) OVER () FROM t;",
           "SELECT lag(a, 1, 2, 3) OVER () FROM t;",
           "SELECT row_number(1) OVER () FROM t;",
           "SELECT sum(a) OVER (RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t;",
           "SELECT sum(a) OVER (ORDER BY a, id RANGE 1 PRECEDING) FROM t;",
           "SELECT sum(a) OVER (ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM t;",
           "SELECT sum(a) OVER (ROWS BETWEEN 1 FOLLOWING AND CURRENT ROW) FROM t;",
           "SELECT sum(a) OVER (ROWS 1 FOLLOWING) FROM t;",
           "SELECT sum(a) OVER (ROWS BETWEEN -1 PRECEDING AND CURRENT ROW) FROM t;",
           "SELECT sum(a) OVER (ROWS BETWEEN 1.5 PRECEDING AND CURRENT ROW) FROM t;",
           "SELECT sum(a) OVER (ROWS BETWEEN CURRENT ROW AND -1 FOLLOWING) FROM t;",
           "SELECT sum(a) OVER (ROWS BETWEEN a PRECEDING AND CURRENT ROW) FROM t;",
           "SELECT sum(a) OVER (GROUPS BETWEEN 0.5 PRECEDING AND CURRENT ROW) FROM t;",
           "SELECT sum(a) OVER (ORDER BY a RANGE BETWEEN -1 PRECEDING AND CURRENT ROW) FROM t;",
           "SELECT sum(a) OVER (ORDER BY a RANGE BETWEEN 'x' PRECEDING AND CURRENT ROW) FROM t;",
           "SELECT sum(a) OVER (ORDER BY a RANGE BETWEEN 1 PRECEDING AND NULL FOLLOWING) FROM t;",
           "SELECT sum(a) OVER (ROWS BETWEEN UNBOUNDED FOLLOWING AND CURRENT ROW) FROM t;",
           "SELECT sum(a) OVER (ROWS BETWEEN CURRENT ROW AND UNBOUNDED PRECEDING) FROM t;",
           "SELECT sum(a) OVER (ORDER BY a EXCLUDE GROUP) FROM t;",
           "UPDATE t SET a = row_number() OVER ();",
           "SELECT id, row_number() OVER (ORDER BY a) AS r FROM t WHERE r > 1;",
           "SELECT g, rank() OVER (ORDER BY g) + 1 AS r FROM t GROUP BY r;",
           "SELECT id FROM t WINDOW w AS (ORDER BY a), w2 AS (w ORDER BY g);",
           "SELECT id FROM t WINDOW w AS (ORDER BY a), w2 AS (x);",
           "SELECT id FROM t WINDOW w AS (ROWS CURRENT ROW), w2 AS (w);",
           "SELECT id FROM t WINDOW w AS (PARTITION BY g), w2 AS (w PARTITION BY a);",
           "SELECT id FROM t WINDOW w AS (ORDER BY a), w2 AS (w), w3 AS (w2 ORDER BY g);",
           "SELECT id FROM t WINDOW w AS (ORDER BY nosuch), v AS (nosuch) LIMIT 1;",
           "SELECT id FROM t WINDOW w2 AS (w), w AS (ORDER BY a) LIMIT 1;",
       }) {
    ExpectSameAsSqlite(Data() + bad + "\nSELECT count(*) FROM t;\nDROP TABLE t;\n");
  }
}

// Random window queries (functions, PARTITION BY, ORDER BY with NULLS and
// DESC, every frame kind and bound, EXCLUDE, FILTER, several windows per
// query, with and without an outer ORDER BY) on random data with NULLs and
// ties: the same rows in the same order as sqlite3.
TEST_F(WindowTest, RandomQueriesMatchSqlite) {
  std::mt19937 rng(20261121);
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  auto chance = [&](int percent) { return static_cast<int>(rng() % 100) < percent; };
  const std::vector<std::string> fns = {
      "row_number()", "rank()", "dense_rank()", "percent_rank()", "cume_dist()", "ntile(3)", "lag(a)",
      "lead(b, 2, 'z')", "first_value(c)", "last_value(a)", "nth_value(b, 2)", "count(*)", "count(a)", "sum(a)",
      "total(c)", "avg(a)", "min(b)", "max(c)", "group_concat(id)", "sum(a) FILTER (WHERE c > 1)",
      "count(*) FILTER (WHERE b < 'm')"};
  const std::vector<std::string> cols = {"a", "b", "c", "g", "id"};
  auto bound = [&](bool start) -> std::string {
    switch (rng() % 4) {
      case 0: return start ? "UNBOUNDED PRECEDING" : "UNBOUNDED FOLLOWING";
      case 1: return "CURRENT ROW";
      case 2: return std::to_string(rng() % 4) + " PRECEDING";
      default: return std::to_string(rng() % 4) + " FOLLOWING";
    }
  };
  auto ends_with = [](const std::string& s, const std::string& t) {
    return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
  };
  auto window = [&]() {
    std::string w;
    if (chance(50)) w += "PARTITION BY " + pick({"g", "a % 2", "b IS NULL"}) + " ";
    int n = static_cast<int>(rng() % 4);
    n = n == 3 ? 2 : n;
    std::string first_key;
    for (int i = 0; i < n; i++) {
      std::string key = pick(cols);
      if (i == 0) first_key = key;
      w += std::string(i == 0 ? "ORDER BY " : ", ") + key + pick({"", " DESC", " ASC", " NULLS LAST", " DESC NULLS FIRST"});
    }
    if (chance(60)) {
      std::string unit = pick({"ROWS", "RANGE", "GROUPS"});
      std::string s, e;
      do {
        s = bound(true);
        e = bound(false);
      } while ((s == "CURRENT ROW" && ends_with(e, "PRECEDING")) ||
               (ends_with(s, "FOLLOWING") && (ends_with(e, "PRECEDING") || e == "CURRENT ROW")));
      bool offset = isdigit(static_cast<unsigned char>(s[0])) || isdigit(static_cast<unsigned char>(e[0]));
      if (unit == "RANGE" && offset && (n != 1 || first_key == "b" || first_key == "g")) unit = "ROWS";
      w += " " + unit + " BETWEEN " + s + " AND " + e;
      if (chance(30)) w += " EXCLUDE " + pick({"CURRENT ROW", "GROUP", "TIES", "NO OTHERS"});
    }
    return w;
  };
  std::string script = "CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT, c REAL, g TEXT);\nINSERT INTO t VALUES";
  for (int i = 1; i <= 40; i++) {
    std::string a = chance(20) ? "NULL" : std::to_string(static_cast<int>(rng() % 10) - 3);
    std::string b = chance(20) ? "NULL" : "'" + std::string(1, "abcdmnxyz"[rng() % 9]) + "'";
    std::string c = chance(20) ? "NULL" : std::to_string((static_cast<int>(rng() % 11) - 2) * 0.5);
    std::string g = pick({"NULL", "'p'", "'q'", "'r'"});
    script += std::string(i > 1 ? "," : "") + "(" + std::to_string(i) + "," + a + "," + b + "," + c + "," + g + ")";
  }
  script += ";\n";
  for (int q = 0; q < 200; q++) {
    std::string sel;
    int k = 1 + static_cast<int>(rng() % 3);
    for (int i = 0; i < k; i++) sel += ", " + pick(fns) + " OVER (" + window() + ")";
    script += "SELECT id" + sel + " FROM t" + (chance(70) ? " ORDER BY id" : "") + ";\n";
  }
  ExpectSameAsSqlite(script);
}

// tests/sql/slt/window.test (expected values from sqlite3 via slt_oracle.py).
TEST(WindowSltTest, FilePasses) {
  auto r = slt::RunFile(std::string(S3LITE_SOURCE_DIR) + "/tests/sql/slt/window.test", slt::RunOptions{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  for (const auto& f : r->failures) {
    ADD_FAILURE() << "line " << f.line << ": " << f.sql << "\nexpected " << f.expected << "\nactual   " << f.actual;
  }
  EXPECT_EQ(r->failed, 0);
  EXPECT_GE(r->records, 12);
}

}  // namespace
}  // namespace s3lite::sqltest
