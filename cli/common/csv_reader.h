// CsvReader: reads delimited records for .import the way sqlite3 3.40 does.
//
// CSV mode (csv_read_one_field): a field starting with '"' is quoted; "" is
// a literal quote; separators and row separators inside quotes are data; a
// "\r" before the row separator is dropped; a UTF-8 BOM before the first
// field is skipped. ASCII mode (ascii_read_one_field): no quoting at all,
// fields end at the column separator, rows at the row separator.
// Separators are single bytes. A blank line is a record with one empty field.
// Problems (an unescaped '"' inside a quoted field, an unterminated quote)
// are reported through warnings() as "FILE:LINE: ..." like sqlite3.
//
// Thread-safety: one reader per thread.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace s3lite {

class CsvReader {
 public:
  // Does not own `in`. `name` is used in warnings.
  CsvReader(std::FILE* in, std::string name, char col_sep, char row_sep, bool csv_quoting);

  // Reads the next record. False at end of input.
  bool ReadRecord(std::vector<std::string>* fields);
  // Line (1-based) where the last record started.
  int record_line() const { return record_line_; }
  // Warnings produced so far (each "FILE:LINE: message").
  std::vector<std::string> TakeWarnings() { return std::move(warnings_); }

 private:
  // One field into field_; returns the character that ended it (sep, row
  // separator or EOF).
  int ReadField(bool* at_eof);

  std::FILE* in_;
  std::string name_;
  int col_sep_, row_sep_;
  bool csv_;
  bool first_field_ = true;
  int line_ = 1;
  int record_line_ = 0;
  std::string field_;
  std::vector<std::string> warnings_;
};

}  // namespace s3lite
