// CsvParser: an incremental RFC 4180 parser for rows appended to a table file.
//
// Bytes arrive in arbitrary pieces (one write() call each), so a record, a
// field or a quoted newline may be split anywhere; the parser keeps its state
// between Feed() calls and hands out each record once its line ends. Finish()
// ends the input (a last line without a newline is a record).
//
// Dialect: ',' separates fields; a field may be quoted with '"' and then
// contains ',' '\r' '\n' and '""' (a quote). Lines end with "\n" or "\r\n".
// A quoted field remembers that it was quoted, so the caller can tell NULL
// (an empty unquoted field) from '' (""). Blank lines are skipped. A quote
// inside an unquoted field, text after a closing quote and an unterminated
// quote at the end are errors naming the line.
//
// Thread-safety: not thread-safe; one parser per open file handle.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/util/status.h"

namespace s3lite {

struct CsvField {
  std::string text;
  bool quoted = false;
};

class CsvParser {
 public:
  // Called with each complete record and the line it started on (1-based).
  // A non-OK return stops parsing and is returned from Feed/Finish.
  using RecordFn = std::function<Status(std::vector<CsvField>& record, uint64_t line)>;

  Status Feed(std::string_view data, const RecordFn& on_record);
  Status Finish(const RecordFn& on_record);

  // True when no partial record is buffered.
  bool at_record_boundary() const { return state_ == State::kFieldStart && fields_.empty(); }

 private:
  enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted, kAfterCr };
  Status EndRecord(const RecordFn& on_record);
  Status Error(const std::string& what) const;

  State state_ = State::kFieldStart;
  std::vector<CsvField> fields_;
  CsvField field_;
  uint64_t line_ = 1;         // current line number
  uint64_t record_line_ = 1;  // line the current record started on
};

// Appends `text` as one CSV field, quoted when it holds ',', '"', '\r' or '\n'
// (or is empty and `quote_empty`, so that '' differs from NULL).
void AppendCsvField(std::string_view text, bool quote_empty, std::string* out);

}  // namespace s3lite
