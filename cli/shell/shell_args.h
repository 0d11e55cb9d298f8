// Command-line arguments of the s3lite shell: `s3lite [OPTIONS] [STORE] [SQL...]`
// (each SQL argument may also be a dot command, as in sqlite3).
//
// sqlite3 spells its options with one dash (-csv, -cmd SQL, -header). CLI11
// parses GNU-style options, so ParseShellArgs first rewrites every
// single-dash word listed in the sqlite3 flag table below into its
// double-dash form (-csv -> --csv, -readonly -> --read-only); both spellings
// are therefore accepted. Single-letter options (-c SQL, -e SQL) and the
// store options of cli/common/store_cli.h are CLI11's own. sqlite3 applies
// its options in command-line order (`-cmd '.mode csv' -json` ends in json
// mode); ShellArgs::actions keeps that order.
//
// Thread-safety: plain data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/common/store_cli.h"

namespace s3lite {

// One order-sensitive option, as given: name without dashes ("csv", "cmd",
// "separator"...) and its value (for options that take one).
struct ShellAction {
  std::string name;
  std::string value;
};

struct ShellArgs {
  StoreCli store;
  std::vector<std::string> sql;      // trailing SQL / dot-command arguments, run in order
  std::vector<ShellAction> actions;  // in command-line order
  std::vector<std::string> run_and_exit;  // -c / -e SQL
  bool bail = false, batch = false, interactive = false, echo = false;
  bool show_version = false, show_help = false;
  // -as-of N: the database opens read-only and every statement reads
  // retained version N (Connection::SetAsOfVersion).
  std::optional<uint64_t> as_of_version;
};

// Parses argv. On a usage error returns false and sets *error (one line);
// *help gets the full usage text when -help was given (show_help).
bool ParseShellArgs(int argc, char** argv, ShellArgs* args, std::string* error, std::string* help);

}  // namespace s3lite
