// Query execution above FROM/WHERE: aggregation, projection, DISTINCT,
// compound operators, ORDER BY, LIMIT/OFFSET. Produces output rows.
//
// CorePlan runs one SELECT core (or a VALUES list). SelectPlan combines
// cores with UNION/INTERSECT/EXCEPT and applies ORDER BY and LIMIT; without
// ORDER BY or compound operators it streams, so LIMIT stops the scans early.
// GROUP BY groups are keyed by the memcomparable encoding of their values,
// which orders them as SQLite's sorter does (groups come out in key order).
//
// Thread-safety: used by one thread.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "sql/execution/expr.h"
#include "sql/execution/operators.h"
#include "sql/execution/window.h"

namespace s3lite::sql {

struct AggSpec {
  const AggregateFunction* fn = nullptr;
  std::vector<BExprPtr> args;
  bool distinct = false;
  std::string name;
  BExprPtr filter;  // FILTER (WHERE ...): rows where it is not true are not stepped
};

class CorePlan {
 public:
  QueryState state;
  TupleOpPtr source;
  bool aggregate = false;
  std::vector<AggSpec> aggs;
  std::vector<BExprPtr> group_by;
  BExprPtr having;
  std::vector<BExprPtr> outputs;  // visible columns, then hidden ORDER BY keys
  size_t visible = 0;
  bool distinct = false;
  bool need_last_row = false;     // bare columns in an aggregate query
  int minmax_agg = -1;            // planner bookkeeping (the executor tracks every min()/max())
  bool minmax_is_max = false;
  // VALUES rows (instead of source/outputs).
  std::vector<std::vector<BExprPtr>> values;
  std::vector<PlanLine> explain_extra;
  std::unique_ptr<WindowStage> window;  // window functions (OVER), null without

  Status Open(const QueryState* outer);
  Status Next(Row* out, bool* has_row);
  void Explain(int depth, std::vector<PlanLine>* out) const;

 private:
  struct Group {
    std::vector<std::unique_ptr<Aggregate>> accs;
    std::vector<std::unordered_set<std::string>> seen;  // DISTINCT aggregate args
    Row last;
    // Per aggregate: the min()/max() extreme so far (bare columns).
    std::vector<Value> best;
    std::vector<bool> has_best;
  };
  Status RunAggregation();
  // The next row before projection (a source row, or a group that passed
  // HAVING) into `state`; NextWindowRow the same after window functions.
  Status Advance(bool* has_row);
  Status NextWindowRow(bool* has_row);
  Status Accumulate(Group* g);
  Status NewGroup(Group* g);
  Status Project(Row* out);

  bool agg_done_ = false;
  std::vector<std::pair<std::string, std::unique_ptr<Group>>> groups_;
  size_t group_pos_ = 0;
  size_t values_pos_ = 0;
  std::unordered_set<std::string> distinct_seen_;
  std::vector<Row> agg_args_;  // Accumulate's argument buffers, one per aggregate
  std::vector<int> minmax_;    // per aggregate: -1 min(x), 1 max(x), 0 other
  bool has_minmax_ = false;
  bool skip_load_ = false;     // sqlite3's bare-column skip flag; kept across rows
  std::vector<bool> distinct_nocase_;  // per visible output, for DISTINCT keys
};

struct SortKey {
  size_t column = 0;
  bool desc = false;
  int nulls = 0;  // 0 default (NULLs first ASC, last DESC), 1 first, 2 last
  bool nocase = false;
};

// How ORDER BY orders two values of one key: <0, 0 or >0. NULLs come first
// ascending and last descending unless NULLS FIRST/LAST (`nulls` as in
// SortKey) says otherwise; other values compare under the collation,
// reversed for DESC.
int CompareSortValues(const Value& x, const Value& y, bool desc, int nulls, bool nocase);

// How ORDER BY orders two rows by `keys` (CompareSortValues per key).
int CompareRowsBy(const std::vector<SortKey>& keys, const Row& a, const Row& b);

// A LIMIT or OFFSET value: `e` evaluated in `st` under NUMERIC affinity must
// be an integer (a whole REAL counts), else "datatype mismatch" as sqlite3.
Status EvalLimitCount(const BExpr& e, const QueryState& st, int64_t* out);

class SelectPlan {
 public:
  std::vector<std::unique_ptr<CorePlan>> cores;
  std::vector<CompoundOp> ops;
  std::vector<SortKey> order;
  BExprPtr limit, offset;
  size_t visible = 0;
  std::vector<std::string> names;
  std::vector<Affinity> affinities;    // per output column (for comparisons on subquery columns)
  std::vector<bool> has_affinity;
  std::vector<std::string> decl_types; // declared types (CREATE TABLE AS)
  std::vector<bool> nocase;            // output column collation
  ExecContext* ctx = nullptr;

  Status Open(const QueryState* outer);
  Status Next(Row* out, bool* has_row);
  // Open(outer), then every row appended to *rows.
  Status ReadAll(const QueryState* outer, std::vector<Row>* rows);
  void Explain(int depth, std::vector<PlanLine>* out) const;

 private:
  Status Materialize(std::vector<Row>* rows);
  Status EvalLimit(const QueryState* outer);

  bool streaming_ = false;
  std::vector<Row> rows_;
  size_t pos_ = 0;
  int64_t limit_ = -1;
  int64_t skip_ = 0;
  int64_t emitted_ = 0;
};

// Encodes a row for DISTINCT / set operations (memcomparable, so equal
// values such as 1 and 1.0 collide as in SQLite).
// Memcomparable key of a row's first n values (DISTINCT, GROUP BY, compound
// operators); values under a NOCASE collation (nocase[i]) are keyed by their
// ASCII case fold, so they group together and order as NOCASE does.
std::string EncodeRowKey(const Row& row, size_t n, const std::vector<bool>* nocase = nullptr);
void EncodeCollatedKey(const Value& v, bool nocase, std::string* key);

}  // namespace s3lite::sql
