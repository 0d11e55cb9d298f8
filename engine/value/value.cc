#include "engine/value/value.h"

#include <cmath>
#include <cstdio>
#include <cstring>

namespace s3lite {

const char* ValueTypeName(ValueType t) {
  switch (t) {
    case ValueType::kNull: return "null";
    case ValueType::kInteger: return "integer";
    case ValueType::kReal: return "real";
    case ValueType::kText: return "text";
    case ValueType::kBlob: return "blob";
  }
  return "null";
}

Value Value::Real(double v) {
  if (std::isnan(v)) return Value();
  Value x;
  x.v_ = v;
  return x;
}

double Value::AsDouble() const {
  if (is_integer()) return static_cast<double>(integer());
  if (is_real()) return real();
  return 0.0;
}

std::string Value::DebugString() const {
  char buf[64];
  switch (type()) {
    case ValueType::kNull: return "NULL";
    case ValueType::kInteger:
      std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(integer()));
      return buf;
    case ValueType::kReal:
      std::snprintf(buf, sizeof buf, "%.17g", real());
      return buf;
    case ValueType::kText: return "'" + text() + "'";
    case ValueType::kBlob: {
      std::string out = "X'";
      static const char* hex = "0123456789abcdef";
      for (unsigned char c : blob()) {
        out += hex[c >> 4];
        out += hex[c & 15];
      }
      return out + "'";
    }
  }
  return "NULL";
}

int CompareIntReal(int64_t i, double r) {
  // Exact: compare in the domain where both are representable.
  if (r < -9223372036854775808.0) return 1;
  if (r >= 9223372036854775808.0) return -1;
  double fi = std::floor(r);
  int64_t ri = static_cast<int64_t>(fi);  // exact: |fi| < 2^63
  if (i < ri) return -1;
  if (i > ri) return 1;
  return fi < r ? -1 : 0;  // i == floor(r): equal only if r is integral
}

static int TypeClass(ValueType t) {
  switch (t) {
    case ValueType::kNull: return 0;
    case ValueType::kInteger:
    case ValueType::kReal: return 1;
    case ValueType::kText: return 2;
    case ValueType::kBlob: return 3;
  }
  return 0;
}

static int CompareBytes(const std::string& a, const std::string& b) {
  size_t n = a.size() < b.size() ? a.size() : b.size();
  int c = n ? std::memcmp(a.data(), b.data(), n) : 0;
  if (c != 0) return c < 0 ? -1 : 1;
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

int CompareValues(const Value& a, const Value& b) {
  int ca = TypeClass(a.type()), cb = TypeClass(b.type());
  if (ca != cb) return ca < cb ? -1 : 1;
  switch (ca) {
    case 0: return 0;
    case 1:
      if (a.is_integer() && b.is_integer()) {
        return a.integer() < b.integer() ? -1 : (a.integer() > b.integer() ? 1 : 0);
      }
      if (a.is_real() && b.is_real()) {
        return a.real() < b.real() ? -1 : (a.real() > b.real() ? 1 : 0);
      }
      if (a.is_integer()) return CompareIntReal(a.integer(), b.real());
      return -CompareIntReal(b.integer(), a.real());
    default: return CompareBytes(a.bytes(), b.bytes());
  }
}

}  // namespace s3lite
