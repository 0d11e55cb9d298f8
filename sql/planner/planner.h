// Planner: binds AST statements against the catalog and builds executable
// plans (sql/execution). Binding resolves names to tuple slots and checks
// what sqlite3 checks at prepare time (no such table/column, ambiguous
// names, misuse of aggregates, wrong argument counts); planning chooses an
// access path per table (rowid lookup/range, index equality/IN/range prefix,
// full scan with zone-map hints) and a join algorithm per join (index
// nested loop when the inner access path is keyed by outer columns, hash
// join for other equi-joins, nested loop otherwise). Join order is the FROM
// order.
//
// Internally binding errors unwind as PlanError and are returned as Status
// from the public entry points.
//
// Thread-safety: a Planner is used by one thread for one statement.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/db/catalog.h"
#include "sql/execution/operators.h"
#include "sql/execution/select_exec.h"
#include "sql/function/table_functions.h"
#include "sql/planner/schema.h"

namespace s3lite::sql {

struct PlanError {
  Status status;
};

class RecursiveCte;  // sql/execution/recursive_cte.h

// One FROM item as seen by name resolution.
struct Source {
  std::string name;  // alias, or table name
  std::vector<std::string> columns;
  std::vector<Affinity> affinity;
  std::vector<bool> has_affinity;  // false: expression columns of subqueries
  std::vector<bool> nocase;
  std::vector<std::string> decl_types;
  std::vector<bool> using_hidden;  // merged into an earlier column by USING/NATURAL
  std::vector<bool> hidden;        // hidden columns of table functions (not in *); may be empty
  const TableFunction* table_fn = nullptr;  // the table-valued function this item calls
  int offset = 0;
  int width = 0;          // columns (+1 rowid slot for tables)
  bool has_rowid = false;
  std::shared_ptr<const TableInfo> table;
};

struct Scope {
  std::vector<Source> sources;
  std::vector<int> slot_source;  // slot -> index in sources
  std::vector<bool> slot_used;
  Scope* outer = nullptr;
  int width = 0;
  bool correlated = false;
  const std::vector<ResultColumn>* result_columns = nullptr;  // alias fallback
  CorePlan* core = nullptr;  // aggregate target
  bool has_right_join = false;
  std::vector<int> group_slots;  // slots of plain-column GROUP BY terms
  bool alias_binding = false;    // binding a result alias (no recursion)
  const std::vector<std::shared_ptr<WindowDef>>* window_defs = nullptr;  // WINDOW clause
};

struct BindCtx {
  bool allow_agg = false;
  bool in_agg = false;
  bool group_by = false;
  bool alias_fallback = true;
  bool post_agg = false;
  bool allow_window = false;  // result columns and ORDER BY of a SELECT core
  const char* clause = "";
};

// How one FROM item joins the items before it, plus what builds its scan.
struct FromLevel {
  JoinType type = JoinType::kComma;
  const Expr* on = nullptr;
  std::vector<BExprPtr> on_conds;
  std::vector<BExprPtr> using_conds;
  std::shared_ptr<const TableInfo> table;  // base table
  std::shared_ptr<SelectPlan> sub;         // subquery, view or CTE
  bool correlated = false;
  bool schema_table = false;               // sqlite_schema
  // Table-valued function (json_each(...)); `lateral` when its arguments
  // read earlier FROM items (then it is re-run per left row, never hashed).
  const TableFunction* table_fn = nullptr;
  std::shared_ptr<const std::vector<BExprPtr>> table_fn_args;
  bool lateral = false;
  std::shared_ptr<RecursiveCte> recursive; // a recursive CTE (sub is null)
  std::shared_ptr<Row> current_row;        // a recursive CTE's reference to itself
  std::string detail;
};

// A bound table query used by UPDATE and DELETE: scans `table` with the
// best access path for `where`.
struct TableQuery {
  std::unique_ptr<CorePlan> core;  // state + source (filter applied), no outputs
  Scope scope;
};

// Byte offset (Expr::pos) of the expression the last name-resolution error on
// this thread was about (no such column/function, ambiguous column, misuse
// of aggregate, wrong number of arguments), or -1. Reading resets it; the
// connection reads it for Connection::error_offset.
int TakeBindErrorOffset();

class Planner {
 public:
  Planner(const Catalog& catalog, SchemaCache* cache, ExecContext* ctx)
      : catalog_(catalog), cache_(cache), ctx_(ctx) {}

