// Functions that read the connection rather than their arguments:
// changes(), total_changes(), last_insert_rowid() (from the
// ConnectionCounters the executor passes to `conn_fn`), and the constants
// sqlite_version() and sqlite_source_id() of the dialect s3lite follows
// (sqlite3 3.40.1, Debian's build).
//
// Thread-safety: stateless; the counters belong to the calling statement's
// connection, which is used by one thread at a time.
#include "sql/function/builtin_functions.h"

namespace s3lite {
namespace {

// `fn` is only reached without a connection (an expression evaluated
// outside a statement); the connection-less answer is sqlite3's initial 0.
ScalarFunction Counter(const char* name, int64_t ConnectionCounters::*field) {
  ScalarFunction f;
  f.name = name;
  f.min_args = 0;
  f.max_args = 0;
  f.fn = [](const std::vector<Value>&) -> Result<Value> { return Value::Integer(0); };
  f.conn_fn = [field](const ConnectionCounters& c, const std::vector<Value>&) -> Result<Value> {
    return Value::Integer(c.*field);
  };
  return f;
}

ScalarFunction Constant(const char* name, const char* text) {
  ScalarFunction f;
  f.name = name;
  f.min_args = 0;
  f.max_args = 0;
  std::string value = text;
  f.fn = [value](const std::vector<Value>&) -> Result<Value> { return Value::Text(value); };
  return f;
}

}  // namespace

std::vector<ScalarFunction> ConnectionScalarFunctions() {
  std::vector<ScalarFunction> v;
  v.push_back(Counter("changes", &ConnectionCounters::changes));
  v.push_back(Counter("total_changes", &ConnectionCounters::total_changes));
  v.push_back(Counter("last_insert_rowid", &ConnectionCounters::last_insert_rowid));
  v.push_back(Constant("sqlite_version", "3.40.1"));
  v.push_back(Constant("sqlite_source_id",
                       "2022-12-28 14:03:47 df5c253c0b3dd24916e4ec7cf77d3db5294cc9fd45ae7b9c5e82ad8197f3alt1"));
  return v;
}

}  // namespace s3lite
