// OutputMode and OutputSettings: how query results are rendered, with the
// modes and defaults of the sqlite3 3.40 shell (".mode", "-csv", ...).
//
// Thread-safety: plain values.
#pragma once

#include <string>
#include <string_view>

namespace s3lite {

enum class OutputMode {
  kList, kCsv, kJson, kLine, kBox, kTable, kMarkdown, kColumn,
  kQuote, kTabs, kInsert, kHtml, kAscii,
};

// "list", "csv", ... as `.mode` spells them.
const char* OutputModeName(OutputMode mode);
// Accepts the names above (exact, lower case). False if unknown.
bool ParseOutputMode(std::string_view name, OutputMode* mode);
// "ascii box column csv html insert json line list markdown quote table tabs",
// for error messages.
std::string OutputModeList();

// Columnar modes (box, table, markdown, column) buffer a whole result set to
// compute column widths.
bool IsColumnarMode(OutputMode mode);

struct OutputSettings {
  OutputMode mode = OutputMode::kList;
  bool headers = false;
  std::string col_sep = "|";
  std::string row_sep = "\n";
  std::string null_value;
  // Destination table of insert mode, already quoted as an identifier if needed.
  std::string insert_table = "\"table\"";
  // Columnar options (.mode box --wrap N --wordwrap on|off --quote).
  int wrap = 0;  // 0 = no limit
  bool word_wrap = false;
  bool quote = false;
};

// Applies the separators and options that sqlite3's `.mode NAME` sets
// (e.g. csv: "," and "\r\n"; columnar: --wrap 60). `from_dot_command`
// distinguishes `.mode csv` from the `-csv` flag, which sqlite3 treats
// differently (the flag keeps "\n" rows and no wrapping).
void ApplyModeDefaults(OutputMode mode, bool from_dot_command, OutputSettings* settings);

}  // namespace s3lite
