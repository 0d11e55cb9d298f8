// Transitive WHERE terms: from `a = b` (two columns) and `a <op> K` (K a
// constant or parameter), derive `b <op> K`, as SQLite's WHERE analysis
// does, so that b's table can use an index or rowid range too. In
//   ... orders o JOIN customers c ON c.id = o.customer_id
//   WHERE c.id BETWEEN 100 AND 400
// the derived `o.customer_id >= 100 AND o.customer_id <= 400` lets orders be
// read through its customer_id index instead of scanned.
//
// A derived term is implied by the terms it comes from, so adding it to the
// conjuncts of an inner join never changes the result. Only equalities that
// convert neither operand qualify (both columns of numeric affinity, BINARY
// collation): then `a <op> K` and `b <op> K` apply the same affinity to K and
// compare values that are equal, so they agree row by row.
//
// The caller must pass conjuncts that all filter the same combinations:
// WHERE plus the ON terms of inner joins, with no outer join involved.
//
// Thread-safety: a pure function.
#pragma once

#include <vector>

#include "sql/execution/expr.h"

namespace s3lite::sql {

// New terms implied by `conjuncts` (one step of derivation; terms already
// present are not repeated).
std::vector<BExprPtr> TransitiveTerms(const std::vector<const BExpr*>& conjuncts);

}  // namespace s3lite::sql
