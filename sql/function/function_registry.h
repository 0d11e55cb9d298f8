// Built-in SQL functions with SQLite's semantics: scalar functions (abs,
// length, lower, upper, substr, trim, round, coalesce, ifnull, nullif, typeof,
// min/max scalar, replace, instr, hex, ...) and aggregates (count, sum, avg,
// min, max, total, group_concat), plus the value operations the executor
// needs (arithmetic, comparison with affinity, CAST, LIKE/GLOB, text
// rendering of numbers).
//
// THIS HEADER IS THE CONTRACT between sql/function/ and the executor.
//
// Thread-safety: the registry is immutable after static initialization.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/util/status.h"
#include "engine/value/value.h"

namespace s3lite {

// The connection state that changes(), total_changes() and
// last_insert_rowid() read. The SQL layer keeps it live: last_insert_rowid
// follows each inserted row, changes/total_changes follow each completed
// INSERT/UPDATE/DELETE (trigger bodies included), as in sqlite3.
struct ConnectionCounters {
  int64_t changes = 0;
  int64_t total_changes = 0;
  int64_t last_insert_rowid = 0;
};

// A scalar function: arguments in, one value out. Errors (e.g. integer
// overflow in abs()) are returned as Status; the executor reports them.
struct ScalarFunction {
  std::string name;  // lower case
  int min_args = 0;
  int max_args = 0;  // -1 = variadic
  std::function<Result<Value>(const std::vector<Value>& args)> fn;
  // Set (besides `fn`) by functions that read the connection; the executor
  // calls it instead of `fn` with the statement's connection counters.
  std::function<Result<Value>(const ConnectionCounters& conn, const std::vector<Value>& args)> conn_fn = nullptr;
};

// An aggregate accumulator, one per group. DISTINCT is handled by the
// executor before Step (it only passes distinct argument values).
class Aggregate {
 public:
  virtual ~Aggregate() = default;
  virtual Status Step(const std::vector<Value>& args) = 0;
  virtual Result<Value> Finalize() = 0;
};

struct AggregateFunction {
  std::string name;  // lower case
  int min_args = 0;
  int max_args = 0;
  std::function<std::unique_ptr<Aggregate>()> make;
};

// Case-insensitive lookup; nullptr if no function of that name accepts
// `argc` arguments. ("count" with argc 0 is COUNT(*).)
const ScalarFunction* FindScalarFunction(std::string_view name, int argc);
const AggregateFunction* FindAggregateFunction(std::string_view name, int argc);
// True if `name` names any function (for "wrong number of arguments" vs
// "no such function" errors).
bool IsKnownFunction(std::string_view name);

}  // namespace s3lite
