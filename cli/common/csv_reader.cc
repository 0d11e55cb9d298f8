#include "cli/common/csv_reader.h"

namespace s3lite {

CsvReader::CsvReader(std::FILE* in, std::string name, char col_sep, char row_sep, bool csv_quoting)
    : in_(in),
      name_(std::move(name)),
      col_sep_(static_cast<unsigned char>(col_sep)),
      row_sep_(static_cast<unsigned char>(row_sep)),
      csv_(csv_quoting) {}

int CsvReader::ReadField(bool* at_eof) {
  field_.clear();
  int c = std::fgetc(in_);
  *at_eof = false;
  if (c == EOF) {
    *at_eof = true;
    return EOF;
  }
  if (csv_ && c == '"') {
    int start_line = line_;
    int pc = 0, ppc = 0;
    while (true) {
      c = std::fgetc(in_);
      if (c == row_sep_) line_++;
      if (c == '"' && pc == '"') {
        pc = 0;  // "" inside quotes: one literal quote (already appended)
        continue;
      }
      if ((c == col_sep_ && pc == '"') || (c == row_sep_ && pc == '"') ||
          (c == row_sep_ && pc == '\r' && ppc == '"') || (c == EOF && pc == '"')) {
        // Drop the closing quote (and a '\r' after it).
        while (!field_.empty() && field_.back() != '"') field_.pop_back();
        if (!field_.empty()) field_.pop_back();
        return c;
      }
      if (pc == '"' && c != '\r') {
        warnings_.push_back(name_ + ":" + std::to_string(line_) + ": unescaped \" character");
      }
      if (c == EOF) {
        warnings_.push_back(name_ + ":" + std::to_string(start_line) + ": unterminated \"-quoted field");
        return c;
      }
      field_.push_back(static_cast<char>(c));
      ppc = pc;
      pc = c;
    }
  }
  if (first_field_ && c == 0xef) {
    int c2 = std::fgetc(in_);
    int c3 = c2 == 0xbb ? std::fgetc(in_) : EOF;
    if (c2 == 0xbb && c3 == 0xbf) {
      c = std::fgetc(in_);
    } else {
      field_.push_back(static_cast<char>(c));
      if (c2 != EOF) field_.push_back(static_cast<char>(c2));
      if (c3 != EOF) field_.push_back(static_cast<char>(c3));
      c = std::fgetc(in_);
    }
  }
  first_field_ = false;
  while (c != EOF && c != col_sep_ && c != row_sep_) {
    field_.push_back(static_cast<char>(c));
    c = std::fgetc(in_);
  }
  if (c == row_sep_) {
    line_++;
    if (csv_ && !field_.empty() && field_.back() == '\r') field_.pop_back();
  }
  return c;
}

bool CsvReader::ReadRecord(std::vector<std::string>* fields) {
  fields->clear();
  record_line_ = line_;
  while (true) {
    bool at_eof;
    int term = ReadField(&at_eof);
    if (at_eof && fields->empty()) return false;
    if (at_eof) return true;  // record ended by EOF right after a separator
    fields->push_back(field_);
    if (term != col_sep_) return true;
  }
}

}  // namespace s3lite
