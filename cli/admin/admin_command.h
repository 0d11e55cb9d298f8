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

// Prints "s3lite-admin: <message>" and returns 1.
int AdminFail(const Status& status);
// Opens the database named by ctx (or prints the one-line error and returns nullopt).
std::optional<OpenedDatabase> AdminOpen(const AdminContext& ctx);
// Prints a JSON document (pretty, one trailing newline).
void PrintJson(const nlohmann::json& j);

}  // namespace s3lite
