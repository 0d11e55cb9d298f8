// RowParser: turns the bytes appended to `/<table>.csv` or `/<table>.ndjson`
// into rows of that table, however the bytes are split across write() calls.
//
// CSV: each record is a row in table column order. The FIRST record written
// through a handle may instead be a header: if every field names a distinct
// column (ASCII case-insensitive) it is one, and later rows follow its order
// (it may reorder the columns or name only some of them). A first record of
// the table's width in which at least two and at least half of the fields
// name columns, but not all, is refused as a mistyped header, so it is never
// inserted as data. Unquoted empty fields are NULL; values are TEXT and the column's
// affinity converts them on insert, exactly as for INSERT ... VALUES('41').
//
// NDJSON: each non-blank line is one JSON object whose keys name columns
// (case-insensitive); values keep their JSON type (number -> INTEGER or REAL,
// string -> TEXT, true/false -> 1/0, null -> NULL, arrays/objects -> their
// JSON text). Absent keys get the column default.
//
// A UTF-8 byte order mark at the very start of the stream is skipped.
// Errors name the line and the problem; after an error the parser must not be
// fed again.
//
// Thread-safety: one parser per open file handle, used by one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/util/status.h"
#include "engine/value/value.h"
#include "fs/csv_parser.h"
#include "fs/row_format.h"

namespace s3lite {

class RowParser {
 public:
  // `columns` indexes table_columns for each value of `row`.
  using RowFn = std::function<Status(const std::vector<size_t>& columns, Row& row)>;

  RowParser(RowFormat format, std::string table, std::vector<std::string> table_columns);

  Status Feed(std::string_view data, const RowFn& on_row);
  // End of input: a last line without "\n" is a row.
  Status Finish(const RowFn& on_row);

 private:
  Status FeedData(std::string_view data, const RowFn& on_row);
  Status OnCsvRecord(std::vector<CsvField>& record, uint64_t line, const RowFn& on_row);
  Status OnJsonLine(std::string_view line, const RowFn& on_row);
  // Index of the column named `name`, or -1.
  int FindColumn(std::string_view name) const;

  RowFormat format_;
  std::string table_;
  bool past_start_ = false;  // the first 3 bytes (a possible BOM) were seen
  std::string start_;        // the first bytes while !past_start_
  std::vector<std::string> table_columns_;

  // CSV
  CsvParser csv_;
  bool first_record_ = true;
  std::vector<size_t> csv_columns_;  // table column of each field
  Row row_;

  // NDJSON
  std::string partial_line_;
  uint64_t json_line_ = 0;
  std::vector<size_t> json_columns_;
};

}  // namespace s3lite
