// Dot commands that change how the shell behaves and prints:
// .mode .headers .separator .nullvalue .timer .echo .bail .changes .explain .show
// .help .quit .exit
#include <cstdio>
#include <cstdlib>

#include "cli/common/value_render.h"
#include "cli/shell/dot_command.h"
#include "cli/shell/shell.h"

namespace s3lite {
namespace {

DotResult Usage(const char* usage) {
  std::fprintf(stderr, "Usage: %s\n", usage);
  return DotResult::kError;
}

// A separator as .show prints it: C escapes for control characters.
std::string Escaped(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c == '"') out += "\\\"";
    else if (c == '\\') out += "\\\\";
    else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string ModeDescription(const OutputSettings& s) {
  // sqlite3 implements tabs as list mode with a tab separator.
  std::string d = s.mode == OutputMode::kTabs ? "list" : OutputModeName(s.mode);
  if (IsColumnarMode(s.mode)) {
    d += " --wrap " + std::to_string(s.wrap) + " --wordwrap " + (s.word_wrap ? "on" : "off") +
         (s.quote ? " --quote" : " --noquote");
  }
  return d;
}

DotResult Mode(Shell& shell, const DotArgs& a) {
  OutputSettings& s = shell.output();
  if (a.size() == 1) {
    std::fprintf(shell.out(), "current output mode: %s\n", ModeDescription(s).c_str());
    return DotResult::kOk;
  }
  OutputMode mode = s.mode;
  bool have_mode = false;
  std::string table;
  int wrap = -1;
  int word_wrap = -1, quote = -1;
  for (size_t i = 1; i < a.size(); ++i) {
    const std::string& arg = a[i];
    if (arg == "--wrap" && i + 1 < a.size()) {
      wrap = std::atoi(a[++i].c_str());
    } else if ((arg == "--wordwrap") && i + 1 < a.size()) {
      bool b;
      if (!ParseBool(a[++i], &b)) return Usage(".mode MODE ?--wrap N? ?--wordwrap on|off? ?--quote?");
      word_wrap = b;
    } else if (arg == "--ww") {
      word_wrap = 1;
    } else if (arg == "--quote") {
      quote = 1;
    } else if (arg == "--noquote") {
      quote = 0;
    } else if (!have_mode) {
      if (!ParseOutputMode(arg, &mode)) {
        std::fprintf(stderr, "Error: mode should be one of: %s\n", OutputModeList().c_str());
        return DotResult::kError;
      }
      have_mode = true;
    } else if (mode == OutputMode::kInsert && table.empty()) {
      table = arg;
    } else {
      std::fprintf(stderr, "Error: extra argument: \"%s\"\n", arg.c_str());
      return DotResult::kError;
    }
  }
  if (have_mode) {
    ApplyModeDefaults(mode, /*from_dot_command=*/true, &s);
    if (mode == OutputMode::kColumn && !shell.headers_set()) s.headers = true;
    if (mode == OutputMode::kInsert) s.insert_table = QuoteIdentifierIfNeeded(table.empty() ? "table" : table);
  }
  if (wrap >= 0) s.wrap = wrap;
  if (word_wrap >= 0) s.word_wrap = word_wrap != 0;
  if (quote >= 0) s.quote = quote != 0;
  return DotResult::kOk;
}

DotResult Headers(Shell& shell, const DotArgs& a) {
  bool on;
  if (a.size() != 2 || !ParseBool(a[1], &on)) return Usage(".headers on|off");
  shell.set_headers(on);
  return DotResult::kOk;
}

DotResult Separator(Shell& shell, const DotArgs& a) {
  if (a.size() < 2 || a.size() > 3) return Usage(".separator COL ?ROW?");
  shell.output().col_sep = a[1];
  if (a.size() == 3) shell.output().row_sep = a[2];
  return DotResult::kOk;
}

DotResult NullValue(Shell& shell, const DotArgs& a) {
  if (a.size() != 2) return Usage(".nullvalue STRING");
  shell.output().null_value = a[1];
  return DotResult::kOk;
}

DotResult Flag(bool* flag, const DotArgs& a, const char* usage) {
  bool on;
  if (a.size() != 2 || !ParseBool(a[1], &on)) return Usage(usage);
  *flag = on;
  return DotResult::kOk;
}

DotResult Timer(Shell& shell, const DotArgs& a) { return Flag(&shell.flags().timer, a, ".timer on|off"); }
DotResult Echo(Shell& shell, const DotArgs& a) { return Flag(&shell.flags().echo, a, ".echo on|off"); }
DotResult Bail(Shell& shell, const DotArgs& a) { return Flag(&shell.flags().bail, a, ".bail on|off"); }
DotResult Changes(Shell& shell, const DotArgs& a) {
  return Flag(&shell.flags().changes, a, ".changes on|off");
}

// .explain [on|off|auto]: whether EXPLAIN QUERY PLAN results are drawn as a
// tree (on/auto, the default) or printed in the current mode (off). s3lite
// has no bytecode EXPLAIN listing, so "on" and "auto" are the same.
DotResult Explain(Shell& shell, const DotArgs& a) {
  bool on = true;
  if (a.size() > 2 || (a.size() == 2 && a[1] != "auto" && !ParseBool(a[1], &on))) {
    return Usage(".explain ?on|off|auto?");
  }
  shell.flags().explain_tree = on;
  return DotResult::kOk;
}

DotResult Show(Shell& shell, const DotArgs& a) {
  if (a.size() != 1) return Usage(".show");
  const OutputSettings& s = shell.output();
  const ShellFlags& f = shell.flags();
  auto onoff = [](bool b) { return b ? "on" : "off"; };
  std::FILE* o = shell.out();
  std::fprintf(o, "%12s: %s\n", "echo", onoff(f.echo));
  std::fprintf(o, "%12s: %s\n", "explain", f.explain_tree ? "auto" : "off");
  std::fprintf(o, "%12s: %s\n", "headers", onoff(s.headers));
  std::fprintf(o, "%12s: %s\n", "mode", ModeDescription(s).c_str());
  std::fprintf(o, "%12s: %s\n", "nullvalue", Escaped(s.null_value).c_str());
  std::fprintf(o, "%12s: %s\n", "output", shell.output_name().c_str());
  std::fprintf(o, "%12s: %s\n", "colseparator", Escaped(s.col_sep).c_str());
  std::fprintf(o, "%12s: %s\n", "rowseparator", Escaped(s.row_sep).c_str());
  std::fprintf(o, "%12s: %s\n", "stats", onoff(f.stats));
  std::fprintf(o, "%12s: %s\n", "timer", onoff(f.timer));
  std::fprintf(o, "%12s: %s\n", "bail", onoff(f.bail));
  std::fprintf(o, "%12s: %s\n", "changes", onoff(f.changes));
  std::fprintf(o, "%12s: %s\n", "store", shell.store_name().c_str());
  return DotResult::kOk;
}

DotResult Help(Shell& shell, const DotArgs& a) {
  for (const DotCommand& cmd : AllDotCommands()) {
    if (a.size() > 1 && std::string(cmd.name).rfind(a[1], 0) != 0) continue;
    std::fprintf(shell.out(), "%-27s %s\n", cmd.usage, cmd.help);
  }
  return DotResult::kOk;
}

DotResult Quit(Shell& shell, const DotArgs& a) {
  if (a.size() != 1) return Usage(".quit");
  shell.RequestExit(shell.error_count() > 0 ? 1 : 0);
  return DotResult::kExit;
}

DotResult Exit(Shell& shell, const DotArgs& a) {
  if (a.size() > 2) return Usage(".exit ?CODE?");
  shell.RequestExit(a.size() == 2 ? std::atoi(a[1].c_str()) : 0);
  return DotResult::kExit;
}

}  // namespace

const std::vector<DotCommand>& SettingsDotCommands() {
  static const std::vector<DotCommand> cmds = {
      {"mode", ".mode MODE ?OPTIONS?",
       "Set output mode (list csv json line box table markdown column quote tabs insert html ascii); "
       "columnar options --wrap N --wordwrap on|off --quote; .mode insert TABLE",
       Mode},
      {"headers", ".headers on|off", "Turn display of headers on or off", Headers},
      {"separator", ".separator COL ?ROW?", "Change the column and row separators", Separator},
      {"nullvalue", ".nullvalue STRING", "Use STRING in place of NULL values", NullValue},
      {"timer", ".timer on|off", "Turn SQL timer on or off", Timer},
      {"echo", ".echo on|off", "Turn command echo on or off", Echo},
      {"bail", ".bail on|off", "Stop after hitting an error", Bail},
      {"changes", ".changes on|off", "Show number of rows changed by SQL", Changes},
      {"explain", ".explain ?on|off|auto?", "Draw EXPLAIN QUERY PLAN as a tree (default: auto)", Explain},
      {"show", ".show", "Show the current values for various settings", Show},
      {"help", ".help ?PATTERN?", "Show help text for commands starting with PATTERN", Help},
      {"quit", ".quit", "Exit this program", Quit},
      {"exit", ".exit ?CODE?", "Exit this program with return-code CODE", Exit},
  };
  return cmds;
}

}  // namespace s3lite
