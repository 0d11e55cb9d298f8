// Window functions (OVER ...) of one SELECT core, computed as sqlite3 3.40
// computes them.
//
// The core's rows (after WHERE, GROUP BY and HAVING) are buffered with the
// tuple and aggregate values each was produced with. Each distinct window is
// then processed, the last one first as sqlite3 does: the rows are stably
// sorted by its PARTITION BY and ORDER BY keys, and every function over that
// window is computed partition by partition into the row's result slots
// (QueryState::windows, read by BKind::kWindowRef). Rows come out in the
// order of the last sort (the first window), which is sqlite3's output order
// without an ORDER BY.
//
// Cost per partition of n rows: the ranking functions, lag/lead and
// aggregates whose frame starts at UNBOUNDED PRECEDING (the default frame
// among them) are O(n) after the O(n log n) sort: such an aggregate is
// stepped once per row and read after each frame end. Sliding frames of
// count/sum/total/avg are O(n) too: sqlite3's step/inverse order is
// replayed (so REAL results agree to the bit). Other sliding frames
// (min/max/group_concat, and every EXCLUDE frame) re-aggregate each row's
// frame, as sqlite3 does for functions without an inverse.
//
// Thread-safety: used by one thread (the statement's).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sql/execution/expr.h"

namespace s3lite::sql {

// One window, bound: partition and order keys plus the frame.
struct WindowSpec {
  struct OrderKey {
    BExprPtr expr;
    bool desc = false;
    int nulls = 0;  // 0 default (NULLs first ASC, last DESC), 1 first, 2 last
    bool nocase = false;
  };
  std::vector<BExprPtr> partition;
  std::vector<bool> partition_nocase;
  std::vector<OrderKey> order;
  WindowDef::Unit unit = WindowDef::kRange;
  FrameBound::Kind start = FrameBound::kUnboundedPreceding;
  FrameBound::Kind end = FrameBound::kCurrentRow;
  BExprPtr start_offset, end_offset;
  WindowDef::Exclude exclude = WindowDef::kNoOthers;
  std::string key;  // canonical text: equal windows share one sort
};

// One window function call.
struct WindowFunc {
  enum Kind {
    kAggregate, kRowNumber, kRank, kDenseRank, kPercentRank, kCumeDist, kNtile,
    kLag, kLead, kFirstValue, kLastValue, kNthValue,
  };
  Kind kind = kAggregate;
  const AggregateFunction* agg = nullptr;  // kAggregate
  std::vector<BExprPtr> args;
  BExprPtr filter;  // FILTER (WHERE ...), aggregates only
  int window = 0;   // index into WindowStage::windows
  std::string name;
};

// The built-in window-only function `name` (lower case) accepts, as
// [min_args, max_args]; false if `name` is none of them.
bool LookupWindowFunction(const std::string& name, WindowFunc::Kind* kind, int* min_args, int* max_args);
// True for row_number, rank, ..., nth_value (any case): usable only with OVER.
bool IsWindowOnlyFunction(const std::string& name);

class WindowStage {
 public:
  std::vector<WindowSpec> windows;
  std::vector<WindowFunc> funcs;

  // Forgets buffered rows (CorePlan::Open).
  void Reset();
  // Buffers the row `st` holds (tuple and aggregate values).
  void AddRow(const QueryState& st);
  // Computes every function for the buffered rows. `st` is the core's
  // state: its tuple and aggs are overwritten row by row.
  Status Compute(QueryState* st);
  bool computed() const { return computed_; }
  // Loads the next row (tuple, aggs, window results) into `st`.
  bool Next(QueryState* st);

 private:
  struct BufferedRow {
    Row tuple;
    std::vector<Value> aggs;
    std::vector<Value> results;  // one per function
  };
  Status ComputeWindow(int w, QueryState* st);
  Status EvalOffset(const BExpr& e, const QueryState& st, bool is_start, bool range, Value* out) const;

  std::vector<BufferedRow> rows_;
  std::vector<uint32_t> order_;  // output order: positions into rows_
  size_t pos_ = 0;
  bool computed_ = false;
};

}  // namespace s3lite::sql
