// JSON parse tree, path lookup, edits and rendering (see json.h). The
// grammar is strict RFC 8259 as SQLite 3.40 accepts it: whitespace is
// space/tab/LF/CR only, numbers have no leading zeros, no leading '.', no
// trailing '.', strings have no raw control characters, nesting is limited
// to 2000 levels.
#include "sql/function/json.h"

#include <cstring>

#include "sql/function/numeric_text.h"
#include "sql/function/utf8.h"
#include "sql/function/value_ops.h"

namespace s3lite::json {
namespace {

constexpr int kMaxDepth = 2000;

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool Is4Hex(const char* z) { return IsHex(z[0]) && IsHex(z[1]) && IsHex(z[2]) && IsHex(z[3]); }

uint32_t HexValue(char c) {
  if (IsDigit(c)) return static_cast<uint32_t>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<uint32_t>(c - 'a' + 10);
  return static_cast<uint32_t>(c - 'A' + 10);
}
uint32_t Hex4(const char* z) {
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) v = v * 16 + HexValue(z[i]);
  return v;
}

void AppendSeparator(std::string* out) {
  if (!out->empty() && out->back() != '[' && out->back() != '{') out->push_back(',');
}

// Decodes the JSON string literal [z, z+n) (with quotes) into UTF-8, as
// sqlite3's jsonReturn: a \u0000 escape ends the string.
std::string Unescape(const char* z, uint32_t n) {
  std::string out;
  out.reserve(n);
  for (uint32_t i = 1; i + 1 < n; i++) {
    char c = z[i];
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    c = z[++i];
    if (c == 'u') {
      uint32_t v = Hex4(z + i + 1);
      i += 4;
      if (v == 0) break;
      if ((v & 0xfc00) == 0xd800 && i + 6 < n && z[i + 1] == '\\' && z[i + 2] == 'u') {
        uint32_t lo = Hex4(z + i + 3);
        if ((lo & 0xfc00) == 0xdc00) {
          v = ((v & 0x3ff) << 10) + (lo & 0x3ff) + 0x10000;
          i += 6;
        }
      }
      Utf8Append(v, &out);
    } else {
      switch (c) {
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 't': c = '\t'; break;
        default: break;
      }
      out.push_back(c);
    }
  }
  return out;
}

// Integer literal text as sqlite3's jsonReturn reads it: beyond int64 it is
// a REAL (except exactly -9223372036854775808).
Value IntegerValue(const char* z, uint32_t n) {
  std::string_view s(z, n);
  bool neg = s[0] == '-';
  uint64_t i = 0;
  const uint64_t kMax = 9223372036854775807ULL;
  for (size_t k = neg ? 1 : 0; k < s.size(); k++) {
    uint64_t v = static_cast<uint64_t>(s[k] - '0');
    if (i >= kMax / 10) {
      bool more = k + 1 < s.size();
      if (i > kMax / 10 || more || v == 9 || (v == 8 && !neg)) {
        double r = 0;
        TextToReal(s, &r);
        return Value::Real(r);
      }
      if (v == 8) return Value::Integer(INT64_MIN);
    }
    i = i * 10 + v;
  }
  int64_t r = static_cast<int64_t>(i);
  return Value::Integer(neg ? -r : r);
}

}  // namespace

const char* JsonTypeName(JsonType t) {
  static const char* const kNames[] = {"null", "true", "false", "integer", "real", "text", "array", "object"};
  return kNames[static_cast<int>(t)];
}

void AppendJsonString(std::string_view s, std::string* out) {
  static const char kSpecial[32] = {0, 0, 0, 0, 0, 0, 0, 0, 'b', 't', 'n', 0, 'f', 'r', 0, 0,
                                    0, 0, 0, 0, 0, 0, 0, 0, 0,   0,   0,   0, 0,   0,   0, 0};
  out->push_back('"');
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(ch);
    } else if (c <= 0x1f) {
      if (kSpecial[c] != 0) {
        out->push_back('\\');
        out->push_back(kSpecial[c]);
      } else {
        out->append("\\u00");
        out->push_back(static_cast<char>('0' + (c >> 4)));
        out->push_back("0123456789abcdef"[c & 0xf]);
      }
    } else {
      out->push_back(ch);
    }
  }
  out->push_back('"');
}

bool AppendSqlValue(const Value& v, bool is_json, std::string* out) {
  switch (v.type()) {
    case ValueType::kNull: out->append("null"); return true;
    case ValueType::kInteger:
    case ValueType::kReal: out->append(ValueToText(v)); return true;
    case ValueType::kText:
      if (is_json) out->append(v.text());
      else AppendJsonString(v.text(), out);
      return true;
    case ValueType::kBlob: return false;
  }
  return true;
}

