// Test helper: renders a Value exactly as `sqlite3` prints it in `.mode
// quote` (3.40), so s3lite rows can be compared byte for byte with the shell:
//   NULL, 42, 'it''s', X'00ff', and REALs with SQLite's "%!.20g"
//   (0.10000000000000000555, and 14.0 as 13.999999999999999999: the digits
//   come from SQLite's long double printf, reproduced by FormatReal).
#pragma once

#include <cmath>
#include <cstdint>
#include <string>

#include "engine/value/value.h"
#include "sql/function/numeric_text.h"

namespace s3lite::difftest {

inline std::string ShellQuote(const Value& v) {
  switch (v.type()) {
    case ValueType::kNull:
      return "NULL";
    case ValueType::kInteger:
      return std::to_string(v.integer());
    case ValueType::kReal: {
      double r = v.real();
      FloatFormat f;
      f.conversion = 'g';
      f.precision = 20;
      f.alt2 = true;
      return FormatReal(r, f);
    }
    case ValueType::kText: {
      std::string out = "'";
      for (char c : v.text()) {
        if (c == '\0') break;  // the shell prints text as a C string
        out.push_back(c);
        if (c == '\'') out.push_back('\'');
      }
      return out + "'";
    }
    case ValueType::kBlob: {
      static const char kHex[] = "0123456789abcdef";
      std::string out = "X'";
      for (unsigned char c : v.blob()) {
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
      }
      return out + "'";
    }
  }
  return "?";
}

}  // namespace s3lite::difftest
