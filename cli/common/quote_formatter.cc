// quote mode: every value as an SQL literal (NULL, 42, 1.5, 'it''s',
// X'00ff'), separated by the column separator; header names as 'strings'.
#include "cli/common/result_formatter.h"
#include "cli/common/value_render.h"

namespace s3lite {
namespace {

class QuoteFormatter : public ResultFormatter {
 public:
  QuoteFormatter(const OutputSettings& s, std::FILE* out) : s_(s), out_(out) {}

  void Begin(const std::vector<std::string>& columns) override {
    if (!s_.headers) return;
    std::string line;
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i > 0) line += s_.col_sep;
      line += QuoteSqlString(columns[i]);
    }
    line += s_.row_sep;
    Emit(out_, line);
  }

  void Row(const s3lite::Row& row) override {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line += s_.col_sep;
      line += QuoteModeValue(row[i]);
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

std::unique_ptr<ResultFormatter> NewQuoteFormatter(const OutputSettings& s, std::FILE* out) {
  return std::make_unique<QuoteFormatter>(s, out);
}

}  // namespace s3lite
