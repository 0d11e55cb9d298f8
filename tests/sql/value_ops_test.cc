// value_ops (arithmetic, CAST, affinity, truthiness, text rendering, LIKE,
// GLOB) checked against sqlite3 itself: every case is also run through the
// sqlite3 binary as quote(<expr>) and the two quoted results must agree.
#include "sql/function/value_ops.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "sql/function/numeric_text.h"
#include "tests/sql/difftest/expr_cases.h"

namespace s3lite {
namespace {

using namespace difftest;  // NOLINT

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

TEST(ValueOpsTest, ArithmeticMatchesSqlite) {
  std::vector<Value> operands = {I(0),       I(1),         I(-1),         I(7),         I(-7),
                                 I(3),       I(kMax),      I(kMin),       R(0.5),       R(-2.5),
                                 R(1e20),    R(0.0),       R(3.0),        T("12abc"),   T("abc"),
                                 T("1e3"),   T(" 12 "),    T("0x10"),     T("-4.5x"),   T(""),
                                 T("9223372036854775808"), B("12"),       N(),          T("1e"),
                                 T(".5"),    T("5."),      R(1e-7),       I(1000000007)};
  std::vector<BinaryOp> ops = {BinaryOp::kAdd,    BinaryOp::kSub,    BinaryOp::kMul,
                               BinaryOp::kDiv,    BinaryOp::kMod,    BinaryOp::kConcat,
                               BinaryOp::kBitAnd, BinaryOp::kBitOr, BinaryOp::kShl,
                               BinaryOp::kShr};
  std::vector<ExprCase> cases;
  for (BinaryOp op : ops) {
    for (const Value& a : operands) {
      for (const Value& b : operands) cases.push_back(Binary(op, a, b));
    }
  }
  ExpectSameAsSqlite(cases);
}

TEST(ValueOpsTest, ShiftsByLargeAndNegativeAmounts) {
  std::vector<ExprCase> cases;
  for (int64_t x : {int64_t{1}, int64_t{-1}, int64_t{5}, int64_t{-8}, kMax, kMin}) {
    for (int64_t n : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{63}, int64_t{64}, int64_t{-64},
                      int64_t{65}, int64_t{-100}, kMin, kMax}) {
      cases.push_back(Binary(BinaryOp::kShl, I(x), I(n)));
      cases.push_back(Binary(BinaryOp::kShr, I(x), I(n)));
    }
  }
  ExpectSameAsSqlite(cases);
}

TEST(ValueOpsTest, NegateAndBitNot) {
  std::vector<Value> values = {I(0),   I(5),      I(kMin),  I(kMax), R(-0.0), R(2.5),
                               T("x"), T("12ab"), T("1e3"), B("7"),  N()};
  std::vector<ExprCase> cases;
  for (const Value& v : values) {
    cases.push_back({"SELECT quote(-" + Lit(v) + ");", [v]() -> Result<Value> { return Negate(v); }});
    cases.push_back({"SELECT quote(~" + Lit(v) + ");", [v]() -> Result<Value> { return BitNot(v); }});
  }
  ExpectSameAsSqlite(cases);
}

TEST(ValueOpsTest, CastMatchesSqlite) {
  std::vector<Value> values = {
      I(0),           I(-42),        I(kMax),        I(kMin),         R(1.0),         R(-1.9),
      R(1e30),        R(-1e30),      R(0.1),         R(123456789.5),  R(1e15),        R(1e16),
      T("12abc"),     T("1e2"),      T(" 12 "),      T("-0"),         T("-0.0"),      T("1.5e3xyz"),
      T("abc"),       T(""),         T("  "),        T("0x10"),       T("1.0"),       T("+7"),
      T("9999999999999999999"),      T("-9223372036854775809"),       T("9223372036854775807"),
      T("1e400"),     T("-1e400"),   T("1e-400"),    T(".e5"),        T("5e"),        T("5e+"),
      T("1.5e"),      T("12345678901234567890123"),  T("0.000001234"), B("3.5"),       B(""),
      B(std::string("\x00\x01", 2)), N()};
  std::vector<std::string> types = {"INTEGER", "REAL", "TEXT", "BLOB", "NUMERIC", "INT", "FLOAT",
                                    "VARCHAR(10)", "DECIMAL(5,2)", "BOOLEAN", "WHATEVER"};
  std::vector<ExprCase> cases;
  for (const Value& v : values) {
    for (const std::string& t : types) cases.push_back(Cast(v, t));
  }
  ExpectSameAsSqlite(cases);
}

TEST(ValueOpsTest, ColumnAffinityMatchesSqlite) {
  std::vector<Value> values = {I(1),        I(kMax),     R(1.0),       R(1.5),       R(1e18),
                               R(1e19),     R(-0.0),     R(2.5e-3),    T("1e3"),     T(" 12 "),
                               T("0x10"),   T("1.5"),    T("1.0"),     T("abc"),     T("12abc"),
                               T(""),       T("-0"),     T("9223372036854775808"),   T(".5"),
                               T("5."),     B("12"),     N()};
  std::vector<std::string> types = {"INTEGER", "INT", "REAL", "DOUBLE", "FLOAT", "TEXT",
                                    "VARCHAR(20)", "CLOB", "BLOB", "NUMERIC", "BOOLEAN",
                                    "DATETIME", "CHARINT", "BLOBINT", "FLOATING POINT", "STRING"};
  std::vector<ExprCase> cases;
  for (const Value& v : values) {
    for (const std::string& t : types) cases.push_back(Store(v, t));
  }
  ExpectSameAsSqlite(cases);
}

TEST(ValueOpsTest, AffinityOfDeclaredTypes) {
  EXPECT_EQ(AffinityOfType("INTEGER"), Affinity::kInteger);
  EXPECT_EQ(AffinityOfType("BIGINT"), Affinity::kInteger);
  EXPECT_EQ(AffinityOfType("POINT"), Affinity::kInteger);  // "INT" anywhere
  EXPECT_EQ(AffinityOfType("varchar(255)"), Affinity::kText);
  EXPECT_EQ(AffinityOfType("CLOB"), Affinity::kText);
  EXPECT_EQ(AffinityOfType("BLOB"), Affinity::kNone);
  EXPECT_EQ(AffinityOfType(""), Affinity::kNone);
  EXPECT_EQ(AffinityOfType("REAL"), Affinity::kReal);
  EXPECT_EQ(AffinityOfType("DOUBLE PRECISION"), Affinity::kReal);
  EXPECT_EQ(AffinityOfType("FLOAT"), Affinity::kReal);
  EXPECT_EQ(AffinityOfType("NUMERIC"), Affinity::kNumeric);
  EXPECT_EQ(AffinityOfType("BOOLEAN"), Affinity::kNumeric);
  EXPECT_EQ(AffinityOfType("DATE"), Affinity::kNumeric);
  EXPECT_EQ(AffinityOfType("CHARINT"), Affinity::kInteger);
}

TEST(ValueOpsTest, TruthinessMatchesSqlite) {
  std::vector<Value> values = {I(0),    I(1),     I(-3),    R(0.0),  R(0.5),  R(-0.0), T("0"),
                               T("1"),  T("0.5"), T("abc"), T(""),   T("2x"), B("1"),  B("0"),
                               T(" 0.0e5 "),      N()};
  std::vector<ExprCase> cases;
  for (const Value& v : values) {
    std::string l = Lit(v);
    cases.push_back({"SELECT quote(CASE WHEN " + l + " THEN 1 WHEN NOT " + l + " THEN 0 ELSE -1 END);",
                     [v]() -> Result<Value> { return Value::Integer(Truthiness(v)); }});
  }
  ExpectSameAsSqlite(cases);
}

TEST(ValueOpsTest, RealRenderingMatchesSqlite) {
  std::vector<double> reals = {1e15,    1e16,   123456789012345678.0, 0.1 + 0.2, 1.5e-7, 100.0, 1e20,
                               1e-5,    1e-4,   0.0001234,            1.0 / 3,   2.0 / 3, 1e300,
                               -2.5e-300, 4.9e-324, 1.7976931348623157e308,      0.5,     123.456,
                               99999999999999.9, 999999999999999.9,  9.999999999999999e22, 1e21,
                               std::numeric_limits<double>::infinity(),
                               -std::numeric_limits<double>::infinity()};
  std::vector<ExprCase> cases;
  for (double d : reals) {
    // Builds the double in sqlite3 from an exact expression where needed.
    std::string expr = std::isinf(d) ? (d > 0 ? "1e999" : "-1e999") : QuoteValue(R(d));
    cases.push_back({"SELECT quote(CAST((" + expr + ") AS TEXT));",
                     [d]() -> Result<Value> { return Value::Text(RealToText(d)); }});
  }
  ExpectSameAsSqlite(cases);
  EXPECT_EQ(RealToText(1.0), "1.0");
  EXPECT_EQ(RealToText(0.1), "0.1");
  EXPECT_EQ(RealToText(1e20), "1.0e+20");
  EXPECT_EQ(RealToText(-0.0), "0.0");
  EXPECT_EQ(ValueToText(I(-42)), "-42");
  EXPECT_EQ(ValueToText(N()), "");
}

// Random numeric strings parsed by both (sqlite3AtoF) and printed back:
// exercises TextToReal and the %!.15g / %!.20e renderers on many doubles.
TEST(ValueOpsTest, RandomNumericTextRoundTripsLikeSqlite) {
  std::mt19937_64 rng(20240611);
  std::vector<ExprCase> cases;
  for (int i = 0; i < 1500; i++) {
    std::string s;
    if (rng() % 4 == 0) s += "-";
    int int_digits = static_cast<int>(rng() % 22);
    for (int k = 0; k < int_digits; k++) s += static_cast<char>('0' + rng() % 10);
    if (rng() % 2) {
      s += ".";
      int frac = static_cast<int>(rng() % 20);
      for (int k = 0; k < frac; k++) s += static_cast<char>('0' + rng() % 10);
    }
    if (rng() % 3 == 0) {
      s += (rng() % 2) ? "e" : "E-";
      s += std::to_string(rng() % 330);
    }
    if (s.empty() || s == "-") s += "7";
    cases.push_back(Cast(T(s), "REAL"));
    cases.push_back(Cast(T(s), "NUMERIC"));
    cases.push_back(Cast(T(s), "INTEGER"));
    cases.push_back(Store(T(s), "NUMERIC"));
  }
  ExpectSameAsSqlite(cases);
}

TEST(ValueOpsTest, LikeAndGlobMatchSqlite) {
  struct P {
    const char* pattern;
    const char* text;
  };
  std::vector<P> like = {{"abc", "ABC"},      {"a%", "abc"},     {"%c", "abc"},       {"a_c", "abc"},
                         {"a_c", "ac"},       {"%", ""},         {"_", ""},           {"%b%", "abc"},
                         {"%%%a", "bbba"},    {"a%b%c", "axxbyyc"}, {"a%b%c", "axxbyy"},
                         {"ä%", "äb"},        {"_b", "äb"},      {"Ä%", "äb"},        {"[a]%", "[a]x"},
                         {"%a%a%a%a%b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, {"", ""}, {"", "a"}};
  std::vector<ExprCase> cases;
  for (const P& p : like) {
    Value pat = T(p.pattern), text = T(p.text);
    cases.push_back({"SELECT quote(" + Lit(text) + " LIKE " + Lit(pat) + ");", [=]() -> Result<Value> {
                       return I(LikeMatch(pat.text(), text.text()) ? 1 : 0);
                     }});
  }
  std::vector<P> escaped = {{"a\\%", "a%"}, {"a\\%", "ab"}, {"a\\_c", "a_c"}, {"a\\_c", "abc"},
                            {"\\\\", "\\"}, {"ab\\", "ab"}, {"%\\%", "100%"}};
  for (const P& p : escaped) {
    Value pat = T(p.pattern), text = T(p.text);
    cases.push_back({"SELECT quote(" + Lit(text) + " LIKE " + Lit(pat) + " ESCAPE '\\');",
                     [=]() -> Result<Value> { return I(LikeMatch(pat.text(), text.text(), '\\') ? 1 : 0); }});
  }
  std::vector<P> glob = {{"abc", "abc"},   {"abc", "ABC"},   {"a*", "abc"},     {"*c", "abc"},
                         {"a?c", "abc"},   {"[a-c]x", "bx"}, {"[a-c]x", "dx"},  {"[^a-c]x", "dx"},
                         {"[]]", "]"},     {"[]a]", "a"},    {"[a-]", "-"},     {"[^]]", "]"},
                         {"[abc", "a"},    {"*[0-9]*", "ab5c"}, {"*.txt", "notes.txt"},
                         {"?", "ä"},       {"[ä]", "ä"},     {"[z-a]", "m"},    {"a*b*c", "aXbYc"}};
  for (const P& p : glob) {
    Value pat = T(p.pattern), text = T(p.text);
    cases.push_back({"SELECT quote(" + Lit(text) + " GLOB " + Lit(pat) + ");",
                     [=]() -> Result<Value> { return I(GlobMatch(pat.text(), text.text()) ? 1 : 0); }});
  }
  ExpectSameAsSqlite(cases);
}

TEST(ValueOpsTest, TextToNumberCodes) {
  double r;
  int64_t i;
  EXPECT_EQ(TextToReal("12", &r), 1);
  EXPECT_EQ(TextToReal(" 1.5 ", &r), 2);
  EXPECT_EQ(r, 1.5);
  EXPECT_EQ(TextToReal("1e3", &r), 2);
  EXPECT_EQ(TextToReal("1.5e3", &r), 3);
  EXPECT_EQ(TextToReal("12abc", &r), 0);
  EXPECT_EQ(r, 12.0);
  EXPECT_EQ(TextToReal("1.5abc", &r), -1);
  EXPECT_EQ(TextToReal("", &r), 0);
  EXPECT_EQ(TextToInt64("9223372036854775807", &i), 0);
  EXPECT_EQ(i, kMax);
  EXPECT_EQ(TextToInt64("9223372036854775808", &i), 3);
  EXPECT_EQ(TextToInt64("-9223372036854775808", &i), 0);
  EXPECT_EQ(i, kMin);
  EXPECT_EQ(TextToInt64("99999999999999999999", &i), 2);
  EXPECT_EQ(TextToInt64("12x", &i), 1);
  EXPECT_EQ(TextToInt64("x", &i), -1);
}

}  // namespace
}  // namespace s3lite
