// The output formatters, compared byte for byte with Debian's sqlite3 3.40:
// the same values are produced by sqlite3 from SQL literals and rendered by
// our formatter in every mode.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "cli/common/output_mode.h"
#include "cli/common/result_formatter.h"
#include "cli/common/value_render.h"
#include "tests/cli/process_runner.h"

namespace s3lite {
namespace {

struct Cell {
  Value value;
  std::string sql;  // the literal sqlite3 evaluates to the same value
};

Cell Int(int64_t v) { return {Value::Integer(v), std::to_string(v)}; }
Cell Real(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  std::string lit = buf;
  if (std::isinf(v)) lit = v > 0 ? "1e999" : "-1e999";
  if (lit.find_first_of(".en") == std::string::npos) lit += ".0";
  return {Value::Real(v), lit};
}
// sqlite3's line reader drops a '\r' before '\n', so CRs are spelled char(13).
Cell Text(const std::string& s) {
  std::string lit = QuoteSqlString(s);
  size_t p;
  while ((p = lit.find('\r')) != std::string::npos) lit.replace(p, 1, "'||char(13)||'");
  return {Value::Text(s), "(" + lit + ")"};
}
Cell Blob(const std::string& s) { return {Value::Blob(s), HexBlobLiteral(s)}; }
Cell Null() { return {Value(), "NULL"}; }

// sqlite3 output for SELECT <row1> UNION ALL SELECT <row2> ... with `cmds`.
std::string Sqlite3(const std::vector<std::string>& columns, const std::vector<std::vector<Cell>>& rows,
                    const std::string& dot_cmds, const std::vector<std::string>& flags) {
  std::string sql;
  for (size_t r = 0; r < rows.size(); ++r) {
    sql += r == 0 ? "SELECT " : " UNION ALL SELECT ";
    for (size_t c = 0; c < rows[r].size(); ++c) {
      if (c > 0) sql += ", ";
      sql += rows[r][c].sql;
      if (r == 0) sql += " AS " + QuoteIdentifier(columns[c]);
    }
  }
  std::vector<std::string> argv = {"sqlite3"};
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.push_back(":memory:");
  return test::RunProcess(argv, dot_cmds + sql + ";\n").out;
}

std::string Ours(const std::vector<std::string>& columns, const std::vector<std::vector<Cell>>& rows,
                 const OutputSettings& s) {
  std::vector<Row> values;
  for (const auto& r : rows) {
    Row row;
    for (const auto& c : r) row.push_back(c.value);
    values.push_back(row);
  }
  return FormatResult(s, columns, values);
}

std::vector<std::vector<Cell>> SampleRows() {
  return {
      {Int(1), Text("x,y"), Null(), Real(0.1)},
      {Real(2.5), Text("he said \"hi\" it's"), Blob(std::string("\x01\x02", 2)), Real(1e20)},
      {Real(-3.0), Text("line\ntwo"), Real(100.0), Text("")},
      {Int(-9223372036854775807LL - 1), Text("tab\there\r\nCRLF"), Text("h\xc3\xa9llo w\xc3\xb6rld"), Real(1.0 / 3)},
      {Real(1e300), Text("  spaced "), Int(0), Real(-0.000123)},
      {Real(INFINITY), Text("<b>&amp;</b>"), Real(-INFINITY), Text("a\\b")},
  };
}

const std::vector<std::string> kColumns = {"a", "bee", "select", "d d"};

class FormatterVsSqlite3 : public ::testing::TestWithParam<const char*> {};

TEST_P(FormatterVsSqlite3, DotModeWithHeaders) {
  OutputMode mode;
  ASSERT_TRUE(ParseOutputMode(GetParam(), &mode));
  OutputSettings s;
  ApplyModeDefaults(mode, /*from_dot_command=*/true, &s);
  s.headers = true;
  s.null_value = "NULL!";
  std::string cmds = std::string(".mode ") + GetParam() + "\n.headers on\n.nullvalue NULL!\n";
  EXPECT_EQ(Ours(kColumns, SampleRows(), s), Sqlite3(kColumns, SampleRows(), cmds, {}));
}

TEST_P(FormatterVsSqlite3, FlagModeWithoutHeaders) {
  OutputMode mode;
  ASSERT_TRUE(ParseOutputMode(GetParam(), &mode));
  if (mode == OutputMode::kInsert) GTEST_SKIP() << "sqlite3 has no -insert flag";
  OutputSettings s;
  ApplyModeDefaults(mode, /*from_dot_command=*/false, &s);
  EXPECT_EQ(Ours(kColumns, SampleRows(), s),
            Sqlite3(kColumns, SampleRows(), "", {std::string("-") + GetParam()}));
}

INSTANTIATE_TEST_SUITE_P(AllModes, FormatterVsSqlite3,
                         ::testing::Values("list", "csv", "json", "line", "box", "table", "markdown",
                                           "column", "quote", "tabs", "insert", "html", "ascii"));

TEST(FormatterTest, ColumnarWrapAndWordWrapMatchSqlite3) {
  std::vector<std::vector<Cell>> rows = {
      {Text(std::string(77, 'a')), Text("the quick brown fox jumps over the lazy dog")},
      {Int(5), Text("short")}};
  std::vector<std::string> cols = {"a", "b"};
  for (const char* mode : {"box", "table", "column", "markdown"}) {
    for (bool ww : {false, true}) {
      OutputSettings s;
      OutputMode m;
      ASSERT_TRUE(ParseOutputMode(mode, &m));
      ApplyModeDefaults(m, true, &s);
      s.wrap = 10;
      s.word_wrap = ww;
      s.headers = true;
      std::string cmds = std::string(".mode ") + mode + " --wrap 10 --wordwrap " + (ww ? "on" : "off") + "\n";
      EXPECT_EQ(Ours(cols, rows, s), Sqlite3(cols, rows, cmds, {})) << mode << " ww=" << ww;
    }
  }
}

TEST(FormatterTest, EmptyResultPrintsNothing) {
  for (const char* mode : {"list", "json", "box", "csv"}) {
    OutputSettings s;
    OutputMode m;
    ASSERT_TRUE(ParseOutputMode(mode, &m));
    ApplyModeDefaults(m, true, &s);
    s.headers = true;
    EXPECT_EQ(FormatResult(s, {"a"}, {}), "") << mode;
  }
}

TEST(ValueRenderTest, Real20MatchesSqlite3ForRandomDoubles) {
  std::mt19937_64 rng(7);
  std::vector<std::vector<Cell>> rows;
  for (int i = 0; i < 300; ++i) {
    double d = std::ldexp(static_cast<double>(rng() >> 11), static_cast<int>(rng() % 200) - 100);
    if (i % 2) d = -d / 7;
    rows.push_back({Real(d)});
  }
  OutputSettings s;
  ApplyModeDefaults(OutputMode::kJson, true, &s);
  EXPECT_EQ(Ours({"r"}, rows, s), Sqlite3({"r"}, rows, "", {"-json"}));
}

TEST(ValueRenderTest, IdentifierQuoting) {
  EXPECT_EQ(QuoteIdentifierIfNeeded("abc_1"), "abc_1");
  EXPECT_EQ(QuoteIdentifierIfNeeded("select"), "\"select\"");
  EXPECT_EQ(QuoteIdentifierIfNeeded("Table"), "\"Table\"");
  EXPECT_EQ(QuoteIdentifierIfNeeded("1a"), "\"1a\"");
  EXPECT_EQ(QuoteIdentifierIfNeeded("a\"b"), "\"a\"\"b\"");
}

TEST(ValueRenderTest, EscapedStringUsesUnusedMarker) {
  EXPECT_EQ(QuoteSqlStringEscaped("a\nb"), "replace('a\\nb','\\n',char(10))");
  EXPECT_EQ(QuoteSqlStringEscaped("\\n\n"), "replace('\\n\\012','\\012',char(10))");
  EXPECT_EQ(QuoteSqlStringEscaped("it's"), "'it''s'");
}

}  // namespace
}  // namespace s3lite
