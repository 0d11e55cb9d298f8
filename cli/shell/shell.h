// Shell: the state and the execution loop of the s3lite SQL shell, modelled
// on sqlite3's shell.c (process_input / runOneSqlLine / shell_exec).
//
// Input is read line by line from a LineSource. A line starting with '.'
// while no SQL is pending is a dot command (dot_command.h); other lines
// accumulate until IsCompleteStatement() says the buffer ends with a complete
// statement, then every statement in the buffer runs in order. An error stops
// the rest of that buffer, is printed to stderr as sqlite3 3.40 does
//   Parse error near line N: <message>     (prepare; N = the line where the
//   Runtime error near line N: <message>    buffer started; while stepping,
//                                           with " (19)"-style result codes)
//   Parse error: / Runtime error: <message>           (interactive input)
//   Error: in prepare, / Error: stepping, <message>   (-cmd, SQL arguments)
// and counts toward the exit status; with .bail on, input stops there.
// Results are rendered with the current OutputSettings and stdout (or the
// .output file) is flushed after every statement.
//
// Thread-safety: one thread runs the shell; Interrupt() may be called from a
// signal handler (it only forwards to Connection::Interrupt, an atomic flag).
#pragma once

#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "cli/common/output_mode.h"
#include "cli/shell/line_source.h"
#include "engine/db/database.h"
#include "sql/connection.h"

namespace s3lite {

struct ShellFlags {
  bool bail = false;
  bool echo = false;
  bool timer = false;
  bool changes = false;
  bool stats = false;       // print .stats after every statement
  bool interactive = false; // stdin is a terminal (or -interactive)
  bool explain_tree = true;  // EXPLAIN QUERY PLAN drawn as sqlite3's tree (.explain)
};

class Shell {
 public:
  Shell(std::shared_ptr<Database> db, std::unique_ptr<Connection> conn, std::string store_name);
  ~Shell();
  Shell(const Shell&) = delete;
  Shell& operator=(const Shell&) = delete;

  // Runs SQL text or a dot command given on the command line (-cmd, -c,
  // the trailing SQL argument). Errors print as "Error: <message>".
  // Returns false on error; the error counts toward the exit status only
  // when `count_error` (sqlite3 ignores failing -cmd unless -bail).
  bool RunCommandLine(const std::string& text, bool count_error = true);

  // Reads and runs `src` to its end (or .quit / .exit, or the first error
  // under .bail). `source_name` is used by .import progress only.
  // Returns the number of errors.
  int ProcessInput(LineSource& src);

  // Runs every statement of `sql`; returns false at the first error, after
  // printing it; `error_where` is " near line 3", "" (interactive) or the
  // command-line marker of shell.cc (see the header comment for the lines).
  bool ExecuteSql(const std::string& sql, const std::string& error_where);

  // Cancels the running statement (Ctrl-C).
  void Interrupt();

  // True once .quit/.exit ran; exit_code() is what the process returns.
  bool exit_requested() const { return exit_requested_; }
  void RequestExit(int code) {
    exit_requested_ = true;
    exit_code_ = code;
  }
  int exit_code() const { return exit_code_; }
  int error_count() const { return errors_; }
  // sqlite3's result code of the last failed statement or dot command (1 for
  // errors while preparing, 19 for constraints, ...): sqlite3 exits with it
  // when SQL given on the command line fails.
  int last_error_code() const { return last_error_code_; }
  // Failed SQL whose error was a writer conflict (main maps it to exit 5).
  int conflict_count() const { return conflicts_; }

  // --- state used by dot commands ---
  OutputSettings& output() { return output_; }
  ShellFlags& flags() { return flags_; }
  bool headers_set() const { return headers_set_; }
  void set_headers(bool on) {
    output_.headers = on;
    headers_set_ = true;
  }
  Database& database() { return *db_; }
  std::shared_ptr<Database> database_ptr() const { return db_; }
  Connection& connection() { return *conn_; }
  const std::string& store_name() const { return store_name_; }

  // Where results go: stdout, or the file/pipe of .output/.once.
  std::FILE* out() const { return out_ != nullptr ? out_ : stdout; }
  // Redirects output to `path` ("" = stdout; "|cmd" = a pipe). `once`: only
  // for the next SQL statement or dot command output. False + message on error.
  bool RedirectOutput(const std::string& path, bool once, std::string* error);
  // Closes a .once redirection after the command that used it.
  void EndOfCommand();
  std::string output_name() const { return out_name_.empty() ? "stdout" : out_name_; }

  // Engine counters: totals since open and for the last statement.
  const EngineStats& last_statement_stats() const { return last_stats_; }
  EngineStats total_stats() const;

  // Prints "Error: <message>" (no line prefix) for dot command failures.
  void ReportError(const std::string& message);

 private:
  Status RunStatement(Statement& stmt);
  void CloseOutput();

  std::shared_ptr<Database> db_;
  std::unique_ptr<Connection> conn_;
  std::string store_name_;
  OutputSettings output_;
  ShellFlags flags_;
  bool headers_set_ = false;
  bool exit_requested_ = false;
  int exit_code_ = 0;
  int errors_ = 0;
  int last_error_code_ = 0;
  int conflicts_ = 0;

  std::FILE* out_ = nullptr;  // nullptr = stdout
  bool out_is_pipe_ = false;
  bool out_once_ = false;
  std::string out_name_;

  EngineStats open_stats_;  // at open, to report totals
  EngineStats last_stats_;
  int64_t last_changes_ = 0;  // sqlite3_changes(): rows of the last DML statement
};

// Two lines describing engine and store counters, prefixed by `label`.
std::string FormatStats(const EngineStats& stats, const char* label);

}  // namespace s3lite
