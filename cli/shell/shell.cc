#include "cli/shell/shell.h"

#include <sys/resource.h>

#include <cctype>
#include <cerrno>
#include <cstring>

#include "cli/common/result_formatter.h"
#include "cli/shell/dot_command.h"

namespace s3lite {
namespace {

bool IsAllWhitespace(const std::string& s) {
  for (char c : s) {
    if (!std::isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// First keyword of a statement, upper-cased ("INSERT", "SELECT", ...).
std::string FirstKeyword(const std::string& sql) {
  size_t i = 0;
  while (i < sql.size() && !std::isalpha(static_cast<unsigned char>(sql[i]))) i++;
  std::string word;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i]))) {
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i++])));
  }
  return word;
}

// CPU and wall-clock time of one batch, for .timer ("Run Time: ...").
class BatchTimer {
 public:
  BatchTimer() : wall_(std::chrono::steady_clock::now()) { getrusage(RUSAGE_SELF, &usage_); }
  std::string Report() const {
    rusage now;
    getrusage(RUSAGE_SELF, &now);
    auto secs = [](const timeval& a, const timeval& b) {
      return static_cast<double>(b.tv_sec - a.tv_sec) + 1e-6 * static_cast<double>(b.tv_usec - a.tv_usec);
    };
    double real = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_).count();
    char buf[128];
    std::snprintf(buf, sizeof buf, "Run Time: real %.3f user %f sys %f\n", real,
                  secs(usage_.ru_utime, now.ru_utime), secs(usage_.ru_stime, now.ru_stime));
    return buf;
  }

 private:
  std::chrono::steady_clock::time_point wall_;
  rusage usage_;
};

// --- Error lines, as sqlite3 3.40's shell prints them -----------------------
//   Parse error near line N: <msg>        error while preparing (script input)
//   Runtime error near line N: <msg> (19) error while stepping; the result code
//                                         is appended unless it is SQLITE_ERROR
//   Parse error: <msg> / Runtime error: <msg>          interactive input
//   Error: in prepare, <msg> / Error: stepping, <msg>  -cmd and SQL arguments

const std::string kRuntimePrefix = "Runtime error: ";

// ExecuteSql's `error_where` for SQL from -cmd and the command line.
const std::string kCommandLine = std::string(1, '\0') + "command line";

// Errors s3lite raises while running a statement that sqlite3 raises while
// preparing it (name resolution and schema checks).
bool IsPrepareTimeMessage(const std::string& m) {
  static const char* const kPrefixes[] = {
      "no such table: ", "no such column: ", "no such index: ", "no such view: ",
      "no such function: ", "no such trigger: ", "ambiguous column name: ", "near \"",
      "incomplete input", "wrong number of arguments to function ", "misuse of aggregate",
      "sub-select returns ", "unable to identify the object to be reindexed",
      "use DROP TABLE to delete ", "use DROP VIEW to delete ", "duplicate column name: ",
      "there is already another table or index with this name: ", "unrecognized token: ",
      "AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY", "default value of column ",
      "object name reserved for internal use: ", "no such collation sequence: ",
      "row value misused", "no tables specified", "a NATURAL join may not have ",
      "cannot create ", "qualified table names are not allowed ", "cannot use RETURNING in a trigger",
      "trigger cannot use variables",
  };
  for (const char* p : kPrefixes) {
    if (m.rfind(p, 0) == 0) return true;
  }
  static const char* const kInfixes[] = {
      " already exists", " ORDER BY term out of range", " may not be dropped",
      " may not be modified", "because it is a view", " has no column named ",
      " columns but ", " values for ", " has more than one primary key",
  };
  for (const char* p : kInfixes) {
    if (m.find(p) != std::string::npos) return true;
  }
  return false;
}

// sqlite3's primary result code for a runtime error (1 = SQLITE_ERROR).
int SqliteResultCode(const Status& st, const std::string& message) {
  if (message == "datatype mismatch") return 20;
  if (message == "string or blob too big") return 18;
  switch (st.code()) {
    case Status::Code::kConstraint: return 19;
    case Status::Code::kBusy:
    case Status::Code::kConflict:
    case Status::Code::kTimeout: return 5;
    case Status::Code::kReadOnly: return 8;
    case Status::Code::kInterrupted: return 9;
    case Status::Code::kIOError: return 10;
    case Status::Code::kCorruption: return 11;
    case Status::Code::kPermissionDenied: return 23;  // SQLITE_AUTH
    default: return 1;
  }
}

// The result code sqlite3 reports for a failed statement: SQLITE_ERROR (1)
// for errors while preparing, else the runtime error's code.
int ErrorResultCode(const Status& st, bool while_stepping) {
  std::string msg = st.message();
  if (msg.rfind(kRuntimePrefix, 0) == 0) msg.erase(0, kRuntimePrefix.size());
  if (!while_stepping || IsPrepareTimeMessage(msg)) return 1;
  return SqliteResultCode(st, msg);
}

