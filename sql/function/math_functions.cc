// Numeric functions: abs, round, sign, and the SQLITE_ENABLE_MATH_FUNCTIONS
// set Debian's sqlite3 3.40 is built with (ceil, floor, trunc, exp, ln, log,
// log2, log10, pow, sqrt, trigonometry, mod, pi, degrees, radians).
// Arguments go through sqlite3_value_numeric_type first: TEXT that is not a
// number makes the math functions return NULL.
#include <cmath>
#include <cstdint>
#include <string>

#include "sql/function/builtin_functions.h"
#include "sql/function/numeric_text.h"

namespace s3lite {
namespace {

using Args = std::vector<Value>;

Result<Value> Abs(const Args& args) {
  const Value& v = args[0];
  if (v.is_null()) return Value::Null();
  if (v.is_integer()) {
    int64_t i = v.integer();
    if (i < 0) {
      if (i == INT64_MIN) return Status::InvalidArgument("integer overflow");
      i = -i;
    }
    return Value::Integer(i);
  }
  double r = ValueToDouble(v);
  return Value::Real(r < 0 ? -r : r);
}

Result<Value> Round(const Args& args) {
  int digits = 0;
  if (args.size() == 2) {
    if (args[1].is_null()) return Value::Null();
    digits = IntOf(args[1]);
    if (digits > 30) digits = 30;
    if (digits < 0) digits = 0;
  }
  if (args[0].is_null()) return Value::Null();
  double r = ValueToDouble(args[0]);
  if (r < -4503599627370496.0 || r > 4503599627370496.0) {
    // No fractional part: nothing to round.
  } else if (digits == 0) {
    r = static_cast<double>(static_cast<int64_t>(r + (r < 0 ? -0.5 : 0.5)));
  } else {
    // SQLite rounds by printing with %.Nf and reading the text back.
    FloatFormat f;
    f.conversion = 'f';
    f.precision = digits;
    TextToReal(FormatReal(r, f), &r);
  }
  return Value::Real(r);
}

// The argument as a number, or NULL if it is not numeric.
bool NumericArg(const Value& v, double* out) {
  Value n = NumericTypeOf(v);
  if (!n.is_integer() && !n.is_real()) return false;
  *out = n.is_integer() ? static_cast<double>(n.integer()) : n.real();
  return true;
}

Result<Value> Sign(const Args& args) {
  double x;
  if (!NumericArg(args[0], &x)) return Value::Null();
  return Value::Integer(x < 0.0 ? -1 : x > 0.0 ? 1 : 0);
}

// ceil/floor/trunc keep INTEGER arguments as they are.
Result<Value> Rounding(const Args& args, double (*fn)(double)) {
  Value n = NumericTypeOf(args[0]);
  if (n.is_integer()) return n;
  if (n.is_real()) return Value::Real(fn(n.real()));
  return Value::Null();
}

Result<Value> Math1(const Args& args, double (*fn)(double)) {
  double x;
  if (!NumericArg(args[0], &x)) return Value::Null();
  return Value::Real(fn(x));  // NaN (domain error) becomes NULL
}

Result<Value> Math2(const Args& args, double (*fn)(double, double)) {
  double x, y;
  if (!NumericArg(args[0], &x) || !NumericArg(args[1], &y)) return Value::Null();
  return Value::Real(fn(x, y));
}

constexpr double kLn10 = 2.302585092994045684017991454684364208;
constexpr double kLn2 = 0.693147180559945309417232121458176568;
constexpr double kPi = 3.141592653589793238462643383279502884;

// ln/log10/log2 are natural logs divided by a constant, as SQLite computes
// them (so log10(1000) is 2.9999999999999996, printed as 3.0).
Result<Value> Log(const Args& args, double divisor) {
  double x;
  if (!NumericArg(args[0], &x) || x <= 0.0) return Value::Null();
  if (args.size() == 2) {  // log(B, X)
    double base = std::log(x);
    if (base <= 0.0) return Value::Null();
    // SQLite 3.40 checks the numeric type of the first argument again here, so
    // X is read as sqlite3_value_double: log('1e3', '12abc') = log(12)/log(1000).
    x = ValueToDouble(args[1]);
    if (x <= 0.0) return Value::Null();
    return Value::Real(std::log(x) / base);
  }
  double ans = std::log(x);
  if (divisor != 1.0) ans /= divisor;
  return Value::Real(ans);
}

double Degrees(double r) { return r * (180.0 / kPi); }
double Radians(double d) { return d * (kPi / 180.0); }

}  // namespace

std::vector<ScalarFunction> MathScalarFunctions() {
  auto m1 = [](double (*fn)(double)) {
    return [fn](const Args& a) { return Math1(a, fn); };
  };
  auto m2 = [](double (*fn)(double, double)) {
    return [fn](const Args& a) { return Math2(a, fn); };
  };
  auto rounding = [](double (*fn)(double)) {
    return [fn](const Args& a) { return Rounding(a, fn); };
  };
  auto log = [](double divisor) {
    return [divisor](const Args& a) { return Log(a, divisor); };
  };
  using D1 = double (*)(double);
  using D2 = double (*)(double, double);
  return {
      {"abs", 1, 1, Abs},
      {"round", 1, 2, Round},
      {"sign", 1, 1, Sign},
      {"ceil", 1, 1, rounding(static_cast<D1>(std::ceil))},
      {"ceiling", 1, 1, rounding(static_cast<D1>(std::ceil))},
      {"floor", 1, 1, rounding(static_cast<D1>(std::floor))},
      {"trunc", 1, 1, rounding(static_cast<D1>(std::trunc))},
      {"ln", 1, 1, log(1.0)},
      {"log", 1, 1, log(kLn10)},
      {"log10", 1, 1, log(kLn10)},
      {"log2", 1, 1, log(kLn2)},
      {"log", 2, 2, log(1.0)},
      {"exp", 1, 1, m1(static_cast<D1>(std::exp))},
      {"pow", 2, 2, m2(static_cast<D2>(std::pow))},
      {"power", 2, 2, m2(static_cast<D2>(std::pow))},
      {"mod", 2, 2, m2(static_cast<D2>(std::fmod))},
      {"atan2", 2, 2, m2(static_cast<D2>(std::atan2))},
      {"sqrt", 1, 1, m1(static_cast<D1>(std::sqrt))},
      {"sin", 1, 1, m1(static_cast<D1>(std::sin))},
      {"cos", 1, 1, m1(static_cast<D1>(std::cos))},
      {"tan", 1, 1, m1(static_cast<D1>(std::tan))},
      {"asin", 1, 1, m1(static_cast<D1>(std::asin))},
      {"acos", 1, 1, m1(static_cast<D1>(std::acos))},
      {"atan", 1, 1, m1(static_cast<D1>(std::atan))},
      {"sinh", 1, 1, m1(static_cast<D1>(std::sinh))},
      {"cosh", 1, 1, m1(static_cast<D1>(std::cosh))},
      {"tanh", 1, 1, m1(static_cast<D1>(std::tanh))},
      {"asinh", 1, 1, m1(static_cast<D1>(std::asinh))},
      {"acosh", 1, 1, m1(static_cast<D1>(std::acosh))},
      {"atanh", 1, 1, m1(static_cast<D1>(std::atanh))},
      {"degrees", 1, 1, m1(Degrees)},
      {"radians", 1, 1, m1(Radians)},
      {"pi", 0, 0, [](const Args&) -> Result<Value> { return Value::Real(kPi); }},
  };
}

}  // namespace s3lite
