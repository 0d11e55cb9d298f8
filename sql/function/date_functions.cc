// Date and time functions with SQLite 3.40 semantics: date, time, datetime,
// julianday, unixepoch, strftime, with time strings (YYYY-MM-DD[ HH:MM[:SS
// [.SSS]]][Z|+HH:MM], HH:MM[:SS], 'now', a julian day number) and modifiers
// (+/-N days|hours|minutes|seconds|months|years, +/-HH:MM[:SS], start of
// day|month|year, weekday N, unixepoch, julianday, auto, localtime, utc).
//
// Like SQLite, a moment is an integer count of milliseconds since the julian
// epoch (iJD), with a lazily derived calendar (Y-M-D) and clock (h:m:s)
// view. The calendar arithmetic is SQLite's, so rounding matches.
// 'now' reads the clock on each call (SQLite keeps it fixed per statement).
#include <sys/time.h>

#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <ctime>
#include <string>

#include "sql/function/builtin_functions.h"
#include "sql/function/numeric_text.h"

namespace s3lite {
namespace {

using Args = std::vector<Value>;

constexpr int64_t kUnixEpochJdMs = 210866760000000LL;  // 1970-01-01 as iJD

struct DateTime {
  int64_t jd = 0;  // milliseconds since julian day 0 (noon, 4713 BC)
  int y = 0, mo = 0, d = 0;
  int h = 0, mi = 0;
  int tz = 0;        // minutes east of UTC from the time string
  double s = 0.0;    // seconds, or a raw number (raw_s)
  bool valid_jd = false;
  bool raw_s = false;  // s holds a raw number not yet interpreted
  bool valid_ymd = false;
  bool valid_hms = false;
  bool valid_tz = false;
  bool tz_set = false;
  bool error = false;
};

bool ValidJulianDay(int64_t jd) { return jd >= 0 && jd <= 464269060799999LL; }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsNoCase(s.substr(0, prefix.size()), prefix);
}

// Reads fixed-width digit fields: each field is {digits, min, max, next}
// where `next` is the separator that must follow (0 = none required).
struct DigitField {
  int width, min, max;
  char next;
};
int GetDigits(std::string_view z, std::initializer_list<DigitField> fields, int* out) {
  size_t pos = 0;
  int count = 0;
  for (const DigitField& f : fields) {
    int val = 0;
    for (int k = 0; k < f.width; k++) {
      if (pos >= z.size() || !IsDigit(z[pos])) return count;
      val = val * 10 + (z[pos] - '0');
      pos++;
    }
    char c = pos < z.size() ? z[pos] : '\0';
    if (val < f.min || val > f.max || (f.next != 0 && f.next != c)) return count;
    out[count++] = val;
    pos++;
  }
  return count;
}

void ComputeJd(DateTime* p) {
  if (p->valid_jd) return;
  int y = 2000, m = 1, d = 1;
  if (p->valid_ymd) {
    y = p->y;
    m = p->mo;
    d = p->d;
  }
  if (y < -4713 || y > 9999 || p->raw_s) {
    p->error = true;
    return;
  }
  if (m <= 2) {
    y--;
    m += 12;
  }
  int a = y / 100;
  int b = 2 - a + (a / 4);
  int x1 = 36525 * (y + 4716) / 100;
  int x2 = 306001 * (m + 1) / 10000;
  p->jd = static_cast<int64_t>((x1 + x2 + d + b - 1524.5) * 86400000);
  p->valid_jd = true;
  if (p->valid_hms) {
    p->jd += p->h * 3600000 + p->mi * 60000 + static_cast<int64_t>(p->s * 1000 + 0.5);
    if (p->valid_tz) {
      p->jd -= p->tz * 60000;
      p->valid_ymd = false;
      p->valid_hms = false;
      p->valid_tz = false;
    }
  }
}

void ComputeYmd(DateTime* p) {
  if (p->valid_ymd) return;
  if (!p->valid_jd) {
    p->y = 2000;
    p->mo = 1;
    p->d = 1;
  } else if (!ValidJulianDay(p->jd)) {
    p->error = true;
    return;
  } else {
    int z = static_cast<int>((p->jd + 43200000) / 86400000);
    int a = static_cast<int>((z - 1867216.25) / 36524.25);
    a = z + 1 + a - (a / 4);
    int b = a + 1524;
    int c = static_cast<int>((b - 122.1) / 365.25);
    int d = (36525 * (c & 32767)) / 100;
    int e = static_cast<int>((b - d) / 30.6001);
    int x1 = static_cast<int>(30.6001 * e);
    p->d = b - d - x1;
    p->mo = e < 14 ? e - 1 : e - 13;
    p->y = p->mo > 2 ? c - 4716 : c - 4715;
  }
  p->valid_ymd = true;
}

void ComputeHms(DateTime* p) {
  if (p->valid_hms) return;
  ComputeJd(p);
  int ms = static_cast<int>((p->jd + 43200000) % 86400000);
  p->s = ms / 1000.0;
  int s = static_cast<int>(p->s);
  p->s -= s;
  p->h = s / 3600;
  s -= p->h * 3600;
  p->mi = s / 60;
  p->s += s - p->mi * 60;
  p->raw_s = false;
  p->valid_hms = true;
}

void ComputeYmdHms(DateTime* p) {
  ComputeYmd(p);
  ComputeHms(p);
}

void ClearYmdHmsTz(DateTime* p) {
  p->valid_ymd = false;
  p->valid_hms = false;
  p->valid_tz = false;
}

// [+-]HH:MM or Z after a time; false on trailing garbage.
bool ParseTimezone(std::string_view z, DateTime* p) {
  size_t i = 0;
  while (i < z.size() && IsSqlSpace(z[i])) i++;
  p->tz = 0;
  if (i >= z.size()) return true;
  char c = z[i];
  if (c == 'Z' || c == 'z') {
    i++;
  } else if (c == '-' || c == '+') {
    int sign = c == '-' ? -1 : 1;
    i++;
    int v[2];
    if (GetDigits(z.substr(i), {{2, 0, 14, ':'}, {2, 0, 59, 0}}, v) != 2) return false;
    i += 5;
    p->tz = sign * (v[1] + v[0] * 60);
  } else {
    return false;
  }
  while (i < z.size() && IsSqlSpace(z[i])) i++;
  p->tz_set = true;
  return i >= z.size();
}

// HH:MM[:SS[.FFF]][timezone]
bool ParseHhMmSs(std::string_view z, DateTime* p) {
  int v[2];
  if (GetDigits(z, {{2, 0, 24, ':'}, {2, 0, 59, 0}}, v) != 2) return false;
  size_t i = 5;
  int s = 0;
  double ms = 0.0;
  if (i < z.size() && z[i] == ':') {
    i++;
    if (GetDigits(z.substr(i), {{2, 0, 59, 0}}, &s) != 1) return false;
    i += 2;
    if (i + 1 < z.size() && z[i] == '.' && IsDigit(z[i + 1])) {
      double scale = 1.0;
      i++;
      while (i < z.size() && IsDigit(z[i])) {
        ms = ms * 10.0 + (z[i] - '0');
        scale *= 10.0;
        i++;
      }
      ms /= scale;
    }
  }
  p->valid_jd = false;
  p->raw_s = false;
  p->valid_hms = true;
  p->h = v[0];
  p->mi = v[1];
  p->s = s + ms;
  if (!ParseTimezone(z.substr(i), p)) return false;
  p->valid_tz = p->tz != 0;
  return true;
}

// [-]YYYY-MM-DD[( |T)+time]
bool ParseYyyyMmDd(std::string_view z, DateTime* p) {
  bool negative = false;
  if (!z.empty() && z[0] == '-') {
    negative = true;
    z.remove_prefix(1);
  }
  int v[3];
  if (GetDigits(z, {{4, 0, 9999, '-'}, {2, 1, 12, '-'}, {2, 1, 31, 0}}, v) != 3) return false;
  size_t i = 10;
  while (i < z.size() && (IsSqlSpace(z[i]) || z[i] == 'T')) i++;
  if (i < z.size() && ParseHhMmSs(z.substr(i), p)) {
    // date and time
  } else if (i >= z.size()) {
    p->valid_hms = false;
  } else {
    return false;
  }
  p->valid_jd = false;
  p->valid_ymd = true;
  p->y = negative ? -v[0] : v[0];
  p->mo = v[1];
  p->d = v[2];
  if (p->valid_tz) ComputeJd(p);
  return true;
}

void SetToNow(DateTime* p) {
  struct timeval tv;
  gettimeofday(&tv, nullptr);
  p->jd = kUnixEpochJdMs + static_cast<int64_t>(tv.tv_sec) * 1000 + tv.tv_usec / 1000;
  p->valid_jd = true;
}

void SetRawNumber(DateTime* p, double r) {
  p->s = r;
  p->raw_s = true;
  if (r >= 0.0 && r < 5373484.5) {
    p->jd = static_cast<int64_t>(r * 86400000.0 + 0.5);
    p->valid_jd = true;
  }
}

bool ParseDateOrTime(std::string_view z, DateTime* p) {
  if (ParseYyyyMmDd(z, p)) return true;
  if (ParseHhMmSs(z, p)) return true;
  if (EqualsNoCase(z, "now")) {
    SetToNow(p);
    return true;
  }
  double r;
  if (TextToReal(z, &r) > 0) {
    SetRawNumber(p, r);
    return true;
  }
  return false;
}

// Milliseconds to add to a UTC moment to get local time (SQLite's
// localtimeOffset: outside 1971..2037 the offset of 2000-01-01 is used).
bool LocalTimeOffset(const DateTime& p, int64_t* offset) {
  DateTime x = p;
  ComputeYmdHms(&x);
  if (x.y < 1971 || x.y >= 2038) {
    x.y = 2000;
    x.mo = 1;
    x.d = 1;
    x.h = 0;
    x.mi = 0;
    x.s = 0.0;
  } else {
    x.s = static_cast<int>(x.s + 0.5);
  }
  x.tz = 0;
  x.valid_jd = false;
  ComputeJd(&x);
  time_t t = static_cast<time_t>(x.jd / 1000 - kUnixEpochJdMs / 1000);
  struct tm local;
  if (localtime_r(&t, &local) == nullptr) return false;
  DateTime y;
  y.y = local.tm_year + 1900;
  y.mo = local.tm_mon + 1;
  y.d = local.tm_mday;
  y.h = local.tm_hour;
  y.mi = local.tm_min;
  y.s = local.tm_sec;
  y.valid_ymd = true;
  y.valid_hms = true;
  ComputeJd(&y);
  *offset = y.jd - x.jd;
  return true;
}

struct Transform {
  const char* name;
  float limit;
  float ms_factor;  // seconds per unit
};
constexpr Transform kTransforms[] = {
    {"second", 4.6427e+14f, 1.0f},   {"minute", 7.7379e+12f, 60.0f},
    {"hour", 1.2897e+11f, 3600.0f},  {"day", 5373485.0f, 86400.0f},
    {"month", 176546.0f, 2592000.0f}, {"year", 14713.0f, 31536000.0f},
};

// Applies one modifier; false if it is not understood.
bool ApplyModifier(std::string_view z, int index, DateTime* p) {
  if (z.empty()) return false;
  char first = z[0];
  if (first >= 'A' && first <= 'Z') first = static_cast<char>(first - 'A' + 'a');
  double r;
  switch (first) {
    case 'a':
      if (!EqualsNoCase(z, "auto") || index > 1) return false;
      if (!p->raw_s || p->valid_jd) {
        p->raw_s = false;
        return true;
      }
      if (p->s >= -210866760000.0 && p->s <= 253402300799.0) {
        r = p->s * 1000.0 + 210866760000000.0;
        ClearYmdHmsTz(p);
        p->jd = static_cast<int64_t>(r + 0.5);
        p->valid_jd = true;
        p->raw_s = false;
        return true;
      }
      return false;
    case 'j':
      if (!EqualsNoCase(z, "julianday") || index > 1) return false;
      if (p->valid_jd && p->raw_s) {
        p->raw_s = false;
        return true;
      }
      return false;
    case 'l': {
      if (!EqualsNoCase(z, "localtime")) return false;
      ComputeJd(p);
      int64_t offset;
      if (!LocalTimeOffset(*p, &offset)) return false;
      p->jd += offset;
      ClearYmdHmsTz(p);
      return true;
    }
    case 'u':
      if (EqualsNoCase(z, "unixepoch") && p->raw_s) {
        if (index > 1) return false;
        r = p->s * 1000.0 + 210866760000000.0;
        if (r >= 0.0 && r < 464269060800000.0) {
          ClearYmdHmsTz(p);
          p->jd = static_cast<int64_t>(r + 0.5);
          p->valid_jd = true;
          p->raw_s = false;
          return true;
        }
        return false;
      }
      if (EqualsNoCase(z, "utc")) {
        if (!p->tz_set) {
          ComputeJd(p);
          int64_t c1, c2;
          if (!LocalTimeOffset(*p, &c1)) return false;
          p->jd -= c1;
          ClearYmdHmsTz(p);
          if (!LocalTimeOffset(*p, &c2)) return false;
          p->jd += c1 - c2;
          p->tz_set = true;
        }
        return true;
      }
      return false;
    case 'w': {
      if (!StartsWithNoCase(z, "weekday ")) return false;
      if (TextToReal(z.substr(8), &r) <= 0) return false;
      int n = static_cast<int>(r);
      if (n != r || n < 0 || r >= 7) return false;
      ComputeYmdHms(p);
      p->valid_tz = false;
      p->valid_jd = false;
      ComputeJd(p);
      int64_t day = ((p->jd + 129600000) / 86400000) % 7;
      if (day > n) day -= 7;
      p->jd += (n - day) * 86400000;
      ClearYmdHmsTz(p);
      return true;
    }
    case 's': {
      if (!StartsWithNoCase(z, "start of ")) return false;
      if (!p->valid_jd && !p->valid_ymd && !p->valid_hms) return false;
      std::string_view unit = z.substr(9);
      ComputeYmd(p);
      p->valid_hms = true;
      p->h = p->mi = 0;
      p->s = 0.0;
      p->raw_s = false;
      p->valid_tz = false;
      p->valid_jd = false;
      if (EqualsNoCase(unit, "month")) {
        p->d = 1;
        return true;
      }
      if (EqualsNoCase(unit, "year")) {
        p->mo = 1;
        p->d = 1;
        return true;
      }
      return EqualsNoCase(unit, "day");
    }
    case '+': case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      break;
    default:
      return false;
  }

  size_t n = 1;
  while (n < z.size() && z[n] != ':' && !IsSqlSpace(z[n])) n++;
  if (TextToReal(z.substr(0, n), &r) <= 0) return false;
  if (n < z.size() && z[n] == ':') {
    // [+-]HH:MM[:SS[.FFF]] shifts the time by that much.
    std::string_view clock = z;
    if (!IsDigit(clock[0])) clock.remove_prefix(1);
    DateTime tx;
    if (!ParseHhMmSs(clock, &tx)) return false;
    ComputeJd(&tx);
    tx.jd -= 43200000;
    int64_t day = tx.jd / 86400000;
    tx.jd -= day * 86400000;
    if (z[0] == '-') tx.jd = -tx.jd;
    ComputeJd(p);
    ClearYmdHmsTz(p);
    p->jd += tx.jd;
    return true;
  }
  // "+NNN units"
  std::string_view unit = z.substr(n);
  while (!unit.empty() && IsSqlSpace(unit[0])) unit.remove_prefix(1);
  if (unit.size() > 10 || unit.size() < 3) return false;
  if (unit.back() == 's' || unit.back() == 'S') unit.remove_suffix(1);
  ComputeJd(p);
  bool ok = false;
  const double rounder = r < 0 ? -0.5 : 0.5;
  for (size_t i = 0; i < std::size(kTransforms); i++) {
    const Transform& t = kTransforms[i];
    if (!EqualsNoCase(unit, t.name) || !(r > -t.limit && r < t.limit)) continue;
    if (i == 4) {  // months: calendar arithmetic, then the fraction as days
      ComputeYmdHms(p);
      p->mo += static_cast<int>(r);
      int x = p->mo > 0 ? (p->mo - 1) / 12 : (p->mo - 12) / 12;
      p->y += x;
      p->mo -= x * 12;
      p->valid_jd = false;
      r -= static_cast<int>(r);
    } else if (i == 5) {
      ComputeYmdHms(p);
      p->y += static_cast<int>(r);
      p->valid_jd = false;
      r -= static_cast<int>(r);
    }
    ComputeJd(p);
    p->jd += static_cast<int64_t>(r * 1000.0 * static_cast<double>(t.ms_factor) + rounder);
    ok = true;
    break;
  }
  ClearYmdHmsTz(p);
  return ok;
}

// Interprets the arguments (time value, modifiers...); false means NULL.
bool IsDate(const Args& args, DateTime* p) {
  *p = DateTime();
  if (args.empty()) {
    SetToNow(p);
    return true;
  }
  const Value& first = args[0];
  if (first.is_integer() || first.is_real()) {
    SetRawNumber(p, ValueToDouble(first));
  } else {
    if (first.is_null() || !ParseDateOrTime(TextOf(first), p)) return false;
  }
  for (size_t i = 1; i < args.size(); i++) {
    if (args[i].is_null() || !ApplyModifier(TextOf(args[i]), static_cast<int>(i), p)) return false;
  }
  ComputeJd(p);
  return !p->error && ValidJulianDay(p->jd);
}

std::string Format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
std::string Format(const char* fmt, ...) {
  char buf[64];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  return buf;
}

std::string DatePart(const DateTime& x) {
  int y = x.y < 0 ? -x.y : x.y;
  return Format("%s%04d-%02d-%02d", x.y < 0 ? "-" : "", y, x.mo, x.d);
}

std::string TimePart(const DateTime& x) {
  return Format("%02d:%02d:%02d", x.h, x.mi, static_cast<int>(x.s));
}

Result<Value> JulianDay(const Args& args) {
  DateTime x;
  if (!IsDate(args, &x)) return Value::Null();
  return Value::Real(static_cast<double>(x.jd) / 86400000.0);
}

Result<Value> UnixEpoch(const Args& args) {
  DateTime x;
  if (!IsDate(args, &x)) return Value::Null();
  return Value::Integer(x.jd / 1000 - kUnixEpochJdMs / 1000);
}

Result<Value> DateTimeFn(const Args& args) {
  DateTime x;
  if (!IsDate(args, &x)) return Value::Null();
  ComputeYmdHms(&x);
  return Value::Text(DatePart(x) + " " + TimePart(x));
}

Result<Value> TimeFn(const Args& args) {
  DateTime x;
  if (!IsDate(args, &x)) return Value::Null();
  ComputeHms(&x);
  return Value::Text(TimePart(x));
}

Result<Value> DateFn(const Args& args) {
  DateTime x;
  if (!IsDate(args, &x)) return Value::Null();
  ComputeYmd(&x);
  return Value::Text(DatePart(x));
}

Result<Value> Strftime(const Args& args) {
  if (args[0].is_null()) return Value::Null();
  const std::string fmt = TextOf(args[0]);
  DateTime x;
  if (!IsDate(Args(args.begin() + 1, args.end()), &x)) return Value::Null();
  ComputeYmdHms(&x);
  std::string out;
  for (size_t i = 0; i < fmt.size(); i++) {
    if (fmt[i] != '%') {
      out.push_back(fmt[i]);
      continue;
    }
    char c = i + 1 < fmt.size() ? fmt[++i] : '\0';
    switch (c) {
      case 'd': out += Format("%02d", x.d); break;
      case 'f': {
        double s = x.s > 59.999 ? 59.999 : x.s;
        FloatFormat f;
        f.conversion = 'f';
        f.precision = 3;
        std::string t = FormatReal(s, f);
        while (t.size() < 6) t.insert(t.begin(), '0');
        out += t;
        break;
      }
      case 'H': out += Format("%02d", x.h); break;
      case 'W':
      case 'j': {
        DateTime y = x;
        y.valid_jd = false;
        y.mo = 1;
        y.d = 1;
        ComputeJd(&y);
        int days = static_cast<int>((x.jd - y.jd + 43200000) / 86400000);
        if (c == 'W') {
          int wd = static_cast<int>(((x.jd + 43200000) / 86400000) % 7);  // 0 = Monday
          out += Format("%02d", (days + 7 - wd) / 7);
        } else {
          out += Format("%03d", days + 1);
        }
        break;
      }
      case 'J': {
        FloatFormat f;
        f.conversion = 'g';
        f.precision = 16;
        out += FormatReal(static_cast<double>(x.jd) / 86400000.0, f);
        break;
      }
      case 'm': out += Format("%02d", x.mo); break;
      case 'M': out += Format("%02d", x.mi); break;
      case 's': out += Int64ToText(x.jd / 1000 - kUnixEpochJdMs / 1000); break;
      case 'S': out += Format("%02d", static_cast<int>(x.s)); break;
      case 'w': out.push_back(static_cast<char>('0' + ((x.jd + 129600000) / 86400000) % 7)); break;
      case 'Y': out += Format("%04d", x.y); break;
      case '%': out.push_back('%'); break;
      default: return Value::Null();  // unknown conversion
    }
  }
  return Value::Text(std::move(out));
}

}  // namespace

std::vector<ScalarFunction> DateTimeScalarFunctions() {
  return {
      {"julianday", 0, -1, JulianDay}, {"unixepoch", 0, -1, UnixEpoch},
      {"date", 0, -1, DateFn},         {"time", 0, -1, TimeFn},
      {"datetime", 0, -1, DateTimeFn}, {"strftime", 1, -1, Strftime},
  };
}

}  // namespace s3lite
