// Subcommands of the s3lite binary (`s3lite serve ...`). Each lives in its
// own file and registers itself with a static ShellSubcommandRegistration,
// so adding one needs no edit to main.cc:
//
//   static ShellSubcommandRegistration reg{"serve", "Serve SQL over HTTP", &ServeMain};
//
// main() dispatches when argv[1] is a registered name; the subcommand gets
// argv from its own name on (argv[0] == "serve").
//
// Thread-safety: registration happens during static initialization;
// lookups afterwards are read-only.
#pragma once

#include <string>
#include <vector>

namespace s3lite {

struct ShellSubcommand {
  const char* name;
  const char* help;  // one line, for -help
  int (*main)(int argc, char** argv);
};

struct ShellSubcommandRegistration {
  ShellSubcommandRegistration(const char* name, const char* help, int (*main)(int, char**));
};

const std::vector<ShellSubcommand>& ShellSubcommands();
const ShellSubcommand* FindShellSubcommand(const std::string& name);

}  // namespace s3lite
