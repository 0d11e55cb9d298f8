// JSON text as SQLite 3.40's JSON1 sees it: a parse into a flat array of
// nodes (document order; a container's `n` counts its descendants, object
// members are a label node followed by the value's nodes), path lookup with
// the edits json_set/json_insert/json_remove/json_patch make, and rendering
// back to text.
//
// Output is byte-identical to sqlite3's: scalars keep their source text
// (json(' 1E400 ') is 1E400, "\u0041" stays escaped), whitespace goes, SQL
// values are rendered as sqlite3_value_text renders them. Errors use
// sqlite3's words ("malformed JSON", "JSON path error near '...'").
//
// A JsonDoc refers to its own copy of the text and, after edits, to path
// strings and SQL values owned by the caller: keep those alive while the
// document is used.
//
// Thread-safety: a JsonDoc is used by one thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/value/value.h"

namespace s3lite::json {

enum class JsonType : uint8_t { kNull, kTrue, kFalse, kInteger, kReal, kString, kArray, kObject };
// "null", "true", "false", "integer", "real", "text", "array", "object" (json_type()).
const char* JsonTypeName(JsonType t);

enum : uint8_t {
  kNodeRaw = 0x01,      // string node holding unescaped SQL text (labels made by json_set)
  kNodeEscape = 0x02,   // string contains backslash escapes
  kNodeRemove = 0x04,   // removed by json_remove / json_patch
  kNodeReplace = 0x08,  // replaced by SQL value `replace`
  kNodePatch = 0x10,    // replaced by node `patch` (json_patch)
  kNodeAppend = 0x20,   // more members in the container at this + append
  kNodeLabel = 0x40,    // object member key
};

struct JsonNode {
  JsonType type = JsonType::kNull;
  uint8_t flags = 0;
  uint32_t n = 0;            // containers: descendant count; others: bytes of `text`
  const char* text = nullptr;  // scalar source text (strings with their quotes)
  uint32_t append = 0;       // kNodeAppend: offset of the appended container
  int replace = 0;           // kNodeReplace: argument index
  const JsonNode* patch = nullptr;  // kNodePatch
  uint32_t key = 0;          // array iteration counter (json_tree)
};

// Nodes a node spans (itself plus descendants).
inline uint32_t NodeSize(const JsonNode& n) {
  return n.type >= JsonType::kArray ? n.n + 1 : 1;
}

// The SQL arguments a rendering may refer to (replaced nodes), and which of
// them carry the JSON subtype (embedded as JSON rather than as strings).
struct SqlArgs {
  const std::vector<Value>* values = nullptr;
  uint64_t json_mask = 0;
  bool IsJson(size_t i) const { return i < 64 && ((json_mask >> i) & 1) != 0; }
};

class JsonDoc {
 public:
  // Parses `text` (up to its first NUL, as sqlite3 reads C strings). False
  // if malformed.
  bool Parse(std::string_view text);

  // Looks up `path` (must start with '$') below the root. Returns the node
  // index, or -1 if there is none. *error receives "JSON path error near
  // '...'" for a malformed path (lookup stops at the first missing step, so
  // a bad tail after a missing key is not reported, as in sqlite3). With
  // `append` non-null, missing object keys and array slot [#]/[n == size]
  // are created (json_set/json_insert) and *append set if so.
  int Lookup(const char* path, bool* append, std::string* error);
  // The same below node `root`, for `path` without its '$'; *error_at is the
  // rest of the path where it went wrong (nullptr if fine).
  int LookupStep(uint32_t root, const char* path, bool* append, const char** error_at);

  // Renders node i (following edits) as JSON text.
  void Render(uint32_t i, const SqlArgs& args, std::string* out) const;
  // The node as an SQL value (json_extract / ->>); containers as JSON text.
  Value ToSql(uint32_t i, const SqlArgs& args) const;
  // Parent indexes (json_tree); root's parent is 0.
  void FindParents();

  // json_patch: merges `patch` (RFC 7396) into node `target`; returns the
  // node that now stands for the target (maybe a node of `patch`).
  const JsonNode* MergePatch(uint32_t target, const JsonNode* patch);

  std::vector<JsonNode> nodes;
  std::vector<uint32_t> up;
  const std::string& text() const { return text_; }

 private:
  int ParseValue(uint32_t i);
  uint32_t AddNode(JsonType t, uint32_t n, const char* text);
  int LookupAppend(const char* path, bool* append, const char** error_at);

  std::string text_;
  int depth_ = 0;
};

// Appends s as a JSON string literal (quotes, escapes as sqlite3 writes them).
void AppendJsonString(std::string_view s, std::string* out);
// Appends an SQL value as JSON (sqlite3's jsonAppendValue). Fails for BLOB:
// "JSON cannot hold BLOB values".
bool AppendSqlValue(const Value& v, bool is_json, std::string* out);
// The path element ".key" for an object label node (quoted if not alnum).
void AppendObjectPathElement(const JsonNode& label, std::string* out);

}  // namespace s3lite::json