void AppendObjectPathElement(const JsonNode& label, std::string* out) {
  const char* z = label.text;
  uint32_t n = label.n;
  if ((label.flags & kNodeRaw) != 0) {  // a key json_set added: bare text
    out->push_back('.');
    out->append(z, n);
    return;
  }
  if (n > 2 && IsAlpha(z[1])) {
    uint32_t j = 2;
    while (j < n - 1 && IsAlnum(z[j])) j++;
    if (j == n - 1) {
      z++;
      n -= 2;
    }
  }
  out->push_back('.');
  out->append(z, n);
}

// ---------------------------------------------------------------- parsing

uint32_t JsonDoc::AddNode(JsonType t, uint32_t n, const char* text) {
  JsonNode node;
  node.type = t;
  node.n = n;
  node.text = text;
  nodes.push_back(node);
  return static_cast<uint32_t>(nodes.size() - 1);
}

bool JsonDoc::Parse(std::string_view text) {
  size_t nul = text.find('\0');
  text_.assign(text.data(), nul == std::string_view::npos ? text.size() : nul);
  nodes.clear();
  up.clear();
  depth_ = 0;
  int i = ParseValue(0);
  if (i > 0) {
    const char* z = text_.c_str();
    while (IsJsonSpace(z[i])) i++;
    if (z[i] != 0) i = -1;
  }
  if (i <= 0) {
    nodes.clear();
    return false;
  }
  return true;
}

// Returns the index just past the value starting at or after i; -1 on a
// syntax error, -2 / -3 at '}' / ']', 0 at end of input (sqlite3's codes).
int JsonDoc::ParseValue(uint32_t i) {
  const char* z = text_.c_str();
  while (IsJsonSpace(z[i])) i++;
  char c = z[i];
  if (c == '{') {
    uint32_t self = AddNode(JsonType::kObject, 0, nullptr);
    uint32_t j = i + 1;
    for (;; j++) {
      while (IsJsonSpace(z[j])) j++;
      if (++depth_ > kMaxDepth) return -1;
      int x = ParseValue(j);
      if (x < 0) {
        depth_--;
        if (x == -2 && nodes.size() == self + 1) return static_cast<int>(j + 1);
        return -1;
      }
      JsonNode& key = nodes.back();
      if (key.type != JsonType::kString) return -1;
      key.flags |= kNodeLabel;
      j = static_cast<uint32_t>(x);
      while (IsJsonSpace(z[j])) j++;
      if (z[j] != ':') return -1;
      j++;
      x = ParseValue(j);
      depth_--;
      if (x < 0) return -1;
      j = static_cast<uint32_t>(x);
      while (IsJsonSpace(z[j])) j++;
      c = z[j];
      if (c == ',') continue;
      if (c != '}') return -1;
      break;
    }
    nodes[self].n = static_cast<uint32_t>(nodes.size() - self - 1);
    return static_cast<int>(j + 1);
  }
  if (c == '[') {
    uint32_t self = AddNode(JsonType::kArray, 0, nullptr);
    uint32_t j = i + 1;
    for (;; j++) {
      while (IsJsonSpace(z[j])) j++;
      if (++depth_ > kMaxDepth) return -1;
      int x = ParseValue(j);
      depth_--;
      if (x < 0) {
        if (x == -3 && nodes.size() == self + 1) return static_cast<int>(j + 1);
        return -1;
      }
      j = static_cast<uint32_t>(x);
      while (IsJsonSpace(z[j])) j++;
      c = z[j];
      if (c == ',') continue;
      if (c != ']') return -1;
      break;
    }
    nodes[self].n = static_cast<uint32_t>(nodes.size() - self - 1);
    return static_cast<int>(j + 1);
  }
  if (c == '"') {
    uint8_t flags = 0;
    uint32_t j = i + 1;
    for (;;) {
      c = z[j];
      if ((static_cast<unsigned char>(c) & ~0x1fu) == 0) return -1;  // control character or end
      if (c == '\\') {
        c = z[++j];
        if (c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' || c == 'r' || c == 't' ||
            (c == 'u' && Is4Hex(z + j + 1))) {
          flags = kNodeEscape;
        } else {
          return -1;
        }
      } else if (c == '"') {
        break;
      }
      j++;
    }
    uint32_t k = AddNode(JsonType::kString, j + 1 - i, z + i);
    nodes[k].flags = flags;
    return static_cast<int>(j + 1);
  }
  if (c == 'n' && std::strncmp(z + i, "null", 4) == 0 && !IsAlnum(z[i + 4])) {
    AddNode(JsonType::kNull, 0, nullptr);
    return static_cast<int>(i + 4);
  }
  if (c == 't' && std::strncmp(z + i, "true", 4) == 0 && !IsAlnum(z[i + 4])) {
    AddNode(JsonType::kTrue, 0, nullptr);
    return static_cast<int>(i + 4);
  }
  if (c == 'f' && std::strncmp(z + i, "false", 5) == 0 && !IsAlnum(z[i + 5])) {
    AddNode(JsonType::kFalse, 0, nullptr);
    return static_cast<int>(i + 5);
  }
  if (c == '-' || IsDigit(c)) {
    bool seen_dp = false, seen_e = false;
    if (c <= '0') {
      uint32_t j = c == '-' ? i + 1 : i;
      if (z[j] == '0' && IsDigit(z[j + 1])) return -1;
    }
    uint32_t j = i + 1;
    for (;; j++) {
      c = z[j];
      if (IsDigit(c)) continue;
      if (c == '.') {
        if (z[j - 1] == '-' || seen_dp) return -1;
        seen_dp = true;
        continue;
      }
      if (c == 'e' || c == 'E') {
        if (z[j - 1] < '0' || seen_e) return -1;
        seen_dp = seen_e = true;
        c = z[j + 1];
        if (c == '+' || c == '-') {
          j++;
          c = z[j + 1];
        }
        if (!IsDigit(c)) return -1;
        continue;
      }
      break;
    }
    if (z[j - 1] < '0') return -1;
    AddNode(seen_dp ? JsonType::kReal : JsonType::kInteger, j - i, z + i);
    return static_cast<int>(j);
  }
  if (c == '}') return -2;
  if (c == ']') return -3;
  if (c == 0) return 0;
  return -1;
}

