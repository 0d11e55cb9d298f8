// Connection: the SQL layer's public API, used by the shell, the FUSE daemon
// and the HTTP server. Modelled on sqlite3_prepare/step: a Connection turns
// SQL text into Statements one at a time; a Statement produces rows on Step().
//
// Autocommit: outside BEGIN...COMMIT each statement runs in its own
// transaction and is durable when its last Step() returns done. Inside an
// explicit transaction a failing statement changes nothing (statement
// savepoint) and the transaction stays open, as in SQLite.
//
// Errors are Status values whose message reads like sqlite3's:
//   near "FORM": syntax error
//   no such table: x
//   UNIQUE constraint failed: t.id
// Errors raised while producing rows start with "Runtime error: " only where
// sqlite3 prints that prefix (the shell adds "Error: near line N: " itself).
//
// THIS HEADER IS THE CONTRACT between sql/ and its users (cli/, fs/).
// Changes are additive; document them in docs/SQL_API.md.
//
// Thread-safety: a Connection and its Statements are used by one thread at a
// time. Many Connections may share one Database.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/db/database.h"
#include "engine/util/status.h"
#include "engine/value/value.h"

namespace s3lite {

class Statement {
 public:
  virtual ~Statement() = default;

  // Result column names (empty for statements that return no rows).
  virtual const std::vector<std::string>& column_names() const = 0;
  // True for statements that return rows (SELECT, EXPLAIN, RETURNING...).
  virtual bool returns_rows() const = 0;
  // The SQL text of this statement (trimmed).
  virtual const std::string& sql() const = 0;
  // As sqlite3_stmt_isexplain: 1 for EXPLAIN, 2 for EXPLAIN QUERY PLAN,
  // 0 otherwise.
  virtual int explain_kind() const { return 0; }

  // Advances: true = a row is available in row(); false = done. On the first
  // call a non-query statement executes. After done, Step keeps returning false.
  virtual Result<bool> Step() = 0;
  virtual const Row& row() const = 0;

  // Rows inserted/updated/deleted by a DML statement (after done).
  virtual int64_t changes() const = 0;

  // Binds ?/?NNN parameters (1-based) before the first Step.
  virtual Status Bind(int index, const Value& value) = 0;
  virtual int parameter_count() const = 0;
};

class Connection {
 public:
  virtual ~Connection() = default;

  static Result<std::unique_ptr<Connection>> Open(std::shared_ptr<Database> db);

  // Compiles the first statement in `sql`. *tail receives the unconsumed rest
  // (after the statement's ';'). Returns nullptr (and OK) when `sql` holds only
  // whitespace/comments. Errors name the position: near "X": syntax error.
  virtual Result<std::unique_ptr<Statement>> Prepare(std::string_view sql, std::string_view* tail) = 0;

  // Where in the `sql` of the last failed Prepare the error lies, as a byte
  // offset (like sqlite3_error_offset): the offending token of a syntax
  // error, or the expression a name-resolution error is about; -1 when the
  // error has no position or the last Prepare succeeded.
  virtual int error_offset() const { return -1; }

  // Convenience: prepare and run every statement in `sql`, discarding rows.
  virtual Status ExecuteScript(std::string_view sql) = 0;

  virtual bool in_transaction() const = 0;
  virtual int64_t last_insert_rowid() const = 0;
  virtual int64_t total_changes() const = 0;

  // Cancels the running statement from another thread (Ctrl-C); its Step
  // returns Status::Interrupted("interrupted").
  virtual void Interrupt() = 0;

  // Time travel: statements read this retained version (read-only), until
  // reset with std::nullopt.
  virtual Status SetAsOfVersion(std::optional<uint64_t> version) = 0;

  virtual Database& database() = 0;
};

// True if `sql` ends with a complete statement (like sqlite3_complete):
// a ';' outside quotes, comments and a CREATE TRIGGER body.
bool IsCompleteStatement(std::string_view sql);

}  // namespace s3lite
