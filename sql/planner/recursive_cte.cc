// WITH tables in FROM (planner side): visibility, sqlite3's reference
// checks, and recursive CTEs (the RecursiveCte runner of
// sql/execution/recursive_cte.h).
//
// A WITH table sees every table of its own WITH clause (also later ones)
// and the WITH clauses around it. It is recursive, as in sqlite3 (the
// RECURSIVE keyword is optional), when its select is a compound ending in
// UNION or UNION ALL and the trailing selects joined by that operator name
// it directly in FROM: those are the recursive selects, the ones before
// them the setup. Any other reference to a WITH table from inside its own
// definition is an error with sqlite3's words:
//   circular reference: c                      (non-recursive, or in the setup)
//   multiple recursive references: c           (in a subquery of a recursive select)
//   multiple references to recursive table: c  (twice in one recursive FROM)
//   recursive aggregate queries not supported
#include <algorithm>

#include "sql/execution/recursive_cte.h"
#include "sql/parser/lexer.h"
#include "sql/planner/planner.h"

namespace s3lite::sql {

namespace {

bool SelectNames(const SelectStmt& s, const std::string& name);

bool ExprNames(const Expr* e, const std::string& name) {
  if (e == nullptr) return false;
  if (e->select && SelectNames(*e->select, name)) return true;
  for (const ExprPtr& a : e->args) {
    if (ExprNames(a.get(), name)) return true;
  }
  return false;
}

// Does `c` name table `name` anywhere except (when `skip_direct`) as a
// plain FROM item of its own?
bool CoreNames(const SelectCore& c, const std::string& name, bool skip_direct) {
  for (const FromItem& f : c.from) {
    if (f.subquery) {
      if (SelectNames(*f.subquery, name)) return true;
    } else if (!skip_direct && EqualsIgnoreCase(f.table_name, name)) {
      return true;
    }
    if (ExprNames(f.on.get(), name)) return true;
    for (const ExprPtr& a : f.func_args) {
      if (ExprNames(a.get(), name)) return true;
    }
  }
  for (const ResultColumn& rc : c.columns) {
    if (ExprNames(rc.expr.get(), name)) return true;
  }
  if (ExprNames(c.where.get(), name) || ExprNames(c.having.get(), name)) return true;
  for (const ExprPtr& g : c.group_by) {
    if (ExprNames(g.get(), name)) return true;
  }
  for (const auto& row : c.values) {
    for (const ExprPtr& v : row) {
      if (ExprNames(v.get(), name)) return true;
    }
  }
  return false;
}

bool SelectNames(const SelectStmt& s, const std::string& name) {
  for (const CommonTable& ct : s.with) {
    if (ct.select && SelectNames(*ct.select, name)) return true;
  }
  for (const SelectCore& c : s.cores) {
    if (CoreNames(c, name, false)) return true;
  }
  for (const OrderTerm& t : s.order_by) {
    if (ExprNames(t.expr.get(), name)) return true;
  }
  return ExprNames(s.limit.get(), name) || ExprNames(s.offset.get(), name);
}

bool HasAggregateCall(const Expr* e) {
  if (e == nullptr) return false;
  if (e->kind == ExprKind::kFunction) {
    int argc = e->star ? 0 : static_cast<int>(e->args.size());
    if (FindAggregateFunction(e->name, argc) != nullptr && FindScalarFunction(e->name, argc) == nullptr) return true;
  }
  for (const ExprPtr& a : e->args) {
    if (HasAggregateCall(a.get())) return true;
  }
  return false;
}

bool IsAggregateCore(const SelectCore& c) {
  if (!c.group_by.empty() || HasAggregateCall(c.having.get())) return true;
  for (const ResultColumn& rc : c.columns) {
    if (HasAggregateCall(rc.expr.get())) return true;
  }
  return false;
}

}  // namespace

void Planner::NoteCtePlan(const SelectStmt& s, SelectPlan* plan) {
  for (ActiveCte& a : active_ctes_) {
    if (a.plan == nullptr && a.cte->select.get() == &s) a.plan = plan;
  }
}

std::shared_ptr<SelectPlan> Planner::PlanCteSource(const CommonTable& cte, size_t cte_pos, const SelectCore& c,
                                                   Scope* outer, FromLevel* level) {
  const std::string& name = cte.name;
  // A reference from inside its own definition.
  for (const ActiveCte& a : active_ctes_) {
    if (a.cte != &cte) continue;
    if (std::find(a.recursive_cores.begin(), a.recursive_cores.end(), &c) != a.recursive_cores.end()) {
      level->current_row = a.current;
      level->correlated = true;  // a new row for every step: never cached
      return std::shared_ptr<SelectPlan>(a.plan, [](SelectPlan*) {});  // column metadata only
    }
    bool nested = false;
    for (const SelectCore* rc : a.recursive_cores) nested = nested || CoreNames(*rc, name, true);
    Fail((nested ? "multiple recursive references: " : "circular reference: ") + name);
  }

  // Its recursive selects: the trailing ones joined by the last UNION [ALL]
  // that name it in FROM.
  const SelectStmt& s = *cte.select;
  ActiveCte active;
  active.cte = &cte;
  const size_t n = s.cores.size();
  if (n >= 2 && (s.ops.back() == CompoundOp::kUnion || s.ops.back() == CompoundOp::kUnionAll)) {
    for (size_t i = n - 1; i >= 1 && s.ops[i - 1] == s.ops.back(); i--) {
      int direct = 0;
      for (const FromItem& f : s.cores[i].from) {
        if (!f.subquery && EqualsIgnoreCase(f.table_name, name)) direct++;
      }
      if (direct > 1) Fail("multiple references to recursive table: " + name);
      if (direct == 0) break;
      active.recursive_cores.insert(active.recursive_cores.begin(), &s.cores[i]);
    }
  }

  // The body sees its whole WITH clause (later tables too) and the clauses
  // around it, not the WITH clauses inside the statement that names it.
  size_t end = cte_pos + 1;
  while (end < ctes_.size() && ctes_[end] == ctes_[end - 1] + 1) end++;
  std::vector<const CommonTable*> saved = ctes_;
  ctes_.resize(end);
  const bool recursive = !active.recursive_cores.empty();
  if (recursive) active.current = std::make_shared<Row>();
  active_ctes_.push_back(active);
  std::unique_ptr<SelectPlan> p;
  try {
    p = PlanSelectStmt(s, outer);  // a CTE in a subquery may read the columns around it
  } catch (...) {
    ctes_ = saved;
    active_ctes_.pop_back();
    throw;
  }
  ctes_ = saved;
  active_ctes_.pop_back();
  level->correlated = plan_correlated_;  // re-run for every outer row
  if (!recursive) return std::shared_ptr<SelectPlan>(std::move(p));

  for (const SelectCore* rc : active.recursive_cores) {
    if (IsAggregateCore(*rc)) Fail("recursive aggregate queries not supported");
  }
  const size_t first = n - active.recursive_cores.size();
  auto cte_plan = std::make_shared<RecursiveCte>();
  cte_plan->name = name;
  cte_plan->ctx = ctx_;
  cte_plan->current = active.current;
  cte_plan->distinct = s.ops[first - 1] == CompoundOp::kUnion;
  cte_plan->order = p->order;
  cte_plan->nocase = p->nocase;
  cte_plan->limit = std::move(p->limit);
  cte_plan->offset = std::move(p->offset);
  auto part = [&](size_t from, size_t to) {
    auto sp = std::make_unique<SelectPlan>();
    sp->ctx = ctx_;
    sp->visible = p->visible;
    sp->names = p->names;
    sp->affinities = p->affinities;
    sp->has_affinity = p->has_affinity;
    sp->decl_types = p->decl_types;
    sp->nocase = p->nocase;
    for (size_t i = from; i < to; i++) {
      sp->cores.push_back(std::move(p->cores[i]));
      if (i > from) sp->ops.push_back(from == 0 ? p->ops[i - 1] : CompoundOp::kUnionAll);
    }
    return sp;
  };
  cte_plan->setup = std::shared_ptr<SelectPlan>(part(0, first));
  cte_plan->step = part(first, n);
  level->recursive = cte_plan;
  return cte_plan->setup;
}

}  // namespace s3lite::sql
