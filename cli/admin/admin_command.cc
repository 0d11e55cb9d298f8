#include "cli/admin/admin_command.h"

#include <cstdio>

namespace s3lite {
namespace {

std::vector<AdminCommand>& Registry() {
  static std::vector<AdminCommand> registry;
  return registry;
}

}  // namespace

AdminCommandRegistration::AdminCommandRegistration(const char* name, const char* help,
                                                   void (*setup)(CLI::App*), int (*run)(AdminContext&)) {
  Registry().push_back({name, help, setup, run});
}

const std::vector<AdminCommand>& AdminCommands() { return Registry(); }

int AdminFail(const Status& status) {
  PrintFatal("s3lite-admin", status);
  return status.IsConflict() ? kAdminExitConflict : 1;
}

Status WithWriterHint(const Status& status, const char* dot_command) {
  if (!status.IsConflict() || status.message().find("--writer") == std::string::npos) return status;
  return Status::Conflict(status.message() + " (that fences the running writer; or run " + dot_command +
                          " in the writing instance, or retry when it has closed)");
}

std::optional<OpenedDatabase> AdminOpen(const AdminContext& ctx) {
  Result<OpenedDatabase> opened = OpenDatabase(ctx.store);
  if (!opened.ok()) {
    AdminFail(opened.status());
    return std::nullopt;
  }
  return std::move(opened).value();
}

void PrintJson(const nlohmann::json& j) {
  std::string s = j.dump(2);
  std::printf("%s\n", s.c_str());
}

}  // namespace s3lite
