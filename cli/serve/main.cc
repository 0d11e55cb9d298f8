// s3lite-serve: the HTTP query service (docs/SERVE.md), normally started as
// `s3lite serve ...` (cli/shell/exec_serve.cc execs this binary). Its code
// lives in cli/shell/serve*.cc and registers the "serve" subcommand.
#include <cstdio>

#include "cli/shell/subcommand.h"

int main(int argc, char** argv) {
  const s3lite::ShellSubcommand* serve = s3lite::FindShellSubcommand("serve");
  if (serve == nullptr) {
    std::fprintf(stderr, "s3lite-serve: built without the serve subcommand\n");
    return 1;
  }
  return serve->main(argc, argv);
}
