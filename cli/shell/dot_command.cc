#include "cli/shell/dot_command.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "cli/shell/shell.h"

namespace s3lite {
namespace {

// sqlite3's resolve_backslashes for "double quoted" arguments.
std::string ResolveBackslashes(const std::string& in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c != '\\' || i + 1 >= in.size()) {
      out += c;
      continue;
    }
    c = in[++i];
    switch (c) {
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'v': out += '\v'; break;
      case 'f': out += '\f'; break;
      case 'r': out += '\r'; break;
      case '"': out += '"'; break;
      case '\'': out += '\''; break;
      case '\\': out += '\\'; break;
      default:
        if (c >= '0' && c <= '7') {
          int v = c - '0';
          for (int k = 0; k < 2 && i + 1 < in.size() && in[i + 1] >= '0' && in[i + 1] <= '7'; ++k) {
            v = v * 8 + (in[++i] - '0');
          }
          out += static_cast<char>(v);
        } else {
          out += '\\';
          out += c;
        }
    }
  }
  return out;
}

}  // namespace

DotArgs SplitDotCommand(std::string_view line) {
  DotArgs args;
  size_t i = 0;
  if (i < line.size() && line[i] == '.') i++;
  while (i < line.size()) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) i++;
    if (i >= line.size()) break;
    char q = line[i];
    if (q == '\'' || q == '"') {
      size_t start = ++i;
      while (i < line.size() && line[i] != q) {
        if (line[i] == '\\' && q == '"' && i + 1 < line.size()) i++;
        i++;
      }
      std::string arg(line.substr(start, i - start));
      if (i < line.size()) i++;  // closing quote
      args.push_back(q == '"' ? ResolveBackslashes(arg) : arg);
    } else {
      size_t start = i;
      while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) i++;
      args.emplace_back(line.substr(start, i - start));
    }
  }
  return args;
}

std::vector<DotCommand> AllDotCommands() {
  std::vector<DotCommand> all;
  for (const auto* group : {&SettingsDotCommands(), &SchemaDotCommands(), &ImportDotCommands(),
                            &StoreDotCommands(), &IoDotCommands()}) {
    all.insert(all.end(), group->begin(), group->end());
  }
  std::sort(all.begin(), all.end(),
            [](const DotCommand& a, const DotCommand& b) { return std::string(a.name) < b.name; });
  return all;
}

bool ParseBool(const std::string& s, bool* value) {
  std::string v;
  for (char c : s) v += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!v.empty() && v.find_first_not_of("0123456789") == std::string::npos) {
    *value = v.find_first_not_of('0') != std::string::npos;
    return true;
  }
  if (v == "on" || v == "yes" || v == "true") {
    *value = true;
    return true;
  }
  if (v == "off" || v == "no" || v == "false") {
    *value = false;
    return true;
  }
  // sqlite3's booleanValue(): complain, then treat it as "no".
  std::fprintf(stderr, "ERROR: Not a boolean value: \"%s\". Assuming \"no\".\n", s.c_str());
  *value = false;
  return true;
}

DotResult RunDotCommand(Shell& shell, const std::string& line) {
  DotArgs args = SplitDotCommand(line);
  if (args.empty()) return DotResult::kOk;
  static const std::vector<DotCommand> all = AllDotCommands();
  const DotCommand* match = nullptr;
  int prefix_matches = 0;
  for (const DotCommand& cmd : all) {
    if (args[0] == cmd.name) {
      match = &cmd;
      prefix_matches = 1;
      break;
    }
    if (std::string_view(cmd.name).substr(0, args[0].size()) == args[0]) {
      match = &cmd;
      prefix_matches++;
    }
  }
  if (match == nullptr || prefix_matches != 1) {
    std::fprintf(stderr,
                 "Error: unknown command or invalid arguments:  \"%s\". Enter \".help\" for help\n",
                 args[0].c_str());
    return DotResult::kError;
  }
  bool was_once = std::string(match->name) == "once";
  DotResult r = match->handler(shell, args);
  std::fflush(shell.out());
  if (!was_once) shell.EndOfCommand();
  return r;
}

}  // namespace s3lite
