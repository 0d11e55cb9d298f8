#include "fs/csv_parser.h"

#include <cstring>

namespace s3lite {

Status CsvParser::Error(const std::string& what) const {
  return Status::InvalidArgument("CSV line " + std::to_string(line_) + ": " + what);
}

Status CsvParser::EndRecord(const RecordFn& on_record) {
  fields_.push_back(std::move(field_));
  field_ = CsvField();
  Status s;
  // A blank line is one empty unquoted field: skip it.
  bool blank = fields_.size() == 1 && !fields_[0].quoted && fields_[0].text.empty();
  if (!blank) s = on_record(fields_, record_line_);
  fields_.clear();
  state_ = State::kFieldStart;
  return s;
}

Status CsvParser::Feed(std::string_view data, const RecordFn& on_record) {
  const char* p = data.data();
  const char* end = p + data.size();
  while (p < end) {
    char c = *p;
    switch (state_) {
      case State::kAfterCr:
        // "\r\n" ends the record that "\r" started to end; a bare "\r" ends it too.
        state_ = State::kFieldStart;
        if (c == '\n') {
          ++p;
          continue;
        }
        continue;
      case State::kFieldStart:
        if (fields_.empty() && field_.text.empty()) record_line_ = line_;
        if (c == '"') {
          field_.quoted = true;
          state_ = State::kQuoted;
          ++p;
          continue;
        }
        state_ = State::kUnquoted;
        continue;
      case State::kUnquoted: {
        // Fast path: copy the run of ordinary bytes at once.
        const char* q = p;
        while (q < end && *q != ',' && *q != '\n' && *q != '\r' && *q != '"') ++q;
        field_.text.append(p, q);
        p = q;
        if (p == end) continue;
        c = *p++;
        if (c == ',') {
          fields_.push_back(std::move(field_));
          field_ = CsvField();
          state_ = State::kFieldStart;
        } else if (c == '\n') {
          S3LITE_RETURN_IF_ERROR(EndRecord(on_record));
          ++line_;
        } else if (c == '\r') {
          S3LITE_RETURN_IF_ERROR(EndRecord(on_record));
          ++line_;
          state_ = State::kAfterCr;
        } else {
          return Error("a '\"' inside an unquoted field (quote the whole field)");
        }
        continue;
      }
      case State::kQuoted: {
        const char* q = static_cast<const char*>(std::memchr(p, '"', end - p));
        const char* stop = q ? q : end;
        for (const char* r = p; r < stop; ++r) {
          if (*r == '\n') ++line_;
        }
        field_.text.append(p, stop);
        p = stop;
        if (q) {
          ++p;
          state_ = State::kQuoteInQuoted;
        }
        continue;
      }
      case State::kQuoteInQuoted:
        ++p;
        if (c == '"') {
          field_.text.push_back('"');
          state_ = State::kQuoted;
        } else if (c == ',') {
          fields_.push_back(std::move(field_));
          field_ = CsvField();
          state_ = State::kFieldStart;
        } else if (c == '\n') {
          S3LITE_RETURN_IF_ERROR(EndRecord(on_record));
          ++line_;
        } else if (c == '\r') {
          S3LITE_RETURN_IF_ERROR(EndRecord(on_record));
          ++line_;
          state_ = State::kAfterCr;
        } else {
          return Error("unexpected character after a closing '\"'");
        }
        continue;
    }
  }
  return Status::OK();
}

Status CsvParser::Finish(const RecordFn& on_record) {
  switch (state_) {
    case State::kQuoted:
      return Error("unterminated quoted field at the end of the data");
    case State::kAfterCr:
      state_ = State::kFieldStart;
      return Status::OK();
    case State::kFieldStart:
      if (fields_.empty()) return Status::OK();
      return EndRecord(on_record);  // "a,b," ends with an empty field
    case State::kUnquoted:
    case State::kQuoteInQuoted:
      return EndRecord(on_record);
  }
  return Status::OK();
}

void AppendCsvField(std::string_view text, bool quote_empty, std::string* out) {
  bool needs_quotes = text.empty() ? quote_empty : false;
  for (char c : text) {
    if (c == ',' || c == '"' || c == '\n' || c == '\r') {
      needs_quotes = true;
      break;
    }
  }
  if (!needs_quotes) {
    out->append(text);
    return;
  }
  out->push_back('"');
  for (char c : text) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

}  // namespace s3lite
