// ResultFormatter: renders the rows of one result set in an output mode,
// byte for byte as the sqlite3 3.40 shell does.
//
// Protocol, per statement that returns rows: Begin(columns) before the first
// row, Row() for each row, End() after the last. A result set with no rows
// gets no calls at all, so it prints nothing (as in sqlite3, even headers
// are omitted). Streaming modes write each row at once; columnar modes
// (box, table, markdown, column) buffer the result set to size the columns.
//
// Each concrete formatter lives in its own file (list_formatter.cc,
// csv_formatter.cc, json_formatter.cc, ...); Create() picks one.
//
// Thread-safety: one formatter per statement, used by one thread.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/common/output_mode.h"
#include "engine/value/value.h"

namespace s3lite {

class ResultFormatter {
 public:
  // `out` must outlive the formatter. The settings are copied.
  static std::unique_ptr<ResultFormatter> Create(const OutputSettings& settings, std::FILE* out);

  virtual ~ResultFormatter() = default;
  virtual void Begin(const std::vector<std::string>& columns) = 0;
  virtual void Row(const s3lite::Row& row) = 0;
  virtual void End() = 0;
};

// Convenience for tests and small tools: the whole result as a string
// (an empty `rows` gives "").
std::string FormatResult(const OutputSettings& settings, const std::vector<std::string>& columns,
                         const std::vector<s3lite::Row>& rows);

// Internal factories (one per file).
std::unique_ptr<ResultFormatter> NewListFormatter(const OutputSettings& s, std::FILE* out);
std::unique_ptr<ResultFormatter> NewCsvFormatter(const OutputSettings& s, std::FILE* out);
std::unique_ptr<ResultFormatter> NewJsonFormatter(const OutputSettings& s, std::FILE* out);
std::unique_ptr<ResultFormatter> NewLineFormatter(const OutputSettings& s, std::FILE* out);
std::unique_ptr<ResultFormatter> NewColumnarFormatter(const OutputSettings& s, std::FILE* out);
std::unique_ptr<ResultFormatter> NewQuoteFormatter(const OutputSettings& s, std::FILE* out);
std::unique_ptr<ResultFormatter> NewInsertFormatter(const OutputSettings& s, std::FILE* out);
std::unique_ptr<ResultFormatter> NewHtmlFormatter(const OutputSettings& s, std::FILE* out);
// EXPLAIN QUERY PLAN rows drawn as sqlite3's "QUERY PLAN" tree, in any mode.
std::unique_ptr<ResultFormatter> NewEqpFormatter(std::FILE* out);

// Writes bytes (which may contain NULs) to `out`.
inline void Emit(std::FILE* out, const std::string& s) { std::fwrite(s.data(), 1, s.size(), out); }

}  // namespace s3lite
