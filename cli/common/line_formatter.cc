// line mode: one "name = value" line per column, names right-aligned to the
// widest (at least 5 bytes), a row separator between rows.
#include <algorithm>

#include "cli/common/result_formatter.h"
#include "cli/common/value_render.h"

namespace s3lite {
namespace {

class LineFormatter : public ResultFormatter {
 public:
  LineFormatter(const OutputSettings& s, std::FILE* out) : s_(s), out_(out) {}

  void Begin(const std::vector<std::string>& columns) override {
    columns_ = columns;
    width_ = 5;
    for (const auto& c : columns_) width_ = std::max(width_, c.size());
    rows_ = 0;
  }

  void Row(const s3lite::Row& row) override {
    std::string out;
    if (rows_++ > 0) out += s_.row_sep;
    for (size_t i = 0; i < row.size(); ++i) {
      const std::string& name = i < columns_.size() ? columns_[i] : std::string();
      out.append(width_ - std::min(width_, name.size()), ' ');
      out += name;
      out += " = ";
      std::optional<std::string> text = ColumnText(row[i]);
      out += text ? *text : s_.null_value;
      out += s_.row_sep;
    }
    Emit(out_, out);
  }

  void End() override {}

 private:
  OutputSettings s_;
  std::FILE* out_;
  std::vector<std::string> columns_;
  size_t width_ = 5;
  size_t rows_ = 0;
};

}  // namespace

std::unique_ptr<ResultFormatter> NewLineFormatter(const OutputSettings& s, std::FILE* out) {
  return std::make_unique<LineFormatter>(s, out);
}

}  // namespace s3lite
