// SQL printf()/format() with SQLite's conversions and flags:
//   %d %i %u %x %X %o %c %s %z %q %Q %w %f %e %E %g %G %r %p %n %%
//   flags - + space # ! 0 , ; width and precision (digits or *).
// An unknown conversion ends the output at that point, as in SQLite.
// Floating-point conversions use FormatReal (numeric_text.h) so that digits
// match sqlite3's exactly.
#include <cstdint>
#include <string>
#include <vector>

#include "sql/function/builtin_functions.h"
#include "sql/function/numeric_text.h"
#include "sql/function/utf8.h"

namespace s3lite {
namespace {

// The argument list after the format; exhausted lists read as NULL.
class PrintfArgs {
 public:
  explicit PrintfArgs(const std::vector<Value>& args) : args_(args) {}
  const Value* Next() { return next_ < args_.size() ? &args_[next_++] : nullptr; }
  int64_t NextInt() {
    const Value* v = Next();
    return v ? ValueToInt64(*v) : 0;
  }
  double NextReal() {
    const Value* v = Next();
    return v ? ValueToDouble(*v) : 0.0;
  }
  // nullptr for a missing or NULL argument (sqlite3_value_text of NULL).
  bool NextText(std::string* out) {
    const Value* v = Next();
    if (v == nullptr || v->is_null()) return false;
    *out = TextOf(*v);
    size_t nul = out->find('\0');  // a C string in SQLite: printf('%Q', x'00ff') is ''
    if (nul != std::string::npos) out->resize(nul);
    return true;
  }

 private:
  const std::vector<Value>& args_;
  size_t next_ = 1;  // args_[0] is the format
};

struct Spec {
  bool left = false;
  char sign = 0;  // '+' or ' '
  bool alternate = false;
  bool alt2 = false;
  bool zero_pad = false;
  bool thousands = false;
  int width = 0;
  int precision = -1;
};

std::string Digits(uint64_t v, unsigned base, bool upper) {
  const char* set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string s;
  do {
    s.insert(s.begin(), set[v % base]);
    v /= base;
  } while (v > 0);
  return s;
}

std::string FormatInteger(char conv, const Spec& spec, PrintfArgs* args) {
  bool is_signed = conv == 'd' || conv == 'i' || conv == 'r';
  unsigned base = (conv == 'x' || conv == 'X' || conv == 'p') ? 16 : conv == 'o' ? 8 : 10;
  bool thousands = spec.thousands && (conv == 'd' || conv == 'i' || conv == 'u');
  int64_t raw = args->NextInt();
  uint64_t magnitude;
  char prefix = 0;
  if (is_signed) {
    if (raw < 0) {
      magnitude = raw == INT64_MIN ? (uint64_t{1} << 63) : static_cast<uint64_t>(-raw);
      prefix = '-';
    } else {
      magnitude = static_cast<uint64_t>(raw);
      prefix = spec.sign;
    }
  } else {
    magnitude = static_cast<uint64_t>(raw);
  }
  bool alternate = spec.alternate && magnitude != 0;
  int precision = spec.precision;
  if (spec.zero_pad && precision < spec.width - (prefix != 0)) {
    precision = spec.width - (prefix != 0);
  }
  std::string digits = Digits(magnitude, base, conv == 'X');
  if (conv == 'r') {  // ordinal suffix: 1st 2nd 3rd 4th 11th 12th 13th
    static const char kSuffix[] = "thstndrd";
    int x = static_cast<int>(magnitude % 10);
    if (x >= 4 || (magnitude / 10) % 10 == 1) x = 0;
    digits.push_back(kSuffix[x * 2]);
    digits.push_back(kSuffix[x * 2 + 1]);
  }
  while (static_cast<int>(digits.size()) < precision) digits.insert(digits.begin(), '0');
  if (thousands) {
    std::string grouped;
    int n = static_cast<int>(digits.size());
    for (int i = 0; i < n; i++) {
      grouped.push_back(digits[i]);
      int left = n - 1 - i;
      if (left > 0 && left % 3 == 0) grouped.push_back(',');
    }
    digits = grouped;
  }
  std::string out;
  if (prefix) out.push_back(prefix);
  if (alternate) {
    if (conv == 'o') out += "0";
    if (conv == 'x' || conv == 'p') out += "0x";
    if (conv == 'X') out += "0X";
  }
  return out + digits;
}

std::string FormatFloat(char conv, const Spec& spec, PrintfArgs* args) {
  FloatFormat f;
  f.conversion = conv;
  f.precision = spec.precision;
  f.alternate = spec.alternate;
  f.alt2 = spec.alt2;
  f.sign = spec.sign;
  std::string s = FormatReal(args->NextReal(), f);
  if (spec.zero_pad && !spec.left && static_cast<int>(s.size()) < spec.width) {
    size_t at = (!s.empty() && (s[0] == '-' || s[0] == '+' || s[0] == ' ')) ? 1 : 0;
    s.insert(at, static_cast<size_t>(spec.width) - s.size(), '0');
  }
  return s;
}

// Bytes of the first `precision` characters (or bytes) of s.
size_t PrefixLength(const std::string& s, int precision, bool in_chars) {
  if (precision < 0) return s.size();
  if (!in_chars) return std::min(s.size(), static_cast<size_t>(precision));
  size_t i = 0;
  for (int n = 0; n < precision && i < s.size(); n++) i += Utf8CharLength(s, i);
  return i;
}

std::string Escape(char conv, const Spec& spec, PrintfArgs* args) {
  std::string text;
  bool is_null = !args->NextText(&text);
  if (is_null) text = conv == 'Q' ? "NULL" : "(NULL)";
  char quote = conv == 'w' ? '"' : '\'';
  size_t n = PrefixLength(text, spec.precision, spec.alt2);
  std::string out;
  bool wrap = !is_null && conv == 'Q';
  if (wrap) out.push_back(quote);
  for (size_t i = 0; i < n; i++) {
    out.push_back(text[i]);
    if (text[i] == quote) out.push_back(quote);
  }
  if (wrap) out.push_back(quote);
  return out;
}

void Pad(std::string body, int width, bool left, bool width_in_chars, std::string* out) {
  if (width_in_chars) {  // '!' flag: width counts characters, not bytes
    for (char c : body) {
      if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) width++;
    }
  }
  int pad = width - static_cast<int>(body.size());
  if (pad > 0 && !left) out->append(static_cast<size_t>(pad), ' ');
  out->append(body);
  if (pad > 0 && left) out->append(static_cast<size_t>(pad), ' ');
}

}  // namespace