void JsonDoc::FindParents() {
  up.assign(nodes.size(), 0);
  // Iterative pre-order walk: every node's parent is the innermost
  // container whose span covers it.
  std::vector<uint32_t> stack;  // open containers
  for (uint32_t i = 0; i < nodes.size(); i++) {
    while (!stack.empty() && i > stack.back() + nodes[stack.back()].n) stack.pop_back();
    up[i] = stack.empty() ? 0 : stack.back();
    if (nodes[i].type >= JsonType::kArray) stack.push_back(i);
  }
}

// ---------------------------------------------------------------- paths

int JsonDoc::Lookup(const char* path, bool* append, std::string* error) {
  if (path == nullptr) return -1;
  const char* error_at = nullptr;
  int found = -1;
  if (path[0] != '$') {
    error_at = path;
  } else {
    found = LookupStep(0, path + 1, append, &error_at);
  }
  if (error_at != nullptr) {
    *error = "JSON path error near '" + std::string(error_at) + "'";
    return -1;
  }
  return found;
}

int JsonDoc::LookupStep(uint32_t root, const char* path, bool* append, const char** error_at) {
  if (path[0] == 0) return static_cast<int>(root);
  if ((nodes[root].flags & kNodeReplace) != 0) return -1;
  if (path[0] == '.') {
    if (nodes[root].type != JsonType::kObject) return -1;
    path++;
    const char* key;
    uint32_t nkey, i;
    if (path[0] == '"') {
      key = path + 1;
      for (i = 1; path[i] && path[i] != '"'; i++) {
      }
      nkey = i - 1;
      if (path[i]) {
        i++;
      } else {
        *error_at = path;
        return -1;
      }
    } else {
      key = path;
      for (i = 0; path[i] && path[i] != '.' && path[i] != '['; i++) {
      }
      nkey = i;
      if (nkey == 0) {
        *error_at = path;
        return -1;
      }
    }
    uint32_t base = root;
    for (;;) {
      uint32_t j = 1;
      while (j <= nodes[base].n) {
        const JsonNode& label = nodes[base + j];
        bool match;
        if ((label.flags & kNodeRaw) != 0) {
          match = label.n == nkey && std::memcmp(label.text, key, nkey) == 0;
        } else {
          match = label.n == nkey + 2 && std::memcmp(label.text + 1, key, nkey) == 0;
        }
        if (match) return LookupStep(base + j + 1, path + i, append, error_at);
        j++;
        j += NodeSize(nodes[base + j]);
      }
      if ((nodes[base].flags & kNodeAppend) == 0) break;
      base += nodes[base].append;
    }
    if (append != nullptr) {
      uint32_t start = AddNode(JsonType::kObject, 2, nullptr);
      uint32_t label = AddNode(JsonType::kString, nkey, key);
      int found = LookupAppend(path + i, append, error_at);
      if (found >= 0) {
        nodes[base].append = start - base;
        nodes[base].flags |= kNodeAppend;
        nodes[label].flags |= kNodeRaw | kNodeLabel;
      }
      return found;
    }
    return -1;
  }
  if (path[0] == '[') {
    uint32_t i = 0, j = 1;
    while (IsDigit(path[j])) {
      i = i * 10 + static_cast<uint32_t>(path[j] - '0');
      j++;
    }
    if (j < 2 || path[j] != ']') {
      if (path[1] != '#') {
        *error_at = path;
        return -1;
      }
      if (nodes[root].type != JsonType::kArray) return -1;
      uint32_t base = root;
      j = 1;
      for (;;) {
        while (j <= nodes[base].n) {
          if ((nodes[base + j].flags & kNodeRemove) == 0) i++;
          j += NodeSize(nodes[base + j]);
        }
        if ((nodes[base].flags & kNodeAppend) == 0) break;
        base += nodes[base].append;
        j = 1;
      }
      j = 2;
      if (path[2] == '-' && IsDigit(path[3])) {
        uint32_t x = 0;
        j = 3;
        do {
          x = x * 10 + static_cast<uint32_t>(path[j] - '0');
          j++;
        } while (IsDigit(path[j]));
        if (x > i) return -1;
        i -= x;
      }
      if (path[j] != ']') {
        *error_at = path;
        return -1;
      }
    }
    if (nodes[root].type != JsonType::kArray) return -1;
    path += j + 1;
    uint32_t base = root;
    j = 1;
    for (;;) {
      while (j <= nodes[base].n && (i > 0 || (nodes[base + j].flags & kNodeRemove) != 0)) {
        if ((nodes[base + j].flags & kNodeRemove) == 0) i--;
        j += NodeSize(nodes[base + j]);
      }
      if ((nodes[base].flags & kNodeAppend) == 0) break;
      base += nodes[base].append;
      j = 1;
    }
    if (j <= nodes[base].n) return LookupStep(base + j, path, append, error_at);
    if (i == 0 && append != nullptr) {
      uint32_t start = AddNode(JsonType::kArray, 1, nullptr);
      int found = LookupAppend(path, append, error_at);
      if (found >= 0) {
        nodes[base].append = start - base;
        nodes[base].flags |= kNodeAppend;
      }
      return found;
    }
    return -1;
  }
  *error_at = path;
  return -1;
}

