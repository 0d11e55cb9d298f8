// Value operations with SQLite 3.40 semantics; see value_ops.h.
//
// The model: a TEXT or BLOB operand of arithmetic is read as a number the way
// SQLite's numericType() does (integer if the numeric prefix is a plain
// integer that fits, real otherwise), and INTEGER op INTEGER falls back to
// REAL on overflow. Bit operations and '%' on reals read their operands as
// integers with sqlite3VdbeIntValue (text: integer prefix; real: truncation).
#include "sql/function/value_ops.h"

#include <cmath>
#include <limits>

#include "sql/function/builtin_functions.h"
#include "sql/function/numeric_text.h"

namespace s3lite {
namespace {

constexpr int64_t kMaxInt64 = std::numeric_limits<int64_t>::max();
constexpr int64_t kMinInt64 = std::numeric_limits<int64_t>::min();

// sqlite3VdbeIntValue.
int64_t IntValueOf(const Value& v) {
  switch (v.type()) {
    case ValueType::kInteger: return v.integer();
    case ValueType::kReal: return RealToInt64(v.real());
    case ValueType::kText:
    case ValueType::kBlob: {
      int64_t i = 0;
      TextToInt64(v.bytes(), &i);
      return i;
    }
    case ValueType::kNull: break;
  }
  return 0;
}

// sqlite3VdbeRealValue.
double RealValueOf(const Value& v) {
  switch (v.type()) {
    case ValueType::kInteger: return static_cast<double>(v.integer());
    case ValueType::kReal: return v.real();
    case ValueType::kText:
    case ValueType::kBlob: {
      double r = 0.0;
      TextToReal(v.bytes(), &r);
      return r;
    }
    case ValueType::kNull: break;
  }
  return 0.0;
}

// A REAL that holds an exact integer strictly inside the int64 range becomes
// INTEGER (sqlite3VdbeIntegerAffinity).
Value IntegerIfExact(double r) {
  int64_t i = RealToInt64(r);
  if (r == static_cast<double>(i) && i > kMinInt64 && i < kMaxInt64) return Value::Integer(i);
  return Value::Real(r);
}

// Text that is entirely a number becomes that number (applyNumericAffinity);
// anything else stays as it is.
Value NumericAffinityOfText(const Value& v, bool try_for_int) {
  const std::string& text = v.text();
  double r;
  int rc = TextToReal(text, &r);
  if (rc <= 0) return v;
  if (rc == 1) {
    int64_t i = RealToInt64(r);
    if (RealSameAsInt(r, i)) return Value::Integer(i);
    if (TextToInt64(text, &i) == 0) return Value::Integer(i);
  }
  return try_for_int ? IntegerIfExact(r) : Value::Real(r);
}

Value NumericCast(const Value& v) {
  if (!v.is_text() && !v.is_blob()) return v;
  const std::string& text = v.bytes();
  double r;
  int rc = TextToReal(text, &r);
  int64_t i = 0;
  if ((rc == 0 || rc == 1) && TextToInt64(text, &i) <= 1) return Value::Integer(i);
  if (std::isfinite(r) && r >= -9.2e18 && r <= 9.2e18) {
    i = static_cast<int64_t>(r);
    if (RealSameAsInt(r, i)) return Value::Integer(i);
  }
  return Value::Real(r);
}

Value NullValue() { return Value::Null(); }

}  // namespace

Affinity AffinityOfType(std::string_view declared_type) {
  if (declared_type.empty()) return Affinity::kNone;
  // SQLite scans the name once; "INT" anywhere wins outright, the others
  // apply only if nothing earlier in the name decided.
  Affinity a = Affinity::kNumeric;
  uint32_t window = 0;
  auto tag = [](char a0, char a1, char a2, char a3) {
    return (static_cast<uint32_t>(a0) << 24) | (static_cast<uint32_t>(a1) << 16) |
           (static_cast<uint32_t>(a2) << 8) | static_cast<uint32_t>(a3);
  };
  for (char c : declared_type) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    window = (window << 8) | static_cast<unsigned char>(c);
    if (window == tag('c', 'h', 'a', 'r') || window == tag('c', 'l', 'o', 'b') ||
        window == tag('t', 'e', 'x', 't')) {
      a = Affinity::kText;
    } else if (window == tag('b', 'l', 'o', 'b') &&
               (a == Affinity::kNumeric || a == Affinity::kReal)) {
      a = Affinity::kNone;
    } else if ((window == tag('r', 'e', 'a', 'l') || window == tag('f', 'l', 'o', 'a') ||
                window == tag('d', 'o', 'u', 'b')) &&
               a == Affinity::kNumeric) {
      a = Affinity::kReal;
    } else if ((window & 0x00FFFFFF) == ((uint32_t{'i'} << 16) | (uint32_t{'n'} << 8) | 't')) {
      return Affinity::kInteger;
    }
  }
  return a;
}