Value SqlPrintf(const std::vector<Value>& all) {
  std::string out;
  if (all.empty() || all[0].is_null()) return Value::Null();
  // SQLite returns NULL when nothing at all was appended (an empty format, or
  // an unknown conversion first), and TEXT otherwise, even if empty.
  bool appended = false;
  auto result = [&]() { return appended ? Value::Text(out) : Value::Null(); };
  std::string format = TextOf(all[0]);
  if (size_t nul = format.find('\0'); nul != std::string::npos) format.resize(nul);
  PrintfArgs args(all);
  size_t i = 0;
  const size_t n = format.size();
  while (i < n) {
    if (format[i] != '%') {
      size_t j = format.find('%', i);
      if (j == std::string::npos) j = n;
      out.append(format, i, j - i);
      appended = true;
      i = j;
      continue;
    }
    i++;
    if (i >= n) {
      out.push_back('%');
      appended = true;
      break;
    }
    Spec spec;
    // Flags.
    for (; i < n; i++) {
      char c = format[i];
      if (c == '-') spec.left = true;
      else if (c == '+') spec.sign = '+';
      else if (c == ' ') spec.sign = ' ';
      else if (c == '#') spec.alternate = true;
      else if (c == '!') spec.alt2 = true;
      else if (c == '0') spec.zero_pad = true;
      else if (c == ',') spec.thousands = true;
      else break;
    }
    // Width.
    if (i < n && format[i] == '*') {
      int w = static_cast<int>(args.NextInt());
      if (w < 0) {
        spec.left = true;
        w = w >= -2147483647 ? -w : 0;
      }
      spec.width = w;
      i++;
    } else {
      unsigned w = 0;
      while (i < n && IsSqlDigit(format[i])) w = w * 10 + static_cast<unsigned>(format[i++] - '0');
      spec.width = static_cast<int>(w & 0x7fffffff);
    }
    // Precision.
    if (i < n && format[i] == '.') {
      i++;
      if (i < n && format[i] == '*') {
        int p = static_cast<int>(args.NextInt());
        spec.precision = p < 0 ? (p >= -2147483647 ? -p : -1) : p;
        i++;
      } else {
        unsigned p = 0;
        while (i < n && IsSqlDigit(format[i])) p = p * 10 + static_cast<unsigned>(format[i++] - '0');
        spec.precision = static_cast<int>(p & 0x7fffffff);
      }
    }
    // Length modifiers carry no meaning for SQL values.
    while (i < n && format[i] == 'l') i++;
    if (i >= n) break;
    const char conv = format[i++];
    std::string body;
    bool width_in_chars = false;
    switch (conv) {
      case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': case 'p': case 'r':
        body = FormatInteger(conv, spec, &args);
        break;
      case 'f': case 'e': case 'E': case 'g': case 'G':
        body = FormatFloat(conv, spec, &args);
        break;
      case 's': case 'z': {
        std::string text;
        args.NextText(&text);
        body = text.substr(0, PrefixLength(text, spec.precision, spec.alt2));
        width_in_chars = spec.alt2;
        break;
      }
      case 'q': case 'Q': case 'w':
        body = Escape(conv, spec, &args);
        width_in_chars = spec.alt2;
        break;
      case 'c': {
        std::string text;
        std::string ch(1, '\0');
        if (args.NextText(&text) && !text.empty()) ch = text.substr(0, Utf8CharLength(text, 0));
        int width = spec.width;
        if (spec.precision > 1) {
          width -= spec.precision - 1;
          if (width > 1 && !spec.left) {
            out.append(static_cast<size_t>(width - 1), ' ');
            width = 0;
          }
          for (int k = 1; k < spec.precision; k++) out += ch;
        }
        Pad(ch, width, spec.left, /*width_in_chars=*/true, &out);
        appended = true;
        continue;
      }
      case '%':
        body = "%";
        break;
      case 'n':
        appended = true;
        continue;
      default:
        return result();  // unknown conversion: SQLite stops here
    }
    Pad(std::move(body), spec.width, spec.left, width_in_chars, &out);
    appended = true;
  }
  return result();
}

}  // namespace s3lite
