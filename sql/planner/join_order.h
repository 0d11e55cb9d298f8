// Join order for inner joins: the FROM order, unless it joins a table that
// no condition connects to the tables before it (a cross product) while a
// later table would be connected. Then a greedy order is used: starting
// from the first FROM item, each next item is the first (in FROM order) that
// a WHERE/ON/USING conjunct links to the items already placed. sqlite3's
// planner picks connected orders the same way, so select5-style queries
// (64 tables, FROM order random, a spanning tree of a=b terms) run in
// linear rather than exponential time.
//
// Only all-inner joins of plain tables, views and subqueries are reordered
// (no LEFT/RIGHT/FULL joins, table-valued functions, correlated or lateral
// items, recursive CTE references); result rows are the same set, only
// their unspecified order may change.
//
// Thread-safety: pure functions of their arguments.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "sql/planner/planner.h"

namespace s3lite::sql {

// Table mask of a conjunct (bit i = sc.sources[i]); sets *correlated when it
// holds a correlated subquery (Planner::MaskOf).
using ConjunctMask = std::function<uint64_t(const BExpr&, bool* correlated)>;

// The greedy connected order of `n` items for conjunct masks `masks`, or
// the identity when the FROM order never forms an avoidable cross product.
std::vector<size_t> ConnectedJoinOrder(size_t n, const std::vector<uint64_t>& masks);

// Permutes `levels`, `sc.sources` and `sc.slot_source` into
// ConnectedJoinOrder when the join qualifies (see above). `where` and the
// levels' ON/USING conditions supply the conjuncts.
void OrderInnerJoins(Scope& sc, std::vector<FromLevel>& levels, const std::vector<BExprPtr>& where,
                     const ConjunctMask& mask_of);

}  // namespace s3lite::sql