// Creates the value a missing path names: null at the end, an empty object
// before ".key", an empty array before "[0]".
int JsonDoc::LookupAppend(const char* path, bool* append, const char** error_at) {
  *append = true;
  if (path[0] == 0) return static_cast<int>(AddNode(JsonType::kNull, 0, nullptr));
  if (path[0] == '.') {
    AddNode(JsonType::kObject, 0, nullptr);
  } else if (std::strncmp(path, "[0]", 3) == 0) {
    AddNode(JsonType::kArray, 0, nullptr);
  } else {
    return -1;
  }
  return LookupStep(static_cast<uint32_t>(nodes.size() - 1), path, append, error_at);
}

// ---------------------------------------------------------------- output

namespace {

void RenderNode(const JsonNode* node, const SqlArgs& args, std::string* out) {
  if ((node->flags & (kNodeReplace | kNodePatch)) != 0) {
    if ((node->flags & kNodeReplace) != 0) {
      size_t k = static_cast<size_t>(node->replace);
      AppendSqlValue((*args.values)[k], args.IsJson(k), out);  // BLOBs are refused before rendering
      return;
    }
    node = node->patch;
  }
  switch (node->type) {
    case JsonType::kNull: out->append("null"); break;
    case JsonType::kTrue: out->append("true"); break;
    case JsonType::kFalse: out->append("false"); break;
    case JsonType::kString:
      if ((node->flags & kNodeRaw) != 0) {
        AppendJsonString(std::string_view(node->text, node->n), out);
        break;
      }
      [[fallthrough]];
    case JsonType::kInteger:
    case JsonType::kReal: out->append(node->text, node->n); break;
    case JsonType::kArray: {
      out->push_back('[');
      uint32_t j = 1;
      for (;;) {
        while (j <= node->n) {
          if ((node[j].flags & kNodeRemove) == 0) {
            AppendSeparator(out);
            RenderNode(&node[j], args, out);
          }
          j += NodeSize(node[j]);
        }
        if ((node->flags & kNodeAppend) == 0) break;
        node += node->append;
        j = 1;
      }
      out->push_back(']');
      break;
    }
    case JsonType::kObject: {
      out->push_back('{');
      uint32_t j = 1;
      for (;;) {
        while (j <= node->n) {
          if ((node[j + 1].flags & kNodeRemove) == 0) {
            AppendSeparator(out);
            RenderNode(&node[j], args, out);
            out->push_back(':');
            RenderNode(&node[j + 1], args, out);
          }
          j += 1 + NodeSize(node[j + 1]);
        }
        if ((node->flags & kNodeAppend) == 0) break;
        node += node->append;
        j = 1;
      }
      out->push_back('}');
      break;
    }
  }
}

void RemoveAllNulls(JsonNode* node) {
  for (uint32_t i = 2; i <= node->n; i += NodeSize(node[i]) + 1) {
    if (node[i].type == JsonType::kNull) node[i].flags |= kNodeRemove;
    else if (node[i].type == JsonType::kObject) RemoveAllNulls(&node[i]);
  }
}

}  // namespace