// `where` is " near line N", "" (interactive) or nullptr (command line).
std::string SqlErrorLine(const Status& st, bool while_stepping, const char* where) {
  std::string msg = st.message();
  if (msg.rfind(kRuntimePrefix, 0) == 0) msg.erase(0, kRuntimePrefix.size());
  bool runtime = while_stepping && !IsPrepareTimeMessage(msg);
  if (runtime) {
    int rc = SqliteResultCode(st, msg);
    if (rc > 1) msg += " (" + std::to_string(rc) + ")";
  }
  if (where == nullptr) return std::string("Error: ") + (runtime ? "stepping, " : "in prepare, ") + msg;
  return std::string(runtime ? "Runtime error" : "Parse error") + where + ": " + msg;
}

// The lines sqlite3 3.40's shell prints under an error that has a position
// (shell_error_context): the SQL from the failing statement on (leading
// whitespace skipped), shifted so the offset is at most 50 bytes in, cut to
// 78 bytes (never inside a UTF-8 sequence), whitespace shown as spaces, and a
// caret line: "^--- error here" under offsets below 25, else "error here ---^"
// ending under it. "" when `offset` is -1. `sql` is the text given to
// Connection::Prepare, which `offset` counts into.
std::string ErrorContext(std::string_view sql, int offset) {
  if (offset < 0 || static_cast<size_t>(offset) > sql.size()) return "";
  auto is_space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  size_t start = 0;
  while (start < static_cast<size_t>(offset) && is_space(sql[start])) start++;
  std::string_view code = sql.substr(start);
  offset -= static_cast<int>(start);
  auto continuation = [&](size_t i) { return i < code.size() && (static_cast<unsigned char>(code[i]) & 0xc0) == 0x80; };
  while (offset > 50) {
    offset--;
    code.remove_prefix(1);
    while (continuation(0)) {
      code.remove_prefix(1);
      offset--;
    }
  }
  size_t len = code.size();
  if (len > 78) {
    len = 78;
    while (len > 0 && continuation(len)) len--;
  }
  std::string shown(code.substr(0, len));
  for (char& c : shown) {
    if (is_space(c)) c = ' ';
  }
  std::string out = "  " + shown + "\n  ";
  if (offset < 25) return out + std::string(static_cast<size_t>(offset), ' ') + "^--- error here";
  return out + std::string(static_cast<size_t>(offset - 14), ' ') + "error here ---^";
}

}  // namespace

Shell::Shell(std::shared_ptr<Database> db, std::unique_ptr<Connection> conn, std::string store_name)
    : db_(std::move(db)), conn_(std::move(conn)), store_name_(std::move(store_name)) {
  open_stats_ = db_->stats();
}

Shell::~Shell() { CloseOutput(); }

EngineStats Shell::total_stats() const { return db_->stats(); }

void Shell::Interrupt() { conn_->Interrupt(); }

void Shell::ReportError(const std::string& message) {
  std::fflush(out());
  std::fprintf(stderr, "Error: %s\n", message.c_str());
  std::fflush(stderr);
}

Status Shell::RunStatement(Statement& stmt) {
  std::unique_ptr<ResultFormatter> formatter;
  while (true) {
    Result<bool> step = stmt.Step();
    if (!step.ok()) {
      if (formatter) formatter->End();
      return step.status();
    }
    if (!*step) break;
    if (!formatter) {
      formatter = flags_.explain_tree && stmt.explain_kind() == 2 ? NewEqpFormatter(out())
                                                                   : ResultFormatter::Create(output_, out());
      formatter->Begin(stmt.column_names());
    }
    formatter->Row(stmt.row());
  }
  if (formatter) formatter->End();
  if (!stmt.returns_rows()) {
    std::string kw = FirstKeyword(stmt.sql());
    if (kw == "INSERT" || kw == "UPDATE" || kw == "DELETE" || kw == "REPLACE" || stmt.changes() > 0) {
      last_changes_ = stmt.changes();
    }
  }
  return Status::OK();
}

bool Shell::ExecuteSql(const std::string& sql, const std::string& error_where) {
  std::string_view rest = sql;
  std::optional<BatchTimer> timer;
  if (flags_.timer) timer.emplace();
  bool ok = true;
  while (true) {
    EngineStats before = db_->stats();
    std::string_view tail;
    Result<std::unique_ptr<Statement>> prepared = conn_->Prepare(rest, &tail);
    Status st = prepared.status();
    if (st.ok() && *prepared == nullptr) break;
    bool stepping = st.ok();
    if (st.ok()) st = RunStatement(**prepared);
    last_stats_ = db_->stats() - before;
    std::fflush(out());
    if (!st.ok()) {
      const char* where = error_where == kCommandLine ? nullptr : error_where.c_str();
      std::fprintf(stderr, "%s\n", SqlErrorLine(st, stepping, where).c_str());
      std::string context = ErrorContext(rest, conn_->error_offset());
      if (!context.empty()) std::fprintf(stderr, "%s\n", context.c_str());
      last_error_code_ = ErrorResultCode(st, stepping);
      std::fflush(stderr);
      if (st.IsConflict()) conflicts_++;
      ok = false;
      break;
    }
    if (flags_.stats) std::fprintf(out(), "%s", FormatStats(last_stats_, "statement").c_str());
    if (tail.size() >= rest.size()) break;  // no progress: avoid looping
    rest = tail;
  }
  if (ok && flags_.changes) {
    std::fprintf(out(), "changes: %lld   total_changes: %lld\n", static_cast<long long>(last_changes_),
                 static_cast<long long>(conn_->total_changes()));
  }
  if (timer) std::fputs(timer->Report().c_str(), out());
  std::fflush(out());
  EndOfCommand();
  return ok;
}

