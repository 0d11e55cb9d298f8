// Triggers, as sqlite3 3.40 has them (recursive_triggers off).
//
// Storage: CREATE TRIGGER is a catalog entry of kind kTrigger whose `table`
// is the table (or view) it fires on and whose `sql` is the CREATE text, as
// sqlite_master keeps it. The entry is re-parsed when a statement loads its
// triggers, never cached across statements.
//
// Firing: FOR EACH ROW only. A DML statement loads the triggers of its table
// once (RowTriggers::Load; nothing per row when there are none) and calls
// FireBefore/FireAfter around each row it writes. NEW.col and OLD.col are
// bound by rewriting the trigger text: each reference becomes a parameter
// (wrapped in CAST to the column's affinity when that is the identity, so
// comparisons see the column's affinity as in sqlite3), and the trigger is
// re-parsed for the row. Body statements run in the statement's transaction,
// so a failing statement (the caller's savepoint) undoes its triggers'
// effects too. Newest triggers fire first, as in sqlite3. A trigger does not
// fire again while it is already running (no recursion).
//
// RAISE(IGNORE|ABORT|FAIL|ROLLBACK, msg) is supported in the result columns
// of a body SELECT (`SELECT RAISE(ABORT, 'x') WHERE ...`, `SELECT CASE WHEN
// ... THEN RAISE(...) END`); ABORT, FAIL and ROLLBACK all fail the statement
// with `msg` and undo it (FAIL and ROLLBACK are not distinguished).
//
// INSTEAD OF triggers make INSERT/UPDATE/DELETE on a view run the triggers
// once per affected view row.
//
// Thread-safety: runs on the statement's thread inside its transaction.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sql/execution/dml.h"

namespace s3lite::sql {

// ---- DDL ----
Status CreateTrigger(const CreateTriggerStmt& s, std::string_view sql_text, WriteEnv& env);
Status DropTrigger(const DropStmt& s, WriteEnv& env);
// DROP TABLE / DROP VIEW: removes the triggers that fire on `table`.
Status DropTriggersOn(WriteEnv& env, const std::string& table);
// ALTER TABLE `from` RENAME TO `to`: triggers on `from` now fire on `to`, and
// table names in trigger bodies (after INTO, UPDATE, FROM, JOIN) follow.
Status RenameTriggerTable(WriteEnv& env, const std::string& from, const std::string& to);

// ---- row triggers ----
enum class TriggerEvent : uint8_t { kInsert, kUpdate, kDelete };

class RowTriggers {
 public:
  RowTriggers();
  ~RowTriggers();
  RowTriggers(const RowTriggers&) = delete;
  RowTriggers& operator=(const RowTriggers&) = delete;

  // Loads the BEFORE and AFTER triggers of `t` for `event`; for UPDATE,
  // `set_columns` are the positions being SET (columns.size() = rowid) and
  // only triggers without OF or with an OF column among them are kept.
  // Fails (as sqlite3 does when preparing) on NEW/OLD references to columns
  // the table or event does not have.
  Status Load(WriteEnv& env, std::shared_ptr<const TableInfo> t, TriggerEvent event,
              const std::vector<int>* set_columns);
  bool empty() const { return before_.empty() && after_.empty(); }
  bool has_before() const { return !before_.empty(); }
  // NEW.rowid in a BEFORE INSERT trigger: the given rowid, or -1 when the
  // statement leaves it to be chosen (as sqlite3).
  static int64_t BeforeInsertRowid(const Value& rid);

  // Fires the BEFORE (AFTER) triggers for one row. `old_row` (DELETE, UPDATE)
  // and `new_row` (INSERT, UPDATE) are full rows; unused ones may be null.
  // *ignore is set when a trigger ran RAISE(IGNORE): the caller skips the row.
  Status FireBefore(const Row* old_row, int64_t old_rowid, const Row* new_row, int64_t new_rowid, bool* ignore);
  Status FireAfter(const Row* old_row, int64_t old_rowid, const Row* new_row, int64_t new_rowid, bool* ignore);

  struct Trigger;
  // INSTEAD OF triggers of view `t` (then fired by FireBefore).
  Status LoadInsteadOf(WriteEnv& env, std::shared_ptr<const TableInfo> t, TriggerEvent event,
                       const std::vector<int>* set_columns);

 private:
  Status LoadImpl(WriteEnv& env, std::shared_ptr<const TableInfo> t, TriggerEvent event,
                  const std::vector<int>* set_columns, bool instead_of);
  Status Fire(std::vector<Trigger>& list, const Row* old_row, int64_t old_rowid, const Row* new_row,
              int64_t new_rowid, bool* ignore);

  WriteEnv* env_ = nullptr;
  std::shared_ptr<const TableInfo> t_;
  std::vector<Trigger> before_, after_;
};

// INSERT/UPDATE/DELETE on a view: runs its INSTEAD OF triggers for every
// affected view row. *handled is false (and nothing is done) when `view` is
// not a view with INSTEAD OF triggers for that statement.
Status ExecuteInsteadOf(const Stmt& s, const std::string& view, WriteEnv& env, DmlOutcome* out, bool* handled);

// True if the target of INSERT/UPDATE/DELETE `s` is a view with an INSTEAD OF
// trigger for it (for UPDATE: without OF, or OF a column `s` sets).
bool HasInsteadOf(const Catalog& catalog, const Stmt& s);

}  // namespace s3lite::sql
