#include "sql/planner/transitive.h"

namespace s3lite::sql {

namespace {

bool IsNumericAffinity(Affinity a) {
  return a == Affinity::kNumeric || a == Affinity::kInteger || a == Affinity::kReal;
}

// A column of this SELECT level with numeric affinity and BINARY collation.
bool IsPlainNumericColumn(const BExpr& e) {
  return e.kind == BKind::kColumn && e.depth == 0 && e.has_affinity && IsNumericAffinity(e.affinity) && !e.nocase;
}

// `a = b` between two such columns, converting neither side.
bool IsColumnEquality(const BExpr& e) {
  return e.kind == BKind::kCompare && e.op == Op::kEq && e.args.size() == 2 && !e.nocase && !e.apply_left &&
         !e.apply_right && IsPlainNumericColumn(*e.args[0]) && IsPlainNumericColumn(*e.args[1]) &&
         e.args[0]->index != e.args[1]->index;
}

bool IsConstant(const BExpr& e) { return e.kind == BKind::kConst || e.kind == BKind::kParam; }

Op Mirror(Op op) {
  switch (op) {
    case Op::kLt: return Op::kGt;
    case Op::kLe: return Op::kGe;
    case Op::kGt: return Op::kLt;
    case Op::kGe: return Op::kLe;
    default: return op;
  }
}

// `slot <op> K` in a canonical form: column on the left.
struct Bound {
  int slot;
  Op op;
  const BExpr* k;
  const BExpr* term;  // the comparison it came from
  bool column_left;
};

bool AsBound(const BExpr& e, Bound* out) {
  if (e.kind != BKind::kCompare || e.args.size() != 2) return false;
  if (e.op != Op::kEq && e.op != Op::kLt && e.op != Op::kLe && e.op != Op::kGt && e.op != Op::kGe) return false;
  const BExpr& l = *e.args[0];
  const BExpr& r = *e.args[1];
  if (IsPlainNumericColumn(l) && IsConstant(r)) {
    *out = {l.index, e.op, &r, &e, true};
    return true;
  }
  if (IsPlainNumericColumn(r) && IsConstant(l)) {
    *out = {r.index, Mirror(e.op), &l, &e, false};
    return true;
  }
  return false;
}

bool SameConstant(const BExpr& a, const BExpr& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == BKind::kParam) return a.index == b.index;
  return a.value == b.value && a.has_affinity == b.has_affinity && a.affinity == b.affinity;
}

}  // namespace

std::vector<BExprPtr> TransitiveTerms(const std::vector<const BExpr*>& conjuncts) {
  std::vector<std::pair<const BExpr*, const BExpr*>> equalities;  // column pairs
  std::vector<Bound> bounds;
  for (const BExpr* e : conjuncts) {
    Bound b;
    if (IsColumnEquality(*e)) {
      equalities.emplace_back(e->args[0].get(), e->args[1].get());
    } else if (AsBound(*e, &b)) {
      bounds.push_back(b);
    }
  }
  std::vector<BExprPtr> out;
  if (equalities.empty() || bounds.empty()) return out;
  std::vector<Bound> have = bounds;
  for (const auto& [x, y] : equalities) {
    for (int dir = 0; dir < 2; dir++) {
      const BExpr& from = dir == 0 ? *x : *y;
      const BExpr& to = dir == 0 ? *y : *x;
      for (const Bound& b : bounds) {
        if (b.slot != from.index) continue;
        bool present = false;
        for (const Bound& h : have) {
          if (h.slot == to.index && h.op == b.op && SameConstant(*h.k, *b.k)) present = true;
        }
        if (present) continue;
        // The same comparison with the other column: the affinity flags
        // carry over, both columns being numeric and neither NOCASE.
        BExprPtr term = CloneBExpr(*b.term);
        BExprPtr& col = term->args[b.column_left ? 0 : 1];
        col = CloneBExpr(to);
        have.push_back({to.index, b.op, b.k, b.term, b.column_left});
        out.push_back(std::move(term));
      }
    }
  }
  return out;
}

}  // namespace s3lite::sql
