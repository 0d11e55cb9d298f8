// Tuple operators: the FROM/WHERE part of a query as Volcano iterators.
//
// All operators of one SELECT level share the level's QueryState tuple: a
// scan writes its table's columns (and rowid) into its own slot range, a join
// drives its inputs so that the tuple holds one combination at a time, a
// filter skips combinations. Open() (re)starts an operator; key expressions
// of index lookups are evaluated then, so the inner side of a nested-loop
// join is re-opened for every outer row and sees the outer's slots.
//
// Thread-safety: used by one thread (the statement's).
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "sql/execution/expr.h"
#include "sql/planner/schema.h"

namespace s3lite::sql {

// One line of EXPLAIN QUERY PLAN output.
struct PlanLine {
  int depth = 0;
  std::string detail;
};

class TupleOp {
 public:
  virtual ~TupleOp() = default;
  virtual Status Open() = 0;
  virtual Status Next(bool* has_row) = 0;
  virtual void Explain(int depth, std::vector<PlanLine>* out) const = 0;
};
using TupleOpPtr = std::unique_ptr<TupleOp>;

// How a table is read. Built by the planner.
struct AccessPath {
  enum Kind { kFullScan, kRowidEq, kRowidIn, kRowidRange, kIndex, kIndexIn } kind = kFullScan;
  const IndexInfo* index = nullptr;
  // kRowidEq / kIndex / kIndexIn: equality keys (index prefix). For
  // kRowidIn / kIndexIn the last key position takes its values from in_items.
  std::vector<BExprPtr> eq;
  std::vector<BExprPtr> in_items;
  std::shared_ptr<SubqueryState> in_sub;  // IN (SELECT ...) as key source
  // Affinity applied to probe values (the column's), per key position.
  std::vector<bool> apply;
  std::vector<Affinity> aff;
  // Range on the column after the eq prefix (or on the rowid).
  BExprPtr lo, hi;
  bool lo_incl = true, hi_incl = true;
  bool range_apply = false;
  Affinity range_aff = Affinity::kNone;
  bool covering = false;  // index holds every column the query needs
  std::string detail;     // "(a=? AND b>?)"
  ScanHint hint;          // zone-map hints for full scans
};

class TableScan : public TupleOp {
 public:
  TableScan(QueryState* st, std::shared_ptr<const TableInfo> table, std::string alias, int offset,
            AccessPath path, std::vector<Value> defaults);
  Status Open() override;
  Status Next(bool* has_row) override;
  void Explain(int depth, std::vector<PlanLine>* out) const override;
  const AccessPath& path() const { return path_; }
  // Columns the query reads (table column positions). When few of the
  // table's columns are read, rows decode only those; the other slots of
  // the tuple are left unset. Default: every column.
  void set_read_columns(std::vector<int> columns);

 private:
  struct KeyRange {
    std::string start;  // inclusive
    std::string stop;   // exclusive; "" = unbounded
  };
  Status LoadRow(int64_t rowid, std::string_view record);
  // Loads the table row of an index entry (non-covering index paths);
  // `key` is the row's table key, EncodeRowid(rowid) (the index key's tail).
  Status FetchTableRow(int64_t rowid, std::string_view key);
  Status ProbeValue(const BExpr& e, size_t key_pos, Value* v, bool* usable);
  Status BuildRanges();
  Status StartRange();

  QueryState* st_;
  std::shared_ptr<const TableInfo> table_;
  std::string alias_;
  int offset_;
  int ncols_;
  AccessPath path_;
  std::vector<Value> defaults_;
  std::unique_ptr<Cursor> cursor_;
  // Table cursor for FetchTableRow; positioned only within one Open().
  std::unique_ptr<Cursor> row_cursor_;
  bool row_cursor_positioned_ = false;
  std::vector<KeyRange> ranges_;
  size_t range_ = 0;
  bool range_started_ = false;
  bool done_ = false;
  Row scratch_;
  uint64_t rows_ = 0;
  bool partial_decode_ = false;    // decode only read_columns_ (set_read_columns)
  std::vector<int> read_columns_;
};

// Rows from a materialized source: a FROM subquery, view, VALUES list or
// sqlite_schema. `produce` fills `rows` when the source is opened.
class MaterializedScan : public TupleOp {
 public:
  using Producer = std::function<Status(std::vector<Row>* rows)>;
  MaterializedScan(QueryState* st, int offset, int width, Producer produce, bool cacheable, std::string detail);
  Status Open() override;
  Status Next(bool* has_row) override;
  void Explain(int depth, std::vector<PlanLine>* out) const override;
  std::vector<PlanLine> sub_explain;

