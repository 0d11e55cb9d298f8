// Expression binding: names -> tuple slots, functions -> registry entries,
// comparison affinities decided per SQLite's rules.
#include <algorithm>

#include "sql/function/json_functions.h"
#include "sql/parser/lexer.h"
#include "sql/planner/planner.h"

namespace s3lite::sql {

bool IsNumericAffinity(Affinity a) {
  return a == Affinity::kNumeric || a == Affinity::kInteger || a == Affinity::kReal;
}

std::string AffinityTypeName(Affinity a) {
  switch (a) {
    case Affinity::kInteger: return "INT";
    case Affinity::kReal: return "REAL";
    case Affinity::kText: return "TEXT";
    case Affinity::kNumeric: return "NUM";
    case Affinity::kNone: return "";
  }
  return "";
}

void Planner::Fail(std::string msg) { throw PlanError{Status::InvalidArgument(std::move(msg))}; }

namespace {
thread_local int t_bind_error_offset = -1;

// Fail about expression `e`: its position becomes the error offset.
[[noreturn]] void FailAt(const Expr& e, std::string msg) {
  t_bind_error_offset = e.pos;
  throw PlanError{Status::InvalidArgument(std::move(msg))};
}
}  // namespace

int TakeBindErrorOffset() {
  int r = t_bind_error_offset;
  t_bind_error_offset = -1;
  return r;
}


namespace {
bool IsRowidName(const std::string& n) {
  return EqualsIgnoreCase(n, "rowid") || EqualsIgnoreCase(n, "oid") || EqualsIgnoreCase(n, "_rowid_");
}

BinaryOp ArithOf(Op op) {
  switch (op) {
    case Op::kAdd: return BinaryOp::kAdd;
    case Op::kSub: return BinaryOp::kSub;
    case Op::kMul: return BinaryOp::kMul;
    case Op::kDiv: return BinaryOp::kDiv;
    case Op::kMod: return BinaryOp::kMod;
    case Op::kConcat: return BinaryOp::kConcat;
    case Op::kBitAnd: return BinaryOp::kBitAnd;
    case Op::kBitOr: return BinaryOp::kBitOr;
    case Op::kShl: return BinaryOp::kShl;
    default: return BinaryOp::kShr;
  }
}
}  // namespace

// SQLite's sqlite3CompareAffinity, then applied to both operands where it
// can change the value.
void Planner::SetCompareAffinity(BExpr* node, const BExpr& l, const BExpr& r) {
  Affinity cmp = Affinity::kNone;
  bool apply = false;
  if (l.has_affinity && r.has_affinity) {
    if (IsNumericAffinity(l.affinity) || IsNumericAffinity(r.affinity)) {
      cmp = Affinity::kNumeric;
      apply = true;
    }
  } else if (l.has_affinity || r.has_affinity) {
    cmp = l.has_affinity ? l.affinity : r.affinity;
    apply = cmp != Affinity::kNone;
    if (IsNumericAffinity(cmp)) cmp = Affinity::kNumeric;
  }
  node->apply_left = node->apply_right = false;
  if (apply) {
    auto needs = [&](const BExpr& side) {
      if (cmp == Affinity::kNumeric) return !(side.has_affinity && IsNumericAffinity(side.affinity));
      return !(side.has_affinity && side.affinity == Affinity::kText);
    };
    node->apply_left = needs(l);
    node->apply_right = needs(r);
    node->left_aff = node->right_aff = cmp;
  }
  // The comparison's collation, as sqlite3 picks it: an operand's COLLATE
  // operator (the left one first), else a column operand's collation (the
  // left one first), else either side's.
  if (l.explicit_collation) node->nocase = l.nocase;
  else if (r.explicit_collation) node->nocase = r.nocase;
  else if (l.kind == BKind::kColumn) node->nocase = l.nocase;
  else node->nocase = l.nocase || r.nocase;
}

BExprPtr Planner::BindColumn(const Expr& e, Scope& sc, const BindCtx& bc) {
  const std::string& name = e.name;
  const std::string& table = e.table;
  int depth = 0;
  for (Scope* s = &sc; s != nullptr; s = s->outer, depth++) {
    int count = 0;
    int slot = -1;
    const Source* src_found = nullptr;
    int col_found = -1;
    bool table_matched = false;
    for (const Source& src : s->sources) {
      if (!table.empty() && !NameEquals(src.name, table)) continue;
      table_matched = true;
      bool in_src = false;
      for (size_t j = 0; j < src.columns.size(); j++) {
        if (!NameEquals(src.columns[j], name)) continue;
        if (table.empty() && src.using_hidden[j]) {
          in_src = true;  // the earlier (left) column of the USING pair wins
          break;
        }
        count++;
        slot = src.offset + static_cast<int>(j);
        src_found = &src;
        col_found = static_cast<int>(j);
        in_src = true;
        break;
      }
      if (!in_src && src.has_rowid && IsRowidName(name)) {
        count++;
        slot = src.offset + static_cast<int>(src.columns.size());
        src_found = &src;
        col_found = -1;
      }
    }
    (void)table_matched;
    if (count > 1) FailAt(e, "ambiguous column name: " + (table.empty() ? name : table + "." + name));
    if (count == 1) {
      s->slot_used[slot] = true;
      for (Scope* m = &sc; m != s; m = m->outer) m->correlated = true;
      auto b = std::make_unique<BExpr>();
      b->kind = BKind::kColumn;
      b->index = slot;
      b->depth = depth;
      b->has_affinity = true;
      if (col_found >= 0) {
        b->has_affinity = src_found->has_affinity[col_found];
        b->affinity = src_found->affinity[col_found];
        b->nocase = src_found->nocase[col_found];
      } else {
        b->affinity = Affinity::kInteger;
      }
      if (bc.post_agg && !bc.in_agg && depth == 0 && sc.core != nullptr) {
        if (std::find(sc.group_slots.begin(), sc.group_slots.end(), slot) == sc.group_slots.end()) {
          sc.core->need_last_row = true;
        }
      }
      return b;
    }
  }
  if (table.empty() && bc.alias_fallback && sc.result_columns != nullptr && !sc.alias_binding) {
    for (const ResultColumn& rc : *sc.result_columns) {
      if (!rc.star && !rc.alias.empty() && NameEquals(rc.alias, name)) {
        sc.alias_binding = true;
        BExprPtr b;
        try {
          b = Bind(*rc.expr, sc, bc);
        } catch (...) {
          sc.alias_binding = false;
          throw;
        }
        sc.alias_binding = false;
        return b;
      }
    }
  }
  // A double-quoted identifier that names no column is a string (SQLite quirk).
  if (table.empty() && !e.span.empty() && e.span[0] == '"') {
    auto b = std::make_unique<BExpr>();
    b->kind = BKind::kConst;
    b->value = Value::Text(name);
    return b;
  }
  FailAt(e, "no such column: " + (table.empty() ? name : table + "." + name));
}

// Whether a bound expression's value carries sqlite3's JSON subtype
// (json_functions.h): calls of functions that return JSON, json_each.value,
// and CASE / coalesce / ifnull over those.
static JsonResult JsonResultOfExpr(const BExpr& a, const Scope& sc) {
  auto merge = [&](const BExpr* const* items, size_t n) {
    bool all = n > 0, any = false;
    for (size_t i = 0; i < n; i++) {
      JsonResult r = JsonResultOfExpr(*items[i], sc);
      all = all && r == JsonResult::kJson;
      any = any || r != JsonResult::kNone;
    }
    return all ? JsonResult::kJson : any ? JsonResult::kContainer : JsonResult::kNone;
  };
  std::vector<const BExpr*> items;
  switch (a.kind) {
    case BKind::kFunc:
      if (a.fn == nullptr) return JsonResult::kNone;
      if (a.fn->name == "coalesce" || a.fn->name == "ifnull") {
        for (const BExprPtr& x : a.args) items.push_back(x.get());
        return merge(items.data(), items.size());
      }
      return JsonResultOf(a.fn->name);
    case BKind::kAggRef:
      if (sc.core != nullptr && a.index < static_cast<int>(sc.core->aggs.size())) {
        return JsonResultOf(sc.core->aggs[a.index].name);
      }
      return JsonResult::kNone;
    case BKind::kCase: {
      size_t n = a.args.size();
      size_t pairs_end = a.case_has_else ? n - 1 : n;
      for (size_t i = a.case_has_operand ? 1 : 0; i + 1 < pairs_end; i += 2) {
        items.push_back(a.args[i + 1].get());
      }
      if (a.case_has_else) items.push_back(a.args[n - 1].get());
      return merge(items.data(), items.size());
    }
    case BKind::kColumn: {
      const Scope* s = &sc;
      for (int d = 0; d < a.depth && s != nullptr; d++) s = s->outer;
      if (s == nullptr || a.index < 0 || a.index >= static_cast<int>(s->slot_source.size())) return JsonResult::kNone;
      size_t k = static_cast<size_t>(s->slot_source[a.index]);
      if (k >= s->sources.size()) return JsonResult::kNone;
      const Source& src = s->sources[k];
      if (src.table_fn != nullptr && a.index - src.offset == src.table_fn->json_column) return JsonResult::kContainer;
      return JsonResult::kNone;
    }
    default:
      return JsonResult::kNone;
  }
}

static JsonArgMask JsonArgsOf(const std::vector<BExprPtr>& args, const Scope& sc) {
  JsonArgMask mask;
  for (size_t i = 0; i < args.size(); i++) mask.Mark(i, JsonResultOfExpr(*args[i], sc));
  return mask;
}

BExprPtr Planner::BindFunction(const Expr& e, Scope& sc, const BindCtx& bc) {
  if (e.over != nullptr) return BindWindowFunction(e, sc, bc);
  int argc = e.star ? 0 : static_cast<int>(e.args.size());
  const AggregateFunction* agg = FindAggregateFunction(e.name, argc);
  if (agg != nullptr) {
    if (bc.group_by) Fail("aggregate functions are not allowed in the GROUP BY clause");
    BindCtx inner = bc;
    inner.in_agg = true;
    inner.allow_agg = false;
    inner.allow_window = false;
    std::vector<BExprPtr> args;
    for (const ExprPtr& a : e.args) args.push_back(Bind(*a, sc, inner));
    if (!bc.allow_agg && !bc.in_agg && sc.core != nullptr && sc.core->aggregate) {
      FailAt(e, "misuse of aggregate: " + e.name + "()");
    }
    if (!bc.allow_agg || bc.in_agg || sc.core == nullptr) FailAt(e, "misuse of aggregate function " + e.name + "()");
    if (e.distinct && argc != 1) Fail("DISTINCT aggregates must have exactly one argument");
    AggSpec spec;
    spec.fn = WithJsonArguments(agg, JsonArgsOf(args, sc));
    spec.distinct = e.distinct;
    spec.name = e.name;
    spec.args = std::move(args);
    if (e.filter) spec.filter = Bind(*e.filter, sc, inner);
    auto b = std::make_unique<BExpr>();
    b->kind = BKind::kAggRef;
    b->index = static_cast<int>(sc.core->aggs.size());
    if ((e.name == "min" || e.name == "max") && argc == 1) {
      // Bare columns take their values from the row holding the min/max
      // (only when there is exactly one min()/max() aggregate).
      if (sc.core->minmax_agg == -1) {
        sc.core->minmax_agg = b->index;
        sc.core->minmax_is_max = e.name == "max";
      } else {
        sc.core->minmax_agg = -2;
      }
    }
    sc.core->aggs.push_back(std::move(spec));
    return b;
  }
  // Arguments first: sqlite3 reports the innermost error.
  std::vector<BExprPtr> args;
  for (const ExprPtr& a : e.args) args.push_back(Bind(*a, sc, bc));
  if (e.star) {
    if (IsKnownFunction(e.name)) FailAt(e, "wrong number of arguments to function " + e.name + "()");
    FailAt(e, "no such function: " + e.name);
  }
  const ScalarFunction* fn = FindScalarFunction(e.name, argc);
  if (fn == nullptr && IsWindowOnlyFunction(e.name)) Fail("misuse of window function " + e.name + "()");
  if (fn != nullptr && e.filter) Fail("FILTER may not be used with non-aggregate " + e.name + "()");
  if (fn == nullptr) {
    if (IsKnownFunction(e.name)) FailAt(e, "wrong number of arguments to function " + e.name + "()");
    FailAt(e, "no such function: " + e.name);
  }
  if (e.distinct) Fail("DISTINCT aggregates must have exactly one argument");
  auto b = std::make_unique<BExpr>();
  b->kind = BKind::kFunc;
  b->fn = WithJsonArguments(fn, JsonArgsOf(args, sc));
  b->args = std::move(args);
  return b;
}

std::shared_ptr<SubqueryState> Planner::BindSubquery(const SelectStmt& s, Scope& sc) {
  auto sub = std::make_shared<SubqueryState>();
  bool was = sc.correlated;
  sc.correlated = false;
  // Correlation: the subquery's own scope is marked when it reaches out.
  std::unique_ptr<SelectPlan> plan = PlanSelectStmt(s, &sc);
  sub->correlated = plan_correlated_;
  sc.correlated = was || sc.correlated;
  sub->plan = std::move(plan);
  sub->index = ++subquery_counter_;
  return sub;
}

BExprPtr Planner::Bind(const Expr& e, Scope& sc, const BindCtx& bc) {
  if (++depth_ > 500) Fail("expression tree is too large (maximum depth 1000)");
  struct DepthGuard {
    int* d;
    ~DepthGuard() { (*d)--; }
  } guard{&depth_};
  auto b = std::make_unique<BExpr>();
  switch (e.kind) {
    case ExprKind::kLiteral:
      b->kind = BKind::kConst;
      b->value = e.value;
      return b;
    case ExprKind::kParam:
      b->kind = BKind::kParam;
      b->index = e.param_index;
      return b;
    case ExprKind::kColumn:
      return BindColumn(e, sc, bc);
    case ExprKind::kUnary: {
      BExprPtr a = Bind(*e.args[0], sc, bc);
      switch (e.op) {
        case Op::kNeg: b->kind = BKind::kNeg; break;
        case Op::kPlus:
          // Unary + keeps the value; SQLite also drops the affinity.
          b->kind = BKind::kPlus;
          break;
        case Op::kNot: b->kind = BKind::kNot; break;
        case Op::kBitNot: b->kind = BKind::kBitNot; break;
        case Op::kIsNull: b->kind = BKind::kIsNull; break;
        default: b->kind = BKind::kNotNull; break;
      }
      // Constant folding of -literal keeps literals literal (for access paths).
      if (b->kind == BKind::kNeg && a->kind == BKind::kConst && a->value.is_numeric()) {
        b->kind = BKind::kConst;
        b->value = Negate(a->value);
        return b;
      }
      b->args.push_back(std::move(a));
      return b;
    }
    case ExprKind::kBinary: {
      BExprPtr l = Bind(*e.args[0], sc, bc);
      BExprPtr r = Bind(*e.args[1], sc, bc);
      switch (e.op) {
        case Op::kAnd: b->kind = BKind::kAnd; break;
        case Op::kOr: b->kind = BKind::kOr; break;
        case Op::kEq: case Op::kNe: case Op::kLt: case Op::kLe: case Op::kGt: case Op::kGe:
        case Op::kIs: case Op::kIsNot:
          b->kind = BKind::kCompare;
          b->op = e.op;
          SetCompareAffinity(b.get(), *l, *r);
          break;
        case Op::kLike: b->kind = BKind::kLike; b->negated = e.negated; break;
        case Op::kGlob: b->kind = BKind::kGlob; b->negated = e.negated; break;
        case Op::kRegexp: case Op::kMatch:  // op tells them apart (their error messages differ)
          b->kind = BKind::kRegexp;
          b->op = e.op;
          b->negated = e.negated;
          break;
        default:
          b->kind = BKind::kArith;
          b->bop = ArithOf(e.op);
          break;
      }
      b->args.push_back(std::move(l));
      b->args.push_back(std::move(r));
      if (e.args.size() > 2) b->args.push_back(Bind(*e.args[2], sc, bc));
      return b;
    }
    case ExprKind::kFunction:
      return BindFunction(e, sc, bc);
    case ExprKind::kCase: {
      b->kind = BKind::kCase;
      b->case_has_operand = e.case_has_operand;
      b->case_has_else = e.case_has_else;
      for (const ExprPtr& a : e.args) b->args.push_back(Bind(*a, sc, bc));
      if (e.case_has_operand && b->args.size() > 1) SetCompareAffinity(b.get(), *b->args[0], *b->args[1]);
      return b;
    }
    case ExprKind::kCast:
      b->kind = BKind::kCast;
      b->type_name = e.name;
      b->affinity = AffinityOfType(e.name);
      b->has_affinity = true;
      b->args.push_back(Bind(*e.args[0], sc, bc));
      return b;
    case ExprKind::kBetween: {
      // x BETWEEN lo AND hi is (x >= lo AND x <= hi), each comparison with
      // its own affinity, as SQLite rewrites it.
      BExprPtr x = Bind(*e.args[0], sc, bc);
      BExprPtr lo = Bind(*e.args[1], sc, bc);
      BExprPtr hi = Bind(*e.args[2], sc, bc);
      auto ge = std::make_unique<BExpr>();
      ge->kind = BKind::kCompare;
      ge->op = Op::kGe;
      SetCompareAffinity(ge.get(), *x, *lo);
      auto le = std::make_unique<BExpr>();
      le->kind = BKind::kCompare;
      le->op = Op::kLe;
      SetCompareAffinity(le.get(), *x, *hi);
      ge->args.push_back(CloneBExpr(*x));
      ge->args.push_back(std::move(lo));
      le->args.push_back(std::move(x));
      le->args.push_back(std::move(hi));
      b->kind = BKind::kAnd;
      b->args.push_back(std::move(ge));
      b->args.push_back(std::move(le));
      if (!e.negated) return b;
      auto n = std::make_unique<BExpr>();
      n->kind = BKind::kNot;
      n->args.push_back(std::move(b));
      return n;
    }
    case ExprKind::kInList: {
      if (e.args.size() == 1) {  // x IN () is constant; SQLite does not even look at x
        b->kind = BKind::kConst;
        b->value = Value::Integer(e.negated ? 1 : 0);
        return b;
      }
      b->kind = BKind::kInList;
      b->negated = e.negated;
      bool all_const = true;
      for (const ExprPtr& a : e.args) {
        b->args.push_back(Bind(*a, sc, bc));
        if (b->args.size() > 1 && b->args.back()->kind != BKind::kConst) all_const = false;
      }
      if (b->args.size() > 1) {
        SetCompareAffinity(b.get(), *b->args[0], *b->args[1]);
        if (all_const) {
          b->const_list = true;
          for (size_t i = 1; i < b->args.size(); i++) {
            const Value& v = b->args[i]->value;
            if (v.is_null()) {
              b->list_has_null = true;
              continue;
            }
            b->sorted_list.push_back(b->apply_right ? ApplyAffinity(v, b->right_aff) : v);
          }
          bool nocase = b->nocase;
          std::sort(b->sorted_list.begin(), b->sorted_list.end(), [nocase](const Value& x, const Value& y) {
            return CompareWithCollation(x, y, nocase) < 0;
          });
        }
      }
      return b;
    }
    case ExprKind::kInSelect: {
      b->kind = BKind::kInSub;
      b->negated = e.negated;
      b->args.push_back(Bind(*e.args[0], sc, bc));
      b->sub = BindSubquery(*e.select, sc);
      if (b->sub->plan->visible != 1) {
        Fail("sub-select returns " + std::to_string(b->sub->plan->visible) + " columns - expected 1");
      }
      BExpr col;
      col.has_affinity = b->sub->plan->has_affinity[0];
      col.affinity = b->sub->plan->affinities[0];
      col.nocase = b->sub->plan->nocase[0];
      SetCompareAffinity(b.get(), *b->args[0], col);
      return b;
    }
    case ExprKind::kExists:
      b->kind = BKind::kExists;
      b->negated = e.negated;
      b->sub = BindSubquery(*e.select, sc);
      return b;
    case ExprKind::kSubquery:
      b->kind = BKind::kScalarSub;
      b->sub = BindSubquery(*e.select, sc);
      if (b->sub->plan->visible != 1) {
        Fail("sub-select returns " + std::to_string(b->sub->plan->visible) + " columns - expected 1");
      }
      b->has_affinity = b->sub->plan->has_affinity[0];
      b->affinity = b->sub->plan->affinities[0];
      return b;
    case ExprKind::kCollate: {
      BExprPtr a = Bind(*e.args[0], sc, bc);
      if (EqualsIgnoreCase(e.name, "nocase")) {
        a->nocase = true;
      } else if (EqualsIgnoreCase(e.name, "binary") || EqualsIgnoreCase(e.name, "rtrim")) {
        a->nocase = false;
      } else {
        Fail("no such collation sequence: " + e.name);
      }
      a->explicit_collation = true;
      return a;
    }
    case ExprKind::kRaise:
      Fail("RAISE() may only be used within a trigger-program");
  }
  Fail("unsupported expression");
}

std::string Planner::ColumnNameFor(const ResultColumn& rc, const BExpr& bound, Scope& sc) {
  if (!rc.alias.empty()) return rc.alias;
  if (rc.expr->kind == ExprKind::kColumn && bound.kind == BKind::kColumn && bound.depth == 0) {
    int src = sc.slot_source[bound.index];
    const Source& s = sc.sources[src];
    int col = bound.index - s.offset;
    if (col < static_cast<int>(s.columns.size())) return s.columns[col];
    return rc.expr->name;
  }
  if (rc.expr->kind == ExprKind::kColumn) return rc.expr->name;
  return rc.expr->span;
}

Result<BExprPtr> Planner::BindInScope(const Expr& e, Scope* scope) {
  Scope empty;
  try {
    BindCtx bc;
    return Bind(e, scope != nullptr ? *scope : empty, bc);
  } catch (const PlanError& err) {
    return err.status;
  }
}

Status Planner::BindResultColumns(const std::vector<ResultColumn>& cols, Scope* scope, std::vector<BExprPtr>* out,
                                  std::vector<std::string>* names) {
  try {
    BindCtx bc;
    for (const ResultColumn& rc : cols) {
      if (rc.star) {
        for (const Source& s : scope->sources) {
          if (!rc.star_table.empty() && !NameEquals(s.name, rc.star_table)) continue;
          for (size_t j = 0; j < s.columns.size(); j++) {
            auto b = std::make_unique<BExpr>();
            b->kind = BKind::kColumn;
            b->index = s.offset + static_cast<int>(j);
            out->push_back(std::move(b));
            names->push_back(s.columns[j]);
          }
        }
        continue;
      }
      BExprPtr b = Bind(*rc.expr, *scope, bc);
      names->push_back(ColumnNameFor(rc, *b, *scope));
      out->push_back(std::move(b));
    }
  } catch (const PlanError& err) {
    return err.status;
  }
  return Status::OK();
}

}  // namespace s3lite::sql
