// Access path selection: which rowid/index lookup serves a table's
// conditions best. A path only has to be complete (never skip a matching
// row); conditions stay in the filter unless the path is exact for them
// (ChooseAccessPath's `implied`).
#include <algorithm>

#include "sql/planner/planner.h"

namespace s3lite::sql {

uint64_t Planner::MaskOf(const BExpr& e, const Scope& sc, bool* has_correlated) {
  uint64_t m = 0;
  if (e.kind == BKind::kColumn && e.depth == 0) {
    m |= uint64_t{1} << sc.slot_source[e.index];
  }
  if (e.sub && e.sub->correlated) *has_correlated = true;
  for (const BExprPtr& a : e.args) m |= MaskOf(*a, sc, has_correlated);
  return m;
}

namespace {

struct Probe {
  const BExpr* expr = nullptr;
  bool apply = false;
  Affinity aff = Affinity::kNone;
  const BExpr* cond = nullptr;  // the condition the probe came from
};

// True when a key range or lookup built from `p` on column `col` returns
// exactly the rows for which the condition is true, so the condition need
// not be evaluated again: the probe is an integer constant and the column
// has numeric affinity (or is the rowid), so the comparison is numeric, and
// the key codec orders numbers as CompareValues does (NULL, text and blob
// keys fall outside any numeric range, as the comparison is false for them).
bool ExactProbe(const Probe& p, const TableInfo& t, int col) {
  if (p.expr == nullptr || p.cond == nullptr || p.cond->nocase) return false;
  if (p.expr->kind != BKind::kConst || !p.expr->value.is_integer()) return false;
  const int ncols = static_cast<int>(t.columns.size());
  if (col == ncols) return true;  // rowid
  return IsNumericAffinity(t.columns[col].affinity);
}

struct ColumnTerms {
  std::vector<Probe> eq;
  const BExpr* in = nullptr;  // kInList or kInSub node
  bool in_apply = false;
  Affinity in_aff = Affinity::kNone;
  Probe lo, hi;
  bool lo_incl = true, hi_incl = true;
};

}  // namespace

AccessPath Planner::ChooseAccessPath(const Source& src, int k, Scope& sc, const std::vector<const BExpr*>& conds,
                                     uint64_t allowed_mask, std::vector<const BExpr*>* implied) {
  AccessPath path;
  const TableInfo& t = *src.table;
  const int ncols = static_cast<int>(t.columns.size());
  // Column position for a column reference of this table; ncols = rowid.
  auto col_of = [&](const BExpr& e) -> int {
    if (e.kind != BKind::kColumn || e.depth != 0) return -1;
    int c = e.index - src.offset;
    if (c < 0 || c > ncols) return -1;
    if (c == t.rowid_alias) return ncols;
    return c;
  };
  auto probe_ok = [&](const BExpr& e) {
    bool corr = false;
    uint64_t m = MaskOf(e, sc, &corr);
    return !corr && (m & ~allowed_mask) == 0;
  };
  // Conditions per column: terms under BINARY, nterms under NOCASE (usable
  // only by index columns whose keys are built under that collation; the
  // rowid is an integer, so its conditions all go to terms).
  std::vector<ColumnTerms> terms(ncols + 1), nterms(ncols + 1);
  auto terms_of = [&](const BExpr* c, int col) -> ColumnTerms& {
    return c->nocase && col < ncols ? nterms[col] : terms[col];
  };
  for (const BExpr* c : conds) {
    if (c->kind == BKind::kCompare) {
      Op op = c->op;
      if (op != Op::kEq && op != Op::kLt && op != Op::kLe && op != Op::kGt && op != Op::kGe) continue;
      int col = -1;
      Probe p;
      bool col_apply;
      if ((col = col_of(*c->args[0])) >= 0 && probe_ok(*c->args[1])) {
        p = {c->args[1].get(), c->apply_right, c->right_aff, c};
        col_apply = c->apply_left;
      } else if ((col = col_of(*c->args[1])) >= 0 && probe_ok(*c->args[0])) {
        p = {c->args[0].get(), c->apply_left, c->left_aff, c};
        col_apply = c->apply_right;
        switch (op) {
          case Op::kLt: op = Op::kGt; break;
          case Op::kLe: op = Op::kGe; break;
          case Op::kGt: op = Op::kLt; break;
          case Op::kGe: op = Op::kLe; break;
          default: break;
        }
      } else {
        continue;
      }
      if (col < ncols && col_apply) continue;
      ColumnTerms& ct = terms_of(c, col);
      if (op == Op::kEq) ct.eq.push_back(p);
      else if (op == Op::kGt || op == Op::kGe) {
        if (!ct.lo.expr) {
          ct.lo = p;
          ct.lo_incl = op == Op::kGe;
        }
      } else if (!ct.hi.expr) {
        ct.hi = p;
        ct.hi_incl = op == Op::kLe;
      }
    } else if (c->kind == BKind::kBetween && !c->negated) {
      int col = col_of(*c->args[0]);
      if (col < 0 || !probe_ok(*c->args[1]) || !probe_ok(*c->args[2])) continue;
      if (col < ncols && c->apply_left) continue;
      ColumnTerms& ct = terms_of(c, col);
      if (!ct.lo.expr) {
        ct.lo = {c->args[1].get(), c->apply_right, c->right_aff, c};
        ct.lo_incl = true;
      }
      if (!ct.hi.expr) {
        ct.hi = {c->args[2].get(), c->apply_right, c->right_aff, c};
        ct.hi_incl = true;
      }
    } else if ((c->kind == BKind::kInList || c->kind == BKind::kInSub) && !c->negated) {
      int col = col_of(*c->args[0]);
      if (col < 0) continue;
      if (col < ncols && c->apply_left) continue;
      bool ok = true;
      for (size_t i = 1; i < c->args.size(); i++) ok = ok && probe_ok(*c->args[i]);
      if (c->kind == BKind::kInSub && c->sub->correlated) ok = false;
      if (c->kind == BKind::kInList && c->args.size() < 2) ok = false;
      if (!ok) continue;
      ColumnTerms& ct = terms_of(c, col);
      if (!ct.in) {
        ct.in = c;
        ct.in_apply = c->apply_right;
        ct.in_aff = c->right_aff;
      }
    }
  }
  auto name_of = [&](int col) { return col == ncols ? std::string("rowid") : t.columns[col].name; };
  // Conditions the chosen path answers exactly (see ExactProbe). A BETWEEN
  // is implied only when it supplied both bounds and both are exact.
  auto note_eq = [&](const Probe& p, int col) {
    if (implied != nullptr && p.cond->kind == BKind::kCompare && ExactProbe(p, t, col)) implied->push_back(p.cond);
  };
  auto note_range = [&](const ColumnTerms& ct, int col) {
    if (implied == nullptr) return;
    const Probe* bounds[2] = {&ct.lo, &ct.hi};
    for (int i = 0; i < 2; i++) {
      const Probe& p = *bounds[i];
      if (p.expr == nullptr || !ExactProbe(p, t, col)) continue;
      if (p.cond->kind == BKind::kCompare) {
        implied->push_back(p.cond);
      } else if (p.cond->kind == BKind::kBetween && i == 0 && ct.hi.cond == p.cond && ExactProbe(ct.hi, t, col)) {
        implied->push_back(p.cond);
      }
    }
  };
  auto set_in = [&](const ColumnTerms& ct) {
    if (ct.in->kind == BKind::kInSub) {
      path.in_sub = ct.in->sub;
    } else {
      for (size_t i = 1; i < ct.in->args.size(); i++) path.in_items.push_back(CloneBExpr(*ct.in->args[i]));
    }
  };
  const ColumnTerms& rt = terms[ncols];
  // The conditions index column m of `ix` can answer: those under the
  // collation its keys are built with (none for RTRIM, which comparisons
  // do not carry).
  const ColumnTerms kNoTerms{};
  auto index_terms = [&](const IndexInfo& ix, size_t m) -> const ColumnTerms& {
    switch (ix.collations[m]) {
      case Collation::kBinary: return terms[ix.columns[m]];
      case Collation::kNoCase: return nterms[ix.columns[m]];
      case Collation::kRtrim: break;
    }
    return kNoTerms;
  };
  // Score candidates.
  int best_score = 0;
  int best_index = -1;  // -1 rowid
  enum { kNone, kRowidEq, kRowidIn, kRowidRange, kIndex } best = kNone;
  if (!rt.eq.empty()) {
    best = kRowidEq;
    best_score = 1000;
  }
  for (size_t i = 0; i < t.indexes.size(); i++) {
    const IndexInfo& ix = t.indexes[i];
    size_t m = 0;
    while (m < ix.columns.size() && !index_terms(ix, m).eq.empty()) m++;
    int score = static_cast<int>(m) * 100;
    if (m == ix.columns.size() && ix.unique) score = 900;
    else if (m < ix.columns.size()) {
      const ColumnTerms& next = index_terms(ix, m);
      if (next.in) score += 50;
      else if (next.lo.expr || next.hi.expr) score += 10;
    }
    if (score > best_score) {
      best_score = score;
      best = kIndex;
      best_index = static_cast<int>(i);
    }
  }
  if (rt.in && best_score < 800) {
    best = kRowidIn;
    best_score = 800;
  }
  if ((rt.lo.expr || rt.hi.expr) && best_score < 60) {
    best = kRowidRange;
    best_score = 60;
  }
  switch (best) {
    case kRowidEq:
      path.kind = AccessPath::kRowidEq;
      note_eq(rt.eq[0], ncols);
      path.eq.push_back(CloneBExpr(*rt.eq[0].expr));
      path.apply.push_back(false);
      path.aff.push_back(Affinity::kNone);
      path.detail = "(rowid=?)";
      return path;
    case kRowidIn:
      path.kind = AccessPath::kRowidIn;
      set_in(rt);
      path.apply.push_back(false);
      path.aff.push_back(Affinity::kNone);
      path.detail = "(rowid=?)";
      return path;
    case kRowidRange:
      path.kind = AccessPath::kRowidRange;
      note_range(rt, ncols);
      if (rt.lo.expr) {
        path.lo = CloneBExpr(*rt.lo.expr);
        path.lo_incl = rt.lo_incl;
      }
      if (rt.hi.expr) {
        path.hi = CloneBExpr(*rt.hi.expr);
        path.hi_incl = rt.hi_incl;
      }
      path.detail = std::string("(") + (rt.lo.expr ? "rowid>?" : "") + (rt.lo.expr && rt.hi.expr ? " AND " : "") +
                    (rt.hi.expr ? "rowid<?" : "") + ")";
      return path;
    case kIndex: {
      const IndexInfo& ix = t.indexes[best_index];
      path.kind = AccessPath::kIndex;
      path.index = &ix;
      std::string d;
      size_t m = 0;
      for (; m < ix.columns.size() && !index_terms(ix, m).eq.empty(); m++) {
        const Probe& p = index_terms(ix, m).eq[0];
        note_eq(p, ix.columns[m]);
        path.eq.push_back(CloneBExpr(*p.expr));
        path.apply.push_back(p.apply);
        path.aff.push_back(p.aff);
        d += (d.empty() ? "" : " AND ") + name_of(ix.columns[m]) + "=?";
      }
      if (m < ix.columns.size()) {
        const ColumnTerms& next = index_terms(ix, m);
        if (next.in) {
          path.kind = AccessPath::kIndexIn;
          set_in(next);
          path.apply.push_back(next.in_apply);
          path.aff.push_back(next.in_aff);
          d += (d.empty() ? "" : " AND ") + name_of(ix.columns[m]) + "=?";
        } else if (next.lo.expr || next.hi.expr) {
          note_range(next, ix.columns[m]);
          const Probe& any = next.lo.expr ? next.lo : next.hi;
          path.range_apply = any.apply;
          path.range_aff = any.aff;
          if (next.lo.expr) {
            path.lo = CloneBExpr(*next.lo.expr);
            path.lo_incl = next.lo_incl;
            d += (d.empty() ? "" : " AND ") + name_of(ix.columns[m]) + ">?";
          }
          if (next.hi.expr) {
            path.hi = CloneBExpr(*next.hi.expr);
            path.hi_incl = next.hi_incl;
            d += (d.empty() ? "" : " AND ") + name_of(ix.columns[m]) + "<?";
          }
        }
      }
      path.detail = "(" + d + ")";
      // Covering: every column the query reads is in the index. Keys built
      // under a collation hold folded text, not the values: read the table.
      bool covering = !AnyCollated(ix.collations);
      for (int c = 0; c < ncols && covering; c++) {
        if (!sc.slot_used[src.offset + c]) continue;
        if (c == t.rowid_alias) continue;
        if (std::find(ix.columns.begin(), ix.columns.end(), c) == ix.columns.end()) covering = false;
        // The key codec cannot tell 2 from 2.0; only typed columns round-trip.
        if (t.columns[c].affinity == Affinity::kNone) covering = false;
      }
      path.covering = covering;
      return path;
    }
    case kNone:
      break;
  }
  // Full scan. Like SQLite, read a covering index instead of the table when
  // one holds every column the query needs (smaller, and the same order).
  (void)k;
  const IndexInfo* cover = nullptr;
  for (const IndexInfo& ix : t.indexes) {
    bool ok = !AnyCollated(ix.collations);
    for (int c = 0; c < ncols && ok; c++) {
      if (!sc.slot_used[src.offset + c] || c == t.rowid_alias) continue;
      if (std::find(ix.columns.begin(), ix.columns.end(), c) == ix.columns.end()) ok = false;
      if (t.columns[c].affinity == Affinity::kNone) ok = false;
    }
    // SQLite reads the index only when its rows are narrower than the table's.
    if (ix.columns.size() >= t.columns.size()) ok = false;
    if (ok && (cover == nullptr || ix.columns.size() < cover->columns.size())) cover = &ix;
  }
  if (cover != nullptr) {
    path.kind = AccessPath::kIndex;
    path.index = cover;
    path.covering = true;
    return path;
  }
  // Zone-map hints from constant comparisons on numeric columns.
  for (int c = 0; c < ncols; c++) {
    const ColumnTerms& ct = terms[c];
    if (!IsNumericAffinity(t.columns[c].affinity)) continue;
    auto const_num = [](const Probe& p, Value* v) {
      if (p.expr == nullptr || p.expr->kind != BKind::kConst) return false;
      *v = ApplyAffinity(p.expr->value, Affinity::kNumeric);
      return v->is_numeric();
    };
    ScanHint::ColumnRange r;
    r.column = static_cast<size_t>(c);
    bool any = false;
    Value v;
    if (!ct.eq.empty() && const_num(ct.eq[0], &v)) {
      r.min = v;
      r.max = v;
      any = true;
    } else {
      if (const_num(ct.lo, &v)) {
        r.min = v;
        any = true;
      }
      if (const_num(ct.hi, &v)) {
        r.max = v;
        any = true;
      }
    }
    if (any) path.hint.column_ranges.push_back(std::move(r));
  }
  return path;
}

}  // namespace s3lite::sql
