// .import [--csv|--ascii] [--skip N] FILE TABLE
//
// As in sqlite3: when TABLE does not exist the first record names its
// columns (all TEXT); otherwise every record is data. Records with too few
// fields are padded with NULL, extra fields are dropped, each with a warning
// "FILE:LINE: expected N columns but found M - ...". Everything is inserted
// in one transaction (unless one is already open). Progress goes to stderr
// every 10,000 rows when stderr is a terminal.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "cli/common/csv_reader.h"
#include "cli/common/value_render.h"
#include "cli/shell/dot_command.h"
#include "cli/shell/shell.h"

namespace s3lite {
namespace {

constexpr const char* kUsage = ".import [--csv|--ascii] [--skip N] FILE TABLE";
constexpr int kProgressEvery = 10000;

DotResult ImportError(const std::string& message) {
  std::fprintf(stderr, "Error: %s\n", message.c_str());
  return DotResult::kError;
}

Status Exec(Shell& shell, const std::string& sql) { return shell.connection().ExecuteScript(sql); }

// Column count of `table`, or NotFound if it does not exist.
Result<size_t> TableColumnCount(Shell& shell, const std::string& table) {
  std::string_view tail;
  auto stmt = shell.connection().Prepare("SELECT * FROM " + QuoteIdentifier(table) + " LIMIT 0", &tail);
  if (!stmt.ok()) {
    if (stmt.status().message().find("no such table") != std::string::npos) {
      return Status::NotFound(stmt.status().message());
    }
    return stmt.status();
  }
  return (*stmt)->column_names().size();
}

Status InsertRecord(Shell& shell, const std::string& insert_sql, const std::vector<std::string>& fields,
                    size_t ncol) {
  std::string_view tail;
  S3LITE_ASSIGN_OR_RETURN(auto stmt, shell.connection().Prepare(insert_sql, &tail));
  for (size_t i = 0; i < ncol; ++i) {
    Value v = i < fields.size() ? Value::Text(fields[i]) : Value();
    S3LITE_RETURN_IF_ERROR(stmt->Bind(static_cast<int>(i) + 1, v));
  }
  while (true) {
    S3LITE_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) break;
  }
  return Status::OK();
}

DotResult Import(Shell& shell, const DotArgs& a) {
  bool csv = shell.output().mode == OutputMode::kCsv;
  bool ascii = false;
  long skip = 0;
  std::string file, table;
  for (size_t i = 1; i < a.size(); ++i) {
    if (a[i] == "--csv") {
      csv = true;
    } else if (a[i] == "--ascii") {
      ascii = true;
      csv = false;
    } else if (a[i] == "--skip" && i + 1 < a.size()) {
      skip = std::strtol(a[++i].c_str(), nullptr, 10);
    } else if (a[i] == "-v") {
      // sqlite3's verbose flag: accepted, nothing extra to say.
    } else if (!a[i].empty() && a[i][0] == '-' && file.empty() && a[i] != "-") {
      return ImportError("unknown option: " + a[i] + ". Usage: " + kUsage);
    } else if (file.empty()) {
      file = a[i];
    } else if (table.empty()) {
      table = a[i];
    } else {
      return ImportError("extra argument: \"" + a[i] + "\". Usage: " + kUsage);
    }
  }
  if (file.empty()) return ImportError(std::string("missing FILE argument. Usage: ") + kUsage);
  if (table.empty()) return ImportError(std::string("missing TABLE argument. Usage: ") + kUsage);

  std::string col_sep = csv ? "," : ascii ? "\x1f" : shell.output().col_sep;
  std::string row_sep = csv ? "\n" : ascii ? "\x1e" : shell.output().row_sep;
  if (csv && shell.output().mode == OutputMode::kCsv) col_sep = shell.output().col_sep;
  if (col_sep.size() != 1) return ImportError("multi-character column separators not allowed for import");
  if (row_sep == "\r\n") row_sep = "\n";
  if (row_sep.size() != 1) return ImportError("multi-character row separators not allowed for import");

  bool is_pipe = file[0] == '|';
  std::FILE* in = is_pipe ? popen(file.c_str() + 1, "r") : std::fopen(file.c_str(), "rb");
  if (in == nullptr) return ImportError("cannot open \"" + file + "\"");
  struct Closer {
    std::FILE* f;
    bool pipe;
    ~Closer() { pipe ? pclose(f) : std::fclose(f); }
  } closer{in, is_pipe};

  CsvReader reader(in, file, col_sep[0], row_sep[0], csv);
  std::vector<std::string> fields;
  for (long i = 0; i < skip && reader.ReadRecord(&fields); ++i) {
  }

  bool own_txn = !shell.connection().in_transaction();
  if (own_txn) {
    Status st = Exec(shell, "BEGIN");
    if (!st.ok()) return ImportError(st.message());
  }
  auto fail = [&](const std::string& message) {
    if (own_txn) (void)Exec(shell, "ROLLBACK");
    return ImportError(message);
  };

  Result<size_t> ncol = TableColumnCount(shell, table);
  if (!ncol.ok() && !ncol.status().IsNotFound()) return fail(ncol.status().message());
  if (!ncol.ok()) {
    if (!reader.ReadRecord(&fields)) return fail("empty file: " + file);
    std::string create = "CREATE TABLE " + QuoteIdentifier(table) + "(\n";
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) create += ", ";
      create += QuoteIdentifier(fields[i]) + " TEXT";
    }
    create += ")";
    Status st = Exec(shell, create);
    if (!st.ok()) return fail(create + " failed: " + st.message());
    ncol = fields.size();
  }
  std::string insert = "INSERT INTO " + QuoteIdentifier(table) + " VALUES(";
  for (size_t i = 0; i < *ncol; ++i) insert += i == 0 ? "?" : ",?";
  insert += ")";

  bool progress = isatty(STDERR_FILENO) != 0;
  auto started = std::chrono::steady_clock::now();
  long rows = 0;
  int errors = 0;
  while (reader.ReadRecord(&fields)) {
    for (const std::string& w : reader.TakeWarnings()) std::fprintf(stderr, "%s\n", w.c_str());
    if (fields.size() != *ncol) {
      std::fprintf(stderr, "%s:%d: expected %zu columns but found %zu - %s\n", file.c_str(),
                   reader.record_line(), *ncol, fields.size(),
                   fields.size() < *ncol ? "filling the rest with NULL" : "extras ignored");
    }
    Status st = InsertRecord(shell, insert, fields, *ncol);
    if (!st.ok()) {
      std::fprintf(stderr, "%s:%d: INSERT failed: %s\n", file.c_str(), reader.record_line(),
                   st.message().c_str());
      errors++;
      continue;
    }
    if (++rows % kProgressEvery == 0 && progress) {
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      std::fprintf(stderr, "\rimported %ld rows (%.0f rows/s)", rows, secs > 0 ? rows / secs : 0.0);
      std::fflush(stderr);
    }
  }
  for (const std::string& w : reader.TakeWarnings()) std::fprintf(stderr, "%s\n", w.c_str());
  if (progress && rows >= kProgressEvery) std::fprintf(stderr, "\rimported %ld rows\n", rows);
  if (own_txn) {
    Status st = Exec(shell, "COMMIT");
    if (!st.ok()) return fail(st.message());
  }
  return errors > 0 ? DotResult::kError : DotResult::kOk;
}

}  // namespace

const std::vector<DotCommand>& ImportDotCommands() {
  static const std::vector<DotCommand> cmds = {
      {"import", kUsage,
       "Import data from FILE into TABLE (created from the header row if missing; one transaction)",
       Import},
  };
  return cmds;
}

}  // namespace s3lite
