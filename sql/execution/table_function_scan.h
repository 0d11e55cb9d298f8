// TableFunctionScan: the FROM item `f(args...)` for a table-valued function
// (sql/function/table_functions.h). Each Open() evaluates the bound
// arguments against the current tuple (so arguments may read earlier FROM
// items or outer queries) and starts a new cursor; Next() streams its rows
// into the item's tuple slots.
//
// Thread-safety: a plan and its states are used by one thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sql/execution/expr.h"
#include "sql/execution/operators.h"
#include "sql/function/table_functions.h"

namespace s3lite::sql {

class TableFunctionScan : public TupleOp {
 public:
  // `used`: which of the function's columns the query reads.
  TableFunctionScan(QueryState* st, const TableFunction* fn, std::shared_ptr<const std::vector<BExprPtr>> args,
                    int offset, std::vector<bool> used, std::string detail)
      : st_(st), fn_(fn), args_(std::move(args)), offset_(offset), used_(std::move(used)),
        detail_(std::move(detail)) {}

  Status Open() override;
  Status Next(bool* has_row) override;
  void Explain(int depth, std::vector<PlanLine>* out) const override { out->push_back({depth, detail_}); }

 private:
  QueryState* st_;
  const TableFunction* fn_;
  std::shared_ptr<const std::vector<BExprPtr>> args_;
  int offset_;
  std::vector<bool> used_;
  std::string detail_;
  std::unique_ptr<TableFunctionCursor> cursor_;
  Row row_;
};

}  // namespace s3lite::sql
