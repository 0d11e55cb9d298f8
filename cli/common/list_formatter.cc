// list, tabs and ascii modes: values joined by the column separator, rows
// ended by the row separator, NULL as the null value, header on the first row.
#include "cli/common/result_formatter.h"
#include "cli/common/value_render.h"

namespace s3lite {
namespace {

class ListFormatter : public ResultFormatter {
 public:
  ListFormatter(const OutputSettings& s, std::FILE* out) : s_(s), out_(out) {}

  void Begin(const std::vector<std::string>& columns) override {
    if (!s_.headers) return;
    std::string line;
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i > 0) line += s_.col_sep;
      line += columns[i];
    }
    line += s_.row_sep;
    Emit(out_, line);
  }

  void Row(const s3lite::Row& row) override {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line += s_.col_sep;
      std::optional<std::string> text = ColumnText(row[i]);
      line += text ? *text : s_.null_value;
    }
    line += s_.row_sep;
    Emit(out_, line);
  }

  void End() override {}

 private:
  OutputSettings s_;
  std::FILE* out_;
};

}  // namespace

std::unique_ptr<ResultFormatter> NewListFormatter(const OutputSettings& s, std::FILE* out) {
  return std::make_unique<ListFormatter>(s, out);
}

}  // namespace s3lite
