#include "cli/shell/subcommand.h"

namespace s3lite {
namespace {

std::vector<ShellSubcommand>& Registry() {
  static std::vector<ShellSubcommand> registry;
  return registry;
}

}  // namespace

ShellSubcommandRegistration::ShellSubcommandRegistration(const char* name, const char* help,
                                                         int (*main)(int, char**)) {
  Registry().push_back({name, help, main});
}

const std::vector<ShellSubcommand>& ShellSubcommands() { return Registry(); }

const ShellSubcommand* FindShellSubcommand(const std::string& name) {
  for (const ShellSubcommand& s : Registry()) {
    if (name == s.name) return &s;
  }
  return nullptr;
}

}  // namespace s3lite
