// Bound expressions and their evaluation.
//
// The planner turns AST expressions into BExpr trees whose column references
// are slots in a QueryState's tuple (one tuple per SELECT level holds the
// columns of every FROM item, plus one rowid slot per table). Evaluation is
// a switch over the node kind; no virtual calls, no name lookups.
//
// Comparison semantics follow SQLite: before comparing, affinity is applied
// per the operands' affinities (column vs literal), decided at plan time and
// stored in the node (apply_left/apply_right).
//
// Thread-safety: a plan and its states are used by one thread.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "engine/db/database.h"
#include "engine/util/status.h"
#include "engine/value/value.h"
#include "sql/function/function_registry.h"
#include "sql/function/value_ops.h"
#include "sql/parser/ast.h"

namespace s3lite::sql {

class SelectPlan;

// Per-statement execution context shared by all levels of a plan.
struct ExecContext {
  Transaction* txn = nullptr;
  const std::vector<Value>* params = nullptr;
  const std::atomic<bool>* interrupted = nullptr;
  EngineStats* stats = nullptr;
  ConnectionCounters* conn = nullptr;  // changes(), last_insert_rowid(), ...
};

// The row being built at one SELECT level, plus its aggregate results.
struct QueryState {
  Row tuple;
  std::vector<Value> aggs;
  std::vector<Value> windows;  // window function results of the current row (kWindowRef)
  const QueryState* outer = nullptr;
  ExecContext* ctx = nullptr;
};

enum class BKind : uint8_t {
  kConst, kParam, kColumn, kAggRef, kWindowRef,
  kNeg, kPlus, kBitNot, kNot, kIsNull, kNotNull,
  kArith, kCompare, kAnd, kOr,
  kFunc, kCase, kCast, kBetween, kInList, kInSub, kExists, kScalarSub,
  kLike, kGlob, kRegexp,
};

// A subquery used inside an expression. Non-correlated results are cached
// for the statement's lifetime.
struct SubqueryState {
  std::unique_ptr<SelectPlan> plan;
  bool correlated = false;
  bool done = false;           // cached result valid
  Value scalar;                // scalar subquery result
  bool exists = false;         // EXISTS result
  std::vector<Value> values;   // IN (SELECT): sorted distinct non-NULL values
  bool has_null = false;
  Affinity column_affinity = Affinity::kNone;
  int index = 0;               // N in "SCALAR SUBQUERY N" (EXPLAIN)
};

struct BExpr {
  BKind kind = BKind::kConst;
  Op op = Op::kEq;               // kCompare
  BinaryOp bop = BinaryOp::kAdd; // kArith
  Value value;                   // kConst
  int index = 0;                 // kColumn slot, kParam index, kAggRef slot
  int depth = 0;                 // kColumn: 0 = this level, n = n levels out
  Affinity affinity = Affinity::kNone;  // expression affinity (columns, CAST)
  bool has_affinity = false;
  // kCompare / kBetween / kInList: affinity applied to operands before comparing.
  bool apply_left = false, apply_right = false;
  Affinity left_aff = Affinity::kNone, right_aff = Affinity::kNone;
  bool nocase = false;           // NOCASE collation for comparisons
  bool explicit_collation = false;  // collation from a COLLATE operator (wins in comparisons)
  bool negated = false;          // NOT IN / NOT BETWEEN / NOT LIKE / NOT EXISTS
  bool case_has_operand = false, case_has_else = false;
  const ScalarFunction* fn = nullptr;
  std::string type_name;         // kCast
  std::vector<std::unique_ptr<BExpr>> args;
  std::shared_ptr<SubqueryState> sub;
  // kInList with constant items: sorted values for binary search.
  bool const_list = false;
  std::vector<Value> sorted_list;
  bool list_has_null = false;
};
using BExprPtr = std::unique_ptr<BExpr>;

Status Eval(const BExpr& e, const QueryState& st, Value* out);
// Deep copy (subquery states are shared).
BExprPtr CloneBExpr(const BExpr& e);
// WHERE-style truth: 1 true, 0 false, -1 NULL.
Status EvalTruth(const BExpr& e, const QueryState& st, int* truth);

// Comparison with the collation flag (BINARY or NOCASE).
int CompareWithCollation(const Value& a, const Value& b, bool nocase);

// Implemented in select_exec.cc.
Status EvalSubquery(const BExpr& e, const QueryState& st, Value* out);

}  // namespace s3lite::sql
