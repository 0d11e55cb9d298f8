// s3lite-admin commands. Each command lives in its own file (cmd_*.cc) and
// registers itself statically:
//
//   static AdminCommandRegistration reg{"verify", "Check every reachable page", Setup, Run};
//
// Setup adds the command's own options to its CLI11 subcommand (the shared
// store options, STORE, --json and --quiet are added by main); Run does the
// work and returns the exit status. Errors print as ONE line on stderr
// ("s3lite-admin: ...") with exit status 1.
//
// Thread-safety: registration during static initialization only.
#pragma once

#include <string>
#include <vector>

#include <optional>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/common/progress.h"
#include "cli/common/store_cli.h"

namespace s3lite {

struct AdminContext {
  StoreCli store;
  bool json = false;
  bool quiet = false;
};

struct AdminCommand {
  const char* name;
  const char* help;
  void (*setup)(CLI::App* sub);
  int (*run)(AdminContext& ctx);
};

struct AdminCommandRegistration {
  AdminCommandRegistration(const char* name, const char* help, void (*setup)(CLI::App*),
                           int (*run)(AdminContext&));
};

const std::vector<AdminCommand>& AdminCommands();

// Exit status of a writer conflict (another instance holds the writer
// lease, or a takeover fenced this one), as in the shell (docs/CLI.md).
inline constexpr int kAdminExitConflict = 5;

// Prints "s3lite-admin: <message>" and returns 1 (kAdminExitConflict for a
// Conflict).
int AdminFail(const Status& status);
// For maintenance that writes (compact, checkpoint): a writer-lease
// Conflict gets the hint to run `dot_command` in the writing instance.
Status WithWriterHint(const Status& status, const char* dot_command);
// Opens the database named by ctx (or prints the one-line error and returns nullopt).
std::optional<OpenedDatabase> AdminOpen(const AdminContext& ctx);
// Prints a JSON document (pretty, one trailing newline).
void PrintJson(const nlohmann::json& j);

}  // namespace s3lite
