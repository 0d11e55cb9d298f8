// Greedy connected join order for inner joins. See join_order.h.
#include "sql/planner/join_order.h"

#include <utility>

namespace s3lite::sql {

std::vector<size_t> ConnectedJoinOrder(size_t n, const std::vector<uint64_t>& masks) {
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; i++) order[i] = i;
  if (n < 3 || n > 64) return order;
  // Does a conjunct join item k to `placed` using nothing else?
  auto connected = [&](size_t k, uint64_t placed) {
    uint64_t bit = uint64_t{1} << k;
    for (uint64_t m : masks) {
      if ((m & bit) && (m & placed) && (m & ~(placed | bit)) == 0) return true;
    }
    return false;
  };
  bool from_order_ok = true;
  for (size_t k = 1; k < n && from_order_ok; k++) {
    from_order_ok = connected(k, (uint64_t{1} << k) - 1);
  }
  if (from_order_ok) return order;
  order.clear();
  order.push_back(0);
  uint64_t placed = 1;
  while (order.size() < n) {
    size_t pick = n;
    for (size_t k = 1; k < n && pick == n; k++) {
      if (!(placed & (uint64_t{1} << k)) && connected(k, placed)) pick = k;
    }
    for (size_t k = 1; k < n && pick == n; k++) {
      if (!(placed & (uint64_t{1} << k))) pick = k;  // nothing connects: cross product
    }
    order.push_back(pick);
    placed |= uint64_t{1} << pick;
  }
  return order;
}

void OrderInnerJoins(Scope& sc, std::vector<FromLevel>& levels, const std::vector<BExprPtr>& where,
                     const ConjunctMask& mask_of) {
  size_t n = levels.size();
  if (n < 3 || n != sc.sources.size() || sc.has_right_join) return;
  for (size_t k = 0; k < n; k++) {
    const FromLevel& l = levels[k];
    bool inner = k == 0 || l.type == JoinType::kComma || l.type == JoinType::kInner || l.type == JoinType::kCross;
    if (!inner || l.correlated || l.lateral || l.table_fn != nullptr || l.recursive || l.current_row) return;
    if (!l.table && !l.sub) return;
  }
  std::vector<uint64_t> masks;
  auto add = [&](const BExprPtr& e) {
    bool corr = false;
    uint64_t m = mask_of(*e, &corr);
    if (!corr) masks.push_back(m);
  };
  for (const BExprPtr& e : where) add(e);
  for (const FromLevel& l : levels) {
    for (const BExprPtr& e : l.on_conds) add(e);
    for (const BExprPtr& e : l.using_conds) add(e);
  }
  std::vector<size_t> order = ConnectedJoinOrder(n, masks);
  bool identity = true;
  for (size_t i = 0; i < n; i++) identity = identity && order[i] == i;
  if (identity) return;
  std::vector<FromLevel> new_levels;
  std::vector<Source> new_sources;
  for (size_t i = 0; i < n; i++) {
    new_levels.push_back(std::move(levels[order[i]]));
    new_sources.push_back(std::move(sc.sources[order[i]]));
  }
  new_levels[0].type = JoinType::kComma;  // the first item joins nothing
  levels = std::move(new_levels);
  sc.sources = std::move(new_sources);
  for (size_t i = 0; i < n; i++) {
    const Source& s = sc.sources[i];
    for (int slot = s.offset; slot < s.offset + s.width; slot++) sc.slot_source[slot] = static_cast<int>(i);
  }
}

}  // namespace s3lite::sql
