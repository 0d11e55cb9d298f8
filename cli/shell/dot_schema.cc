// Dot commands that read the schema: .tables .indexes .schema .dump
//
// The schema comes from the catalog of a read transaction (creation order,
// like sqlite_schema's rowid order); table contents for .dump come from
// ordinary SELECTs on the shell's connection.
#include <algorithm>
#include <cctype>
#include <cstdio>

#include "cli/common/value_render.h"
#include "cli/shell/dot_command.h"
#include "cli/shell/shell.h"
#include "sql/function/value_ops.h"
#include "sql/planner/schema.h"

namespace s3lite {
namespace {

Result<std::vector<SchemaEntry>> LoadCatalog(Shell& shell) {
  S3LITE_ASSIGN_OR_RETURN(auto txn, shell.database().Begin(TxnMode::kRead));
  std::vector<SchemaEntry> entries = txn->catalog().entries();
  txn->Rollback();
  // The SQL as sqlite_schema shows it (without s3lite's collated-keys mark).
  for (SchemaEntry& e : entries) e.sql = std::string(sql::StripCollatedKeysMark(e.sql));
  return entries;
}

bool IsInternal(const std::string& name) {
  return name.size() >= 7 && LikeMatch("sqlite\\_%", name, '\\');
}

// The CREATE statement as sqlite_schema holds it: SQLite stores
// "CREATE [UNIQUE] TABLE|INDEX|VIEW|TRIGGER " followed by the text from the
// object's name on, whatever case and spacing (and IF NOT EXISTS) the user
// typed.
std::string NormalizedCreate(const std::string& sql) {
  size_t i = 0;
  auto word = [&](std::string* w) {
    size_t j = i;
    while (j < sql.size() && std::isspace(static_cast<unsigned char>(sql[j]))) j++;
    size_t start = j;
    while (j < sql.size() && std::isalpha(static_cast<unsigned char>(sql[j]))) j++;
    *w = sql.substr(start, j - start);
    for (char& c : *w) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return j;
  };
  std::string w;
  i = word(&w);
  if (w != "CREATE") return sql;
  std::string out = "CREATE ";
  size_t next = word(&w);
  if (w == "TEMP" || w == "TEMPORARY") {
    i = next;
    next = word(&w);
  }
  if (w == "UNIQUE") {
    out += "UNIQUE ";
    i = next;
    next = word(&w);
  }
  if (w != "TABLE" && w != "INDEX" && w != "VIEW" && w != "TRIGGER") return sql;
  out += w + " ";
  i = next;
  size_t after_kind = i;
  next = word(&w);
  if (w == "IF") {
    i = next;
    next = word(&w);
    if (w == "NOT") {
      i = next;
      next = word(&w);
      if (w == "EXISTS") {
        i = next;
      } else {
        i = after_kind;
      }
    } else {
      i = after_kind;
    }
  }
  while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) i++;
  return out + sql.substr(i);
}

// sqlite3 prints CREATE TABLE "x" as CREATE TABLE IF NOT EXISTS "x" in
// .schema and .dump, so that the output can be replayed over sqlite_schema.
std::string SchemaSql(const std::string& raw) {
  std::string sql = NormalizedCreate(raw);
  static const std::string kPrefix = "CREATE TABLE \"";
  if (sql.compare(0, kPrefix.size(), kPrefix) == 0) {
    return "CREATE TABLE IF NOT EXISTS \"" + sql.substr(kPrefix.size());
  }
  return sql;
}

// Names in columns across an 80-character line, as sqlite3's .tables does.
void PrintInColumns(std::FILE* out, std::vector<std::string> names) {
  if (names.empty()) return;
  std::sort(names.begin(), names.end());
  size_t maxlen = 0;
  for (const auto& n : names) maxlen = std::max(maxlen, n.size());
  size_t ncol = std::max<size_t>(1, 80 / (maxlen + 2));
  size_t nrow = (names.size() + ncol - 1) / ncol;
  for (size_t i = 0; i < nrow; ++i) {
    std::string line;
    for (size_t j = i; j < names.size(); j += nrow) {
      if (j >= nrow) line += "  ";
      line += names[j];
      line.append(maxlen - names[j].size(), ' ');
    }
    std::fprintf(out, "%s\n", line.c_str());
  }
}

DotResult ReportStatus(Shell& shell, const Status& st) {
  shell.ReportError(st.message());
  return DotResult::kError;
}

DotResult Tables(Shell& shell, const DotArgs& a) {
  if (a.size() > 2) {
    std::fprintf(stderr, "Usage: .tables ?PATTERN?\n");
    return DotResult::kError;
  }
  auto catalog = LoadCatalog(shell);
  if (!catalog.ok()) return ReportStatus(shell, catalog.status());
  std::vector<std::string> names;
  for (const SchemaEntry& e : *catalog) {
    if (e.kind == SchemaKind::kIndex || e.kind == SchemaKind::kTrigger || IsInternal(e.name)) continue;
    if (a.size() == 2 && !LikeMatch(a[1], e.name)) continue;
    names.push_back(e.name);
  }
  PrintInColumns(shell.out(), names);
  return DotResult::kOk;
}

DotResult Indexes(Shell& shell, const DotArgs& a) {
  if (a.size() > 2) {
    std::fprintf(stderr, "Usage: .indexes ?TABLE?\n");
    return DotResult::kError;
  }
  auto catalog = LoadCatalog(shell);
  if (!catalog.ok()) return ReportStatus(shell, catalog.status());
  std::vector<std::string> names;
  for (const SchemaEntry& e : *catalog) {
    if (e.kind != SchemaKind::kIndex) continue;
    if (a.size() == 2 && !LikeMatch(a[1], e.table)) continue;
    names.push_back(e.name);
  }
  PrintInColumns(shell.out(), names);
  return DotResult::kOk;
}

DotResult Schema(Shell& shell, const DotArgs& a) {
  if (a.size() > 2) {
    std::fprintf(stderr, "Usage: .schema ?PATTERN?\n");
    return DotResult::kError;
  }
  auto catalog = LoadCatalog(shell);
  if (!catalog.ok()) return ReportStatus(shell, catalog.status());
  for (const SchemaEntry& e : *catalog) {
    if (IsInternal(e.name) || e.sql.empty()) continue;
    if (a.size() == 2 && !LikeMatch(a[1], e.name) && !LikeMatch(a[1], e.table)) continue;
    std::fprintf(shell.out(), "%s;\n", SchemaSql(e.sql).c_str());
  }
  return DotResult::kOk;
}

// INSERT statements for every row of `table`.
Status DumpRows(Shell& shell, const std::string& table) {
  // Rowid order, as sqlite3's .dump produces (a plain SELECT * may be
  // answered from an index in another order); plain SELECT * if the table
  // has no rowid.
  std::string select = "SELECT * FROM " + QuoteIdentifier(table);
  std::string_view tail;
  auto ordered = shell.connection().Prepare(select + " ORDER BY rowid", &tail);
  if (!ordered.ok()) ordered = shell.connection().Prepare(select, &tail);
  S3LITE_ASSIGN_OR_RETURN(auto stmt, std::move(ordered));
  if (stmt == nullptr) return Status::Internal("empty statement: " + select);
  std::string prefix = "INSERT INTO " + QuoteIdentifierIfNeeded(table) + " VALUES(";
  while (true) {
    S3LITE_ASSIGN_OR_RETURN(bool has_row, stmt->Step());
    if (!has_row) break;
    std::string line = prefix;
    const Row& row = stmt->row();
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line += ',';
      line += InsertModeValue(row[i]);
    }
    line += ");\n";
    std::fwrite(line.data(), 1, line.size(), shell.out());
  }
  return Status::OK();
}

