// SELECT planning: sources, binding order, conjunct placement, joins,
// aggregation, ORDER BY/LIMIT. See planner.h.
#include "sql/planner/planner.h"
#include "sql/execution/recursive_cte.h"

#include <algorithm>

#include "sql/execution/table_function_scan.h"
#include "sql/parser/lexer.h"
#include "sql/planner/join_order.h"
#include "sql/planner/transitive.h"

namespace s3lite::sql {

namespace {

std::string Ordinal(size_t n) {
  std::string suffix = "th";
  if (n % 100 < 11 || n % 100 > 13) {
    if (n % 10 == 1) suffix = "st";
    else if (n % 10 == 2) suffix = "nd";
    else if (n % 10 == 3) suffix = "rd";
  }
  return std::to_string(n) + suffix;
}

bool HasAggregate(const Expr* e) {
  if (e == nullptr) return false;
  if (e->kind == ExprKind::kFunction) {
    int argc = e->star ? 0 : static_cast<int>(e->args.size());
    if (e->over == nullptr && FindAggregateFunction(e->name, argc) != nullptr) return true;
    if (e->over != nullptr) {  // a window function: its window may hold aggregates
      for (const ExprPtr& p : e->over->partition_by) {
        if (HasAggregate(p.get())) return true;
      }
      for (const OrderTerm& t : e->over->order_by) {
        if (HasAggregate(t.expr.get())) return true;
      }
    }
  }
  for (const ExprPtr& a : e->args) {
    if (HasAggregate(a.get())) return true;
  }
  return false;
}

const char* CompoundName(CompoundOp op) {
  switch (op) {
    case CompoundOp::kUnion: return "UNION";
    case CompoundOp::kUnionAll: return "UNION ALL";
    case CompoundOp::kIntersect: return "INTERSECT";
    case CompoundOp::kExcept: return "EXCEPT";
  }
  return "UNION";
}

// An integer literal under any unary + and - (as sqlite3ExprIsInteger): a
// GROUP BY / ORDER BY term like `+2` or `- - 1` is a column position, `-1`
// an out-of-range one.
bool IsIntegerLiteral(const Expr& e, int64_t* v) {
  if (e.kind == ExprKind::kLiteral && e.value.is_integer()) {
    *v = e.value.integer();
    return true;
  }
  if (e.kind == ExprKind::kUnary && (e.op == Op::kPlus || e.op == Op::kNeg) && IsIntegerLiteral(*e.args[0], v)) {
    if (e.op == Op::kNeg) {
      if (*v == INT64_MIN) return false;
      *v = -*v;
    }
    return true;
  }
  return false;
}

}  // namespace

std::vector<const Expr*> Planner::SplitAnd(const Expr* e) {
  std::vector<const Expr*> out;
  if (e == nullptr) return out;
  if (e->kind == ExprKind::kBinary && e->op == Op::kAnd) {
    for (const Expr* x : SplitAnd(e->args[0].get())) out.push_back(x);
    for (const Expr* x : SplitAnd(e->args[1].get())) out.push_back(x);
  } else {
    out.push_back(e);
  }
  return out;
}

Result<std::unique_ptr<SelectPlan>> Planner::PlanSelect(const SelectStmt& stmt) {
  try {
    return PlanSelectStmt(stmt, nullptr);
  } catch (const PlanError& e) {
    return e.status;
  }
}

std::unique_ptr<SelectPlan> Planner::PlanSelectStmt(const SelectStmt& s, Scope* outer) {
  size_t cte_mark = ctes_.size();
  for (const CommonTable& ct : s.with) ctes_.push_back(&ct);
  struct CteGuard {
    std::vector<const CommonTable*>* v;
    size_t mark;
    ~CteGuard() { v->resize(mark); }
  } guard{&ctes_, cte_mark};

  auto plan = std::make_unique<SelectPlan>();
  plan->ctx = ctx_;
  NoteCtePlan(s, plan.get());  // a recursive CTE's columns, for its step
  bool compound = s.cores.size() > 1;
  bool correlated = false;
  for (size_t i = 0; i < s.cores.size(); i++) {
    bool core_correlated = false;
    auto core = PlanCore(s.cores[i], outer, s, compound, plan.get(), i == 0, &core_correlated);
    correlated = correlated || core_correlated;
    if (i > 0 && core->visible != plan->visible) {
      Fail(std::string("SELECTs to the left and right of ") + CompoundName(s.ops[i - 1]) +
           " do not have the same number of result columns");
    }
    plan->cores.push_back(std::move(core));
  }
  plan->ops = s.ops;
  if (compound && !s.order_by.empty()) {
    for (size_t i = 0; i < s.order_by.size(); i++) {
      const OrderTerm& t = s.order_by[i];
      const Expr* e = t.expr.get();
      bool nocase = EqualsIgnoreCase(t.collation, "nocase");
      if (e->kind == ExprKind::kCollate) e = e->args[0].get();
      int64_t k;
      int col = -1;
      if (IsIntegerLiteral(*e, &k)) {
        if (k < 1 || k > static_cast<int64_t>(plan->visible)) {
          Fail(Ordinal(i + 1) + " ORDER BY term out of range - should be between 1 and " +
               std::to_string(plan->visible));
        }
        col = static_cast<int>(k - 1);
      } else {
        for (size_t j = 0; j < plan->names.size() && col < 0; j++) {
          if (e->kind == ExprKind::kColumn && NameEquals(plan->names[j], e->name)) col = static_cast<int>(j);
        }
        for (size_t j = 0; j < s.cores[0].columns.size() && col < 0; j++) {
          const ResultColumn& rc = s.cores[0].columns[j];
          if (rc.expr && rc.expr->span == e->span) col = static_cast<int>(j);
        }
      }
      if (col < 0) Fail(Ordinal(i + 1) + " ORDER BY term does not match any column in the result set");
      plan->order.push_back({static_cast<size_t>(col), t.desc, t.nulls, nocase || plan->nocase[col]});
    }
  }
  Scope limit_scope;
  limit_scope.outer = outer;
  BindCtx bc;
  if (s.limit) plan->limit = Bind(*s.limit, limit_scope, bc);
  if (s.offset) plan->offset = Bind(*s.offset, limit_scope, bc);
  plan_correlated_ = correlated || limit_scope.correlated;
  return plan;
}

Source Planner::MakeTableSource(std::shared_ptr<const TableInfo> t, const std::string& alias) {
  Source src;
  src.name = alias.empty() ? t->name : alias;
  const size_t n = t->columns.size();
  src.columns.reserve(n);
  src.affinity.reserve(n);
  src.has_affinity.reserve(n);
  src.nocase.reserve(n);
  src.decl_types.reserve(n);
  for (const ColumnInfo& c : t->columns) {
    src.columns.push_back(c.name);
    src.affinity.push_back(c.affinity);
    src.has_affinity.push_back(true);
    src.nocase.push_back(c.nocase);
    src.decl_types.push_back(c.type);
  }
  src.using_hidden.assign(src.columns.size(), false);
  src.width = static_cast<int>(t->columns.size()) + 1;
  src.has_rowid = true;
  src.table = std::move(t);
  return src;
}

void Planner::AddSources(const SelectCore& c, Scope& sc, std::vector<FromLevel>* levels) {
  for (size_t k = 0; k < c.from.size(); k++) {
    const FromItem& item = c.from[k];
    Source src;
    FromLevel level;
    level.type = k == 0 ? JoinType::kComma : item.join;
    level.on = item.on.get();
    auto from_plan = [&](std::shared_ptr<SelectPlan> p, const std::string& name,
                         const std::vector<std::string>* rename) {
      src.name = name;
      src.columns = p->names;
      if (rename != nullptr && !rename->empty()) {
        if (rename->size() != p->names.size()) {
          Fail("table " + name + " has " + std::to_string(p->names.size()) + " values for " +
               std::to_string(rename->size()) + " columns");
        }
        src.columns = *rename;
      }
      src.affinity = p->affinities;
      src.has_affinity = p->has_affinity;
      src.nocase = p->nocase;
      src.decl_types = p->decl_types;
      src.using_hidden.assign(src.columns.size(), false);
      src.width = static_cast<int>(src.columns.size());
      level.sub = std::move(p);
    };
    auto from_table_function = [&](const TableFunction* tf) {
      if (item.func_args.size() > tf->max_args) {
        Fail("too many arguments on " + tf->name + "() - max " + std::to_string(tf->max_args));
      }
      auto args = std::make_shared<std::vector<BExprPtr>>();
      for (const ExprPtr& a : item.func_args) {
        args->push_back(Bind(*a, sc, BindCtx()));
        bool outer = false;
        if (MaskOf(*args->back(), sc, &outer) != 0) level.lateral = true;
      }
      // `FROM generate_series WHERE start = 1 AND stop = 5`: WHERE equalities
      // on the next hidden columns supply the missing arguments, as sqlite3's
      // xBestIndex does (here for literal and parameter values only).
      const std::string self = item.alias.empty() ? tf->name : item.alias;
      for (size_t h = tf->hidden_from + item.func_args.size();
           h < tf->columns.size() && h - tf->hidden_from < tf->max_args; h++) {
        const Expr* value = nullptr;
        for (const Expr* conj : SplitAnd(c.where.get())) {
          if (conj->kind != ExprKind::kBinary || conj->op != Op::kEq) continue;
          for (int side = 0; side < 2 && value == nullptr; side++) {
            const Expr& col = *conj->args[side];
            const Expr& other = *conj->args[1 - side];
            bool constant = other.kind == ExprKind::kLiteral || other.kind == ExprKind::kParam ||
                            (other.kind == ExprKind::kUnary && other.op == Op::kNeg &&
                             other.args[0]->kind == ExprKind::kLiteral);
            if (constant && col.kind == ExprKind::kColumn && NameEquals(col.name, tf->columns[h]) &&
                (col.table.empty() || NameEquals(col.table, self))) {
              value = &other;
            }
          }
          if (value != nullptr) break;
        }
        if (value == nullptr) break;
        args->push_back(Bind(*value, sc, BindCtx()));
      }
      if (args->size() < tf->min_args) Fail("first argument to \"" + tf->name + "()\" missing or unusable");
      size_t n = tf->columns.size();
      src.name = item.alias.empty() ? tf->name : item.alias;
      src.columns = tf->columns;
      src.affinity.assign(n, Affinity::kNone);
      src.has_affinity.assign(n, false);
      src.nocase.assign(n, false);
      src.decl_types.assign(n, "");
      src.using_hidden.assign(n, false);
      src.hidden.assign(n, false);
      for (size_t i = tf->hidden_from; i < n; i++) src.hidden[i] = true;
      src.width = static_cast<int>(n);
      src.table_fn = tf;
      level.table_fn = tf;
      level.table_fn_args = std::move(args);
      level.detail = "SCAN " + src.name + " VIRTUAL TABLE INDEX " +
                     std::to_string((1u << level.table_fn_args->size()) - 1) + ":";
    };
    if (!item.subquery && !item.func_args.empty()) {
      const TableFunction* tf = FindTableFunction(item.table_name);
      if (tf == nullptr) {
        auto table = cache_->GetTable(catalog_, item.table_name);
        auto view = cache_->GetView(catalog_, item.table_name);
        if ((table.ok() && *table) || (view.ok() && *view)) Fail("'" + item.table_name + "' is not a function");
        Fail("no such table: " + item.table_name);
      }
      from_table_function(tf);
    } else if (item.subquery) {
      auto p = std::shared_ptr<SelectPlan>(PlanSelectStmt(*item.subquery, sc.outer));
      level.correlated = plan_correlated_;
      if (level.correlated) sc.correlated = true;  // it reads outer columns: so does this core
      from_plan(std::move(p), item.alias, nullptr);
      level.detail = "SCAN " + (item.alias.empty() ? std::string("(subquery)") : item.alias);
    } else {
      const std::string& name = item.table_name;
      const CommonTable* cte = nullptr;
      size_t cte_pos = 0;
      for (size_t i = ctes_.size(); i > 0; i--) {
        if (NameEquals(ctes_[i - 1]->name, name)) {
          cte = ctes_[i - 1];
          cte_pos = i - 1;
          break;
        }
      }
      if (item.as_of_version) {
        if (as_of_version_ && *as_of_version_ != *item.as_of_version) {
          Fail("every table in a statement must name the same AS OF VERSION (near \"" + name + "\")");
        }
        as_of_version_ = item.as_of_version;
      }
      if (cte != nullptr) {
        from_plan(PlanCteSource(*cte, cte_pos, c, sc.outer, &level), item.alias.empty() ? cte->name : item.alias,
                  &cte->columns);
        if (level.recursive || level.current_row) level.sub = nullptr;
        if (level.correlated && !level.current_row) sc.correlated = true;  // the CTE reads outer columns
        level.detail = "SCAN " + cte->name;
      } else {
        auto table = cache_->GetTable(catalog_, name);
        if (!table.ok()) throw PlanError{table.status()};
        if (*table) {
          src = MakeTableSource(*table, item.alias);
          level.table = *table;
        } else {
          auto view = cache_->GetView(catalog_, name);
          if (!view.ok()) throw PlanError{view.status()};
          if (*view) {
            views_.push_back(*view);
            std::vector<const CommonTable*> saved = ctes_;
            ctes_.clear();
            std::shared_ptr<SelectPlan> p;
            try {
              p = std::shared_ptr<SelectPlan>(PlanSelectStmt(*(*view)->create->select, nullptr));
            } catch (...) {
              ctes_ = saved;
              throw;
            }
            ctes_ = saved;
            from_plan(std::move(p), item.alias.empty() ? (*view)->name : item.alias, &(*view)->create->columns);
            level.detail = "SCAN " + (*view)->name;
          } else if (EqualsIgnoreCase(name, "sqlite_master") || EqualsIgnoreCase(name, "sqlite_schema")) {
            src.name = item.alias.empty() ? name : item.alias;
            src.columns = {"type", "name", "tbl_name", "rootpage", "sql"};
            src.affinity = {Affinity::kText, Affinity::kText, Affinity::kText, Affinity::kInteger, Affinity::kText};
            src.has_affinity.assign(5, true);
            src.nocase.assign(5, false);
            src.decl_types = {"text", "text", "text", "int", "text"};
            src.using_hidden.assign(5, false);
            src.width = 5;
            level.schema_table = true;
            level.detail = "SCAN " + name;
          } else if (const TableFunction* tf = FindTableFunction(name)) {
            from_table_function(tf);
          } else {
            Fail("no such table: " + name);
          }
        }
      }
    }
    src.offset = sc.width;
    sc.width += src.width;
    for (int i = 0; i < src.width; i++) {
      sc.slot_source.push_back(static_cast<int>(k));
      sc.slot_used.push_back(false);
    }
    // USING / NATURAL: equality with the first earlier source having the column.
    std::vector<std::string> using_cols = item.using_columns;
    if (item.natural && k > 0) {
      for (const std::string& col : src.columns) {
        for (size_t j = 0; j < sc.sources.size(); j++) {
          const Source& l = sc.sources[j];
          bool found = false;
          for (size_t m = 0; m < l.columns.size(); m++) {
            if (NameEquals(l.columns[m], col) && !l.using_hidden[m]) found = true;
          }
          if (found) {
            using_cols.push_back(col);
            break;
          }
        }
      }
    }
    for (const std::string& col : using_cols) {
      int rcol = -1;
      for (size_t m = 0; m < src.columns.size(); m++) {
        if (NameEquals(src.columns[m], col)) rcol = static_cast<int>(m);
      }
      int lslot = -1;
      Affinity laff = Affinity::kNone;
      bool lhas = false;
      bool lnocase = false;
      for (const Source& l : sc.sources) {
        for (size_t m = 0; m < l.columns.size() && lslot < 0; m++) {
          if (NameEquals(l.columns[m], col) && !l.using_hidden[m]) {
            lslot = l.offset + static_cast<int>(m);
            laff = l.affinity[m];
            lhas = l.has_affinity[m];
            lnocase = l.nocase[m];
          }
        }
        if (lslot >= 0) break;
      }
      if (rcol < 0 || lslot < 0) {
        Fail("cannot join using column " + col + " - column not present in both tables");
      }
      src.using_hidden[rcol] = true;
      auto l = std::make_unique<BExpr>();
      l->kind = BKind::kColumn;
      l->index = lslot;
      l->affinity = laff;
      l->has_affinity = lhas;
      l->nocase = lnocase;
      auto r = std::make_unique<BExpr>();
      r->kind = BKind::kColumn;
      r->index = src.offset + rcol;
      r->affinity = src.affinity[rcol];
      r->has_affinity = src.has_affinity[rcol];
      r->nocase = src.nocase[rcol];
      sc.slot_used[lslot] = true;
      sc.slot_used[r->index] = true;
      auto eq = std::make_unique<BExpr>();
      eq->kind = BKind::kCompare;
      eq->op = Op::kEq;
      SetCompareAffinity(eq.get(), *l, *r);
      eq->args.push_back(std::move(l));
      eq->args.push_back(std::move(r));
      level.using_conds.push_back(std::move(eq));
    }
    if (level.type == JoinType::kRight || level.type == JoinType::kFull) sc.has_right_join = true;
    sc.sources.push_back(std::move(src));
    levels->push_back(std::move(level));
  }
}

std::unique_ptr<CorePlan> Planner::PlanCore(const SelectCore& c, Scope* outer, const SelectStmt& stmt, bool compound,
                                            SelectPlan* plan, bool first_core, bool* correlated) {
  auto core = std::make_unique<CorePlan>();
  core->state.ctx = ctx_;
  Scope sc;
  sc.outer = outer;
  sc.core = core.get();
  sc.result_columns = &c.columns;
  sc.window_defs = &c.windows;
  if (c.is_values) {
    BindCtx bc;
    for (const auto& row : c.values) {
      std::vector<BExprPtr> bound;
      for (const ExprPtr& e : row) bound.push_back(Bind(*e, sc, bc));
      core->values.push_back(std::move(bound));
    }
    core->visible = c.values[0].size();
    if (first_core) {
      plan->visible = core->visible;
      for (size_t i = 0; i < core->visible; i++) {
        plan->names.push_back("column" + std::to_string(i + 1));
        plan->affinities.push_back(Affinity::kNone);
        plan->has_affinity.push_back(false);
        plan->decl_types.push_back("");
        plan->nocase.push_back(false);
      }
    }
    *correlated = sc.correlated;
    return core;
  }
  std::vector<FromLevel> levels;
  AddSources(c, sc, &levels);
  core->state.tuple.resize(sc.width);

  bool aggregate = !c.group_by.empty() || HasAggregate(c.having.get());
  for (const ResultColumn& rc : c.columns) aggregate = aggregate || HasAggregate(rc.expr.get());
  if (!compound && first_core) {
    for (const OrderTerm& t : stmt.order_by) aggregate = aggregate || HasAggregate(t.expr.get());
  }
  core->aggregate = aggregate;

  // GROUP BY
  for (const ExprPtr& g : c.group_by) {
    BindCtx bc;
    bc.group_by = true;
    const Expr* e = g.get();
    int64_t k;
    if (IsIntegerLiteral(*e, &k)) {
      if (k < 1 || k > static_cast<int64_t>(c.columns.size())) {
        Fail(Ordinal(&g - &c.group_by[0] + 1) + " GROUP BY term out of range - should be between 1 and " +
             std::to_string(c.columns.size()));
      }
      const ResultColumn& rc = c.columns[k - 1];
      if (rc.star) Fail("GROUP BY term refers to *");
      e = rc.expr.get();
      if (HasAggregate(e)) Fail("aggregate functions are not allowed in the GROUP BY clause");
    }
    BExprPtr b = Bind(*e, sc, bc);
    if (b->kind == BKind::kColumn && b->depth == 0) sc.group_slots.push_back(b->index);
    core->group_by.push_back(std::move(b));
  }

  // Result columns.
  BindCtx rbc;
  rbc.allow_agg = aggregate;
  rbc.post_agg = aggregate;
  rbc.allow_window = true;
  std::vector<std::string> names;
  for (const ResultColumn& rc : c.columns) {
    if (rc.star) {
      if (sc.sources.empty()) Fail("no tables specified");
      bool any = false;
      for (const Source& s : sc.sources) {
        if (!rc.star_table.empty() && !NameEquals(s.name, rc.star_table)) continue;
        any = true;
        for (size_t j = 0; j < s.columns.size(); j++) {
          if (rc.star_table.empty() && s.using_hidden[j]) continue;
          if (!s.hidden.empty() && s.hidden[j]) continue;
          auto b = std::make_unique<BExpr>();
          b->kind = BKind::kColumn;
          b->index = s.offset + static_cast<int>(j);
          b->affinity = s.affinity[j];
          b->has_affinity = s.has_affinity[j];
          b->nocase = s.nocase[j];
          sc.slot_used[b->index] = true;
          if (aggregate &&
              std::find(sc.group_slots.begin(), sc.group_slots.end(), b->index) == sc.group_slots.end()) {
            core->need_last_row = true;
          }
          if (first_core) {
            plan->decl_types.push_back(s.decl_types.size() > j ? s.decl_types[j] : "");
          }
          core->outputs.push_back(std::move(b));
          names.push_back(s.columns[j]);
        }
      }
      if (!any) Fail("no such table: " + rc.star_table);
      continue;
    }
    BExprPtr b = Bind(*rc.expr, sc, rbc);
    names.push_back(ColumnNameFor(rc, *b, sc));
    if (first_core) {
      std::string decl;
      if (b->kind == BKind::kColumn && b->depth == 0) {
        const Source& s = sc.sources[sc.slot_source[b->index]];
        size_t col = static_cast<size_t>(b->index - s.offset);
        if (col < s.decl_types.size()) decl = s.decl_types[col];
        else decl = "INTEGER";
      } else if (b->has_affinity) {
        decl = AffinityTypeName(b->affinity);
      }
      plan->decl_types.push_back(decl);
    }
    core->outputs.push_back(std::move(b));
  }
  core->visible = core->outputs.size();
  if (first_core) {
    plan->visible = core->visible;
    plan->names = names;
    for (const BExprPtr& b : core->outputs) {
      plan->affinities.push_back(b->has_affinity ? b->affinity : Affinity::kNone);
      plan->has_affinity.push_back(b->has_affinity);
      plan->nocase.push_back(b->nocase);
    }
  }

  // HAVING
  if (c.having) {
    if (c.group_by.empty() && !aggregate) Fail("a GROUP BY clause is required before HAVING");
    BindCtx hbc = rbc;
    hbc.allow_window = false;
    core->having = Bind(*c.having, sc, hbc);
  }

  // ORDER BY (single core): hidden output columns.
  if (!compound && first_core) {
    for (size_t i = 0; i < stmt.order_by.size(); i++) {
      const OrderTerm& t = stmt.order_by[i];
      const Expr* e = t.expr.get();
      bool nocase = EqualsIgnoreCase(t.collation, "nocase");
      if (e->kind == ExprKind::kCollate) e = e->args[0].get();
      int col = -1;
      if (e->kind == ExprKind::kColumn && e->table.empty()) {
        for (size_t j = 0; j < c.columns.size() && col < 0; j++) {
          if (!c.columns[j].star && NameEquals(c.columns[j].alias, e->name)) {
            // Alias position among the expanded outputs.
            size_t pos = 0;
            for (size_t m = 0; m < j; m++) pos += c.columns[m].star ? 0 : 1;
            bool any_star = false;
            for (size_t m = 0; m < j; m++) any_star = any_star || c.columns[m].star;
            if (!any_star) col = static_cast<int>(pos);
          }
        }
      }
      int64_t k;
      if (col < 0 && IsIntegerLiteral(*e, &k)) {
        if (k < 1 || k > static_cast<int64_t>(core->visible)) {
          Fail(Ordinal(i + 1) + " ORDER BY term out of range - should be between 1 and " +
               std::to_string(core->visible));
        }
        col = static_cast<int>(k - 1);
      }
      if (col < 0) {
        BindCtx obc = rbc;
        BExprPtr b = Bind(*t.expr, sc, obc);
        nocase = nocase || b->nocase;
        // Reuse an identical visible column when the text matches.
        for (size_t j = 0; j < c.columns.size() && col < 0; j++) {
          const ResultColumn& rc = c.columns[j];
          if (!rc.star && rc.expr->span == e->span && j < core->visible && c.columns.size() == core->visible) {
            col = static_cast<int>(j);
          }
        }
        if (col < 0) {
          col = static_cast<int>(core->outputs.size());
          core->outputs.push_back(std::move(b));
        }
      } else {
        nocase = nocase || core->outputs[col]->nocase;
      }
      plan->order.push_back({static_cast<size_t>(col), t.desc, t.nulls, nocase});
    }
  }

  // WHERE and ON conditions.
  std::vector<BExprPtr> where;
  BindCtx wbc;
  wbc.clause = "WHERE";
  for (const Expr* e : SplitAnd(c.where.get())) where.push_back(Bind(*e, sc, wbc));
  for (FromLevel& l : levels) {
    for (const Expr* e : SplitAnd(l.on)) l.on_conds.push_back(Bind(*e, sc, wbc));
  }
  core->distinct = c.distinct;
  OrderInnerJoins(sc, levels, where, [&](const BExpr& e, bool* corr) { return MaskOf(e, sc, corr); });
  core->source = BuildFromWhere(sc, levels, std::move(where), core.get());
  if (core->minmax_agg < 0 || core->aggs.size() == 0) core->minmax_agg = -1;
  *correlated = sc.correlated;
  return core;
}

Result<std::unique_ptr<TableQuery>> Planner::PlanTableQuery(std::shared_ptr<const TableInfo> table,
                                                            const std::string& alias, const Expr* where) {
  try {
    auto q = std::make_unique<TableQuery>();
    q->core = std::make_unique<CorePlan>();
    q->core->state.ctx = ctx_;
    Scope& sc = q->scope;
    sc.core = q->core.get();
    Source src = MakeTableSource(table, alias);
    src.offset = 0;
    sc.width = src.width;
    sc.slot_source.assign(src.width, 0);
    sc.slot_used.assign(src.width, true);
    sc.sources.push_back(std::move(src));
    q->core->state.tuple.resize(sc.width);
    std::vector<FromLevel> levels(1);
    levels[0].table = table;
    std::vector<BExprPtr> conds;
    BindCtx bc;
    for (const Expr* e : SplitAnd(where)) conds.push_back(Bind(*e, sc, bc));
    q->core->source = BuildFromWhere(sc, levels, std::move(conds), q->core.get());
    return q;
  } catch (const PlanError& e) {
    return e.status;
  }
}

// ---- FROM/WHERE: conjunct placement and joins ----

namespace {
// Splits bound AND nodes into separate conjuncts (BETWEEN binds to one).
void FlattenAnd(std::vector<BExprPtr>* conds) {
  std::vector<BExprPtr> out;
  std::vector<BExprPtr> stack;
  for (auto it = conds->rbegin(); it != conds->rend(); ++it) stack.push_back(std::move(*it));
  while (!stack.empty()) {
    BExprPtr e = std::move(stack.back());
    stack.pop_back();
    if (e->kind == BKind::kAnd) {
      stack.push_back(std::move(e->args[1]));
      stack.push_back(std::move(e->args[0]));
    } else {
      out.push_back(std::move(e));
    }
  }
  *conds = std::move(out);
}
}  // namespace

TupleOpPtr Planner::BuildFromWhere(Scope& sc, std::vector<FromLevel>& levels, std::vector<BExprPtr> where,
                                   CorePlan* core) {
  QueryState* st = &core->state;
  FlattenAnd(&where);
  for (FromLevel& l : levels) FlattenAnd(&l.on_conds);
  // Inner joins only: terms implied by column equalities (a = b AND
  // a BETWEEN x AND y gives b BETWEEN x AND y, as sqlite3's WHERE analysis
  // derives them) let the other table use its index (bench join3).
  bool all_inner = true;
  for (size_t k = 1; k < levels.size(); k++) {
    JoinType t = levels[k].type;
    all_inner = all_inner && (t == JoinType::kComma || t == JoinType::kInner || t == JoinType::kCross);
  }
  if (all_inner && levels.size() > 1) {
    std::vector<const BExpr*> conj;
    for (const BExprPtr& e : where) conj.push_back(e.get());
    for (const FromLevel& l : levels) {
      for (const BExprPtr& e : l.on_conds) conj.push_back(e.get());
    }
    for (BExprPtr& e : TransitiveTerms(conj)) where.push_back(std::move(e));
  }
  size_t n = sc.sources.size();
  if (n == 0) {
    TupleOpPtr op = std::make_unique<SingleRow>();
    if (!where.empty()) op = std::make_unique<FilterOp>(st, std::move(op), std::move(where));
    return op;
  }
  if (n > 64) Fail("at most 64 tables in a join");
  auto level_of = [&](const BExpr& e) {
    bool corr = false;
    uint64_t m = MaskOf(e, sc, &corr);
    if (corr) return static_cast<int>(n - 1);
    int lvl = 0;
    for (size_t i = 0; i < n; i++) {
      if (m & (uint64_t{1} << i)) lvl = static_cast<int>(i);
    }
    return lvl;
  };
  int last_outer = -1;
  for (size_t k = 0; k < n; k++) {
    if (levels[k].type == JoinType::kRight || levels[k].type == JoinType::kFull) last_outer = static_cast<int>(k);
  }
  std::vector<std::vector<BExprPtr>> where_at(n);
  for (BExprPtr& e : where) {
    int lvl = level_of(*e);
    if (lvl < last_outer) lvl = last_outer;
    where_at[lvl].push_back(std::move(e));
  }
  // ON/USING conditions belong to their join level.
  std::vector<std::vector<BExprPtr>> on_at(n);
  for (size_t k = 0; k < n; k++) {
    for (BExprPtr& e : levels[k].using_conds) on_at[k].push_back(std::move(e));
    for (BExprPtr& e : levels[k].on_conds) {
      if (k == 0) {
        where_at[0].push_back(std::move(e));  // ON on the first table acts as WHERE
      } else {
        on_at[k].push_back(std::move(e));
      }
    }
  }
  auto is_inner = [&](size_t k) {
    JoinType t = levels[k].type;
    return k == 0 || t == JoinType::kComma || t == JoinType::kInner || t == JoinType::kCross;
  };
  // Inner joins: ON conditions are plain conjuncts at their level (or lower).
  for (size_t k = 1; k < n; k++) {
    if (!is_inner(k)) continue;
    for (BExprPtr& e : on_at[k]) {
      int lvl = level_of(*e);
      if (lvl < static_cast<int>(k)) lvl = static_cast<int>(k);  // keep ON at its join
      where_at[lvl].push_back(std::move(e));
    }
    on_at[k].clear();
  }

  auto make_scan = [&](size_t k, AccessPath path) -> TupleOpPtr {
    const Source& src = sc.sources[k];
    const FromLevel& lv = levels[k];
    if (lv.table_fn != nullptr) {
      std::vector<bool> used(static_cast<size_t>(src.width));
      for (int c = 0; c < src.width; c++) used[c] = sc.slot_used[src.offset + c];
      return std::make_unique<TableFunctionScan>(st, lv.table_fn, lv.table_fn_args, src.offset, std::move(used),
                                                 lv.detail);
    }
    if (lv.table) {
      std::vector<Value> defaults;
      for (const ColumnInfo& ci : lv.table->columns) {
        Value v;
        if (ci.default_expr != nullptr && ci.default_expr->kind == ExprKind::kLiteral) v = ci.default_expr->value;
        else if (ci.default_expr != nullptr && ci.default_expr->kind == ExprKind::kUnary &&
                 ci.default_expr->args[0]->kind == ExprKind::kLiteral && ci.default_expr->op == Op::kNeg) {
          v = Negate(ci.default_expr->args[0]->value);
        }
        defaults.push_back(ApplyAffinity(v, ci.affinity));
      }
      std::string alias = src.name;
      auto scan = std::make_unique<TableScan>(st, lv.table, alias, src.offset, std::move(path), std::move(defaults));
      // Every reference to this table's columns is bound by now (outputs,
      // WHERE/ON, GROUP BY, HAVING, ORDER BY, correlated subqueries).
      std::vector<int> read;
      for (size_t c = 0; c < lv.table->columns.size(); c++) {
        if (sc.slot_used[src.offset + c]) read.push_back(static_cast<int>(c));
      }
      scan->set_read_columns(std::move(read));
      return scan;
    }
    if (lv.recursive) {  // streams when nothing re-opens it (the first level)
      return MakeRecursiveCteScan(st, src.offset, src.width, lv.recursive, k == 0 && !sc.has_right_join,
                                  !lv.correlated, lv.detail);
    }
    MaterializedScan::Producer producer;
    bool cacheable = !lv.correlated;
    if (lv.current_row) {
      std::shared_ptr<Row> row = lv.current_row;
      producer = [row](std::vector<Row>* rows) {
        rows->push_back(*row);
        return Status::OK();
      };
    } else if (lv.schema_table) {
      const Catalog* cat = &catalog_;
      producer = [cat](std::vector<Row>* rows) {
        for (const SchemaEntry& e : cat->entries()) {
          const char* type = SchemaKindName(e.kind);
          bool auto_index = e.name.rfind("sqlite_autoindex_", 0) == 0;
          rows->push_back({Value::Text(type), Value::Text(e.name), Value::Text(e.table),
                           Value::Integer(static_cast<int64_t>(e.tree)),
                           auto_index ? Value::Null() : Value::Text(std::string(StripCollatedKeysMark(e.sql)))});
        }
        return Status::OK();
      };
    } else {
      std::shared_ptr<SelectPlan> p = lv.sub;
      CorePlan* owner = core;
      producer = [p, owner](std::vector<Row>* rows) { return p->ReadAll(owner->state.outer, rows); };
    }
    auto op = std::make_unique<MaterializedScan>(st, src.offset, src.width, std::move(producer), cacheable,
                                                 lv.detail);
    if (lv.sub) lv.sub->Explain(0, &op->sub_explain);
    return op;
  };

  auto raw = [](const std::vector<BExprPtr>& v) {
    std::vector<const BExpr*> out;
    for (const BExprPtr& e : v) out.push_back(e.get());
    return out;
  };
  auto own_bit = [&](size_t k) { return uint64_t{1} << k; };
  // Drops the conditions an access path answers exactly (ExactProbe in
  // access_path.cc): W3's `id BETWEEN 20000 AND 60000` over the index range
  // would otherwise be evaluated again on every row the range returns.
  auto drop_implied = [](std::vector<BExprPtr>* conds, const std::vector<const BExpr*>& implied) {
    if (implied.empty()) return;
    std::vector<BExprPtr> keep;
    for (BExprPtr& e : *conds) {
      if (std::find(implied.begin(), implied.end(), e.get()) == implied.end()) keep.push_back(std::move(e));
    }
    *conds = std::move(keep);
  };

  // Level 0.
  std::vector<const BExpr*> implied;
  AccessPath p0 =
      levels[0].table ? ChooseAccessPath(sc.sources[0], 0, sc, raw(where_at[0]), 0, &implied) : AccessPath();
  drop_implied(&where_at[0], implied);
  TupleOpPtr op = make_scan(0, std::move(p0));
  if (!where_at[0].empty()) op = std::make_unique<FilterOp>(st, std::move(op), std::move(where_at[0]));

  for (size_t k = 1; k < n; k++) {
    JoinType type = levels[k].type;
    uint64_t left_mask = own_bit(k) - 1;
    if (type == JoinType::kRight || type == JoinType::kFull) {
      TupleOpPtr right = make_scan(k, AccessPath());
      op = std::make_unique<OuterJoin>(st, std::move(op), std::move(right),
                                       type == JoinType::kRight ? JoinKind::kRight : JoinKind::kFull,
                                       std::move(on_at[k]), sc.sources[k].offset, sc.sources[k].offset,
                                       sc.sources[k].offset + sc.sources[k].width);
      if (!where_at[k].empty()) op = std::make_unique<FilterOp>(st, std::move(op), std::move(where_at[k]));
      continue;
    }
    bool left_join = type == JoinType::kLeft;
    std::vector<BExprPtr>& conds = left_join ? on_at[k] : where_at[k];
    // Conditions on this table alone filter it before the join.
    std::vector<BExprPtr> own, rest;
    for (BExprPtr& e : conds) {
      bool corr = false;
      uint64_t m = MaskOf(*e, sc, &corr);
      if (!corr && m == own_bit(k)) own.push_back(std::move(e));
      else rest.push_back(std::move(e));
    }
    std::vector<const BExpr*> cand = raw(own);
    for (const BExprPtr& e : rest) cand.push_back(e.get());
    implied.clear();
    AccessPath path = levels[k].table
                          ? ChooseAccessPath(sc.sources[k], static_cast<int>(k), sc, cand, left_mask, &implied)
                          : AccessPath();
    drop_implied(&own, implied);  // only this table's own conditions: join conditions stay
    bool full_scan = path.kind == AccessPath::kFullScan;
    // Hash join keys: a = b with one side on this table only, other on the left only.
    std::vector<BExprPtr> lkeys, rkeys, residual;
    std::vector<Affinity> kaff;
    std::vector<bool> kapl, kapr;
    std::string detail;
    bool hashable = full_scan && !levels[k].lateral;
    if (hashable) {
      for (BExprPtr& e : rest) {
        bool used = false;
        if (e->kind == BKind::kCompare && e->op == Op::kEq && !e->nocase) {
          bool c0 = false, c1 = false;
          uint64_t m0 = MaskOf(*e->args[0], sc, &c0);
          uint64_t m1 = MaskOf(*e->args[1], sc, &c1);
          if (!c0 && !c1) {
            int side = -1;
            if (m0 == own_bit(k) && m1 != 0 && (m1 & ~left_mask) == 0) side = 0;
            if (m1 == own_bit(k) && m0 != 0 && (m0 & ~left_mask) == 0) side = 1;
            if (side >= 0) {
              const BExprPtr& rk = e->args[side];
              const BExprPtr& lk = e->args[1 - side];
              bool apply_r = side == 0 ? e->apply_left : e->apply_right;
              bool apply_l = side == 0 ? e->apply_right : e->apply_left;
              lkeys.push_back(CloneBExpr(*lk));
              rkeys.push_back(CloneBExpr(*rk));
              kaff.push_back(e->left_aff);
              kapl.push_back(apply_l);
              kapr.push_back(apply_r);
              if (!detail.empty()) detail += " AND ";
              detail += (rk->kind == BKind::kColumn && rk->index - sc.sources[k].offset <
                                                           static_cast<int>(sc.sources[k].columns.size())
                             ? sc.sources[k].columns[rk->index - sc.sources[k].offset]
                             : std::string("expr")) +
                        "=?";
              used = true;
            }
          }
        }
        if (!used) residual.push_back(std::move(e));
      }
    }
    TupleOpPtr right = make_scan(k, std::move(path));
    if (!own.empty()) right = std::make_unique<FilterOp>(st, std::move(right), std::move(own));
    JoinKind jk = left_join ? JoinKind::kLeft : JoinKind::kInner;
    int rb = sc.sources[k].offset, re = rb + sc.sources[k].width;
    if (!lkeys.empty()) {
      op = std::make_unique<HashJoin>(st, std::move(op), std::move(right), jk, std::move(lkeys), std::move(rkeys),
                                      std::move(kaff), std::move(kapl), std::move(kapr), std::move(residual), rb, re,
                                      !sc.correlated && !levels[k].correlated, "(" + detail + ")");
    } else {
      std::vector<BExprPtr>& jc = hashable ? residual : rest;
      op = std::make_unique<NestedLoopJoin>(st, std::move(op), std::move(right), jk, std::move(jc), rb, re);
    }
    if (left_join && !where_at[k].empty()) {
      op = std::make_unique<FilterOp>(st, std::move(op), std::move(where_at[k]));
    }
  }
  return op;
}

}  // namespace s3lite::sql