bool Shell::RunCommandLine(const std::string& text, bool count_error) {
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) i++;
  if (i < text.size() && text[i] == '.') {
    DotResult r = RunDotCommand(*this, text.substr(i));
    if (r == DotResult::kError) {
      last_error_code_ = 1;
      if (count_error) errors_++;
      return false;
    }
    return true;
  }
  if (!ExecuteSql(text, kCommandLine)) {
    if (count_error) errors_++;
    return false;
  }
  return true;
}

int Shell::ProcessInput(LineSource& src) {
  int errors_before = errors_;
  std::string sql, line;
  int start_line = 0;
  while (!exit_requested_) {
    if (!src.ReadLine(&line, !sql.empty())) break;
    if (src.TakeCancelled()) {
      sql.clear();
      continue;
    }
    if (flags_.echo && !src.interactive()) std::fprintf(out(), "%s\n", line.c_str());
    if (sql.empty() && IsAllWhitespace(line)) continue;
    if (sql.empty() && (line[0] == '.' || line[0] == '#')) {
      if (line[0] == '#') continue;  // comment line, as in sqlite3
      DotResult r = RunDotCommand(*this, line);
      std::fflush(out());
      if (r == DotResult::kExit) break;
      if (r == DotResult::kError) {
        errors_++;
        if (flags_.bail && !src.interactive()) break;
      }
      continue;
    }
    if (sql.empty()) start_line = src.line_number();
    if (!sql.empty()) sql += '\n';  // lines joined as sqlite3 joins them (no newline at the end)
    sql += line;
    if (IsCompleteStatement(sql)) {
      std::string where = src.interactive() ? std::string() : " near line " + std::to_string(start_line);
      bool ok = ExecuteSql(sql, where);
      sql.clear();
      if (!ok) {
        errors_++;
        if (flags_.bail && !src.interactive()) break;
      }
    }
  }
  if (!sql.empty() && !IsAllWhitespace(sql) && !exit_requested_ &&
      !(flags_.bail && errors_ > errors_before)) {
    std::string where = src.interactive() ? std::string() : " near line " + std::to_string(start_line);
    if (!ExecuteSql(sql, where)) errors_++;
  }
  return errors_ - errors_before;
}

bool Shell::RedirectOutput(const std::string& path, bool once, std::string* error) {
  CloseOutput();
  if (path.empty() || path == "stdout") return true;
  std::FILE* f = nullptr;
  if (path[0] == '|') {
    f = popen(path.c_str() + 1, "w");
    out_is_pipe_ = true;
  } else {
    f = std::fopen(path.c_str(), "wb");
    out_is_pipe_ = false;
  }
  if (f == nullptr) {
    *error = "cannot open \"" + path + "\": " + std::strerror(errno);
    return false;
  }
  out_ = f;
  out_once_ = once;
  out_name_ = path;
  return true;
}

void Shell::CloseOutput() {
  if (out_ == nullptr) return;
  if (out_is_pipe_) {
    pclose(out_);
  } else {
    std::fclose(out_);
  }
  out_ = nullptr;
  out_once_ = false;
  out_is_pipe_ = false;
  out_name_.clear();
}

void Shell::EndOfCommand() {
  if (out_once_) CloseOutput();
}

std::string FormatStats(const EngineStats& s, const char* label) {
  char buf[512];
  double hit_ratio = s.cache_hits + s.cache_misses == 0
                         ? 0.0
                         : 100.0 * static_cast<double>(s.cache_hits) /
                               static_cast<double>(s.cache_hits + s.cache_misses);
  std::snprintf(buf, sizeof buf,
                "%-10s cache: %llu hits, %llu misses (%.1f%% hits); chunks fetched %llu, pruned %llu, "
                "bloom skips %llu; WAL objects %llu, checkpoints %llu\n"
                "%-10s store: %s (%llu requests, %llu errors, %llu retries)\n",
                label, static_cast<unsigned long long>(s.cache_hits),
                static_cast<unsigned long long>(s.cache_misses), hit_ratio,
                static_cast<unsigned long long>(s.chunks_fetched),
                static_cast<unsigned long long>(s.chunks_pruned),
                static_cast<unsigned long long>(s.bloom_skips),
                static_cast<unsigned long long>(s.wal_objects_written),
                static_cast<unsigned long long>(s.checkpoints), label, s.store.ToString().c_str(),
                static_cast<unsigned long long>(s.store.total_requests()),
                static_cast<unsigned long long>(s.store.errors),
                static_cast<unsigned long long>(s.store.retries));
  return buf;
}

}  // namespace s3lite
