// Table-valued functions usable in FROM, as sqlite3 3.40's shell has them:
// json_each(json [, path]), json_tree(json [, path]) and
// generate_series(start [, stop [, step]]).
//
// A call's arguments fill the function's hidden columns in order (json and
// root; start, stop and step); SELECT * shows the other columns only. The
// planner binds the arguments like any expression (they may read earlier
// FROM items: `FROM t, json_each(t.j)`), and the executor opens a cursor per
// evaluation of the arguments (table_function_scan.h).
//
// Thread-safety: the function table is immutable; a cursor is used by one
// thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/util/status.h"
#include "engine/value/value.h"

namespace s3lite {

// The rows of one call, produced one at a time.
class TableFunctionCursor {
 public:
  virtual ~TableFunctionCursor() = default;
  // Fills `row` with every column (hidden ones included); *has_row is false
  // after the last row.
  virtual Status Next(Row* row, bool* has_row) = 0;
};

struct TableFunction {
  std::string name;                  // lower case
  std::vector<std::string> columns;  // all columns, hidden ones last
  size_t hidden_from = 0;            // columns[hidden_from..] are hidden
  // Column whose array/object values carry sqlite3's JSON subtype
  // (json_each.value), -1 if none (see json_functions.h).
  int json_column = -1;
  size_t min_args = 0;  // fewer: 'first argument to "f()" missing or unusable'
  size_t max_args = 0;  // more: "too many arguments on f() - max N"
  // Starts a call with its argument values (fewer than max_args allowed;
  // "too many arguments" is the planner's error). `used` (one flag per
  // column) says which columns the query reads; the others may be left
  // NULL (json_each's `json` column is the whole document). Errors as
  // sqlite3's ("malformed JSON", "JSON path error near '...'").
  std::function<Result<std::unique_ptr<TableFunctionCursor>>(const std::vector<Value>& args,
                                                             const std::vector<bool>& used)>
      open;
};

// Case-insensitive; nullptr if `name` is no table-valued function.
const TableFunction* FindTableFunction(std::string_view name);

}  // namespace s3lite
