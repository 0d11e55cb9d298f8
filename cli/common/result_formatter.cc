#include "cli/common/result_formatter.h"

#include <cstdlib>

namespace s3lite {

std::unique_ptr<ResultFormatter> ResultFormatter::Create(const OutputSettings& s, std::FILE* out) {
  switch (s.mode) {
    case OutputMode::kList:
    case OutputMode::kTabs:
    case OutputMode::kAscii:
      return NewListFormatter(s, out);
    case OutputMode::kCsv:
      return NewCsvFormatter(s, out);
    case OutputMode::kJson:
      return NewJsonFormatter(s, out);
    case OutputMode::kLine:
      return NewLineFormatter(s, out);
    case OutputMode::kBox:
    case OutputMode::kTable:
    case OutputMode::kMarkdown:
    case OutputMode::kColumn:
      return NewColumnarFormatter(s, out);
    case OutputMode::kQuote:
      return NewQuoteFormatter(s, out);
    case OutputMode::kInsert:
      return NewInsertFormatter(s, out);
    case OutputMode::kHtml:
      return NewHtmlFormatter(s, out);
  }
  return NewListFormatter(s, out);
}

std::string FormatResult(const OutputSettings& settings, const std::vector<std::string>& columns,
                         const std::vector<s3lite::Row>& rows) {
  char* buf = nullptr;
  size_t len = 0;
  std::FILE* mem = open_memstream(&buf, &len);
  if (mem == nullptr) return {};
  {
    auto f = ResultFormatter::Create(settings, mem);
    if (!rows.empty()) {
      f->Begin(columns);
      for (const auto& r : rows) f->Row(r);
      f->End();
    }
  }
  std::fclose(mem);
  std::string out(buf, len);
  std::free(buf);
  return out;
}

}  // namespace s3lite
