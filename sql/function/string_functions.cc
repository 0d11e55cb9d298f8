// String functions: length, lower, upper, substr/substring, trim/ltrim/rtrim,
// replace, instr, char, unicode, soundex, concat, concat_ws. Text positions
// and lengths count UTF-8 characters; BLOB arguments count bytes. SQLite 3.40
// semantics (concat/concat_ws follow SQLite 3.44, which added them).
#include <algorithm>
#include <cstring>

#include "sql/function/builtin_functions.h"
#include "sql/function/utf8.h"

namespace s3lite {
namespace {

using Args = std::vector<Value>;

// sqlite3_value_text stops at the first NUL byte for character counting.
std::string_view UpToNul(const std::string& s) {
  size_t nul = s.find('\0');
  return nul == std::string::npos ? std::string_view(s) : std::string_view(s.data(), nul);
}

Result<Value> Length(const Args& args) {
  const Value& v = args[0];
  switch (v.type()) {
    case ValueType::kNull: return Value::Null();
    case ValueType::kBlob: return Value::Integer(static_cast<int64_t>(v.blob().size()));
    case ValueType::kText: return Value::Integer(Utf8Length(UpToNul(v.text())));
    default: return Value::Integer(static_cast<int64_t>(TextOf(v).size()));
  }
}

Result<Value> ChangeCase(const Args& args, bool upper) {
  if (args[0].is_null()) return Value::Null();
  std::string s = TextOf(args[0]);
  for (char& c : s) {
    if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return Value::Text(std::move(s));
}

Result<Value> Substr(const Args& args) {
  if (args[1].is_null() || (args.size() == 3 && args[2].is_null())) return Value::Null();
  const Value& x = args[0];
  if (x.is_null()) return Value::Null();
  const bool is_blob = x.is_blob();
  if (is_blob && x.blob().empty()) return Value::Null();  // sqlite3_value_blob(x'') is NULL
  const std::string s = is_blob ? x.blob() : TextOf(x);
  const std::string_view text = is_blob ? std::string_view(s) : UpToNul(s);
  int64_t start = IntOf(args[1]);
  int64_t len = 0;
  if (start < 0) len = is_blob ? static_cast<int64_t>(text.size()) : Utf8Length(text);
  int64_t count;
  bool negative_count = false;
  if (args.size() == 3) {
    count = IntOf(args[2]);
    if (count < 0) {
      count = -count;
      negative_count = true;
    }
  } else {
    count = 1000000000;  // SQLITE_LIMIT_LENGTH
  }
  // Convert SQL's 1-based (or from-the-end) start into a 0-based offset.
  if (start < 0) {
    start += len;
    if (start < 0) {
      count += start;
      if (count < 0) count = 0;
      start = 0;
    }
  } else if (start > 0) {
    start--;
  } else if (count > 0) {
    count--;
  }
  if (negative_count) {  // the characters before the start position
    start -= count;
    if (start < 0) {
      count += start;
      start = 0;
    }
  }
  if (is_blob) {
    int64_t size = static_cast<int64_t>(text.size());
    if (start > size) start = size;
    if (start + count > size) count = std::max<int64_t>(0, size - start);
    return Value::Blob(std::string(text.substr(static_cast<size_t>(start), static_cast<size_t>(count))));
  }
  size_t b = 0;
  for (; b < text.size() && start > 0; start--) b += Utf8CharLength(text, b);
  size_t e = b;
  for (; e < text.size() && count > 0; count--) e += Utf8CharLength(text, e);
  return Value::Text(std::string(text.substr(b, e - b)));
}

// trim family: mask 1 = left, 2 = right.
Result<Value> Trim(const Args& args, int mask) {
  if (args[0].is_null()) return Value::Null();
  std::string s = TextOf(args[0]);
  std::vector<std::string> set;
  if (args.size() == 1) {
    set.push_back(" ");
  } else {
    if (args[1].is_null()) return Value::Null();
    std::string chars = TextOf(args[1]);
    for (size_t i = 0; i < chars.size();) {
      size_t n = Utf8CharLength(chars, i);
      set.push_back(chars.substr(i, n));
      i += n;
    }
  }
  std::string_view v(s);
  auto starts_with_member = [&](std::string_view t) -> size_t {
    for (const std::string& c : set) {
      if (t.size() >= c.size() && std::memcmp(t.data(), c.data(), c.size()) == 0) return c.size();
    }
    return 0;
  };
  auto ends_with_member = [&](std::string_view t) -> size_t {
    for (const std::string& c : set) {
      if (t.size() >= c.size() && std::memcmp(t.data() + t.size() - c.size(), c.data(), c.size()) == 0) {
        return c.size();
      }
    }
    return 0;
  };
  if (!set.empty()) {
    if (mask & 1) {
      while (!v.empty()) {
        size_t n = starts_with_member(v);
        if (n == 0) break;
        v.remove_prefix(n);
      }
    }
    if (mask & 2) {
      while (!v.empty()) {
        size_t n = ends_with_member(v);
        if (n == 0) break;
        v.remove_suffix(n);
      }
    }
  }
  return Value::Text(std::string(v));
}

Result<Value> Replace(const Args& args) {
  if (args[0].is_null() || args[1].is_null()) return Value::Null();
  std::string pattern = TextOf(args[1]);
  if (pattern.empty()) return args[0];
  if (args[2].is_null()) return Value::Null();
  std::string s = TextOf(args[0]);
  std::string rep = TextOf(args[2]);
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(pattern, i);
    if (j == std::string::npos) break;
    out.append(s, i, j - i);
    out += rep;
    i = j + pattern.size();
  }
  out.append(s, i, std::string::npos);
  return Value::Text(std::move(out));
}

Result<Value> Instr(const Args& args) {
  const Value& h = args[0];
  const Value& n = args[1];
  if (h.is_null() || n.is_null()) return Value::Null();
  const bool bytes = h.is_blob() && n.is_blob();
  std::string hay = bytes ? h.blob() : TextOf(h);
  std::string needle = bytes ? n.blob() : TextOf(n);
  if (needle.empty()) return Value::Integer(1);
  size_t pos = hay.find(needle);
  if (pos == std::string::npos) return Value::Integer(0);
  if (bytes) return Value::Integer(static_cast<int64_t>(pos) + 1);
  return Value::Integer(Utf8Length(std::string_view(hay).substr(0, pos)) + 1);
}

Result<Value> Char(const Args& args) {
  std::string out;
  for (const Value& v : args) {
    int64_t c = ValueToInt64(v);
    if (c < 0 || c > 0x10FFFF) c = 0xFFFD;
    Utf8Append(static_cast<uint32_t>(c), &out);
  }
  return Value::Text(std::move(out));
}

Result<Value> Unicode(const Args& args) {
  if (args[0].is_null()) return Value::Null();
  std::string s = TextOf(args[0]);
  if (s.empty() || s[0] == '\0') return Value::Null();
  size_t pos = 0;
  return Value::Integer(Utf8Read(s, &pos));
}

Result<Value> Soundex(const Args& args) {
  static const char kCode[] = {
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      0, 0, 1, 2, 3, 0, 1, 2, 0, 0, 2, 2, 4, 5, 5, 0, 1, 2, 6, 2, 3, 0, 1, 0, 2, 0, 2, 0, 0, 0, 0, 0,
      0, 0, 1, 2, 3, 0, 1, 2, 0, 0, 2, 2, 4, 5, 5, 0, 1, 2, 6, 2, 3, 0, 1, 0, 2, 0, 2, 0, 0, 0, 0, 0,
  };
  std::string s = args[0].is_null() ? std::string() : TextOf(args[0]);
  size_t i = 0;
  auto is_alpha = [](unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  while (i < s.size() && s[i] != '\0' && !is_alpha(static_cast<unsigned char>(s[i]))) i++;
  if (i >= s.size() || s[i] == '\0') return Value::Text("?000");
  char first = s[i];
  if (first >= 'a' && first <= 'z') first = static_cast<char>(first - 'a' + 'A');
  std::string out(1, first);
  int prev = kCode[static_cast<unsigned char>(s[i]) & 0x7f];
  for (i++; out.size() < 4 && i < s.size() && s[i] != '\0'; i++) {
    int code = kCode[static_cast<unsigned char>(s[i]) & 0x7f];
    if (code > 0) {
      if (code != prev) out.push_back(static_cast<char>('0' + code));
      prev = code;
    } else {
      prev = 0;
    }
  }
  while (out.size() < 4) out.push_back('0');
  return Value::Text(std::move(out));
}

Result<Value> Concat(const Args& args) {
  std::string out;
  for (const Value& v : args) {
    if (!v.is_null()) out += TextOf(v);
  }
  return Value::Text(std::move(out));
}

Result<Value> ConcatWs(const Args& args) {
  if (args[0].is_null()) return Value::Null();
  std::string sep = TextOf(args[0]);
  std::string out;
  bool first = true;
  for (size_t i = 1; i < args.size(); i++) {
    if (args[i].is_null()) continue;
    if (!first) out += sep;
    out += TextOf(args[i]);
    first = false;
  }
  return Value::Text(std::move(out));
}

}  // namespace

std::vector<ScalarFunction> StringScalarFunctions() {
  return {
      {"length", 1, 1, Length},
      {"lower", 1, 1, [](const Args& a) { return ChangeCase(a, false); }},
      {"upper", 1, 1, [](const Args& a) { return ChangeCase(a, true); }},
      {"substr", 2, 3, Substr},
      {"substring", 2, 3, Substr},
      {"trim", 1, 2, [](const Args& a) { return Trim(a, 3); }},
      {"ltrim", 1, 2, [](const Args& a) { return Trim(a, 1); }},
      {"rtrim", 1, 2, [](const Args& a) { return Trim(a, 2); }},
      {"replace", 3, 3, Replace},
      {"instr", 2, 2, Instr},
      {"char", 0, -1, Char},
      {"unicode", 1, 1, Unicode},
      {"soundex", 1, 1, Soundex},
      {"concat", 1, -1, Concat},
      {"concat_ws", 2, -1, ConcatWs},
  };
}

}  // namespace s3lite
