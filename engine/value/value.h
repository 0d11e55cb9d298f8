// Value: one SQL value with SQLite's storage classes (NULL, INTEGER, REAL,
// TEXT, BLOB), and Row, a vector of them.
//
// CompareValues orders values the way SQLite's BINARY collation does:
// NULL < numbers (INTEGER and REAL compared by numeric value, exactly) < TEXT
// (memcmp of UTF-8 bytes, shorter prefix first) < BLOB (memcmp). The key codec
// (key_codec.h) produces byte strings whose memcmp order is this order.
//
// Thread-safety: a value type.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace s3lite {

enum class ValueType : uint8_t { kNull = 0, kInteger = 1, kReal = 2, kText = 3, kBlob = 4 };
const char* ValueTypeName(ValueType t);  // "null", "integer", "real", "text", "blob" (as typeof())

class Value {
 public:
  Value() = default;  // NULL
  static Value Null() { return Value(); }
  static Value Integer(int64_t v) { Value x; x.v_ = v; return x; }
  // NaN becomes NULL, as in SQLite.
  static Value Real(double v);
  static Value Text(std::string v) { Value x; x.v_ = TextRep{std::move(v)}; return x; }
  static Value Blob(std::string v) { Value x; x.v_ = BlobRep{std::move(v)}; return x; }

  // Set a value in place: cheaper than assigning a temporary Value (no
  // variant visit when the type does not change). AssignReal maps NaN to
  // NULL, as Real() does.
  void AssignNull() { v_ = std::monostate(); }
  void AssignInteger(int64_t v) { v_ = v; }
  void AssignReal(double v) {
    if (v != v) v_ = std::monostate();
    else v_ = v;
  }

  // Set TEXT / BLOB bytes in place: when this value already holds that type
  // its string is reused (no allocation if the bytes fit its capacity).
  void AssignText(std::string_view s) {
    if (auto* t = std::get_if<TextRep>(&v_)) {
      t->s.assign(s.data(), s.size());
    } else {
      v_.emplace<TextRep>(TextRep{std::string(s)});
    }
  }
  void AssignBlob(std::string_view s) {
    if (auto* b = std::get_if<BlobRep>(&v_)) {
      b->s.assign(s.data(), s.size());
    } else {
      v_.emplace<BlobRep>(BlobRep{std::string(s)});
    }
  }

  ValueType type() const { return static_cast<ValueType>(v_.index()); }
  bool is_null() const { return v_.index() == 0; }
  bool is_integer() const { return v_.index() == 1; }
  bool is_real() const { return v_.index() == 2; }
  bool is_numeric() const { return v_.index() == 1 || v_.index() == 2; }
  bool is_text() const { return v_.index() == 3; }
  bool is_blob() const { return v_.index() == 4; }

  // Accessors require the matching type.
  int64_t integer() const { return std::get<1>(v_); }
  double real() const { return std::get<2>(v_); }
  const std::string& text() const { return std::get<3>(v_).s; }
  const std::string& blob() const { return std::get<4>(v_).s; }
  // The bytes of a TEXT or BLOB value.
  const std::string& bytes() const { return is_text() ? text() : blob(); }

  // Numeric value of an INTEGER or REAL (others: 0).
  double AsDouble() const;

  bool operator==(const Value& o) const { return v_ == o.v_; }  // same type and bytes
  bool operator!=(const Value& o) const { return !(*this == o); }

  // Debug/diagnostic rendering: NULL, 42, 1.5, 'text', X'00ff'.
  std::string DebugString() const;

 private:
  struct TextRep { std::string s; bool operator==(const TextRep& o) const { return s == o.s; } };
  struct BlobRep { std::string s; bool operator==(const BlobRep& o) const { return s == o.s; } };
  std::variant<std::monostate, int64_t, double, TextRep, BlobRep> v_;
};

using Row = std::vector<Value>;

// <0, 0, >0 in SQLite BINARY-collation order (see the file comment).
int CompareValues(const Value& a, const Value& b);

// Exact comparison of an integer with a double (no rounding errors).
int CompareIntReal(int64_t i, double r);

}  // namespace s3lite
