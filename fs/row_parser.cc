#include "fs/row_parser.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <limits>

#include "engine/db/catalog.h"

namespace s3lite {
namespace {

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

Result<Value> JsonToValue(const nlohmann::json& j) {
  using T = nlohmann::json::value_t;
  switch (j.type()) {
    case T::null:
      return Value::Null();
    case T::boolean:
      return Value::Integer(j.get<bool>() ? 1 : 0);
    case T::number_integer:
      return Value::Integer(j.get<int64_t>());
    case T::number_unsigned: {
      uint64_t u = j.get<uint64_t>();
      if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return Value::Real(static_cast<double>(u));
      }
      return Value::Integer(static_cast<int64_t>(u));
    }
    case T::number_float:
      return Value::Real(j.get<double>());
    case T::string:
      return Value::Text(j.get<std::string>());
    case T::array:
    case T::object:
      return Value::Text(j.dump());
    default:
      return Status::InvalidArgument("unsupported JSON value");
  }
}

}  // namespace

RowParser::RowParser(RowFormat format, std::string table, std::vector<std::string> table_columns)
    : format_(format), table_(std::move(table)), table_columns_(std::move(table_columns)) {
  for (size_t i = 0; i < table_columns_.size(); ++i) csv_columns_.push_back(i);
}

int RowParser::FindColumn(std::string_view name) const {
  for (size_t i = 0; i < table_columns_.size(); ++i) {
    if (NameEquals(table_columns_[i], std::string(name))) return static_cast<int>(i);
  }
  return -1;
}

Status RowParser::OnCsvRecord(std::vector<CsvField>& record, uint64_t line, const RowFn& on_row) {
  if (first_record_) {
    first_record_ = false;
    std::vector<size_t> mapping;
    std::vector<bool> used(table_columns_.size(), false);
    size_t named = 0;
    std::string unknown;
    for (const CsvField& f : record) {
      int c = FindColumn(f.text);
      if (c >= 0 && !used[c]) {
        used[c] = true;
        mapping.push_back(static_cast<size_t>(c));
        ++named;
      } else if (unknown.empty()) {
        unknown = f.text;
      }
    }
    if (named == record.size()) {
      csv_columns_ = std::move(mapping);
      return Status::OK();  // a header
    }
    if (record.size() == table_columns_.size() && named >= 2 && named * 2 >= record.size()) {
      return Status::InvalidArgument("CSV line " + std::to_string(line) +
                                     ": header does not match the columns of " + table_ +
                                     ": no column named '" + unknown + "'");
    }
  }
  if (record.size() != csv_columns_.size()) {
    return Status::InvalidArgument("CSV line " + std::to_string(line) + ": " +
                                   std::to_string(record.size()) + " fields, but " + table_ +
                                   " expects " + std::to_string(csv_columns_.size()));
  }
  row_.clear();
  for (CsvField& f : record) {
    if (f.text.empty() && !f.quoted) {
      row_.push_back(Value::Null());
    } else {
      row_.push_back(Value::Text(std::move(f.text)));
    }
  }
  // Errors from on_row (constraints, found when a batch is inserted) are not
  // about this line; they pass through unchanged.
  return on_row(csv_columns_, row_);
}

Status RowParser::OnJsonLine(std::string_view line, const RowFn& on_row) {
  ++json_line_;
  if (IsBlank(line)) return Status::OK();
  std::string where = "NDJSON line " + std::to_string(json_line_);
  nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument(where + ": not valid JSON");
  if (!j.is_object()) return Status::InvalidArgument(where + ": not a JSON object");
  json_columns_.clear();
  row_.clear();
  for (auto it = j.begin(); it != j.end(); ++it) {
    int c = FindColumn(it.key());
    if (c < 0) {
      return Status::InvalidArgument(where + ": " + table_ + " has no column named '" +
                                     it.key() + "'");
    }
    for (size_t seen : json_columns_) {
      if (seen == static_cast<size_t>(c)) {
        return Status::InvalidArgument(where + ": column '" + it.key() + "' given twice");
      }
    }
    auto v = JsonToValue(it.value());
    if (!v.ok()) return v.status().WithContext(where);
    json_columns_.push_back(static_cast<size_t>(c));
    row_.push_back(std::move(v).value());
  }
  if (json_columns_.empty()) return Status::InvalidArgument(where + ": empty object");
  return on_row(json_columns_, row_);
}

Status RowParser::Feed(std::string_view data, const RowFn& on_row) {
  if (!past_start_) {
    // Hold the first bytes until we know whether they are a UTF-8 BOM
    // (spreadsheet exports start with one); drop it if so.
    static constexpr std::string_view kBom = "\xEF\xBB\xBF";
    size_t take = std::min(data.size(), kBom.size() - start_.size());
    start_.append(data.substr(0, take));
    data.remove_prefix(take);
    if (start_.size() < kBom.size() && kBom.substr(0, start_.size()) == start_) return Status::OK();
    past_start_ = true;
    std::string head = start_ == kBom ? std::string() : std::move(start_);
    start_.clear();
    if (!head.empty()) S3LITE_RETURN_IF_ERROR(FeedData(head, on_row));
  }
  return FeedData(data, on_row);
}

Status RowParser::FeedData(std::string_view data, const RowFn& on_row) {
  if (format_ == RowFormat::kCsv) {
    return csv_.Feed(data, [&](std::vector<CsvField>& record, uint64_t line) {
      return OnCsvRecord(record, line, on_row);
    });
  }
  // NDJSON: complete lines are parsed straight from `data`; only a line split
  // across writes is copied.
  while (!data.empty()) {
    const char* nl = static_cast<const char*>(std::memchr(data.data(), '\n', data.size()));
    if (nl == nullptr) {
      partial_line_.append(data);
      break;
    }
    size_t len = nl - data.data();
    if (partial_line_.empty()) {
      S3LITE_RETURN_IF_ERROR(OnJsonLine(data.substr(0, len), on_row));
    } else {
      partial_line_.append(data.substr(0, len));
      std::string line = std::move(partial_line_);
      partial_line_.clear();
      S3LITE_RETURN_IF_ERROR(OnJsonLine(line, on_row));
    }
    data.remove_prefix(len + 1);
  }
  return Status::OK();
}

Status RowParser::Finish(const RowFn& on_row) {
  if (!past_start_) {
    past_start_ = true;
    std::string head = std::move(start_);
    start_.clear();
    // Only a proper prefix of a BOM can be held here: it is data after all.
    if (!head.empty()) S3LITE_RETURN_IF_ERROR(FeedData(head, on_row));
  }
  if (format_ == RowFormat::kCsv) {
    return csv_.Finish([&](std::vector<CsvField>& record, uint64_t line) {
      return OnCsvRecord(record, line, on_row);
    });
  }
  if (partial_line_.empty()) return Status::OK();
  std::string line = std::move(partial_line_);
  partial_line_.clear();
  return OnJsonLine(line, on_row);
}

}  // namespace s3lite
