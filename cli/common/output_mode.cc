#include "cli/common/output_mode.h"

#include <iterator>

namespace s3lite {
namespace {

struct ModeName {
  OutputMode mode;
  const char* name;
};

constexpr ModeName kModes[] = {
    {OutputMode::kAscii, "ascii"},   {OutputMode::kBox, "box"},
    {OutputMode::kColumn, "column"}, {OutputMode::kCsv, "csv"},
    {OutputMode::kHtml, "html"},     {OutputMode::kInsert, "insert"},
    {OutputMode::kJson, "json"},     {OutputMode::kLine, "line"},
    {OutputMode::kList, "list"},     {OutputMode::kMarkdown, "markdown"},
    {OutputMode::kQuote, "quote"},   {OutputMode::kTable, "table"},
    {OutputMode::kTabs, "tabs"},
};

}  // namespace

const char* OutputModeName(OutputMode mode) {
  for (const ModeName& m : kModes) {
    if (m.mode == mode) return m.name;
  }
  return "list";
}

bool ParseOutputMode(std::string_view name, OutputMode* mode) {
  for (const ModeName& m : kModes) {
    if (name == m.name) {
      *mode = m.mode;
      return true;
    }
  }
  // sqlite3 also accepts these spellings.
  if (name == "lines") { *mode = OutputMode::kLine; return true; }
  if (name == "columns") { *mode = OutputMode::kColumn; return true; }
  return false;
}

std::string OutputModeList() {
  std::string out;
  for (const ModeName& m : kModes) {
    if (!out.empty()) out += ' ';
    out += m.name;
  }
  return out;
}

bool IsColumnarMode(OutputMode mode) {
  return mode == OutputMode::kBox || mode == OutputMode::kTable ||
         mode == OutputMode::kMarkdown || mode == OutputMode::kColumn;
}

void ApplyModeDefaults(OutputMode mode, bool from_dot_command, OutputSettings* s) {
  s->mode = mode;
  switch (mode) {
    case OutputMode::kList:
      if (from_dot_command) { s->col_sep = "|"; s->row_sep = "\n"; }
      break;
    case OutputMode::kCsv:
      s->col_sep = ",";
      s->row_sep = from_dot_command ? "\r\n" : "\n";
      break;
    case OutputMode::kTabs:
      s->col_sep = "\t";
      if (from_dot_command) s->row_sep = "\n";
      break;
    case OutputMode::kQuote:
      s->col_sep = ",";
      s->row_sep = "\n";
      break;
    case OutputMode::kAscii:
      s->col_sep = "\x1f";
      s->row_sep = "\x1e";
      break;
    case OutputMode::kLine:
      s->row_sep = "\n";
      break;
    case OutputMode::kBox:
    case OutputMode::kTable:
    case OutputMode::kMarkdown:
    case OutputMode::kColumn:
      s->wrap = from_dot_command ? 60 : 0;
      s->word_wrap = false;
      s->quote = false;
      break;
    case OutputMode::kJson:
    case OutputMode::kInsert:
    case OutputMode::kHtml:
      break;
  }
}

}  // namespace s3lite
