// ConnectionImpl / StatementImpl: the Connection contract (sql/connection.h)
// over the engine. A statement is parsed and bound at Prepare (so binding
// errors come from Prepare, as sqlite3 reports them as parse errors) and
// executed on the first Step. Autocommit statements get their own engine
// transaction (kRead for queries, kWrite for changes); inside BEGIN...COMMIT
// every statement runs under a savepoint so that a failing statement
// changes nothing. Errors from Step carry the "Runtime error: " prefix, as
// sqlite3 prints them.
//
// Thread-safety: see sql/connection.h (one thread at a time; Interrupt() may
// be called from any thread).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sql/connection.h"
#include "sql/execution/ddl.h"
#include "sql/execution/dml.h"
#include "sql/execution/select_exec.h"
#include "sql/parser/parser.h"
#include "sql/planner/schema.h"

namespace s3lite::sql {

class ConnectionImpl;

class StatementImpl : public Statement {
 public:
  StatementImpl(ConnectionImpl* conn, ParsedStatement parsed, std::string sql);
  ~StatementImpl() override;

  const std::vector<std::string>& column_names() const override { return names_; }
  bool returns_rows() const override { return returns_rows_; }
  const std::string& sql() const override { return sql_; }
  int explain_kind() const override;
  Result<bool> Step() override;
  const Row& row() const override { return row_; }
  int64_t changes() const override { return changes_; }
  Status Bind(int index, const Value& value) override;
  int parameter_count() const override { return param_count_; }

  // Binds at prepare time; errors are reported by Connection::Prepare.
  Status Prepare();
  // The validated TakeBindErrorOffset() after a failure (-1 if none).
  int BindErrorOffset() const;

 private:
  Status Execute();
  Status ExecuteExplain(const ExplainStmt& e);
  Status ExecutePragma(const PragmaStmt& p);
  Status ExecuteTransaction(const Stmt& s);
  // Runs `fn` in the connection's transaction (under a savepoint) or in a
  // new write transaction that commits on success.
  Status RunWrite(const std::function<Status(WriteEnv&)>& fn);
  // The transaction to read the catalog with (the connection's or a new kRead).
  Result<Transaction*> ReadTxn();
  void Finish();

  ConnectionImpl* conn_;
  ParsedStatement parsed_;
  std::string sql_;
  std::vector<std::string> names_;
  bool returns_rows_ = false;
  int param_count_ = 0;
  std::vector<Value> params_;
  ExecContext ctx_;
  std::unique_ptr<Transaction> read_txn_;
  std::unique_ptr<SelectPlan> plan_;
  bool buffered_mode_ = false;
  std::vector<Row> buffered_;
  size_t pos_ = 0;
  Row row_;
  bool started_ = false;
  bool done_ = false;
  int64_t changes_ = 0;
};

class ConnectionImpl : public Connection {
 public:
  explicit ConnectionImpl(std::shared_ptr<Database> db) : db_(std::move(db)) {}
  ~ConnectionImpl() override;

  Result<std::unique_ptr<Statement>> Prepare(std::string_view sql, std::string_view* tail) override;
  int error_offset() const override { return error_offset_; }
  Status ExecuteScript(std::string_view sql) override;
  bool in_transaction() const override { return txn_ != nullptr; }
  int64_t last_insert_rowid() const override { return counters_.last_insert_rowid; }
  int64_t total_changes() const override { return counters_.total_changes; }
  void Interrupt() override { interrupted_.store(true); }
  Status SetAsOfVersion(std::optional<uint64_t> version) override;
  Database& database() override { return *db_; }

 private:
  friend class StatementImpl;

  std::shared_ptr<Database> db_;
  std::unique_ptr<Transaction> txn_;  // explicit transaction (BEGIN/SAVEPOINT)
  std::vector<std::pair<std::string, uint64_t>> savepoints_;
  bool txn_from_savepoint_ = false;
  SchemaCache cache_;
  std::optional<uint64_t> as_of_;
  std::atomic<bool> interrupted_{false};
  int error_offset_ = -1;        // of the last failed Prepare (Connection::error_offset)
  ConnectionCounters counters_;  // read by changes(), last_insert_rowid(), ...
};

}  // namespace s3lite::sql
