// Dot commands that move input and output: .read .output .once
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "cli/shell/dot_command.h"
#include "cli/shell/line_source.h"
#include "cli/shell/shell.h"

namespace s3lite {
namespace {

DotResult Read(Shell& shell, const DotArgs& a) {
  if (a.size() != 2) {
    std::fprintf(stderr, "Usage: .read FILE\n");
    return DotResult::kError;
  }
  std::FILE* f = a[1][0] == '|' ? popen(a[1].c_str() + 1, "r") : std::fopen(a[1].c_str(), "rb");
  if (f == nullptr) {
    std::fprintf(stderr, "Error: cannot open \"%s\"\n", a[1].c_str());
    return DotResult::kError;
  }
  FileLineSource src(f);
  int errors = shell.ProcessInput(src);
  if (a[1][0] == '|') {
    pclose(f);
  } else {
    std::fclose(f);
  }
  if (shell.exit_requested()) return DotResult::kExit;
  return errors > 0 ? DotResult::kError : DotResult::kOk;
}

DotResult Redirect(Shell& shell, const DotArgs& a, bool once) {
  if (a.size() > 2 || (once && a.size() != 2)) {
    std::fprintf(stderr, once ? "Usage: .once FILE\n" : "Usage: .output ?FILE?\n");
    return DotResult::kError;
  }
  std::string error;
  if (!shell.RedirectOutput(a.size() == 2 ? a[1] : "", once, &error)) {
    std::fprintf(stderr, "Error: %s\n", error.c_str());
    return DotResult::kError;
  }
  return DotResult::kOk;
}

DotResult Output(Shell& shell, const DotArgs& a) { return Redirect(shell, a, false); }
DotResult Once(Shell& shell, const DotArgs& a) { return Redirect(shell, a, true); }

}  // namespace

const std::vector<DotCommand>& IoDotCommands() {
  static const std::vector<DotCommand> cmds = {
      {"read", ".read FILE", "Read input from FILE (\"|cmd\": from a command's output)", Read},
      {"output", ".output ?FILE?", "Send output to FILE (\"|cmd\": a pipe) or stdout if omitted", Output},
      {"once", ".once FILE", "Output for the next SQL command only to FILE", Once},
  };
  return cmds;
}

}  // namespace s3lite
