// The JSON1 SQL functions of SQLite 3.40 over json.h (see json_functions.h
// for the list and for how the JSON subtype of arguments is carried).
#include "sql/function/json_functions.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "sql/function/builtin_functions.h"
#include "sql/function/json.h"

namespace s3lite {
namespace {

using Args = std::vector<Value>;
using json::JsonDoc;
using json::SqlArgs;

const char kBlobError[] = "JSON cannot hold BLOB values";

// Argument i carries the JSON subtype in this call.
bool IsJsonArg(const Args& args, JsonArgMask mask, size_t i) {
  if (i >= 32) return false;
  if ((mask.json >> i) & 1u) return true;
  if (((mask.container >> i) & 1u) && args[i].is_text()) {
    const std::string& t = args[i].text();
    if (t.empty() || (t[0] != '[' && t[0] != '{')) return false;
    JsonDoc doc;
    return doc.Parse(t);
  }
  return false;
}

SqlArgs SqlArgsOf(const Args& args, JsonArgMask mask) {
  SqlArgs s;
  s.values = &args;
  for (size_t i = 0; i < args.size() && i < 32; i++) {
    if (IsJsonArg(args, mask, i)) s.json_mask |= uint64_t{1} << i;
  }
  return s;
}

// Parses argument 0 as sqlite3 reads JSON input (numbers as their text).
// *null is set for NULL input (the function then returns NULL).
Status ParseArg(const Value& v, JsonDoc* doc, bool* null) {
  *null = v.is_null();
  if (*null) return Status::OK();
  if (!doc->Parse(v.is_text() || v.is_blob() ? std::string_view(v.bytes()) : std::string_view(TextOf(v)))) {
    return Status::InvalidArgument("malformed JSON");
  }
  return Status::OK();
}

// sqlite3_value_text of a path argument: nullptr for NULL.
struct PathText {
  explicit PathText(const Value& v) : null(v.is_null()) {
    if (!null) text = TextOf(v);
  }
  const char* c_str() const { return null ? nullptr : text.c_str(); }
  bool null;
  std::string text;
};

Value RenderRoot(const JsonDoc& doc, uint32_t i, const SqlArgs& args) {
  std::string out;
  doc.Render(i, args, &out);
  return Value::Text(std::move(out));
}

Result<Value> Json(const Args& args, JsonArgMask) {
  JsonDoc doc;
  bool null;
  S3LITE_RETURN_IF_ERROR(ParseArg(args[0], &doc, &null));
  if (null) return Value::Null();
  return RenderRoot(doc, 0, SqlArgs());
}

Result<Value> JsonArray(const Args& args, JsonArgMask mask) {
  std::string out = "[";
  for (size_t i = 0; i < args.size(); i++) {
    if (i > 0) out.push_back(',');
    if (!json::AppendSqlValue(args[i], IsJsonArg(args, mask, i), &out)) return Status::InvalidArgument(kBlobError);
  }
  out.push_back(']');
  return Value::Text(std::move(out));
}

Result<Value> JsonObject(const Args& args, JsonArgMask mask) {
  if (args.size() & 1) return Status::InvalidArgument("json_object() requires an even number of arguments");
  std::string out = "{";
  for (size_t i = 0; i < args.size(); i += 2) {
    if (!args[i].is_text()) return Status::InvalidArgument("json_object() labels must be TEXT");
    if (i > 0) out.push_back(',');
    json::AppendJsonString(args[i].text(), &out);
    out.push_back(':');
    if (!json::AppendSqlValue(args[i + 1], IsJsonArg(args, mask, i + 1), &out)) {
      return Status::InvalidArgument(kBlobError);
    }
  }
  out.push_back('}');
  return Value::Text(std::move(out));
}

Result<Value> JsonQuote(const Args& args, JsonArgMask mask) {
  std::string out;
  if (!json::AppendSqlValue(args[0], IsJsonArg(args, mask, 0), &out)) return Status::InvalidArgument(kBlobError);
  return Value::Text(std::move(out));
}

Result<Value> JsonValid(const Args& args, JsonArgMask) {
  if (args[0].is_null()) return Value::Integer(0);
  JsonDoc doc;
  bool null;
  return Value::Integer(ParseArg(args[0], &doc, &null).ok() ? 1 : 0);
}

// The node `args[1]` names (or the root without a path argument); -1 none.
Result<int> LookupArg(JsonDoc* doc, const Args& args) {
  if (args.size() < 2) return 0;
  PathText path(args[1]);
  std::string error;
  int i = doc->Lookup(path.c_str(), nullptr, &error);
  if (!error.empty()) return Status::InvalidArgument(error);
  return i;
}

Result<Value> JsonType(const Args& args, JsonArgMask) {
  JsonDoc doc;
  bool null;
  S3LITE_RETURN_IF_ERROR(ParseArg(args[0], &doc, &null));
  if (null) return Value::Null();
  S3LITE_ASSIGN_OR_RETURN(int i, LookupArg(&doc, args));
  if (i < 0) return Value::Null();
  return Value::Text(json::JsonTypeName(doc.nodes[i].type));
}

Result<Value> JsonArrayLength(const Args& args, JsonArgMask) {
  JsonDoc doc;
  bool null;
  S3LITE_RETURN_IF_ERROR(ParseArg(args[0], &doc, &null));
  if (null) return Value::Null();
  S3LITE_ASSIGN_OR_RETURN(int i, LookupArg(&doc, args));
  if (i < 0) return Value::Null();
  int64_t n = 0;
  const json::JsonNode& node = doc.nodes[i];
  if (node.type == json::JsonType::kArray) {
    for (uint32_t j = 1; j <= node.n; n++) j += json::NodeSize(doc.nodes[i + j]);
  }
  return Value::Integer(n);
}

Result<Value> JsonExtract(const Args& args, JsonArgMask) {
  if (args.size() < 2) return Value::Null();
  JsonDoc doc;
  bool null;
  S3LITE_RETURN_IF_ERROR(ParseArg(args[0], &doc, &null));
  if (null) return Value::Null();
  if (args.size() == 2) {
    PathText path(args[1]);
    if (path.null) return Value::Null();
    std::string error;
    int i = doc.Lookup(path.c_str(), nullptr, &error);
    if (!error.empty()) return Status::InvalidArgument(error);
    if (i < 0) return Value::Null();
    return doc.ToSql(static_cast<uint32_t>(i), SqlArgs());
  }
  std::string out = "[";
  for (size_t k = 1; k < args.size(); k++) {
    PathText path(args[k]);
    std::string error;
    int i = doc.Lookup(path.c_str(), nullptr, &error);
    if (!error.empty()) return Status::InvalidArgument(error);
    if (k > 1) out.push_back(',');
    if (i >= 0) doc.Render(static_cast<uint32_t>(i), SqlArgs(), &out);
    else out.append("null");
  }
  out.push_back(']');
  return Value::Text(std::move(out));
}

// -> (as_json) and ->>: a path that is not "$", "$.x" or "$[..." is an
// abbreviation: NUMBER is $[NUMBER], [..] is $[..], LABEL is $.LABEL.
Result<Value> JsonArrow(const Args& args, bool as_json) {
  JsonDoc doc;
  bool null;
  S3LITE_RETURN_IF_ERROR(ParseArg(args[0], &doc, &null));
  if (null) return Value::Null();
  PathText path(args[1]);
  if (path.null) return Value::Null();
  std::string p = path.text.substr(0, path.text.find('\0'));
  if (p.empty() || p[0] != '$' || (p.size() > 1 && p[1] != '.' && p[1] != '[')) {
    if (!p.empty() && p[0] >= '0' && p[0] <= '9') p = "$[" + p + "]";
    else if (!p.empty() && p[0] == '[') p = "$" + p;
    else p = "$." + p;
  }
  std::string error;
  int i = doc.Lookup(p.c_str(), nullptr, &error);
  if (!error.empty()) return Status::InvalidArgument(error);
  if (i < 0) return Value::Null();
  if (as_json) return RenderRoot(doc, static_cast<uint32_t>(i), SqlArgs());
  return doc.ToSql(static_cast<uint32_t>(i), SqlArgs());
}

Value ResultOfEdits(const JsonDoc& doc, const Args& args, JsonArgMask mask) {
  const json::JsonNode& root = doc.nodes[0];
  if ((root.flags & json::kNodeReplace) != 0) return args[static_cast<size_t>(root.replace)];
  return RenderRoot(doc, 0, SqlArgsOf(args, mask));
}

// Any replaced node holding a BLOB makes the result an error (sqlite3
// fails when it renders it); a BLOB replacing the root is returned as is.
bool HoldsBlob(const JsonDoc& doc, const Args& args) {
  for (size_t i = 1; i < doc.nodes.size(); i++) {
    const json::JsonNode& n = doc.nodes[i];
    if ((n.flags & json::kNodeReplace) != 0 && args[static_cast<size_t>(n.replace)].is_blob()) return true;
  }
  return false;
}

enum class EditKind { kSet, kInsert, kReplace };

Result<Value> JsonEdit(const Args& args, JsonArgMask mask, EditKind kind) {
  if (args.empty()) return Value::Null();
  if ((args.size() & 1) == 0) {
    const char* name = kind == EditKind::kSet ? "set" : kind == EditKind::kInsert ? "insert" : "replace";
    return Status::InvalidArgument(std::string("json_") + name + "() needs an odd number of arguments");
  }
  JsonDoc doc;
  bool null;
  S3LITE_RETURN_IF_ERROR(ParseArg(args[0], &doc, &null));
  if (null) return Value::Null();
  std::vector<PathText> paths;
  paths.reserve(args.size() / 2);
  for (size_t k = 1; k < args.size(); k += 2) {
    paths.emplace_back(args[k]);
    bool appended = false;
    std::string error;
    int i = doc.Lookup(paths.back().c_str(), kind == EditKind::kReplace ? nullptr : &appended, &error);
    if (!error.empty()) return Status::InvalidArgument(error);
    if (i >= 0 && (kind != EditKind::kInsert || appended)) {
      doc.nodes[i].flags |= json::kNodeReplace;
      doc.nodes[i].replace = static_cast<int>(k + 1);
    }
  }
  if (HoldsBlob(doc, args) && (doc.nodes[0].flags & json::kNodeReplace) == 0) {
    return Status::InvalidArgument(kBlobError);
  }
  return ResultOfEdits(doc, args, mask);
}

Result<Value> JsonRemove(const Args& args, JsonArgMask) {
  if (args.empty()) return Value::Null();
  JsonDoc doc;
  bool null;
  S3LITE_RETURN_IF_ERROR(ParseArg(args[0], &doc, &null));
  if (null) return Value::Null();
  std::vector<PathText> paths;
  paths.reserve(args.size());
  for (size_t k = 1; k < args.size(); k++) {
    paths.emplace_back(args[k]);
    if (paths.back().null) return Value::Null();
    std::string error;
    int i = doc.Lookup(paths.back().c_str(), nullptr, &error);
    if (!error.empty()) return Status::InvalidArgument(error);
    if (i >= 0) doc.nodes[i].flags |= json::kNodeRemove;
  }
  if ((doc.nodes[0].flags & json::kNodeRemove) != 0) return Value::Null();
  return RenderRoot(doc, 0, SqlArgs());
}

Result<Value> JsonPatch(const Args& args, JsonArgMask) {
  JsonDoc target, patch;
  bool null;
  S3LITE_RETURN_IF_ERROR(ParseArg(args[0], &target, &null));
  if (null) return Value::Null();
  S3LITE_RETURN_IF_ERROR(ParseArg(args[1], &patch, &null));
  if (null) return Value::Null();
  const json::JsonNode* result = target.MergePatch(0, patch.nodes.data());
  std::string out;
  if (result == &target.nodes[0]) {
    target.Render(0, SqlArgs(), &out);
  } else {
    patch.Render(static_cast<uint32_t>(result - patch.nodes.data()), SqlArgs(), &out);
  }
  return Value::Text(std::move(out));
}

// ------------------------------------------------------------ aggregates

class JsonGroupArray final : public Aggregate {
 public:
  explicit JsonGroupArray(JsonArgMask mask) : mask_(mask) {}
  Status Step(const Args& args) override {
    out_.push_back(out_.empty() ? '[' : ',');
    if (!json::AppendSqlValue(args[0], IsJsonArg(args, mask_, 0), &out_)) {
      return Status::InvalidArgument(kBlobError);
    }
    return Status::OK();
  }
  Result<Value> Finalize() override {
    if (out_.empty()) return Value::Text("[]");
    return Value::Text(out_ + "]");
  }

