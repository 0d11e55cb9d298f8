// Dot commands (".tables", ".mode csv", ...): parsing and dispatch.
//
// A dot command line is split into arguments the way sqlite3 does: words
// separated by blanks; '...' quotes literally; "..." quotes with C escapes
// (\n, \t, \\, \", \NNN octal). The command name may be abbreviated to any
// unique prefix. Each group of commands lives in its own file
// (dot_settings.cc, dot_schema.cc, dot_import.cc, dot_store.cc, dot_io.cc)
// and exposes a table of DotCommand entries.
//
// Thread-safety: used by the shell's thread only.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace s3lite {

class Shell;

enum class DotResult { kOk, kError, kExit };

using DotArgs = std::vector<std::string>;  // args[0] is the command name without '.'
using DotHandler = DotResult (*)(Shell& shell, const DotArgs& args);

struct DotCommand {
  const char* name;
  const char* usage;  // ".mode MODE ?OPTIONS?"
  const char* help;   // one line
  DotHandler handler;
};

// Splits ".mode csv" into {"mode", "csv"} (the leading '.' is dropped).
DotArgs SplitDotCommand(std::string_view line);

// Runs one dot command line; errors are printed to stderr.
DotResult RunDotCommand(Shell& shell, const std::string& line);

// The tables of each group (defined in their files).
const std::vector<DotCommand>& SettingsDotCommands();
const std::vector<DotCommand>& SchemaDotCommands();
const std::vector<DotCommand>& ImportDotCommands();
const std::vector<DotCommand>& StoreDotCommands();
const std::vector<DotCommand>& IoDotCommands();

// Every command, sorted by name (for .help and dispatch).
std::vector<DotCommand> AllDotCommands();

// Parses on/off/yes/no/true/false/integers like sqlite3's booleanValue();
// anything else prints sqlite3's "ERROR: Not a boolean value" and means off.
bool ParseBool(const std::string& s, bool* value);

}  // namespace s3lite
