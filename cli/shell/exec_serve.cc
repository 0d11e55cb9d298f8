// `s3lite serve ...` runs the s3lite-serve binary that sits next to this
// one (execv: same pid, same arguments, same signals), see docs/SERVE.md.
// The HTTP server is a binary of its own so that the shell does not load
// cpp-httplib, OpenSSL's TLS library and their dependencies at every start:
// that dynamic linking cost a one-query shell run several times sqlite3's
// whole run (docs/PERFORMANCE.md, W5).
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli/shell/subcommand.h"

namespace s3lite {
namespace {

int ExecServe(int argc, char** argv) {
  char self[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) {
    std::fprintf(stderr, "s3lite serve: cannot locate the s3lite executable: %s\n", std::strerror(errno));
    return 1;
  }
  std::string path(self, static_cast<size_t>(n));
  path = path.substr(0, path.rfind('/') + 1) + "s3lite-serve";
  std::vector<char*> args(argv, argv + argc);  // argv[0] is "serve", as ServeMain expects
  args.push_back(nullptr);
  execv(path.c_str(), args.data());
  std::fprintf(stderr, "s3lite serve: cannot run %s: %s\n", path.c_str(), std::strerror(errno));
  return 1;
}

ShellSubcommandRegistration registration{"serve", "Serve SQL over HTTP (s3lite serve -help)", &ExecServe};

}  // namespace
}  // namespace s3lite
