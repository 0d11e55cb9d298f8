// Text <-> number conversions with SQLite 3.40's exact numerics. See
// numeric_text.h. The arithmetic below deliberately uses long double where
// SQLite does (x86-64: 80-bit extended) and double where SQLite does, because
// the rounding at each step decides the last printed digit.
#include "sql/function/numeric_text.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace s3lite {
namespace {

constexpr int64_t kMaxInt64 = std::numeric_limits<int64_t>::max();
constexpr int64_t kMinInt64 = std::numeric_limits<int64_t>::min();

// 10^e by repeated squaring in long double (e >= 0).
long double PowerOfTen(int e) {
  long double base = 10.0L;
  long double result = 1.0L;
  while (true) {
    if (e & 1) result *= base;
    e >>= 1;
    if (e == 0) break;
    base *= base;
  }
  return result;
}

// sign * significand * 10^exponent, with SQLite's scaling rules.
double ScaleSignificand(int sign, int64_t significand, int exponent) {
  if (significand == 0) return sign < 0 ? -0.0 : 0.0;
  bool negative_exponent = exponent < 0;
  int e = negative_exponent ? -exponent : exponent;
  // Fold as much of the exponent into the integer as fits exactly.
  while (e > 0) {
    if (!negative_exponent) {
      if (significand >= kMaxInt64 / 10) break;
      significand *= 10;
    } else {
      if (significand % 10 != 0) break;
      significand /= 10;
    }
    e--;
  }
  int64_t s = sign < 0 ? -significand : significand;
  if (e == 0) return static_cast<double>(s);
  if (e > 307) {
    if (e < 342) {
      long double scale = PowerOfTen(e - 308);
      double result;
      if (negative_exponent) {
        result = static_cast<double>(static_cast<long double>(s) / scale);
        result /= 1.0e+308;
      } else {
        result = static_cast<double>(static_cast<long double>(s) * scale);
        result *= 1.0e+308;
      }
      return result;
    }
    if (negative_exponent) return 0.0 * static_cast<double>(s);
    return std::numeric_limits<double>::infinity() * static_cast<double>(s);
  }
  long double scale = PowerOfTen(e);
  return negative_exponent ? static_cast<double>(static_cast<long double>(s) / scale)
                           : static_cast<double>(static_cast<long double>(s) * scale);
}

}  // namespace

int TextToReal(std::string_view text, double* out) {
  *out = 0.0;
  const size_t n = text.size();
  if (n == 0) return 0;
  size_t i = 0;
  while (i < n && IsSqlSpace(text[i])) i++;
  if (i >= n) return 0;

  int sign = 1;
  if (text[i] == '-') {
    sign = -1;
    i++;
  } else if (text[i] == '+') {
    i++;
  }

  constexpr int64_t kDigitLimit = (kMaxInt64 - 9) / 10;
  int64_t significand = 0;
  int shift = 0;           // decimal exponent adjustment from dropped/fraction digits
  int exp_sign = 1;
  int exponent = 0;
  bool exponent_valid = true;
  int digits = 0;
  int kind = 1;            // 1 integer, +1 for '.', +1 for exponent

  while (i < n && IsSqlDigit(text[i])) {
    significand = significand * 10 + (text[i] - '0');
    i++;
    digits++;
    if (significand >= kDigitLimit) {
      // Digits past the precision of the significand only scale it.
      while (i < n && IsSqlDigit(text[i])) {
        i++;
        shift++;
      }
    }
  }
  if (i < n && text[i] == '.') {
    i++;
    kind++;
    while (i < n && IsSqlDigit(text[i])) {
      if (significand < kDigitLimit) {
        significand = significand * 10 + (text[i] - '0');
        shift--;
        digits++;
      }
      i++;
    }
  }
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    i++;
    exponent_valid = false;
    kind++;
    if (i < n) {
      if (text[i] == '-') {
        exp_sign = -1;
        i++;
      } else if (text[i] == '+') {
        i++;
      }
      while (i < n && IsSqlDigit(text[i])) {
        exponent = exponent < 10000 ? exponent * 10 + (text[i] - '0') : 10000;
        i++;
        exponent_valid = true;
      }
    }
  }
  while (i < n && IsSqlSpace(text[i])) i++;

  *out = ScaleSignificand(sign, significand, exponent * exp_sign + shift);

  if (i == n && digits > 0 && exponent_valid) return kind;
  if (kind >= 2 && (kind == 3 || exponent_valid) && digits > 0) return -1;
  return 0;
}

int TextToInt64(std::string_view text, int64_t* out) {
  const size_t n = text.size();
  size_t i = 0;
  while (i < n && IsSqlSpace(text[i])) i++;
  bool negative = false;
  if (i < n) {
    if (text[i] == '-') {
      negative = true;
      i++;
    } else if (text[i] == '+') {
      i++;
    }
  }
  const size_t start = i;
  while (i < n && text[i] == '0') i++;
  const size_t first_digit = i;
  uint64_t u = 0;
  size_t j = i;
  while (j < n && IsSqlDigit(text[j])) {
    u = u * 10 + static_cast<uint64_t>(text[j] - '0');
    j++;
  }
  const size_t ndigits = j - first_digit;
  if (u > static_cast<uint64_t>(kMaxInt64)) {
    *out = negative ? kMinInt64 : kMaxInt64;
  } else {
    *out = negative ? -static_cast<int64_t>(u) : static_cast<int64_t>(u);
  }
  int rc = 0;
  if (ndigits == 0 && start == first_digit) {
    rc = -1;
  } else {
    for (size_t k = j; k < n; k++) {
      if (!IsSqlSpace(text[k])) {
        rc = 1;
        break;
      }
    }
  }
  if (ndigits < 19) return rc;
  // 19 or more significant digits: compare with 2^63 = 9223372036854775808.
  int cmp = 1;
  if (ndigits == 19) {
    cmp = std::memcmp(text.data() + first_digit, "9223372036854775808", 19);
  }
  if (cmp < 0) return rc;
  *out = negative ? kMinInt64 : kMaxInt64;
  if (cmp > 0) return 2;
  return negative ? rc : 3;
}

