// csv mode (RFC 4180 as sqlite3 writes it): a field is quoted when it is
// empty, contains a control byte, space, '"', '\'', DEL or a non-ASCII byte,
// or contains the column separator; NULL is the null value, unquoted.
#include "cli/common/result_formatter.h"
#include "cli/common/value_render.h"

namespace s3lite {
namespace {

bool NeedsCsvQuote(unsigned char c) {
  return c <= 0x20 || c == '"' || c == '\'' || c >= 0x7f;
}

class CsvFormatter : public ResultFormatter {
 public:
  CsvFormatter(const OutputSettings& s, std::FILE* out) : s_(s), out_(out) {}

  void Begin(const std::vector<std::string>& columns) override {
    if (!s_.headers) return;
    std::string line;
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i > 0) line += s_.col_sep;
      line += Field(columns[i].substr(0, columns[i].find('\0')));
    }
    line += s_.row_sep;
    Emit(out_, line);
  }

  void Row(const s3lite::Row& row) override {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line += s_.col_sep;
      std::optional<std::string> text = ColumnText(row[i]);
      line += text ? Field(*text) : s_.null_value;
    }
    line += s_.row_sep;
    Emit(out_, line);
  }

  void End() override {}

 private:
  std::string Field(const std::string& z) const {
    bool quote = z.empty() || (!s_.col_sep.empty() && z.find(s_.col_sep) != std::string::npos);
    for (char c : z) {
      if (NeedsCsvQuote(static_cast<unsigned char>(c))) quote = true;
    }
    if (!quote) return z;
    std::string q = "\"";
    for (char c : z) {
      q += c;
      if (c == '"') q += '"';
    }
    q += '"';
    return q;
  }

  OutputSettings s_;
  std::FILE* out_;
};

}  // namespace

std::unique_ptr<ResultFormatter> NewCsvFormatter(const OutputSettings& s, std::FILE* out) {
  return std::make_unique<CsvFormatter>(s, out);
}

}  // namespace s3lite