  Result<std::unique_ptr<SelectPlan>> PlanSelect(const SelectStmt& stmt);
  // WITH ... INSERT/UPDATE/DELETE: makes `with` visible to what is planned
  // next (it must outlive the planner).
  void PushWith(const std::vector<CommonTable>& with) {
    for (const CommonTable& ct : with) ctes_.push_back(&ct);
  }
  // Single-table scope for INSERT/UPDATE/DELETE expressions; where may be null.
  Result<std::unique_ptr<TableQuery>> PlanTableQuery(std::shared_ptr<const TableInfo> table, const std::string& alias,
                                                     const Expr* where);
  // UPDATE ... FROM: the join of `from` (from.from[0] is the target table,
  // whose columns and rowid take slots 0..ncols) filtered by `where`
  // (update_from.cc).
  Result<std::unique_ptr<TableQuery>> PlanJoinQuery(const SelectCore& from, const Expr* where);
  // Binds an expression in `scope` (nullptr: no columns visible).
  Result<BExprPtr> BindInScope(const Expr& e, Scope* scope);
  // Binds RETURNING / result columns against `scope` (star expands).
  Status BindResultColumns(const std::vector<ResultColumn>& cols, Scope* scope, std::vector<BExprPtr>* out,
                           std::vector<std::string>* names);

 private:
  // binder.cc
  BExprPtr Bind(const Expr& e, Scope& sc, const BindCtx& bc);
  BExprPtr BindColumn(const Expr& e, Scope& sc, const BindCtx& bc);
  BExprPtr BindFunction(const Expr& e, Scope& sc, const BindCtx& bc);
  // window_binder.cc: a function with OVER (or a window-only function
  // without it, which is an error).
  BExprPtr BindWindowFunction(const Expr& e, Scope& sc, const BindCtx& bc);
  std::shared_ptr<SubqueryState> BindSubquery(const SelectStmt& s, Scope& sc);
  void SetCompareAffinity(BExpr* node, const BExpr& l, const BExpr& r);
  [[noreturn]] void Fail(std::string msg);
  std::string ColumnNameFor(const ResultColumn& rc, const BExpr& bound, Scope& sc);

  // planner.cc
  std::unique_ptr<SelectPlan> PlanSelectStmt(const SelectStmt& s, Scope* outer);
  std::unique_ptr<CorePlan> PlanCore(const SelectCore& c, Scope* outer, const SelectStmt& stmt, bool compound,
                                     SelectPlan* plan, bool first_core, bool* correlated);
  void AddSources(const SelectCore& c, Scope& sc, std::vector<FromLevel>* levels);
  Source MakeTableSource(std::shared_ptr<const TableInfo> t, const std::string& alias);
  TupleOpPtr BuildFromWhere(Scope& sc, std::vector<FromLevel>& levels, std::vector<BExprPtr> where,
                            CorePlan* core);
  std::vector<const Expr*> SplitAnd(const Expr* e);

  // recursive_cte.cc: a FROM item naming WITH table `cte` (ctes_[cte_pos])
  // in core `c` (whose outer scope is `outer`): its plan (or, for a
  // recursive CTE, the plan of its setup selects, for the column names) and
  // the level's recursive/current_row/correlated.
  std::shared_ptr<SelectPlan> PlanCteSource(const CommonTable& cte, size_t cte_pos, const SelectCore& c,
                                            Scope* outer, FromLevel* level);
  void NoteCtePlan(const SelectStmt& s, SelectPlan* plan);
  struct ActiveCte {
    const CommonTable* cte = nullptr;
    std::vector<const SelectCore*> recursive_cores;  // empty: not recursive
    SelectPlan* plan = nullptr;                      // its plan being built (column metadata)
    std::shared_ptr<Row> current;                    // the row the recursive step reads
  };
  std::vector<ActiveCte> active_ctes_;  // WITH tables being planned, innermost last

  // access_path.cc
  // `implied` (optional) receives the conditions among `conds` that the
  // returned path answers exactly: they need no filter.
  AccessPath ChooseAccessPath(const Source& src, int k, Scope& sc, const std::vector<const BExpr*>& conds,
                              uint64_t allowed_mask, std::vector<const BExpr*>* implied = nullptr);
  uint64_t MaskOf(const BExpr& e, const Scope& sc, bool* has_correlated);

  // Time travel: the statement runs in a transaction at the version the
  // parser saw first (ParsedStatement::as_of_version); every other table that
  // names a version must name the same one.
  std::optional<uint64_t> as_of_version_;
  const Catalog& catalog_;
  SchemaCache* cache_;
  ExecContext* ctx_;
  std::vector<const CommonTable*> ctes_;  // visible WITH tables, innermost last
  bool plan_correlated_ = false;  // set by PlanSelectStmt for its caller
  int subquery_counter_ = 0;
  // Keeps views/CTE ASTs alive for plans built from them.
  std::vector<std::shared_ptr<const ViewInfo>> views_;
  // Materialized sources keep their plans here.
  std::vector<std::shared_ptr<SelectPlan>> owned_plans_;
  int depth_ = 0;

 public:
  std::vector<std::shared_ptr<SelectPlan>>& owned_plans() { return owned_plans_; }
  std::vector<std::shared_ptr<const ViewInfo>>& views() { return views_; }
};

bool IsNumericAffinity(Affinity a);
// "INT", "REAL", "TEXT", "NUM", "" as CREATE TABLE AS names column types.
std::string AffinityTypeName(Affinity a);

}  // namespace s3lite::sql
