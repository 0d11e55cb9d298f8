// AST: the syntax tree of one SQL statement, as the Parser builds it.
//
// Expressions keep `span`, their exact source text, because sqlite3 names an
// unaliased result column after the expression as written. Statements own
// their sub-trees through unique_ptr; the tree is immutable after parsing
// (the planner reads it, never edits it).
//
// Thread-safety: value types; no shared state.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/value/value.h"

namespace s3lite::sql {

struct SelectStmt;
using SelectPtr = std::unique_ptr<SelectStmt>;

enum class ExprKind {
  kLiteral,   // value
  kParam,     // param_index (1-based)
  kColumn,    // [table.]column
  kUnary,     // op, args[0]
  kBinary,    // op, args[0], args[1]
  kFunction,  // name(args...) / name(*) / name(DISTINCT args)
  kCase,      // CASE [operand] WHEN..THEN.. [ELSE] END
  kCast,      // CAST(args[0] AS name)
  kBetween,   // args[0] [NOT] BETWEEN args[1] AND args[2]
  kInList,    // args[0] [NOT] IN (args[1..])
  kInSelect,  // args[0] [NOT] IN (select)
  kExists,    // [NOT] EXISTS (select)
  kSubquery,  // (select), scalar
  kCollate,   // args[0] COLLATE name
  kRaise,     // RAISE(...) (unsupported at run time)
};

enum class Op {
  // unary
  kNeg, kPlus, kNot, kBitNot, kIsNull, kNotNull,
  // binary
  kAdd, kSub, kMul, kDiv, kMod, kConcat, kBitAnd, kBitOr, kShl, kShr,
  kEq, kNe, kLt, kLe, kGt, kGe, kIs, kIsNot, kAnd, kOr,
  kLike, kGlob, kRegexp, kMatch,  // args[2] = ESCAPE expr for LIKE (optional)
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;
struct WindowDef;

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  Op op = Op::kAdd;
  Value value;              // kLiteral
  int param_index = 0;      // kParam
  std::string table;        // kColumn qualifier ("" if none)
  std::string name;         // kColumn column, kFunction name, kCast type, kCollate collation
  std::vector<ExprPtr> args;
  bool negated = false;     // NOT IN / NOT BETWEEN / NOT LIKE / NOT EXISTS
  bool distinct = false;    // aggregate DISTINCT
  bool star = false;        // count(*)
  bool case_has_operand = false;  // kCase: args[0] is the operand
  bool case_has_else = false;     // kCase: last arg is ELSE
  SelectPtr select;         // kInSelect, kExists, kSubquery
  std::string span;         // source text of the expression
  int pos = -1;             // byte offset of its first token in the parsed text (error carets)
  ExprPtr filter;           // kFunction: FILTER (WHERE filter)
  std::shared_ptr<WindowDef> over;  // kFunction: OVER ... (a window function)

};

struct ResultColumn {
  ExprPtr expr;               // null when star
  bool star = false;          // * or table.*
  std::string star_table;     // table.* qualifier
  std::string alias;
};

enum class JoinType { kComma, kInner, kCross, kLeft, kRight, kFull };

struct FromItem {
  // Exactly one of table_name / subquery / values is set.
  std::string table_name;
  SelectPtr subquery;
  std::string alias;
  std::optional<uint64_t> as_of_version;  // t AS OF VERSION n
  std::string indexed_by;                 // INDEXED BY name (hint; "" none)
  bool not_indexed = false;
  // How this item joins the items before it (ignored for the first item).
  JoinType join = JoinType::kComma;
  bool natural = false;
  ExprPtr on;
  std::vector<std::string> using_columns;
  std::vector<ExprPtr> func_args;  // table-valued functions (unsupported)
};

struct SelectCore {
  bool distinct = false;
  std::vector<ResultColumn> columns;
  std::vector<FromItem> from;
  ExprPtr where;
  std::vector<ExprPtr> group_by;
  ExprPtr having;
  // VALUES (...), (...): rows instead of a SELECT.
  std::vector<std::vector<ExprPtr>> values;
  bool is_values = false;
  std::vector<std::shared_ptr<WindowDef>> windows;  // WINDOW name AS (...), ...
};

enum class CompoundOp { kUnion, kUnionAll, kIntersect, kExcept };

struct OrderTerm {
  ExprPtr expr;
  bool desc = false;
  int nulls = 0;  // 0 default, 1 NULLS FIRST, 2 NULLS LAST
  std::string collation;
};

// A frame boundary of a window: UNBOUNDED PRECEDING, n PRECEDING, CURRENT
// ROW, n FOLLOWING, UNBOUNDED FOLLOWING.
struct FrameBound {
  enum Kind { kUnboundedPreceding, kPreceding, kCurrentRow, kFollowing, kUnboundedFollowing };
  Kind kind = kCurrentRow;
  ExprPtr offset;  // kPreceding / kFollowing
};

// A window: OVER name, OVER ([base] [PARTITION BY] [ORDER BY] [frame]), or
// WINDOW name AS (...). Without a frame sqlite's default applies (RANGE
// BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW).
struct WindowDef {
  std::string name;        // WINDOW name AS (...); "" inline
  std::string base;        // OVER name / OVER (base ...); "" none
  bool bare_name = false;  // OVER name, without parentheses
  std::vector<ExprPtr> partition_by;
  std::vector<OrderTerm> order_by;
  bool has_frame = false;
  enum Unit { kRows, kRange, kGroups } unit = kRange;
  FrameBound start{FrameBound::kUnboundedPreceding, nullptr};
  FrameBound end{FrameBound::kCurrentRow, nullptr};
  enum Exclude { kNoOthers, kExcludeCurrentRow, kExcludeGroup, kExcludeTies } exclude = kNoOthers;
};

struct CommonTable {
  std::string name;
  std::vector<std::string> columns;
  SelectPtr select;
};

struct SelectStmt {
  std::vector<CommonTable> with;  // WITH name AS (select), non-recursive
  bool with_recursive = false;
  std::vector<SelectCore> cores;      // cores[0] op[0] cores[1] ...
  std::vector<CompoundOp> ops;
  std::vector<OrderTerm> order_by;
  ExprPtr limit, offset;

};

// ---- statements ----

enum class StmtKind {
  kSelect, kInsert, kUpdate, kDelete,
  kCreateTable, kCreateIndex, kCreateView, kDrop, kAlterTable,
  kBegin, kCommit, kRollback, kSavepoint, kRelease,
  kExplain, kPragma, kNoop,  // kNoop: ANALYZE, VACUUM, REINDEX
  kCreateTrigger,
};

struct Stmt {
  explicit Stmt(StmtKind k) : kind(k) {}
  virtual ~Stmt() = default;
  StmtKind kind;
};
using StmtPtr = std::unique_ptr<Stmt>;

struct SelectStatement : Stmt {
  SelectStatement() : Stmt(StmtKind::kSelect) {}
  SelectPtr select;
};

enum class ConflictAction { kAbort, kReplace, kIgnore, kFail, kRollback };

struct Returning {
  std::vector<ResultColumn> columns;  // empty = no RETURNING
};

struct UpsertClause {
  std::vector<std::string> target_columns;  // empty: no conflict target
  ExprPtr target_where;                     // ON CONFLICT (cols) WHERE expr
  bool do_nothing = true;
  std::vector<std::pair<std::vector<std::string>, ExprPtr>> sets;
  ExprPtr where;
};

struct InsertStmt : Stmt {
  InsertStmt() : Stmt(StmtKind::kInsert) {}
  ConflictAction action = ConflictAction::kAbort;
  std::string table;
  std::string alias;
  std::vector<std::string> columns;   // empty = all columns in order
  SelectPtr select;                   // VALUES or SELECT (null with DEFAULT VALUES)
  bool default_values = false;
  std::vector<UpsertClause> upserts;  // ON CONFLICT clauses, in order
  Returning returning;
  std::vector<CommonTable> with;      // WITH ... INSERT
};

struct UpdateStmt : Stmt {
  UpdateStmt() : Stmt(StmtKind::kUpdate) {}
  ConflictAction action = ConflictAction::kAbort;
  std::string table;
  std::string alias;
  // SET a = x, (b, c) = (y, z) flattened to single columns.
  std::vector<std::pair<std::string, ExprPtr>> sets;
  // UPDATE ... FROM: from.from[0] is the target table (with alias), then
  // the FROM items; from.from is empty without FROM.
  SelectCore from;
  ExprPtr where;
  Returning returning;
  std::vector<OrderTerm> order_by;
  ExprPtr limit, offset;
  std::vector<CommonTable> with;  // WITH ... UPDATE
};

struct DeleteStmt : Stmt {
  DeleteStmt() : Stmt(StmtKind::kDelete) {}
  std::string table;
  std::string alias;
  ExprPtr where;
  Returning returning;
  std::vector<OrderTerm> order_by;
  ExprPtr limit, offset;
  std::vector<CommonTable> with;  // WITH ... DELETE
};

// The table an INSERT, UPDATE or DELETE names ("" for other statements).
inline const std::string& DmlTargetTable(const Stmt& s) {
  static const std::string kNone;
  switch (s.kind) {
    case StmtKind::kInsert: return static_cast<const InsertStmt&>(s).table;
    case StmtKind::kUpdate: return static_cast<const UpdateStmt&>(s).table;
    case StmtKind::kDelete: return static_cast<const DeleteStmt&>(s).table;
    default: return kNone;
  }
}

struct ColumnDef {
  std::string name;
  std::string type;      // declared type text, e.g. "VARCHAR(10)"
  bool primary_key = false;
  bool pk_desc = false;
  bool autoincrement = false;
  bool not_null = false;
  bool unique = false;
  ExprPtr default_value;
  std::string collation;
  std::vector<ExprPtr> checks;
  bool hidden_generated = false;  // GENERATED ALWAYS AS (unsupported)
};

struct IndexedColumn {
  std::string name;   // column name ("" if an expression)
  ExprPtr expr;       // expression (unsupported in indexes except plain columns)
  bool desc = false;
  std::string collation;
};

struct TableConstraint {
  enum Kind { kPrimaryKey, kUnique, kCheck, kForeignKey } kind = kPrimaryKey;
  std::vector<IndexedColumn> columns;
  ExprPtr check;
  bool autoincrement = false;
};

struct CreateTableStmt : Stmt {
  CreateTableStmt() : Stmt(StmtKind::kCreateTable) {}
  bool temporary = false;
  bool if_not_exists = false;
  std::string name;
  std::vector<ColumnDef> columns;
  std::vector<TableConstraint> constraints;
  SelectPtr as_select;
  bool without_rowid = false;
};

struct CreateIndexStmt : Stmt {
  CreateIndexStmt() : Stmt(StmtKind::kCreateIndex) {}
  bool unique = false;
  bool if_not_exists = false;
  std::string name;
  std::string table;
  std::vector<IndexedColumn> columns;
  ExprPtr where;  // partial index (unsupported)
};

struct CreateViewStmt : Stmt {
  CreateViewStmt() : Stmt(StmtKind::kCreateView) {}
  bool if_not_exists = false;
  bool temporary = false;
  std::string name;
  std::vector<std::string> columns;
  SelectPtr select;
};

// CREATE TRIGGER: the header, plus the WHEN expression and each body
// statement as source text (sql/execution/trigger.cc re-parses the text
// with NEW/OLD bound when the trigger fires).
struct CreateTriggerStmt : Stmt {
  CreateTriggerStmt() : Stmt(StmtKind::kCreateTrigger) {}
  enum Time { kBefore, kAfter, kInsteadOf } time = kBefore;
  enum Event { kDelete, kInsert, kUpdate } event = kInsert;
  bool temporary = false;
  bool if_not_exists = false;
  std::string name;
  std::string table;
  std::vector<std::string> update_columns;  // UPDATE OF a, b (empty: any column)
  ExprPtr when;
  std::string when_sql;                     // "" without WHEN
  std::vector<StmtPtr> body;                // INSERT/UPDATE/DELETE/SELECT
  std::vector<std::string> body_sql;        // source text of each body statement
};

struct DropStmt : Stmt {
  DropStmt() : Stmt(StmtKind::kDrop) {}
  enum What { kTable, kIndex, kView, kTrigger } what = kTable;
  bool if_exists = false;
  std::string name;
};

struct AlterTableStmt : Stmt {
  AlterTableStmt() : Stmt(StmtKind::kAlterTable) {}
  enum Action { kRenameTable, kRenameColumn, kAddColumn, kDropColumn } action = kRenameTable;
  std::string table;
  std::string new_name;     // new table name / new column name
  std::string column;       // old column name (rename/drop)
  ColumnDef column_def;     // ADD COLUMN
  std::string column_def_sql;  // ADD COLUMN definition text
};

struct TransactionStmt : Stmt {
  explicit TransactionStmt(StmtKind k) : Stmt(k) {}
  std::string savepoint;  // SAVEPOINT / RELEASE / ROLLBACK TO name
};

struct ExplainStmt : Stmt {
  ExplainStmt() : Stmt(StmtKind::kExplain) {}
  bool query_plan = false;
  StmtPtr inner;
};

struct PragmaStmt : Stmt {
  PragmaStmt() : Stmt(StmtKind::kPragma) {}
  std::string name;
  ExprPtr value;
};

struct NoopStmt : Stmt {
  NoopStmt() : Stmt(StmtKind::kNoop) {}
  enum Verb { kAnalyze, kVacuum, kReindex } verb = kVacuum;
  std::string name;  // the object named after ANALYZE/REINDEX ("" when none), schema stripped
};

}  // namespace s3lite::sql
