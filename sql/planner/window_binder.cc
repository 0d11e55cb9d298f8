// Binding of window functions (name(args) [FILTER (WHERE ...)] OVER ...):
// resolves named windows of the core's WINDOW clause as sqlite3 does
// (OVER w uses w as it is; OVER (w ...) may add an ORDER BY and a frame to a
// w that has none), checks what sqlite3 checks at prepare time, and
// registers the function and its window with the core's WindowStage. The
// call itself binds to a kWindowRef slot that the stage fills per row.
#include <string>

#include "sql/parser/lexer.h"
#include "sql/planner/planner.h"

namespace s3lite::sql {

namespace {

// A window with its base windows folded in: where each part comes from.
struct ResolvedWindow {
  const std::vector<ExprPtr>* partition;
  const std::vector<OrderTerm>* order;
  const WindowDef* frame;  // the definition whose frame applies (default if !has_frame)
};

const WindowDef* FindNamedWindow(const Scope& sc, const std::string& name) {
  if (sc.window_defs == nullptr) return nullptr;
  for (const auto& w : *sc.window_defs) {
    if (NameEquals(w->name, name)) return w.get();
  }
  return nullptr;
}

bool ContainsExpr(const Expr* root, const Expr* target) {
  if (root == nullptr) return false;
  if (root == target) return true;
  for (const ExprPtr& a : root->args) {
    if (ContainsExpr(a.get(), target)) return true;
  }
  return false;
}

void AppendFrameKey(const WindowDef& w, std::string* key) {
  auto bound = [&](const FrameBound& b) {
    *key += std::to_string(static_cast<int>(b.kind));
    if (b.offset) *key += "(" + b.offset->span + ")";
    *key += ";";
  };
  *key += "F" + std::to_string(static_cast<int>(w.unit)) + ":";
  bound(w.start);
  bound(w.end);
  *key += "X" + std::to_string(static_cast<int>(w.exclude));
}

}  // namespace

BExprPtr Planner::BindWindowFunction(const Expr& e, Scope& sc, const BindCtx& bc) {
  const int argc = e.star ? 0 : static_cast<int>(e.args.size());
  WindowFunc fn;
  fn.name = e.name;
  int min_args = 0, max_args = 0;
  if (LookupWindowFunction(e.name, &fn.kind, &min_args, &max_args)) {
    if (e.star || argc < min_args || argc > max_args) {
      Fail("wrong number of arguments to function " + e.name + "()");
    }
  } else if ((fn.agg = FindAggregateFunction(e.name, argc)) != nullptr) {
    fn.kind = WindowFunc::kAggregate;
  } else if (!e.star && FindScalarFunction(e.name, argc) != nullptr) {
    Fail(e.name + "() may not be used as a window function");
  } else if (IsKnownFunction(e.name)) {
    Fail("wrong number of arguments to function " + e.name + "()");
  } else {
    Fail("no such function: " + e.name);
  }
  if (!bc.allow_window || bc.in_agg || sc.core == nullptr) {
    // A result alias used where windows are not allowed (WHERE r > 1).
    if (sc.alias_binding && sc.result_columns != nullptr) {
      for (const ResultColumn& rc : *sc.result_columns) {
        if (!rc.star && !rc.alias.empty() && ContainsExpr(rc.expr.get(), &e)) {
          Fail("misuse of aliased window function " + rc.alias);
        }
      }
    }
    Fail("misuse of window function " + e.name + "()");
  }
  if (e.distinct) Fail("DISTINCT is not supported for window functions");
  if (e.filter && fn.kind != WindowFunc::kAggregate) {
    Fail("FILTER clause may only be used with aggregate window functions");
  }

  // OVER name / OVER (base ...): fold the named windows in.
  std::vector<const WindowDef*> seen;
  auto resolve = [&](auto& self, const WindowDef& w) -> ResolvedWindow {
    if (w.base.empty()) return {&w.partition_by, &w.order_by, &w};
    const WindowDef* base = FindNamedWindow(sc, w.base);
    if (base == nullptr) Fail("no such window: " + w.base);
    for (const WindowDef* s : seen) {
      if (s == base) Fail("no such window: " + w.base);  // a cycle of WINDOW definitions
    }
    seen.push_back(base);
    ResolvedWindow r = self(self, *base);
    if (w.bare_name) return r;
    if (!w.partition_by.empty()) Fail("cannot override PARTITION clause of window: " + w.base);
    if (!w.order_by.empty()) {
      if (!r.order->empty()) Fail("cannot override ORDER BY clause of window: " + w.base);
      r.order = &w.order_by;
    }
    if (r.frame->has_frame) Fail("cannot override frame specification of window: " + w.base);
    r.frame = &w;
    return r;
  };
  ResolvedWindow rw = resolve(resolve, *e.over);
  const WindowDef& frame = *rw.frame;
  if (frame.unit == WindowDef::kRange && (frame.start.offset || frame.end.offset) && rw.order->size() != 1) {
    Fail("RANGE with offset PRECEDING/FOLLOWING requires one ORDER BY expression");
  }

  BindCtx inner = bc;
  inner.allow_window = false;
  for (const ExprPtr& a : e.args) fn.args.push_back(Bind(*a, sc, inner));
  if (e.filter) fn.filter = Bind(*e.filter, sc, inner);

  WindowSpec spec;
  spec.key = "P";
  for (const ExprPtr& p : *rw.partition) {
    BExprPtr b = Bind(*p, sc, inner);
    spec.partition_nocase.push_back(b->nocase);
    spec.partition.push_back(std::move(b));
    spec.key += p->span + ",";
  }
  spec.key += "O";
  for (const OrderTerm& t : *rw.order) {
    WindowSpec::OrderKey k;
    k.expr = Bind(*t.expr, sc, inner);
    k.desc = t.desc;
    k.nulls = t.nulls;
    k.nocase = EqualsIgnoreCase(t.collation, "nocase") || k.expr->nocase;
    spec.order.push_back(std::move(k));
    spec.key += t.expr->span + (t.desc ? " D" : " A") + std::to_string(t.nulls) + t.collation + ",";
  }
  spec.unit = frame.unit;
  spec.start = frame.start.kind;
  spec.end = frame.end.kind;
  if (frame.start.offset) spec.start_offset = Bind(*frame.start.offset, sc, inner);
  if (frame.end.offset) spec.end_offset = Bind(*frame.end.offset, sc, inner);
  spec.exclude = frame.exclude;
  AppendFrameKey(frame, &spec.key);

  if (sc.core->window == nullptr) sc.core->window = std::make_unique<WindowStage>();
  WindowStage& stage = *sc.core->window;
  fn.window = -1;
  for (size_t i = 0; i < stage.windows.size(); i++) {
    if (stage.windows[i].key == spec.key) fn.window = static_cast<int>(i);
  }
  if (fn.window < 0) {
    fn.window = static_cast<int>(stage.windows.size());
    stage.windows.push_back(std::move(spec));
  }
  auto b = std::make_unique<BExpr>();
  b->kind = BKind::kWindowRef;
  b->index = static_cast<int>(stage.funcs.size());
  stage.funcs.push_back(std::move(fn));
  return b;
}

}  // namespace s3lite::sql
