#include "cli/common/value_render.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iterator>

#include "sql/function/value_ops.h"

namespace s3lite {
namespace {

std::string UpToNul(const std::string& s) {
  size_t nul = s.find('\0');
  return nul == std::string::npos ? s : s.substr(0, nul);
}

std::string_view UpToNul(std::string_view s) {
  size_t nul = s.find('\0');
  return nul == std::string_view::npos ? s : s.substr(0, nul);
}

// One digit of SQLite's printf conversion (et_getdigit in printf.c): at most
// `*count` significant digits come from the value, then zeros.
char NextDigit(long double* value, int* count) {
  if (*count <= 0) return '0';
  (*count)--;
  int digit = static_cast<int>(*value);
  long double d = digit;
  *value = (*value - d) * 10.0;
  return static_cast<char>('0' + digit);
}

bool IsInfinityBits(double d, bool negative) {
  uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  return bits == (negative ? 0xfff0000000000000ULL : 0x7ff0000000000000ULL);
}

// SQLite's keywords (https://sqlite.org/lang_keywords.html), upper case, sorted.
constexpr const char* kKeywords[] = {
    "ABORT", "ACTION", "ADD", "AFTER", "ALL", "ALTER", "ALWAYS", "ANALYZE", "AND", "AS",
    "ASC", "ATTACH", "AUTOINCREMENT", "BEFORE", "BEGIN", "BETWEEN", "BY", "CASCADE",
    "CASE", "CAST", "CHECK", "COLLATE", "COLUMN", "COMMIT", "CONFLICT", "CONSTRAINT",
    "CREATE", "CROSS", "CURRENT", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP",
    "DATABASE", "DEFAULT", "DEFERRABLE", "DEFERRED", "DELETE", "DESC", "DETACH",
    "DISTINCT", "DO", "DROP", "EACH", "ELSE", "END", "ESCAPE", "EXCEPT", "EXCLUDE",
    "EXCLUSIVE", "EXISTS", "EXPLAIN", "FAIL", "FILTER", "FIRST", "FOLLOWING", "FOR",
    "FOREIGN", "FROM", "FULL", "GENERATED", "GLOB", "GROUP", "GROUPS", "HAVING", "IF",
    "IGNORE", "IMMEDIATE", "IN", "INDEX", "INDEXED", "INITIALLY", "INNER", "INSERT",
    "INSTEAD", "INTERSECT", "INTO", "IS", "ISNULL", "JOIN", "KEY", "LAST", "LEFT", "LIKE",
    "LIMIT", "MATCH", "MATERIALIZED", "NATURAL", "NO", "NOT", "NOTHING", "NOTNULL",
    "NULL", "NULLS", "OF", "OFFSET", "ON", "OR", "ORDER", "OTHERS", "OUTER", "OVER",
    "PARTITION", "PLAN", "PRAGMA", "PRECEDING", "PRIMARY", "QUERY", "RAISE", "RANGE",
    "RECURSIVE", "REFERENCES", "REGEXP", "REINDEX", "RELEASE", "RENAME", "REPLACE",
    "RESTRICT", "RETURNING", "RIGHT", "ROLLBACK", "ROW", "ROWS", "SAVEPOINT", "SELECT",
    "SET", "TABLE", "TEMP", "TEMPORARY", "THEN", "TIES", "TO", "TRANSACTION", "TRIGGER",
    "UNBOUNDED", "UNION", "UNIQUE", "UPDATE", "USING", "VACUUM", "VALUES", "VIEW",
    "VIRTUAL", "WHEN", "WHERE", "WINDOW", "WITH", "WITHOUT",
};

bool IsKeyword(std::string_view name) {
  std::string upper(name);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return std::binary_search(std::begin(kKeywords), std::end(kKeywords), upper,
                            [](const std::string& a, const std::string& b) { return a < b; });
}

// A string that does not occur in `text`: first `a`, then `b`, then "(a<n>)"
// (unused_string in sqlite3's shell.c).
std::string UnusedString(std::string_view text, const std::string& a, const std::string& b) {
  if (text.find(a) == std::string_view::npos) return a;
  if (text.find(b) == std::string_view::npos) return b;
  for (unsigned i = 0;; ++i) {
    std::string candidate = "(" + a + std::to_string(i) + ")";
    if (text.find(candidate) == std::string_view::npos) return candidate;
  }
}

}  // namespace

std::optional<std::string> ColumnText(const Value& v) {
  switch (v.type()) {
    case ValueType::kNull:
      return std::nullopt;
    case ValueType::kInteger:
    case ValueType::kReal:
      return ValueToText(v);
    case ValueType::kText:
    case ValueType::kBlob:
      return UpToNul(v.bytes());
  }
  return std::nullopt;
}

std::string SqlitePrintfReal20(double d) {
  static const double kRound[] = {5.0e-01, 5.0e-02, 5.0e-03, 5.0e-04, 5.0e-05,
                                  5.0e-06, 5.0e-07, 5.0e-08, 5.0e-09, 5.0e-10};
  if (std::isnan(d)) return "NaN";
  int precision = 20;
  long double value = d;
  std::string out;
  if (value < 0.0) {
    value = -value;
    out += '-';
  }
  if (precision > 0) precision--;  // %g counts the digit before the point
  int idx = precision & 0xfff;
  double rounder = kRound[idx % 10];
  while (idx >= 10) {
    rounder *= 1.0e-10;
    idx -= 10;
  }
  int exp = 0;
  if (value > 0.0) {
    long double scale = 1.0;
    while (value >= 1e100 * scale && exp <= 350) { scale *= 1e100; exp += 100; }
    while (value >= 1e10 * scale && exp <= 350) { scale *= 1e10; exp += 10; }
    while (value >= 10.0 * scale && exp <= 350) { scale *= 10.0; exp++; }
    value /= scale;
    while (value < 1e-8) { value *= 1e8; exp -= 8; }
    while (value < 1.0) { value *= 10.0; exp--; }
    if (exp > 350) return out + "Inf";
  }
  value += rounder;
  if (value >= 10.0) {
    value *= 0.1;
    exp++;
  }
  bool exp_form = exp < -4 || exp > precision;
  if (!exp_form) precision -= exp;
  int e2 = exp_form ? 0 : exp;
  int significant = 26;  // 16 + 10 for the '!' flag
  if (e2 < 0) {
    out += '0';
  } else {
    for (; e2 >= 0; e2--) out += NextDigit(&value, &significant);
  }
  out += '.';
  for (e2++; e2 < 0; precision--, e2++) out += '0';
  while (precision-- > 0) out += NextDigit(&value, &significant);
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out += '0';
  if (exp_form) {
    out += 'e';
    if (exp < 0) {
      out += '-';
      exp = -exp;
    } else {
      out += '+';
    }
    if (exp >= 100) {
      out += static_cast<char>('0' + exp / 100);
      exp %= 100;
    }
    out += static_cast<char>('0' + exp / 10);
    out += static_cast<char>('0' + exp % 10);
  }
  return out;
}

std::string JsonModeReal(double d) {
  if (IsInfinityBits(d, false)) return "1e999";
  if (IsInfinityBits(d, true)) return "-1e999";
  return SqlitePrintfReal20(d);
}

std::string InsertModeReal(double d) {
  if (IsInfinityBits(d, false)) return "1e999";
  if (IsInfinityBits(d, true)) return "-1e999";
  // sqlite3 compares d with (double)(int64)d; out-of-range casts never match.
  if (d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
    int64_t i = static_cast<int64_t>(d);
    if (d == static_cast<double>(i)) return std::to_string(i) + ".0";
  }
  return SqlitePrintfReal20(d);
}

std::string QuoteSqlString(std::string_view s) {
  s = UpToNul(s);
  std::string out = "'";
  for (char c : s) {
    out += c;
    if (c == '\'') out += '\'';
  }
  out += '\'';
  return out;
}

std::string QuoteSqlStringEscaped(std::string_view s) {
  s = UpToNul(s);
  if (s.find_first_of("\n\r") == std::string_view::npos) return QuoteSqlString(s);
  bool has_nl = s.find('\n') != std::string_view::npos;
  bool has_cr = s.find('\r') != std::string_view::npos;
  std::string nl, cr, out;
  if (has_nl) {
    out += "replace(";
    nl = UnusedString(s, "\\n", "\\012");
  }
  if (has_cr) {
    out += "replace(";
    cr = UnusedString(s, "\\r", "\\015");
  }
  out += '\'';
  for (char c : s) {
    if (c == '\n') {
      out += nl;
    } else if (c == '\r') {
      out += cr;
    } else {
      out += c;
      if (c == '\'') out += '\'';
    }
  }
  out += '\'';
  if (has_cr) out += ",'" + cr + "',char(13))";
  if (has_nl) out += ",'" + nl + "',char(10))";
  return out;
}

std::string HexBlobLiteral(std::string_view bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string out = "X'";
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  out += '\'';
  return out;
}

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == '\\' || c == '"') {
      out += '\\';
      out += ch;
    } else if (c <= 0x1f) {
      out += '\\';
      switch (c) {
        case '\b': out += 'b'; break;
        case '\f': out += 'f'; break;
        case '\n': out += 'n'; break;
        case '\r': out += 'r'; break;
        case '\t': out += 't'; break;
        default: {
          char buf[8];
          std::snprintf(buf, sizeof buf, "u%04x", c);
          out += buf;
        }
      }
    } else {
      out += ch;
    }
  }
  out += '"';
  return out;
}

std::string QuoteModeValue(const Value& v) {
  switch (v.type()) {
    case ValueType::kNull: return "NULL";
    case ValueType::kInteger: return ValueToText(v);
    case ValueType::kReal: return SqlitePrintfReal20(v.real());
    case ValueType::kText: return QuoteSqlString(v.text());
    case ValueType::kBlob: return HexBlobLiteral(v.blob());
  }
  return "NULL";
}

std::string InsertModeValue(const Value& v) {
  if (v.is_real()) return InsertModeReal(v.real());
  if (v.is_text()) return QuoteSqlStringEscaped(v.text());
  return QuoteModeValue(v);
}

bool IdentifierNeedsQuotes(std::string_view name) {
  if (name.empty()) return true;
  unsigned char first = static_cast<unsigned char>(name[0]);
  if (!std::isalpha(first) && first != '_') return true;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return true;
  }
  return IsKeyword(name);
}

std::string QuoteIdentifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    out += c;
    if (c == '"') out += '"';
  }
  out += '"';
  return out;
}

std::string QuoteIdentifierIfNeeded(std::string_view name) {
  return IdentifierNeedsQuotes(name) ? QuoteIdentifier(name) : std::string(name);
}

}  // namespace s3lite
