#include "fs/row_format.h"

#include <charconv>
#include <cmath>

#include "cli/common/value_render.h"
#include "fs/csv_parser.h"
#include "sql/function/value_ops.h"

namespace s3lite {
namespace {

void AppendInteger(int64_t v, std::string* out) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  (void)ec;
  out->append(buf, end);
}

void AppendHex(std::string_view bytes, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned char c : bytes) {
    out->push_back(kHex[c >> 4]);
    out->push_back(kHex[c & 15]);
  }
}

// Shortest text that reads back as the same double, always recognisable as
// a real ("1.0", not "1"). JSON has no infinity; 1e999 reads back as one.
void AppendJsonReal(double d, std::string* out) {
  if (std::isinf(d)) {
    out->append(d > 0 ? "1e999" : "-1e999");
    return;
  }
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), d);
  (void)ec;
  std::string_view text(buf, end - buf);
  out->append(text);
  if (text.find_first_of(".e") == std::string_view::npos) out->append(".0");
}

void AppendJsonValue(const Value& v, std::string* out) {
  switch (v.type()) {
    case ValueType::kNull:
      out->append("null");
      break;
    case ValueType::kInteger:
      AppendInteger(v.integer(), out);
      break;
    case ValueType::kReal:
      AppendJsonReal(v.real(), out);
      break;
    case ValueType::kText:
      out->append(JsonString(v.text()));
      break;
    case ValueType::kBlob:
      out->append("\"X'");
      AppendHex(v.blob(), out);
      out->append("'\"");
      break;
  }
}

class CsvRenderer : public RowRenderer {
 public:
  explicit CsvRenderer(std::vector<std::string> columns) : columns_(std::move(columns)) {}

  void AppendHeader(std::string* out) override {
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (i > 0) out->push_back(',');
      AppendCsvField(columns_[i], /*quote_empty=*/true, out);
    }
    out->push_back('\n');
  }

  void AppendRow(const Row& row, std::string* out) override {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out->push_back(',');
      AppendCsvValue(row[i], out);
    }
    out->push_back('\n');
  }

  void AppendFooter(std::string*) override {}

 private:
  std::vector<std::string> columns_;
};

// NDJSON and the JSON array differ only in the separators around objects.
class JsonRenderer : public RowRenderer {
 public:
  JsonRenderer(std::vector<std::string> columns, bool array) : array_(array) {
    for (const std::string& c : columns) keys_.push_back(JsonString(c) + ":");
  }

  void AppendHeader(std::string*) override {}

  void AppendRow(const Row& row, std::string* out) override {
    if (array_) out->append(rows_ == 0 ? "[" : ",\n");
    ++rows_;
    out->push_back('{');
    for (size_t i = 0; i < row.size() && i < keys_.size(); ++i) {
      if (i > 0) out->push_back(',');
      out->append(keys_[i]);
      AppendJsonValue(row[i], out);
    }
    out->push_back('}');
    if (!array_) out->push_back('\n');
  }

  void AppendFooter(std::string* out) override {
    if (array_ && rows_ > 0) out->append("]\n");
  }

 private:
  bool array_;
  std::vector<std::string> keys_;  // "\"name\":" per column
  uint64_t rows_ = 0;
};

}  // namespace

const char* RowFormatExtension(RowFormat format) {
  switch (format) {
    case RowFormat::kCsv:
      return "csv";
    case RowFormat::kNdjson:
      return "ndjson";
    case RowFormat::kJson:
      return "json";
  }
  return "?";
}

void AppendCsvValue(const Value& v, std::string* out) {
  switch (v.type()) {
    case ValueType::kNull:
      break;
    case ValueType::kInteger:
      AppendInteger(v.integer(), out);
      break;
    case ValueType::kReal:
      out->append(RealToText(v.real()));
      break;
    case ValueType::kText:
      AppendCsvField(v.text(), /*quote_empty=*/true, out);
      break;
    case ValueType::kBlob:
      AppendCsvField(v.blob(), /*quote_empty=*/true, out);
      break;
  }
}

std::unique_ptr<RowRenderer> NewRowRenderer(RowFormat format, std::vector<std::string> columns) {
  switch (format) {
    case RowFormat::kCsv:
      return std::make_unique<CsvRenderer>(std::move(columns));
    case RowFormat::kNdjson:
      return std::make_unique<JsonRenderer>(std::move(columns), /*array=*/false);
    case RowFormat::kJson:
      return std::make_unique<JsonRenderer>(std::move(columns), /*array=*/true);
  }
  return nullptr;
}

}  // namespace s3lite
