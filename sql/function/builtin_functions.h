// The built-in function library, split by topic. Each source file returns
// the functions it defines; registry.cc collects them into the lookup tables
// behind function_registry.h. Also the small argument-reading helpers the
// implementations share (SQLite's sqlite3_value_* conversions).
//
// Thread-safety: the lists are built once, during static initialization of
// the registry; the functions themselves are stateless except random().
#pragma once

#include <string>
#include <vector>

#include "sql/function/function_registry.h"
#include "sql/function/value_ops.h"

namespace s3lite {

std::vector<ScalarFunction> CoreScalarFunctions();      // core_functions.cc
std::vector<ScalarFunction> StringScalarFunctions();    // string_functions.cc
std::vector<ScalarFunction> MathScalarFunctions();      // math_functions.cc
std::vector<ScalarFunction> DateTimeScalarFunctions();  // date_functions.cc
std::vector<ScalarFunction> ConnectionScalarFunctions();  // connection_functions.cc
std::vector<AggregateFunction> BuiltinAggregates();     // aggregates.cc

// SQL printf()/format(): args[0] is the format, the rest are consumed by the
// conversions in order (missing ones read as NULL/0). NULL if nothing was
// produced at all (printf('')), as in SQLite. printf_format.cc.
Value SqlPrintf(const std::vector<Value>& args);

// quote(X): an SQL literal for v. core_functions.cc.
std::string QuoteValue(const Value& v);

// sqlite3_value_text: the bytes of TEXT/BLOB, the rendering of a number.
inline std::string TextOf(const Value& v) { return ValueToText(v); }

// sqlite3_value_int: the int64 value truncated to 32 bits.
inline int IntOf(const Value& v) { return static_cast<int>(ValueToInt64(v)); }

// sqlite3_value_numeric_type: TEXT that is entirely a number becomes that
// number, "1.0" staying REAL (NULL, BLOB and other TEXT are returned as
// they are). value_ops.cc.
Value NumericTypeOf(const Value& v);

}  // namespace s3lite
