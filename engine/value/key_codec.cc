#include "engine/value/key_codec.h"

#include <cmath>
#include <cstring>

namespace s3lite {

namespace {

constexpr uint8_t kTagNull = 0x05;
constexpr uint8_t kTagNumber = 0x10;
constexpr uint8_t kTagText = 0x20;
constexpr uint8_t kTagBlob = 0x30;

void PutBigEndian64(uint64_t v, std::string* out) {
  char b[8];
  for (int i = 7; i >= 0; i--) {
    b[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  out->append(b, 8);
}

uint64_t GetBigEndian64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; i++) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

// Order-preserving bits of a double: flip all bits of negatives, only the
// sign bit of non-negatives. -0.0 is normalized to 0.0 by the caller.
uint64_t SortableDouble(double d) {
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  return (bits & (1ull << 63)) ? ~bits : bits | (1ull << 63);
}

double UnsortableDouble(uint64_t s) {
  uint64_t bits = (s & (1ull << 63)) ? s & ~(1ull << 63) : ~s;
  double d;
  std::memcpy(&d, &bits, 8);
  return d;
}

void EncodeNumber(double approx, int16_t remainder, std::string* out) {
  if (approx == 0.0) approx = 0.0;  // -0.0 -> 0.0
  out->push_back(static_cast<char>(kTagNumber));
  PutBigEndian64(SortableDouble(approx), out);
  uint16_t r = static_cast<uint16_t>(remainder) ^ 0x8000;
  out->push_back(static_cast<char>(r >> 8));
  out->push_back(static_cast<char>(r & 0xff));
}

void EncodeEscaped(uint8_t tag, const std::string& bytes, std::string* out) {
  out->push_back(static_cast<char>(tag));
  for (char c : bytes) {
    out->push_back(c);
    if (c == '\0') out->push_back(static_cast<char>(0xff));
  }
  out->push_back('\0');
  out->push_back('\0');
}

}  // namespace

void EncodeKey(const Value& v, std::string* out) {
  switch (v.type()) {
    case ValueType::kNull:
      out->push_back(static_cast<char>(kTagNull));
      return;
    case ValueType::kInteger: {
      int64_t i = v.integer();
      double d = static_cast<double>(i);
      // Remainder of the rounding, computed in 128 bits (d may be 2^63).
      __int128 rem = static_cast<__int128>(i) - static_cast<__int128>(d);
      EncodeNumber(d, static_cast<int16_t>(rem), out);
      return;
    }
    case ValueType::kReal:
      EncodeNumber(v.real(), 0, out);
      return;
    case ValueType::kText:
      EncodeEscaped(kTagText, v.text(), out);
      return;
    case ValueType::kBlob:
      EncodeEscaped(kTagBlob, v.blob(), out);
      return;
  }
}

std::string CollationKey(std::string_view text, Collation c) {
  std::string out(text);
  if (c == Collation::kNoCase) {
    for (char& ch : out) {
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    }
  } else if (c == Collation::kRtrim) {
    while (!out.empty() && out.back() == ' ') out.pop_back();
  }
  return out;
}

void EncodeKey(const Value& v, Collation c, std::string* out) {
  if (c == Collation::kBinary || !v.is_text()) {
    EncodeKey(v, out);
    return;
  }
  EncodeEscaped(kTagText, CollationKey(v.text(), c), out);
}

const char* CollationName(Collation c) {
  switch (c) {
    case Collation::kBinary: return "BINARY";
    case Collation::kNoCase: return "NOCASE";
    case Collation::kRtrim: return "RTRIM";
  }
  return "BINARY";
}

bool ParseCollation(std::string_view name, Collation* out) {
  auto eq = [&](std::string_view w) {
    if (name.size() != w.size()) return false;
    for (size_t i = 0; i < w.size(); i++) {
      char ch = name[i];
      if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
      if (ch != w[i]) return false;
    }
    return true;
  };
  for (Collation c : {Collation::kBinary, Collation::kNoCase, Collation::kRtrim}) {
    if (eq(CollationName(c))) {
      *out = c;
      return true;
    }
  }
  return false;
}

std::string EncodeKey(const Value& v) {
  std::string out;
  EncodeKey(v, &out);
  return out;
}

Status DecodeKey(std::string_view* in, Value* out) {
  if (in->empty()) return Status::Corruption("key: truncated value");
  uint8_t tag = static_cast<uint8_t>((*in)[0]);
  switch (tag) {
    case kTagNull:
      in->remove_prefix(1);
      *out = Value::Null();
      return Status::OK();
    case kTagNumber: {
      if (in->size() < 11) return Status::Corruption("key: truncated number");
      double d = UnsortableDouble(GetBigEndian64(in->data() + 1));
      uint16_t r = (static_cast<uint16_t>(static_cast<uint8_t>((*in)[9])) << 8) |
                   static_cast<uint8_t>((*in)[10]);
      int16_t rem = static_cast<int16_t>(r ^ 0x8000);
      in->remove_prefix(11);
      if (std::isnan(d)) return Status::Corruption("key: NaN number");
      // Integral values that fit int64 decode as INTEGER (see header).
      if (d >= -9223372036854775808.0 && d <= 9223372036854775808.0 && std::floor(d) == d) {
        __int128 i = static_cast<__int128>(d) + rem;
        if (i >= INT64_MIN && i <= INT64_MAX) {
          *out = Value::Integer(static_cast<int64_t>(i));
          return Status::OK();
        }
      }
      if (rem != 0) return Status::Corruption("key: remainder on a non-integral number");
      *out = Value::Real(d);
      return Status::OK();
    }
    case kTagText:
    case kTagBlob: {
      std::string bytes;
      size_t i = 1;
      for (;;) {
        if (i >= in->size()) return Status::Corruption("key: unterminated string");
        char c = (*in)[i];
        if (c != '\0') {
          bytes.push_back(c);
          i++;
          continue;
        }
        if (i + 1 >= in->size()) return Status::Corruption("key: unterminated string");
        uint8_t next = static_cast<uint8_t>((*in)[i + 1]);
        if (next == 0x00) {
          i += 2;
          break;
        }
        if (next != 0xff) return Status::Corruption("key: bad escape in string");
        bytes.push_back('\0');
        i += 2;
      }
      in->remove_prefix(i);
      *out = tag == kTagText ? Value::Text(std::move(bytes)) : Value::Blob(std::move(bytes));
      return Status::OK();
    }
    default:
      return Status::Corruption("key: unknown type tag " + std::to_string(tag));
  }
}

void EncodeRowid(int64_t rowid, std::string* out) {
  PutBigEndian64(static_cast<uint64_t>(rowid) ^ (1ull << 63), out);
}

std::string EncodeRowid(int64_t rowid) {
  std::string out;
  EncodeRowid(rowid, &out);
  return out;
}

Result<int64_t> DecodeRowid(std::string_view in) {
  if (in.size() < 8) return Status::Corruption("key: rowid needs 8 bytes, have " + std::to_string(in.size()));
  return static_cast<int64_t>(GetBigEndian64(in.data()) ^ (1ull << 63));
}

std::string PrefixSuccessor(std::string_view prefix) {
  std::string s(prefix);
  while (!s.empty()) {
    uint8_t last = static_cast<uint8_t>(s.back());
    if (last != 0xff) {
      s.back() = static_cast<char>(last + 1);
      return s;
    }
    s.pop_back();
  }
  return s;
}

}  // namespace s3lite
