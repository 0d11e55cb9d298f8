// INSERT, UPDATE and DELETE over the engine's trees, maintaining indexes and
// enforcing NOT NULL, CHECK, UNIQUE/PRIMARY KEY with SQLite's conflict
// resolution (ABORT, IGNORE, REPLACE) and messages:
//   NOT NULL constraint failed: t.name
//   UNIQUE constraint failed: t.a, t.b
// Statement atomicity is the caller's job (savepoint or transaction rollback
// around the whole statement).
//
// Thread-safety: runs on the statement's thread inside its transaction.
#pragma once

#include <string>
#include <vector>

#include "engine/db/database.h"
#include "sql/execution/expr.h"
#include "sql/parser/ast.h"
#include "sql/planner/schema.h"

namespace s3lite::sql {

struct WriteEnv {
  Transaction* txn = nullptr;
  SchemaCache* cache = nullptr;
  ExecContext* ctx = nullptr;
};

struct DmlOutcome {
  int64_t changes = 0;
  bool inserted = false;
  int64_t last_rowid = 0;
  std::vector<Row> rows;  // RETURNING
  std::vector<std::string> names;
};

// The rows of `INSERT ... VALUES (...), ...` when every term is a literal,
// +literal or -literal and the rows have one width (bulk loads: no names to
// bind, so no plan is needed); nullptr when the source needs a plan.
const std::vector<std::vector<ExprPtr>>* LiteralValues(const SelectStmt& s);

Status ExecuteInsert(const InsertStmt& s, WriteEnv& env, DmlOutcome* out);
// The ON CONFLICT targets of `s` name columns of `t` and match its rowid or
// a UNIQUE index (sqlite3 checks this when preparing).
Status CheckUpsertTargets(const InsertStmt& s, const TableInfo& t);
Status ExecuteUpdate(const UpdateStmt& s, WriteEnv& env, DmlOutcome* out);
Status ExecuteDelete(const DeleteStmt& s, WriteEnv& env, DmlOutcome* out);

// Column names of a RETURNING clause (for Statement::column_names before Step).
Status ReturningNames(const Catalog& catalog, SchemaCache* cache, const std::string& table,
                      const Returning& r, std::vector<std::string>* names);

}  // namespace s3lite::sql
