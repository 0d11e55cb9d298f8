// UPDATE ... FROM (planner side): the target table joined with the FROM
// items, as sqlite3 3.33+ plans it, for sql/execution/dml.cc to update
// from. See planner.h.
#include "sql/parser/lexer.h"
#include "sql/planner/planner.h"

namespace s3lite::sql {

Result<std::unique_ptr<TableQuery>> Planner::PlanJoinQuery(const SelectCore& from, const Expr* where) {
  try {
    const FromItem& target = from.from[0];
    const std::string& target_name = target.alias.empty() ? target.table_name : target.alias;
    for (size_t k = 1; k < from.from.size(); k++) {
      const FromItem& f = from.from[k];
      const std::string& name = f.alias.empty() ? f.table_name : f.alias;
      if (!f.subquery && EqualsIgnoreCase(name, target_name)) {
        Fail("target object/alias may not appear in FROM clause: " + name);
      }
    }
    auto q = std::make_unique<TableQuery>();
    q->core = std::make_unique<CorePlan>();
    q->core->state.ctx = ctx_;
    Scope& sc = q->scope;
    sc.core = q->core.get();
    std::vector<FromLevel> levels;
    AddSources(from, sc, &levels);
    if (levels.empty() || !levels[0].table) Fail("no such table: " + target.table_name);
    // Every column is read: the target row is rewritten, and SET binds
    // against this scope only after the scans are built.
    sc.slot_used.assign(sc.slot_used.size(), true);
    q->core->state.tuple.resize(sc.width);
    std::vector<BExprPtr> conds;
    BindCtx bc;
    bc.clause = "WHERE";
    for (const Expr* e : SplitAnd(where)) conds.push_back(Bind(*e, sc, bc));
    for (FromLevel& l : levels) {
      for (const Expr* e : SplitAnd(l.on)) l.on_conds.push_back(Bind(*e, sc, bc));
    }
    q->core->source = BuildFromWhere(sc, levels, std::move(conds), q->core.get());
    return q;
  } catch (const PlanError& e) {
    return e.status;
  }
}

}  // namespace s3lite::sql
