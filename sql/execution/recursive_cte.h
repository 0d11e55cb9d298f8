// Recursive common table expressions, evaluated as sqlite3 does
// (generateWithRecursiveQuery in sqlite's select.c):
//
//   1. the setup selects (those before the recursive ones) fill a queue;
//   2. while the queue is not empty, one row is taken from it (FIFO, or the
//      least row by the CTE's ORDER BY, ties FIFO), output (after OFFSET,
//      until LIMIT), and the recursive selects run with the CTE's name
//      reading exactly that row; their rows join the queue.
//
// With UNION (not ALL) before the recursive selects, a row joins the queue
// only the first time it is produced: a set of every row seen is kept. With
// UNION ALL only the queue is held, and the rows stream to the consumer:
// `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x
// FROM c LIMIT 5` stops after five rows.
//
// Thread-safety: used by the statement's thread.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "sql/execution/operators.h"
#include "sql/execution/select_exec.h"

namespace s3lite::sql {

class RecursiveCte {
 public:
  std::shared_ptr<SelectPlan> setup;  // the non-recursive selects, with their compound operators
  std::unique_ptr<SelectPlan> step;   // the recursive selects, UNION ALL'ed, reading *current
  std::shared_ptr<Row> current = std::make_shared<Row>();
  bool distinct = false;              // UNION before the recursive selects
  std::vector<SortKey> order;         // queue order (ORDER BY); empty: FIFO
  std::vector<bool> nocase;           // per column (UNION keys)
  BExprPtr limit, offset;             // bound without columns
  ExecContext* ctx = nullptr;
  std::string name;

  // Starts (or restarts) the evaluation: evaluates LIMIT/OFFSET, runs the
  // setup selects into the queue.
  Status Open(const QueryState* outer);
  // The next output row; *has_row false at the end.
  Status Next(Row* out, bool* has_row);
  void Explain(int depth, std::vector<PlanLine>* out) const;

 private:
  struct Queued {
    Row row;
    uint64_t seq;
  };
  struct QueueLess {
    const std::vector<SortKey>* order;
    bool operator()(const Queued& a, const Queued& b) const;
  };
  Status Push(Row row);
  bool Pop(Row* row);
  Status RunStep(const Row& row);

  const QueryState* outer_ = nullptr;
  std::deque<Row> fifo_;
  std::set<Queued, QueueLess> sorted_{QueueLess{&order}};
  std::unordered_set<std::string> seen_;
  uint64_t seq_ = 0;
  int64_t limit_ = -1;   // < 0: none
  int64_t skip_ = 0;     // OFFSET rows still to skip
  int64_t emitted_ = 0;
  bool pending_ = false;  // the last output row's step has not run yet
  Row last_;
  uint64_t rows_ = 0;
};

// The FROM-level scan of a recursive CTE: streams its rows when `stream`
// (the scan is opened once per execution of its SELECT), else materializes
// them on Open and replays them (on later Opens too when `cacheable`, i.e.
// the CTE does not read outer columns).
TupleOpPtr MakeRecursiveCteScan(QueryState* st, int offset, int width, std::shared_ptr<RecursiveCte> cte,
                                bool stream, bool cacheable, std::string detail);

}  // namespace s3lite::sql
