// A sqllogictest runner for s3lite: runs the SQLite project's test-script
// format (https://www.sqlite.org/sqllogictest) against a Connection and
// reports which records pass.
//
// Format handled (as src/sqllogictest.c in verify mode):
//   statement ok|error            SQL on the following lines
//   query <I|R|T...> [nosort|rowsort|valuesort] [label]
//   <SQL lines> ---- <one expected value per line | "N values hashing to MD5">
//   skipif <db> / onlyif <db>     conditions before a record (engine "sqlite")
//   hash-threshold N, halt, '#' comment lines; records end at a blank line.
// Values render as sqllogictest's SQLite module does: NULL -> "NULL"; 'I' is
// sqlite3_column_int (32-bit) printed "%d"; 'R' is sqlite3_column_double
// printed by sqlite3_snprintf's "%.3f" (SqlPrintf: at most 16 significant
// digits, ties rounded up in decimal, -0.0 as "0.000", unlike C's printf);
// 'T' is the text with "" -> "(empty)" and bytes outside
// ' '..'~' -> '@'. Unlike the reference tool, a result with more or fewer
// values than expected is a failure.
//
// Thread-safety: RunScript uses the given Connection only; RunFile opens its
// own database in a scratch directory. No shared state.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/util/status.h"
#include "sql/connection.h"

namespace s3lite::slt {

struct RunOptions {
  std::string engine = "sqlite";  // name matched by skipif/onlyif
  size_t max_failures = 5;        // failures kept per file (all are counted)
  int hash_threshold = -1;        // >= 0 overrides the script's hash-threshold
};

struct Failure {
  int line = 0;          // first line of the record
  std::string sql;
  std::string expected;  // "ok", "error", or the expected values
  std::string actual;    // error message or produced values
};

struct FileResult {
  std::string name;
  int records = 0;  // statements and queries executed
  int passed = 0;
  int failed = 0;
  int skipped = 0;  // excluded by skipif/onlyif
  bool halted = false;
  std::vector<Failure> failures;  // the first RunOptions::max_failures
  // Error message (digits replaced by '#') -> failing records with that error.
  std::map<std::string, int> error_counts;
};

// Runs the script text on `conn` (which should start empty).
FileResult RunScript(std::string_view script, std::string name, Connection& conn,
                     const RunOptions& options);

// Reads `path` and runs it on a fresh database on a LocalStore in a scratch
// directory (removed afterwards).
Result<FileResult> RunFile(const std::string& path, const RunOptions& options);

// Renders one result value the way sqllogictest does for type character
// `type` ('I', 'R' or 'T').
std::string RenderValue(const Value& v, char type);

// Lower-case hex MD5 of each value followed by "\n" (sqllogictest's hash).
std::string HashValues(const std::vector<std::string>& values);

}  // namespace s3lite::slt