 private:
  JsonArgMask mask_;
  std::string out_;
};

class JsonGroupObject final : public Aggregate {
 public:
  explicit JsonGroupObject(JsonArgMask mask) : mask_(mask) {}
  Status Step(const Args& args) override {
    if (out_.empty()) out_.push_back('{');
    else if (out_.size() > 1) out_.push_back(',');
    if (!args[0].is_null()) json::AppendJsonString(TextOf(args[0]), &out_);
    out_.push_back(':');
    if (!json::AppendSqlValue(args[1], IsJsonArg(args, mask_, 1), &out_)) {
      return Status::InvalidArgument(kBlobError);
    }
    return Status::OK();
  }
  Result<Value> Finalize() override {
    if (out_.empty()) return Value::Text("{}");
    return Value::Text(out_ + "}");
  }

 private:
  JsonArgMask mask_;
  std::string out_;
};

// ------------------------------------------------------------ registry

using JsonImpl = std::function<Result<Value>(const Args&, JsonArgMask)>;

struct JsonDef {
  const char* name;
  int min_args, max_args;
  JsonImpl impl;
  bool consumes_json;  // renders SQL arguments (so the subtype matters)
};

const std::vector<JsonDef>& Defs() {
  static const std::vector<JsonDef> defs = {
      {"json", 1, 1, Json, false},
      {"json_array", 0, -1, JsonArray, true},
      {"json_array_length", 1, 2, JsonArrayLength, false},
      {"json_extract", 0, -1, JsonExtract, false},
      {"json_insert", 0, -1, [](const Args& a, JsonArgMask m) { return JsonEdit(a, m, EditKind::kInsert); }, true},
      {"json_object", 0, -1, JsonObject, true},
      {"json_patch", 2, 2, JsonPatch, false},
      {"json_quote", 1, 1, JsonQuote, true},
      {"json_remove", 0, -1, JsonRemove, false},
      {"json_replace", 0, -1, [](const Args& a, JsonArgMask m) { return JsonEdit(a, m, EditKind::kReplace); },
       true},
      {"json_set", 0, -1, [](const Args& a, JsonArgMask m) { return JsonEdit(a, m, EditKind::kSet); }, true},
      {"json_type", 1, 2, JsonType, false},
      {"json_valid", 1, 1, JsonValid, false},
      {"->", 2, 2, [](const Args& a, JsonArgMask) { return JsonArrow(a, true); }, false},
      {"->>", 2, 2, [](const Args& a, JsonArgMask) { return JsonArrow(a, false); }, false},
  };
  return defs;
}

ScalarFunction MakeScalar(const JsonDef& d, JsonArgMask mask) {
  ScalarFunction f;
  f.name = d.name;
  f.min_args = d.min_args;
  f.max_args = d.max_args;
  JsonImpl impl = d.impl;
  f.fn = [impl, mask](const Args& args) { return impl(args, mask); };
  return f;
}

AggregateFunction MakeAggregate(bool object, JsonArgMask mask) {
  AggregateFunction f;
  f.name = object ? "json_group_object" : "json_group_array";
  f.min_args = f.max_args = object ? 2 : 1;
  if (object) f.make = [mask]() -> std::unique_ptr<Aggregate> { return std::make_unique<JsonGroupObject>(mask); };
  else f.make = [mask]() -> std::unique_ptr<Aggregate> { return std::make_unique<JsonGroupArray>(mask); };
  return f;
}

std::mutex variants_mu;
std::map<std::pair<std::string, uint64_t>, std::unique_ptr<ScalarFunction>> scalar_variants;
std::map<std::pair<std::string, uint64_t>, std::unique_ptr<AggregateFunction>> aggregate_variants;

uint64_t Key(JsonArgMask m) { return (uint64_t{m.container} << 32) | m.json; }

}  // namespace

std::vector<ScalarFunction> JsonScalarFunctions() {
  std::vector<ScalarFunction> out;
  for (const JsonDef& d : Defs()) out.push_back(MakeScalar(d, JsonArgMask()));
  return out;
}

std::vector<AggregateFunction> JsonAggregates() {
  return {MakeAggregate(false, JsonArgMask()), MakeAggregate(true, JsonArgMask())};
}

JsonResult JsonResultOf(std::string_view name) {
  static const char* const kJson[] = {"json",        "json_array",  "json_object", "json_quote",
                                      "json_set",    "json_insert", "json_replace", "json_remove",
                                      "json_patch",  "->",          "json_group_array", "json_group_object"};
  for (const char* n : kJson) {
    if (name == n) return JsonResult::kJson;
  }
  if (name == "json_extract") return JsonResult::kContainer;
  return JsonResult::kNone;
}

const ScalarFunction* WithJsonArguments(const ScalarFunction* fn, JsonArgMask mask) {
  if (fn == nullptr || mask.empty()) return fn;
  const JsonDef* def = nullptr;
  for (const JsonDef& d : Defs()) {
    if (d.consumes_json && fn->name == d.name) def = &d;
  }
  if (def == nullptr) return fn;
  std::lock_guard<std::mutex> lock(variants_mu);
  auto& slot = scalar_variants[{fn->name, Key(mask)}];
  if (!slot) slot = std::make_unique<ScalarFunction>(MakeScalar(*def, mask));
  return slot.get();
}

const AggregateFunction* WithJsonArguments(const AggregateFunction* fn, JsonArgMask mask) {
  if (fn == nullptr || mask.empty()) return fn;
  bool object = fn->name == "json_group_object";
  if (!object && fn->name != "json_group_array") return fn;
  std::lock_guard<std::mutex> lock(variants_mu);
  auto& slot = aggregate_variants[{fn->name, Key(mask)}];
  if (!slot) slot = std::make_unique<AggregateFunction>(MakeAggregate(object, mask));
  return slot.get();
}

}  // namespace s3lite
