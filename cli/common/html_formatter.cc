// html mode: <TR><TH>..</TH> header and <TR><TD>..</TD> rows, one cell per
// line, with < & > " ' escaped, as sqlite3 writes them.
#include "cli/common/result_formatter.h"
#include "cli/common/value_render.h"

namespace s3lite {
namespace {

std::string HtmlEscape(const std::string& z) {
  std::string out;
  for (char c : z) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '&': out += "&amp;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

class HtmlFormatter : public ResultFormatter {
 public:
  HtmlFormatter(const OutputSettings& s, std::FILE* out) : s_(s), out_(out) {}

  void Begin(const std::vector<std::string>& columns) override {
    if (!s_.headers) return;
    std::string out = "<TR>";
    for (const auto& c : columns) out += "<TH>" + HtmlEscape(c) + "</TH>\n";
    out += "</TR>\n";
    Emit(out_, out);
  }

  void Row(const s3lite::Row& row) override {
    std::string out = "<TR>";
    for (const Value& v : row) {
      std::optional<std::string> text = ColumnText(v);
      out += "<TD>" + HtmlEscape(text ? *text : s_.null_value) + "</TD>\n";
    }
    out += "</TR>\n";
    Emit(out_, out);
  }

  void End() override {}

 private:
  OutputSettings s_;
  std::FILE* out_;
};

}  // namespace

std::unique_ptr<ResultFormatter> NewHtmlFormatter(const OutputSettings& s, std::FILE* out) {
  return std::make_unique<HtmlFormatter>(s, out);
}

}  // namespace s3lite