DotResult Dump(Shell& shell, const DotArgs& a) {
  auto catalog = LoadCatalog(shell);
  if (!catalog.ok()) return ReportStatus(shell, catalog.status());
  auto wanted = [&](const SchemaEntry& e) {
    if (IsInternal(e.name)) return false;
    if (a.size() < 2) return true;
    for (size_t i = 1; i < a.size(); ++i) {
      if (LikeMatch(a[i], e.name)) return true;
    }
    return false;
  };
  std::FILE* out = shell.out();
  std::fputs("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n", out);
  bool ok = true;
  for (const SchemaEntry& e : *catalog) {
    if (e.kind != SchemaKind::kTable || !wanted(e)) continue;
    std::fprintf(out, "%s;\n", SchemaSql(e.sql).c_str());
    Status st = DumpRows(shell, e.name);
    if (!st.ok()) {
      std::fprintf(out, "/****** ERROR: %s ******/\n", st.message().c_str());
      ok = false;
    }
  }
  for (const SchemaEntry& e : *catalog) {
    if (e.kind == SchemaKind::kTable || !wanted(e) || e.sql.empty()) continue;
    std::fprintf(out, "%s;\n", NormalizedCreate(e.sql).c_str());
  }
  std::fputs(ok ? "COMMIT;\n" : "ROLLBACK; -- due to errors\n", out);
  return ok ? DotResult::kOk : DotResult::kError;
}

}  // namespace

const std::vector<DotCommand>& SchemaDotCommands() {
  static const std::vector<DotCommand> cmds = {
      {"tables", ".tables ?PATTERN?", "List names of tables and views matching LIKE pattern", Tables},
      {"indexes", ".indexes ?TABLE?", "Show names of indexes (of tables matching TABLE)", Indexes},
      {"schema", ".schema ?PATTERN?", "Show the CREATE statements matching PATTERN", Schema},
      {"dump", ".dump ?OBJECTS?", "Render database content as SQL", Dump},
  };
  return cmds;
}

}  // namespace s3lite