Value ApplyAffinity(const Value& v, Affinity a) {
  switch (a) {
    case Affinity::kNone:
      return v;
    case Affinity::kText:
      if (v.is_integer() || v.is_real()) return Value::Text(ValueToText(v));
      return v;
    case Affinity::kNumeric:
    case Affinity::kInteger:
      if (v.is_real()) return IntegerIfExact(v.real());
      if (v.is_text()) return NumericAffinityOfText(v, /*try_for_int=*/true);
      return v;
    case Affinity::kReal: {
      Value n = v;
      if (v.is_text()) n = NumericAffinityOfText(v, /*try_for_int=*/true);
      if (n.is_integer()) return Value::Real(static_cast<double>(n.integer()));
      return n;
    }
  }
  return v;
}

Value CastValue(const Value& v, std::string_view type_name) {
  if (v.is_null()) return v;
  Affinity a = type_name.empty() ? Affinity::kNumeric : AffinityOfType(type_name);
  switch (a) {
    case Affinity::kNone:
      if (v.is_blob()) return v;
      return Value::Blob(v.is_text() ? v.text() : ValueToText(v));
    case Affinity::kText:
      if (v.is_text()) return v;
      return Value::Text(v.is_blob() ? v.blob() : ValueToText(v));
    case Affinity::kNumeric:
      return NumericCast(v);
    case Affinity::kInteger:
      return Value::Integer(IntValueOf(v));
    case Affinity::kReal:
      return Value::Real(RealValueOf(v));
  }
  return v;
}

Value NumericTypeOf(const Value& v) {
  if (!v.is_text()) return v;
  return NumericAffinityOfText(v, /*try_for_int=*/false);
}

int64_t ValueToInt64(const Value& v) { return IntValueOf(v); }
double ValueToDouble(const Value& v) { return RealValueOf(v); }

Value ToNumeric(const Value& v) {
  switch (v.type()) {
    case ValueType::kNull:
    case ValueType::kInteger:
    case ValueType::kReal:
      return v;
    case ValueType::kText:
    case ValueType::kBlob:
      break;
  }
  // computeNumericType(): an integer prefix that fits stays INTEGER.
  const std::string& text = v.bytes();
  double r;
  int rc = TextToReal(text, &r);
  int64_t i;
  if (rc <= 0) {
    if (rc == 0 && TextToInt64(text, &i) <= 1) return Value::Integer(i);
    return Value::Real(r);
  }
  if (rc == 1 && TextToInt64(text, &i) == 0) return Value::Integer(i);
  return Value::Real(r);
}

