// JSON1 of SQLite 3.40 as SQL functions (json_functions.cc): json,
// json_array, json_array_length, json_extract, json_insert, json_object,
// json_patch, json_quote, json_remove, json_replace, json_set, json_type,
// json_valid, the operators -> and ->> (registered as functions named "->"
// and "->>"), and the aggregates json_group_array, json_group_object.
//
// The JSON subtype. sqlite3 marks the values these functions return as JSON
// so that a JSON consumer (json_array, json_object, json_set, ...) embeds
// them as JSON instead of quoting them as strings. s3lite's Value has no
// subtype; instead the binder sees, per call site, which arguments are
// direct calls of JSON-producing functions and binds the consumer to a
// variant that treats those arguments as JSON (WithJsonArguments). This
// covers json_array(json('[1]')), json_object('a', x -> '$.b'),
// json_group_array(json_object(...)); a JSON value that passes through a
// column of a subquery or a CASE first is quoted (sqlite3 keeps it JSON).
//
// Thread-safety: the variants are interned under a mutex; all functions are
// stateless.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "sql/function/function_registry.h"

namespace s3lite {

std::vector<ScalarFunction> JsonScalarFunctions();
std::vector<AggregateFunction> JsonAggregates();

// How a function's result carries the JSON subtype.
enum class JsonResult : uint8_t {
  kNone,       // an SQL value
  kJson,       // always JSON text (json(), json_array(), ->, ...)
  kContainer,  // JSON when it is an array or object (json_extract())
};
JsonResult JsonResultOf(std::string_view function_name);

// Which arguments of one call carry the subtype: bit i of `json` (argument
// i is JSON), bit i of `container` (argument i is JSON if it is text that
// starts with '[' or '{'). Arguments past 32 are never marked.
struct JsonArgMask {
  uint32_t json = 0;
  uint32_t container = 0;
  bool empty() const { return json == 0 && container == 0; }
  void Mark(size_t i, JsonResult r) {
    if (i >= 32) return;
    if (r == JsonResult::kJson) json |= 1u << i;
    if (r == JsonResult::kContainer) container |= 1u << i;
  }
};

// The function to bind for a call whose arguments are marked by `mask`:
// `fn` itself unless fn consumes JSON and some argument is marked. The
// returned pointer stays valid for the process.
const ScalarFunction* WithJsonArguments(const ScalarFunction* fn, JsonArgMask mask);
const AggregateFunction* WithJsonArguments(const AggregateFunction* fn, JsonArgMask mask);

}  // namespace s3lite
