// Conversions between text and numbers exactly as SQLite 3.40 performs them.
//
// SQLite does not use strtod/printf: it parses with its own routine
// (sqlite3AtoF, 80-bit long double scaling) and renders REALs with its own
// printf engine (digit extraction in long double, at most 16 significant
// digits, "%!.15g" for column text). Reproducing both bit for bit is what
// makes s3lite print the same digits as sqlite3 for the same stored double.
//
// Thread-safety: stateless functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace s3lite {

// SQLite's isspace: ' ', \t, \n, \v, \f, \r.
inline bool IsSqlSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
inline bool IsSqlDigit(char c) { return c >= '0' && c <= '9'; }

// Parses a decimal real, as sqlite3AtoF. The longest numeric prefix is
// converted into *out (0.0 if there is none). Returns:
//    1  the whole text (modulo surrounding spaces) is an integer literal
//   >=2 the whole text is a number with a '.' and/or an exponent
//    0  not a number (empty, or extra characters after a plain integer)
//   -1  not a number, but a prefix with a '.' or exponent is
int TextToReal(std::string_view text, double* out);

// Parses a decimal integer, as sqlite3Atoi64 (no hex). *out receives the
// numeric prefix, saturated to INT64_MIN/INT64_MAX. Returns:
//   -1  no digits at all          0  fits, nothing but spaces after it
//    1  extra text after digits   2  too large (saturated)
//    3  exactly 9223372036854775808 without a '-' (saturated)
int TextToInt64(std::string_view text, int64_t* out);

// (int64)r saturating at the int64 range, as SQLite's doubleToInt64.
int64_t RealToInt64(double r);
// True if r == i exactly and |i| < 2^51 (or r is zero), as sqlite3RealSameAsInt.
bool RealSameAsInt(double r, int64_t i);

// Options of one floating-point printf conversion.
struct FloatFormat {
  char conversion = 'g';   // one of f e E g G
  int precision = -1;      // -1 = default (6)
  bool alternate = false;  // '#'
  bool alt2 = false;       // '!' (SQLite extension: 26 digits, keep ".0")
  char sign = 0;           // '+', ' ' or 0 for positive numbers
};
// Renders d with SQLite's printf float engine (no width handling).
std::string FormatReal(double d, const FloatFormat& format);

// Decimal rendering of an integer.
std::string Int64ToText(int64_t v);

}  // namespace s3lite
