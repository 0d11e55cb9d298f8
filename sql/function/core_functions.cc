// Core scalar functions: NULL handling (coalesce, ifnull, nullif, iif),
// typeof, scalar min/max, quote/hex, random/randomblob/zeroblob, printf,
// like/glob, likely/unlikely/likelihood. SQLite 3.40 semantics.
#include <random>
#include <mutex>

#include "sql/function/builtin_functions.h"
#include "sql/function/numeric_text.h"
#include "sql/function/utf8.h"

namespace s3lite {
namespace {

using Args = std::vector<Value>;

Result<Value> Coalesce(const Args& args) {
  for (const Value& v : args) {
    if (!v.is_null()) return v;
  }
  return Value::Null();
}

Result<Value> NullIf(const Args& args) {
  if (CompareValues(args[0], args[1]) != 0) return args[0];
  return Value::Null();
}

Result<Value> Iif(const Args& args) { return Truthiness(args[0]) == 1 ? args[1] : args[2]; }

Result<Value> TypeOf(const Args& args) { return Value::Text(ValueTypeName(args[0].type())); }

// Multi-argument min()/max(): NULL if any argument is NULL. Among equal
// values min() keeps the last and max() the first, as SQLite does.
Result<Value> ScalarMinMax(const Args& args, bool is_max) {
  size_t best = 0;
  if (args[0].is_null()) return Value::Null();
  for (size_t i = 1; i < args.size(); i++) {
    if (args[i].is_null()) return Value::Null();
    int cmp = CompareValues(args[best], args[i]);
    if (is_max ? cmp < 0 : cmp >= 0) best = i;
  }
  return args[best];
}

std::string HexOf(const std::string& bytes) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xF]);
  }
  return out;
}

Result<Value> Hex(const Args& args) { return Value::Text(HexOf(TextOf(args[0]))); }

Result<Value> Quote(const Args& args) { return Value::Text(QuoteValue(args[0])); }

// One process-wide generator, seeded from the OS.
int64_t RandomInt64() {
  static std::mutex mu;
  static std::mt19937_64 engine{std::random_device{}()};
  std::lock_guard<std::mutex> lock(mu);
  return static_cast<int64_t>(engine());
}

Result<Value> Random(const Args&) {
  int64_t r = RandomInt64();
  // SQLite never returns INT64_MIN from random(): it maps it to its negation's
  // neighbour so that abs(random()) cannot overflow.
  if (r < 0) r = -(r & INT64_MAX);
  return Value::Integer(r);
}

Result<Value> RandomBlob(const Args& args) {
  int64_t n = ValueToInt64(args[0]);
  if (n < 1) n = 1;
  if (n > 1000000000) return Status::InvalidArgument("string or blob too big");
  std::string bytes(static_cast<size_t>(n), '\0');
  for (size_t i = 0; i < bytes.size(); i += 8) {
    int64_t r = RandomInt64();
    for (size_t k = 0; k < 8 && i + k < bytes.size(); k++) bytes[i + k] = static_cast<char>(r >> (8 * k));
  }
  return Value::Blob(std::move(bytes));
}

Result<Value> ZeroBlob(const Args& args) {
  int64_t n = ValueToInt64(args[0]);
  if (n < 0) n = 0;
  if (n > 1000000000) return Status::InvalidArgument("string or blob too big");
  return Value::Blob(std::string(static_cast<size_t>(n), '\0'));
}

Result<Value> Printf(const Args& args) {
  if (args.empty() || args[0].is_null()) return Value::Null();
  return SqlPrintf(args);
}

Result<Value> Identity(const Args& args) { return args[0]; }

// Debian's sqlite3 is built with SQLITE_LIKE_DOESNT_MATCH_BLOBS: a BLOB
// operand never matches. Operands are C strings (they end at a NUL byte).
bool AnyBlob(const Args& args) { return args[0].is_blob() || args[1].is_blob(); }
std::string CString(const Value& v) {
  std::string s = TextOf(v);
  size_t nul = s.find('\0');
  if (nul != std::string::npos) s.resize(nul);
  return s;
}

// like(pattern, text [, escape]) is "text LIKE pattern [ESCAPE escape]".
Result<Value> Like(const Args& args) {
  if (AnyBlob(args)) return Value::Integer(0);
  int escape = -1;
  if (args.size() == 3) {
    if (args[2].is_null()) return Value::Null();
    std::string e = TextOf(args[2]);
    if (e.empty() || Utf8Length(e) != 1) {
      return Status::InvalidArgument("ESCAPE expression must be a single character");
    }
    size_t pos = 0;
    escape = static_cast<int>(Utf8Read(e, &pos));
  }
  if (args[0].is_null() || args[1].is_null()) return Value::Null();
  std::string pattern = CString(args[0]);
  if (pattern.size() > 50000) return Status::InvalidArgument("LIKE or GLOB pattern too complex");
  return Value::Integer(LikeMatch(pattern, CString(args[1]), escape) ? 1 : 0);
}

Result<Value> Glob(const Args& args) {
  if (AnyBlob(args)) return Value::Integer(0);
  if (args[0].is_null() || args[1].is_null()) return Value::Null();
  std::string pattern = CString(args[0]);
  if (pattern.size() > 50000) return Status::InvalidArgument("LIKE or GLOB pattern too complex");
  return Value::Integer(GlobMatch(pattern, CString(args[1])) ? 1 : 0);
}

}  // namespace

std::string QuoteValue(const Value& v) {
  switch (v.type()) {
    case ValueType::kNull:
      return "NULL";
    case ValueType::kInteger:
      return Int64ToText(v.integer());
    case ValueType::kReal: {
      // Shortest faithful form: %!.15g if it reads back as the same double,
      // otherwise %!.20e.
      FloatFormat f;
      f.conversion = 'g';
      f.precision = 15;
      f.alt2 = true;
      std::string s = FormatReal(v.real(), f);
      double back;
      TextToReal(s, &back);
      if (back != v.real()) {
        f.conversion = 'e';
        f.precision = 20;
        s = FormatReal(v.real(), f);
      }
      return s;
    }
    case ValueType::kText: {
      std::string out = "'";
      for (char c : v.text()) {
        if (c == '\0') break;
        out.push_back(c);
        if (c == '\'') out.push_back('\'');
      }
      out.push_back('\'');
      return out;
    }
    case ValueType::kBlob:
      return "X'" + HexOf(v.blob()) + "'";
  }
  return "NULL";
}

std::vector<ScalarFunction> CoreScalarFunctions() {
  return {
      {"coalesce", 2, -1, Coalesce},
      {"ifnull", 2, 2, Coalesce},
      {"nullif", 2, 2, NullIf},
      {"iif", 3, 3, Iif},
      {"typeof", 1, 1, TypeOf},
      {"min", 2, -1, [](const Args& a) { return ScalarMinMax(a, false); }},
      {"max", 2, -1, [](const Args& a) { return ScalarMinMax(a, true); }},
      {"hex", 1, 1, Hex},
      {"quote", 1, 1, Quote},
      {"random", 0, 0, Random},
      {"randomblob", 1, 1, RandomBlob},
      {"zeroblob", 1, 1, ZeroBlob},
      {"printf", 0, -1, Printf},
      {"format", 0, -1, Printf},
      {"likely", 1, 1, Identity},
      {"unlikely", 1, 1, Identity},
      {"likelihood", 2, 2, Identity},
      {"like", 2, 3, Like},
      {"glob", 2, 2, Glob},
  };
}

}  // namespace s3lite