 private:
  QueryState* st_;
  int offset_, width_;
  Producer produce_;
  bool cacheable_;
  bool loaded_ = false;
  std::vector<Row> rows_;
  size_t pos_ = 0;
  std::string detail_;
};

// Exactly one empty combination (SELECT without FROM).
class SingleRow : public TupleOp {
 public:
  Status Open() override { done_ = false; return Status::OK(); }
  Status Next(bool* has_row) override {
    *has_row = !done_;
    done_ = true;
    return Status::OK();
  }
  void Explain(int, std::vector<PlanLine>*) const override {}

 private:
  bool done_ = false;
};

class FilterOp : public TupleOp {
 public:
  FilterOp(QueryState* st, TupleOpPtr child, std::vector<BExprPtr> conds);
  Status Open() override;
  Status Next(bool* has_row) override;
  void Explain(int depth, std::vector<PlanLine>* out) const override;

 private:
  QueryState* st_;
  TupleOpPtr child_;
  std::vector<BExprPtr> conds_;
};

enum class JoinKind { kInner, kLeft, kRight, kFull };

// For each left combination, re-open the right side (an index lookup when the
// planner found one) and emit matches; LEFT emits a NULL-extended row when
// nothing matched.
class NestedLoopJoin : public TupleOp {
 public:
  NestedLoopJoin(QueryState* st, TupleOpPtr left, TupleOpPtr right, JoinKind kind, std::vector<BExprPtr> conds,
                 int right_begin, int right_end);
  Status Open() override;
  Status Next(bool* has_row) override;
  void Explain(int depth, std::vector<PlanLine>* out) const override;

 private:
  QueryState* st_;
  TupleOpPtr left_, right_;
  JoinKind kind_;
  std::vector<BExprPtr> conds_;
  int right_begin_, right_end_;
  bool need_left_ = true;
  bool matched_ = false;
};

// Equi-join: builds a hash table over the right side once (keys encoded with
// the memcomparable codec after comparison affinity, so 1 and 1.0 match as
// they do in SQLite), then probes it per left combination.
class HashJoin : public TupleOp {
 public:
  HashJoin(QueryState* st, TupleOpPtr left, TupleOpPtr right, JoinKind kind, std::vector<BExprPtr> left_keys,
           std::vector<BExprPtr> right_keys, std::vector<Affinity> key_aff, std::vector<bool> key_apply_left,
           std::vector<bool> key_apply_right, std::vector<BExprPtr> residual, int right_begin, int right_end,
           bool cacheable, std::string detail);
  Status Open() override;
  Status Next(bool* has_row) override;
  void Explain(int depth, std::vector<PlanLine>* out) const override;

 private:
  Status Build();
  // False if any key is NULL (never equal).
  Status MakeKey(const std::vector<BExprPtr>& exprs, const std::vector<bool>& apply, std::string* key, bool* ok);

  QueryState* st_;
  TupleOpPtr left_, right_;
  JoinKind kind_;
  std::vector<BExprPtr> left_keys_, right_keys_;
  std::vector<Affinity> key_aff_;
  std::vector<bool> apply_left_, apply_right_;
  std::vector<BExprPtr> residual_;
  int right_begin_, right_end_;
  bool cacheable_;
  std::string detail_;
  bool built_ = false;
  std::vector<Row> rows_;
  std::unordered_map<std::string, std::vector<uint32_t>> table_;
  const std::vector<uint32_t>* matches_ = nullptr;
  size_t match_pos_ = 0;
  bool need_left_ = true;
  bool matched_ = false;
};

// RIGHT and FULL joins: the right side is materialized; unmatched right rows
// are emitted with the left slots NULL after the left side is exhausted.
class OuterJoin : public TupleOp {
 public:
  OuterJoin(QueryState* st, TupleOpPtr left, TupleOpPtr right, JoinKind kind, std::vector<BExprPtr> conds,
            int left_end, int right_begin, int right_end);
  Status Open() override;
  Status Next(bool* has_row) override;
  void Explain(int depth, std::vector<PlanLine>* out) const override;

 private:
  QueryState* st_;
  TupleOpPtr left_, right_;
  JoinKind kind_;
  std::vector<BExprPtr> conds_;
  int left_end_, right_begin_, right_end_;
  std::vector<Row> rows_;
  std::vector<bool> right_matched_;
  bool left_done_ = false;
  bool need_left_ = true;
  bool left_matched_ = false;
  size_t pos_ = 0;
};

// Checks for Ctrl-C every few thousand rows.
Status CheckInterrupt(const QueryState* st);

}  // namespace s3lite::sql