int64_t RealToInt64(double r) {
  if (std::isnan(r)) return 0;
  if (r <= static_cast<double>(kMinInt64)) return kMinInt64;
  if (r >= static_cast<double>(kMaxInt64)) return kMaxInt64;
  return static_cast<int64_t>(r);
}

bool RealSameAsInt(double r, int64_t i) {
  if (r == 0.0) return true;
  double back = static_cast<double>(i);
  return std::memcmp(&r, &back, sizeof(r)) == 0 && i >= -2251799813685248LL &&
         i < 2251799813685248LL;
}

namespace {

// Leading digit of *value (in [0,10)), then shifts the next digit up. After
// *budget digits only zeros come out: a double has ~16 significant digits.
char NextDigit(long double* value, int* budget) {
  if (*budget <= 0) return '0';
  (*budget)--;
  int digit = static_cast<int>(*value);
  *value = (*value - static_cast<long double>(digit)) * 10.0L;
  return static_cast<char>('0' + digit);
}

constexpr double kHalfUlps[] = {5.0e-01, 5.0e-02, 5.0e-03, 5.0e-04, 5.0e-05,
                                5.0e-06, 5.0e-07, 5.0e-08, 5.0e-09, 5.0e-10};

}  // namespace

std::string FormatReal(double d, const FloatFormat& format) {
  enum Style { kFixed, kExponent, kGeneric };
  const char conv = format.conversion;
  Style style = (conv == 'f') ? kFixed : (conv == 'e' || conv == 'E') ? kExponent : kGeneric;
  const bool upper = (conv == 'E' || conv == 'G');
  int precision = format.precision < 0 ? 6 : format.precision;

  long double value = d;
  char prefix = format.sign;
  if (value < 0.0L) {
    value = -value;
    prefix = '-';
  }
  if (style == kGeneric && precision > 0) precision--;

  int idx = precision & 0xfff;
  double rounder = kHalfUlps[idx % 10];
  while (idx >= 10) {
    rounder *= 1.0e-10;
    idx -= 10;
  }
  if (style == kFixed) {
    double as_double = static_cast<double>(value);
    uint64_t bits;
    std::memcpy(&bits, &as_double, sizeof(bits));
    int binary_exp = -1023 + static_cast<int>((bits >> 52) & 0x7ff);
    if (precision + (binary_exp / 3) < 15) {
      rounder = static_cast<double>(static_cast<long double>(rounder) +
                                    value * static_cast<long double>(3e-16));
    }
    value += rounder;
  }

  if (std::isnan(static_cast<double>(value))) return "NaN";
  int exp = 0;
  if (value > 0.0L) {
    long double scale = 1.0L;
    const long double k1e100 = 1e100, k1e10 = 1e10, k1em8 = 1e-8;
    while (value >= k1e100 * scale && exp <= 350) {
      scale *= k1e100;
      exp += 100;
    }
    while (value >= k1e10 * scale && exp <= 350) {
      scale *= k1e10;
      exp += 10;
    }
    while (value >= 10.0L * scale && exp <= 350) {
      scale *= 10.0L;
      exp++;
    }
    value /= scale;
    while (value < k1em8) {
      value *= 1e8L;
      exp -= 8;
    }
    while (value < 1.0L) {
      value *= 10.0L;
      exp--;
    }
    if (exp > 350) {
      std::string inf;
      if (prefix) inf.push_back(prefix);
      return inf + "Inf";
    }
  }

  if (style != kFixed) {
    value += rounder;
    if (value >= 10.0L) {
      value *= static_cast<long double>(0.1);
      exp++;
    }
  }
  bool strip_zeros;
  if (style == kGeneric) {
    strip_zeros = !format.alternate;
    if (exp < -4 || exp > precision) {
      style = kExponent;
    } else {
      precision -= exp;
      style = kFixed;
    }
  } else {
    strip_zeros = format.alt2;
  }
  int e2 = style == kExponent ? 0 : exp;
  int budget = 16 + (format.alt2 ? 10 : 0);
  const bool point = precision > 0 || format.alternate || format.alt2;

  std::string out;
  if (prefix) out.push_back(prefix);
  if (e2 < 0) {
    out.push_back('0');
  } else {
    for (; e2 >= 0; e2--) out.push_back(NextDigit(&value, &budget));
  }
  if (point) out.push_back('.');
  for (e2++; e2 < 0; precision--, e2++) out.push_back('0');
  while (precision-- > 0) out.push_back(NextDigit(&value, &budget));
  if (strip_zeros && point) {
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') {
      if (format.alt2) {
        out.push_back('0');
      } else {
        out.pop_back();
      }
    }
  }
  if (style == kExponent) {
    out.push_back(upper ? 'E' : 'e');
    if (exp < 0) {
      out.push_back('-');
      exp = -exp;
    } else {
      out.push_back('+');
    }
    if (exp >= 100) {
      out.push_back(static_cast<char>('0' + exp / 100));
      exp %= 100;
    }
    out.push_back(static_cast<char>('0' + exp / 10));
    out.push_back(static_cast<char>('0' + exp % 10));
  }
  return out;
}

std::string Int64ToText(int64_t v) { return std::to_string(v); }

}  // namespace s3lite