void JsonDoc::Render(uint32_t i, const SqlArgs& args, std::string* out) const {
  RenderNode(&nodes[i], args, out);
}

Value JsonDoc::ToSql(uint32_t i, const SqlArgs& args) const {
  const JsonNode& node = nodes[i];
  switch (node.type) {
    case JsonType::kNull: return Value::Null();
    case JsonType::kTrue: return Value::Integer(1);
    case JsonType::kFalse: return Value::Integer(0);
    case JsonType::kInteger: return IntegerValue(node.text, node.n);
    case JsonType::kReal: {
      double r = 0;
      TextToReal(std::string_view(node.text, node.n), &r);
      return Value::Real(r);
    }
    case JsonType::kString:
      if ((node.flags & kNodeRaw) != 0) return Value::Text(std::string(node.text, node.n));
      if ((node.flags & kNodeEscape) == 0) return Value::Text(std::string(node.text + 1, node.n - 2));
      return Value::Text(Unescape(node.text, node.n));
    case JsonType::kArray:
    case JsonType::kObject: {
      std::string out;
      Render(i, args, &out);
      return Value::Text(std::move(out));
    }
  }
  return Value::Null();
}

// RFC 7396 merge, with sqlite3 3.40's details: keys compare by their source
// text, a key the patch names twice is applied once if the target has it
// (and appended twice if not), nulls inside appended objects are dropped.
const JsonNode* JsonDoc::MergePatch(uint32_t target, const JsonNode* patch) {
  if (patch->type != JsonType::kObject) return patch;
  if (nodes[target].type != JsonType::kObject) {
    RemoveAllNulls(const_cast<JsonNode*>(patch));
    return patch;
  }
  uint32_t root = target;
  for (uint32_t i = 1; i < patch->n; i += NodeSize(patch[i + 1]) + 1) {
    uint32_t nkey = patch[i].n;
    const char* key = patch[i].text;
    uint32_t j;
    for (j = 1; j < nodes[target].n; j += NodeSize(nodes[target + j + 1]) + 1) {
      if (nodes[target + j].n == nkey && std::strncmp(nodes[target + j].text, key, nkey) == 0) {
        if ((nodes[target + j + 1].flags & (kNodeRemove | kNodePatch)) != 0) break;
        if (patch[i + 1].type == JsonType::kNull) {
          nodes[target + j + 1].flags |= kNodeRemove;
        } else {
          const JsonNode* merged = MergePatch(target + j + 1, &patch[i + 1]);
          if (merged != &nodes[target + j + 1]) {
            nodes[target + j + 1].patch = merged;
            nodes[target + j + 1].flags |= kNodePatch;
          }
        }
        break;
      }
    }
    if (j >= nodes[target].n && patch[i + 1].type != JsonType::kNull) {
      uint32_t start = AddNode(JsonType::kObject, 2, nullptr);
      AddNode(JsonType::kString, nkey, key);
      uint32_t slot = AddNode(JsonType::kTrue, 0, nullptr);
      RemoveAllNulls(const_cast<JsonNode*>(patch));
      nodes[root].flags |= kNodeAppend;
      nodes[root].append = start - root;
      root = start;
      nodes[slot].flags |= kNodePatch;
      nodes[slot].patch = &patch[i + 1];
    }
  }
  return &nodes[target];
}

}  // namespace s3lite::json
