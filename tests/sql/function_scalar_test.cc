// Scalar built-ins checked against sqlite3: each call is also evaluated by
// the sqlite3 binary as quote(f(args)) and the quoted results must agree.
#include <gtest/gtest.h>

#include <limits>

#include "sql/function/function_registry.h"
#include "tests/sql/difftest/expr_cases.h"

namespace s3lite {
namespace {

using namespace difftest;  // NOLINT

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

// Calls `name` with every combination of the given argument lists.
void AddAll(std::vector<ExprCase>* cases, const std::string& name,
            const std::vector<std::vector<Value>>& choices) {
  std::vector<Value> args(choices.size());
  std::function<void(size_t)> rec = [&](size_t k) {
    if (k == choices.size()) {
      cases->push_back(Call(name, args));
      return;
    }
    for (const Value& v : choices[k]) {
      args[k] = v;
      rec(k + 1);
    }
  };
  rec(0);
}

const std::vector<Value>& Mixed() {
  static const std::vector<Value> v = {I(0),      I(-5),     I(42),   I(kMin),    I(kMax), R(2.5),
                                       R(-2.5),   R(0.1),    R(1e20), T("héllo"), T(""),   T("12abc"),
                                       T(" 3.5"), T("-0"),   B("ab"), B(""),      N()};
  return v;
}

TEST(FunctionScalarTest, NumericFunctions) {
  std::vector<ExprCase> c;
  for (const char* f : {"abs", "sign", "round", "typeof", "length", "hex", "quote", "ceil", "floor",
                        "trunc", "sqrt", "exp", "ln", "log", "log10", "log2", "sin", "acos",
                        "degrees", "radians", "unicode", "zeroblob", "lower", "upper"}) {
    AddAll(&c, f, {Mixed()});
  }
  AddAll(&c, "round", {{R(2.5), R(-2.5), R(1.005), R(2.675), R(123.456), R(-0.5), R(0.49999999999999994),
                        R(1e17), I(5), T("1.2345"), N(), R(9.995), R(1234567.891)},
                       {I(0), I(1), I(2), I(-1), I(3), I(40), N(), R(1.7)}});
  AddAll(&c, "pow", {{I(2), R(2.5), I(-8), T("x"), N()}, {I(3), R(0.5), I(-1), N()}});
  AddAll(&c, "mod", {{I(7), R(7.5), I(-7)}, {I(3), R(2.5), I(0)}});
  AddAll(&c, "log", {{I(2), I(10), R(0.5), I(1)}, {I(8), I(100), I(0)}});
  // sqlite3 reads log(B, X)'s X as a double whatever its type ("12abc" is 12).
  AddAll(&c, "log", {{T("1e3"), I(10), T("x")}, {T("12abc"), T("x"), B("8"), R(0.5)}});
  AddAll(&c, "atan2", {{I(1), I(-1)}, {I(1), I(0)}});
  c.push_back(Call("pi", {}));
  ExpectSameAsSqlite(c);
}

TEST(FunctionScalarTest, StringFunctions) {
  std::vector<ExprCase> c;
  std::vector<Value> texts = {T("hello"), T("héllo wörld"), T(""), I(12345), R(1.5), B("xyz"), B(""), N()};
  std::vector<Value> starts = {I(0), I(1), I(2), I(-1), I(-3), I(-10), I(10), R(2.7), T("2"), N()};
  std::vector<Value> counts = {I(0), I(1), I(3), I(-1), I(-2), I(100), N()};
  AddAll(&c, "substr", {texts, starts});
  AddAll(&c, "substr", {texts, starts, counts});
  AddAll(&c, "substring", {{T("abcdef")}, {I(2)}, {I(3)}});
  for (const char* f : {"trim", "ltrim", "rtrim"}) {
    AddAll(&c, f, {{T("  ab  "), T("xxabxx"), T(""), I(100), T("äaä"), N()}});
    AddAll(&c, f, {{T("  ab  "), T("xxabxyx"), T("100"), T("äaä"), N()}, {T("x"), T("xy"), T(""), T("ä"), I(0), N()}});
  }
  AddAll(&c, "replace", {{T("hello world"), T(""), I(1212), N()}, {T("o"), T("l"), T(""), I(2), N()},
                         {T("0"), T(""), T("ab"), N()}});
  AddAll(&c, "instr", {{T("hello"), T("héllo"), I(12345), B("abc"), T(""), N()},
                       {T("l"), T("lo"), T("é"), T(""), I(3), B("b"), T("z"), N()}});
  AddAll(&c, "char", {{I(72), I(233), I(0x1F600), I(-1), I(0x110000)}, {I(105), N()}});
  c.push_back(Call("char", {}));
  AddAll(&c, "unicode", {{T("é"), T("A"), T("😀x"), I(7)}});
  AddAll(&c, "soundex", {{T("Robert"), T("Rupert"), T("Tymczak"), T("Pfister"), T(""), T("123"),
                          T("Ashcraft"), N()}});
  AddAll(&c, "coalesce", {{N(), I(1)}, {N(), T("b")}, {N(), R(2.5)}});
  AddAll(&c, "ifnull", {{N(), I(1)}, {N(), T("b")}});
  AddAll(&c, "nullif", {{I(1), R(1.0), T("1"), N()}, {I(1), T("1"), N(), I(2)}});
  AddAll(&c, "iif", {{I(1), I(0), N(), T("x"), T("1")}, {T("yes")}, {T("no")}});
  AddAll(&c, "min", {{I(1), R(1.0), T("a"), B("a"), N()}, {I(1), R(1.0), T("A"), R(0.5)}});
  AddAll(&c, "max", {{I(1), R(1.0), T("a"), B("a"), N()}, {I(1), R(1.0), T("A"), R(0.5)}});
  AddAll(&c, "max", {{I(3)}, {I(9)}, {I(4), N()}});
  AddAll(&c, "like", {{T("a%"), T("A_"), T("%"), N()}, {T("abc"), T("ab"), T("Ab"), N()}});
  AddAll(&c, "like", {{T("a\\%"), T("a!_")}, {T("a%"), T("a_")}, {T("\\"), T("!"), T("ab"), N()}});
  AddAll(&c, "glob", {{T("a*"), T("[ab]?"), N()}, {T("abc"), T("ba"), N()}});
  // Blobs never match; operands end at a NUL byte.
  AddAll(&c, "like", {{T("a"), B("a"), T(std::string("a\0b", 3)), N()}, {T("a"), B("a"), T(std::string("a\0c", 3)), N()}});
  AddAll(&c, "glob", {{T("a"), B("a"), N()}, {T("a"), B("a"), T(std::string("a\0c", 3)), N()}});
  AddAll(&c, "likely", {{I(3), T("x"), N()}});
  AddAll(&c, "unlikely", {{I(3), T("x"), N()}});
  AddAll(&c, "hex", {{T("héllo"), B(std::string("\x00\xff", 2)), R(-1.5)}});
  AddAll(&c, "quote", {{T("it's"), B(std::string("\x01\xab", 2)), R(1e300), R(0.1), R(2.0 / 3), R(-1e-300)}});
  ExpectSameAsSqlite(c);
}

TEST(FunctionScalarTest, Printf) {
  std::vector<ExprCase> c;
  std::vector<std::string> formats = {
      "%d", "%5d", "%-5d|", "%05d", "%+d", "% d", "%,d", "%x", "%X", "%#x", "%o", "%#o", "%u",
      "%f", "%.2f", "%10.3f", "%-10.1f|", "%010.2f", "%e", "%.3e", "%E", "%g", "%.10g", "%G", "%#g",
      "%!.15g", "%!.20e", "%s", "%10s", "%-10s|", "%.2s", "%!.2s", "%q", "%Q", "%w", "%c", "%5c",
      "%.3c", "%%", "%r", "%z", "abc%", "%y", "%.*f", "%*d", "%-*d|", "%lld", "%ld", "[%5.1s]"};
  std::vector<Value> args = {I(42), I(-7), I(0), I(kMin), R(3.14159), R(-0.0005), R(1e20), R(123456.789),
                             T("héllo"), T("it's"), T("12abc"), N(), B("ab")};
  for (const std::string& f : formats) {
    for (const Value& a : args) {
      c.push_back(Call("printf", {T(f), a, I(3)}));
    }
  }
  c.push_back(Call("printf", {T("%s and %s and %d")}));
  c.push_back(Call("printf", {N(), I(1)}));
  c.push_back(Call("printf", {I(5)}));
  c.push_back(Call("format", {T("%s-%d-%.1f"), T("a"), I(2), R(3.25)}));
  // Text arguments and the format are C strings: they end at a NUL byte.
  for (const char* f : {"%s", "%Q", "%q", "%w", "%.1s"}) {
    c.push_back(Call("printf", {T(f), B(std::string("\0\xff\0", 3))}));
    c.push_back(Call("printf", {T(f), T(std::string("a\0b", 3))}));
  }
  c.push_back(Call("printf", {T(std::string("x%d\0%d", 6)), I(1), I(2)}));
  ExpectSameAsSqlite(c);
}

TEST(FunctionScalarTest, AbsOverflowIsAnError) {
  const ScalarFunction* abs = FindScalarFunction("ABS", 1);
  ASSERT_NE(abs, nullptr);
  Result<Value> r = abs->fn({I(kMin)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "integer overflow");
}

TEST(FunctionScalarTest, RandomFunctions) {
  const ScalarFunction* random = FindScalarFunction("random", 0);
  ASSERT_NE(random, nullptr);
  Result<Value> a = random->fn({});
  Result<Value> b = random->fn({});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(a->is_integer());
  EXPECT_NE(a->integer(), b->integer());
  const ScalarFunction* blob = FindScalarFunction("randomblob", 1);
  ASSERT_NE(blob, nullptr);
  Result<Value> r = blob->fn({I(16)});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->is_blob());
  EXPECT_EQ(r->blob().size(), 16u);
  EXPECT_EQ(blob->fn({I(-3)})->blob().size(), 1u);
}

TEST(FunctionScalarTest, RegistryLookup) {
  EXPECT_NE(FindScalarFunction("SubStr", 2), nullptr);
  EXPECT_NE(FindScalarFunction("substr", 3), nullptr);
  EXPECT_EQ(FindScalarFunction("substr", 1), nullptr);
  EXPECT_EQ(FindScalarFunction("substr", 4), nullptr);
  EXPECT_NE(FindScalarFunction("coalesce", 7), nullptr);
  EXPECT_EQ(FindScalarFunction("coalesce", 1), nullptr);
  EXPECT_EQ(FindScalarFunction("min", 1), nullptr);  // one-argument min is the aggregate
  EXPECT_NE(FindAggregateFunction("MIN", 1), nullptr);
  EXPECT_NE(FindAggregateFunction("count", 0), nullptr);
  EXPECT_NE(FindAggregateFunction("group_concat", 2), nullptr);
  EXPECT_EQ(FindAggregateFunction("group_concat", 3), nullptr);
  EXPECT_TRUE(IsKnownFunction("LENGTH"));
  EXPECT_TRUE(IsKnownFunction("total"));
  EXPECT_FALSE(IsKnownFunction("no_such_fn"));
}

}  // namespace
}  // namespace s3lite