Result<Value> ApplyBinary(BinaryOp op, const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return NullValue();
  switch (op) {
    case BinaryOp::kConcat: {
      std::string s = (a.is_text() || a.is_blob()) ? a.bytes() : ValueToText(a);
      s += (b.is_text() || b.is_blob()) ? b.bytes() : ValueToText(b);
      return Value::Text(std::move(s));
    }
    case BinaryOp::kBitAnd:
      return Value::Integer(IntValueOf(a) & IntValueOf(b));
    case BinaryOp::kBitOr:
      return Value::Integer(IntValueOf(a) | IntValueOf(b));
    case BinaryOp::kShl:
    case BinaryOp::kShr: {
      int64_t x = IntValueOf(a);
      int64_t n = IntValueOf(b);
      bool left = op == BinaryOp::kShl;
      if (n == 0) return Value::Integer(x);
      if (n < 0) {  // a negative shift goes the other way
        left = !left;
        n = n > -64 ? -n : 64;
      }
      if (n >= 64) return Value::Integer((x >= 0 || left) ? 0 : -1);
      uint64_t u = static_cast<uint64_t>(x);
      if (left) {
        u <<= n;
      } else {
        u >>= n;
        if (x < 0) u |= ~uint64_t{0} << (64 - n);
      }
      return Value::Integer(static_cast<int64_t>(u));
    }
    default:
      break;
  }

  Value na = ToNumeric(a);
  Value nb = ToNumeric(b);
  if (na.is_integer() && nb.is_integer()) {
    int64_t x = na.integer();
    int64_t y = nb.integer();
    int64_t r;
    switch (op) {
      case BinaryOp::kAdd:
        if (!__builtin_add_overflow(x, y, &r)) return Value::Integer(r);
        break;
      case BinaryOp::kSub:
        if (!__builtin_sub_overflow(x, y, &r)) return Value::Integer(r);
        break;
      case BinaryOp::kMul:
        if (!__builtin_mul_overflow(x, y, &r)) return Value::Integer(r);
        break;
      case BinaryOp::kDiv:
        if (y == 0) return NullValue();
        if (!(y == -1 && x == kMinInt64)) return Value::Integer(x / y);
        break;
      case BinaryOp::kMod:
        if (y == 0) return NullValue();
        if (y == -1) y = 1;
        return Value::Integer(x % y);
      default:
        break;
    }
    // Integer overflow: redo the operation in floating point.
  }
  double x = RealValueOf(a);
  double y = RealValueOf(b);
  double r = 0.0;
  switch (op) {
    case BinaryOp::kAdd: r = x + y; break;
    case BinaryOp::kSub: r = x - y; break;
    case BinaryOp::kMul: r = x * y; break;
    case BinaryOp::kDiv:
      if (y == 0.0) return NullValue();
      r = x / y;
      break;
    case BinaryOp::kMod: {
      int64_t ix = IntValueOf(a);
      int64_t iy = IntValueOf(b);
      if (iy == 0) return NullValue();
      if (iy == -1) iy = 1;
      r = static_cast<double>(ix % iy);
      break;
    }
    default:
      break;
  }
  return Value::Real(r);  // NaN becomes NULL
}

Value Negate(const Value& v) {
  // SQLite compiles -x as 0 - x.
  Result<Value> r = ApplyBinary(BinaryOp::kSub, Value::Integer(0), v);
  return r.ok() ? std::move(r).value() : Value::Null();
}

Value BitNot(const Value& v) {
  if (v.is_null()) return v;
  return Value::Integer(~IntValueOf(v));
}

int Truthiness(const Value& v) {
  switch (v.type()) {
    case ValueType::kNull: return -1;
    case ValueType::kInteger: return v.integer() != 0 ? 1 : 0;
    default: return RealValueOf(v) != 0.0 ? 1 : 0;
  }
}

std::string RealToText(double d) {
  FloatFormat format;
  format.conversion = 'g';
  format.precision = 15;
  format.alt2 = true;
  return FormatReal(d, format);
}

std::string ValueToText(const Value& v) {
  switch (v.type()) {
    case ValueType::kNull: return std::string();
    case ValueType::kInteger: return Int64ToText(v.integer());
    case ValueType::kReal: return RealToText(v.real());
    case ValueType::kText: return v.text();
    case ValueType::kBlob: return v.blob();
  }
  return std::string();
}

}  // namespace s3lite
