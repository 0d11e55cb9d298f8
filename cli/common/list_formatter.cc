// Delimited-line modes: one line per row, cells joined by the column
// separator and ended by the row separator, an optional header line first.
//   list, tabs, ascii: values as text, NULL as the null value, bare names
//   quote:             values as SQL literals (NULL, 42, 1.5, 'it''s',
//                      X'00ff'), header names as 'strings'
// The modes differ only in how a header name and a value become a cell.
#include "cli/common/result_formatter.h"
#include "cli/common/value_render.h"

namespace s3lite {
namespace {

class DelimitedFormatter : public ResultFormatter {
 public:
  using HeaderCell = std::string (*)(const std::string& name);
  using ValueCell = std::string (*)(const Value& v, const OutputSettings& s);

  DelimitedFormatter(const OutputSettings& s, std::FILE* out, HeaderCell header_cell, ValueCell value_cell)
      : s_(s), out_(out), header_cell_(header_cell), value_cell_(value_cell) {}

  void Begin(const std::vector<std::string>& columns) override {
    if (!s_.headers) return;
    std::string line;
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i > 0) line += s_.col_sep;
      line += header_cell_(columns[i]);
    }
    line += s_.row_sep;
    Emit(out_, line);
  }

  void Row(const s3lite::Row& row) override {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line += s_.col_sep;
      line += value_cell_(row[i], s_);
    }
    line += s_.row_sep;
    Emit(out_, line);
  }

  void End() override {}

 private:
  OutputSettings s_;
  std::FILE* out_;
  HeaderCell header_cell_;
  ValueCell value_cell_;
};

}  // namespace

std::unique_ptr<ResultFormatter> NewListFormatter(const OutputSettings& s, std::FILE* out) {
  return std::make_unique<DelimitedFormatter>(
      s, out, [](const std::string& name) { return name; },
      [](const Value& v, const OutputSettings& settings) {
        std::optional<std::string> text = ColumnText(v);
        return text ? *text : settings.null_value;
      });
}

std::unique_ptr<ResultFormatter> NewQuoteFormatter(const OutputSettings& s, std::FILE* out) {
  return std::make_unique<DelimitedFormatter>(
      s, out, [](const std::string& name) { return QuoteSqlString(name); },
      [](const Value& v, const OutputSettings&) { return QuoteModeValue(v); });
}

}  // namespace s3lite
