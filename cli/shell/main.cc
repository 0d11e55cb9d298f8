// s3lite: the sqlite3-compatible SQL shell (docs/CLI.md).
//
//   s3lite [OPTIONS] [STORE] [SQL]...
//   s3lite SUBCOMMAND ...        (subcommands register themselves; subcommand.h)
//
// Order of work, as in sqlite3: parse options; open the store and database;
// apply -cmd and output options in command-line order; then either run the
// SQL argument / -c / -e and exit, or read stdin (REPL with banner and
// prompts when it is a terminal, silent batch mode otherwise).
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>

#include "cli/common/store_cli.h"
#include "cli/common/value_render.h"
#include "cli/shell/dot_command.h"
#include "cli/shell/line_source.h"
#include "cli/shell/shell.h"
#include "cli/shell/shell_args.h"
#include "cli/shell/subcommand.h"

#ifndef S3LITE_VERSION_STRING
#define S3LITE_VERSION_STRING "0.1.0"
#endif

namespace s3lite {
namespace {

// Exit status when the failure was a writer conflict: another instance holds
// the writer lease, or this one was fenced by a takeover (docs/CLI.md).
constexpr int kExitConflict = 5;

int ExitCodeFor(const Status& s) { return s.IsConflict() ? kExitConflict : 1; }

std::atomic<Shell*> g_shell{nullptr};

void OnSigint(int) {
  NoteInterruptSignal();
  Shell* shell = g_shell.load();
  if (shell != nullptr) shell->Interrupt();
}

void InstallSigintHandler() {
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = OnSigint;
  sa.sa_flags = 0;  // no SA_RESTART: a read at the prompt returns, see line_source.h
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
}

// Applies one order-sensitive option; false on a failing -cmd.
bool ApplyAction(Shell& shell, const ShellAction& a) {
  OutputMode mode;
  if (ParseOutputMode(a.name, &mode)) {
    ApplyModeDefaults(mode, /*from_dot_command=*/false, &shell.output());
    return true;
  }
  if (a.name == "header") shell.set_headers(true);
  else if (a.name == "noheader") shell.set_headers(false);
  else if (a.name == "separator") shell.output().col_sep = a.value;
  else if (a.name == "newline") shell.output().row_sep = a.value;
  else if (a.name == "nullvalue") shell.output().null_value = a.value;
  else if (a.name == "bail") shell.flags().bail = true;
  else if (a.name == "echo") shell.flags().echo = true;
  else if (a.name == "cmd") return shell.RunCommandLine(a.value, /*count_error=*/shell.flags().bail);
  return true;
}

int ShellMain(int argc, char** argv) {
  if (argc > 1) {
    if (const ShellSubcommand* sub = FindShellSubcommand(argv[1])) return sub->main(argc - 1, argv + 1);
  }
  ShellArgs args;
  std::string error, help;
  if (!ParseShellArgs(argc, argv, &args, &error, &help)) {
    std::fprintf(stderr, "s3lite: Error: %s\n", error.c_str());
    if (error.find("Use -help") == std::string::npos) std::fprintf(stderr, "Use -help for a list of options.\n");
    return 1;
  }
  if (args.show_help) {
    std::fputs(help.c_str(), stdout);
    return 0;
  }
  if (args.show_version) {
    std::printf("s3lite %s\n", S3LITE_VERSION_STRING);
    return 0;
  }

  Result<OpenedDatabase> opened = OpenDatabase(args.store);
  if (!opened.ok()) {
    PrintFatal("s3lite", opened.status());
    return ExitCodeFor(opened.status());
  }
  Result<std::unique_ptr<Connection>> conn = Connection::Open(opened->db);
  if (!conn.ok()) {
    PrintFatal("s3lite", conn.status());
    return 1;
  }
  if (args.as_of_version) {
    // -as-of N: fail now, in one line, if N is not a retained version.
    Result<VersionInfo> v = opened->db->DescribeVersion(*args.as_of_version);
    Status st = v.status();
    if (st.IsNotFound()) {
      Result<std::vector<uint64_t>> versions = opened->db->ListVersions();
      std::string range = versions.ok() && !versions->empty()
                              ? std::to_string(versions->front()) + ".." + std::to_string(versions->back())
                              : "none";
      st = Status::NotFound("-as-of " + std::to_string(*args.as_of_version) + ": version " +
                            std::to_string(*args.as_of_version) + " is not retained in " + opened->location +
                            " (retained versions: " + range + "; see s3lite-admin versions)");
    }
    if (st.ok()) st = (*conn)->SetAsOfVersion(*args.as_of_version);
    if (!st.ok()) {
      PrintFatal("s3lite", st);
      return 1;
    }
  }
  int rc = 0;
  {
    Shell shell(opened->db, std::move(conn).value(), opened->location);
    bool interactive = !args.batch && (args.interactive || (isatty(STDIN_FILENO) && args.sql.empty() &&
                                                            args.run_and_exit.empty()));
    shell.flags().interactive = interactive;
    shell.flags().bail = args.bail;  // sqlite3 reads -bail before running any -cmd
    shell.flags().echo = args.echo;
    bool bailed = false;
    // As sqlite3: a failing -cmd under -bail, or a failing SQL argument, ends
    // the shell with that statement's result code (1, or 19 for a
    // constraint, ...); later arguments do not run.
    int failed_rc = 0;
    for (const ShellAction& a : args.actions) {
      if (!ApplyAction(shell, a) && shell.flags().bail) {
        bailed = true;
        failed_rc = std::max(1, shell.last_error_code());
        break;
      }
      if (shell.exit_requested()) break;
    }
    if (!bailed && !shell.exit_requested()) {
      std::vector<std::string> sqls = args.run_and_exit;
      sqls.insert(sqls.end(), args.sql.begin(), args.sql.end());
      if (!sqls.empty()) {
        for (const std::string& sql : sqls) {
          if (!shell.RunCommandLine(sql)) {
            failed_rc = std::max(1, shell.last_error_code());
            break;
          }
          if (shell.exit_requested()) break;
        }
      } else if (interactive) {
        std::printf("s3lite %s, a sqlite3-compatible shell on %s\n"
                    "Enter \".help\" for usage hints.\n",
                    S3LITE_VERSION_STRING, opened->location.c_str());
        std::fflush(stdout);
        g_shell.store(&shell);
        InstallSigintHandler();
        std::unique_ptr<LineSource> src = NewEditLineSource();
        shell.ProcessInput(*src);
        g_shell.store(nullptr);
        if (!shell.exit_requested()) std::printf("\n");
      } else {
        FileLineSource src(stdin);
        shell.ProcessInput(src);
      }
    }
    if (shell.exit_requested()) {
      rc = shell.exit_code();
    } else if (failed_rc != 0) {
      rc = failed_rc;
    } else {
      rc = shell.error_count() == 0 ? 0 : shell.conflict_count() > 0 ? kExitConflict : 1;
    }
  }
  Status closed = opened->db->Close();
  if (!closed.ok()) {
    PrintFatal("s3lite", closed.WithContext("closing the database"));
    if (rc == 0) rc = ExitCodeFor(closed);
  }
  // Close() wrote everything durable (final checkpoint) and stopped the
  // engine's work. Tearing down the page cache and the other heap objects
  // one free() at a time only costs time (a fifth of a one-query run), so
  // exit now, as sqlite3 effectively does, after flushing stdio.
  std::fflush(nullptr);
  _exit(rc);
}

}  // namespace
}  // namespace s3lite

int main(int argc, char** argv) { return s3lite::ShellMain(argc, argv); }
