#include "sql/execution/expr.h"

#include <algorithm>
#include <cctype>

namespace s3lite::sql {

namespace {

inline Value Bool(bool b) { return Value::Integer(b ? 1 : 0); }

int NoCaseCompare(const std::string& a, const std::string& b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; i++) {
    int ca = std::tolower(static_cast<unsigned char>(a[i]));
    int cb = std::tolower(static_cast<unsigned char>(b[i]));
    if (ca != cb) return ca - cb;
  }
  return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

// Applies the comparison affinities chosen at plan time, then compares.
// Copies an operand only when its affinity converts it.
inline int CompareOperands(const BExpr& e, const Value& a, const Value& b) {
  // Under TEXT comparison affinity sqlite3 converts numbers on both sides
  // (OP_Lt stringifies either operand), also the side whose own affinity is
  // TEXT: a TEXT-affinity subquery/CTE column may hold numbers.
  const bool text =
      (e.apply_left && e.left_aff == Affinity::kText) || (e.apply_right && e.right_aff == Affinity::kText);
  const bool al = e.apply_left || text, ar = e.apply_right || text;
  if ((al && AffinityChanges(a, e.left_aff)) || (ar && AffinityChanges(b, e.right_aff))) {
    Value ca = al ? ApplyAffinity(a, e.left_aff) : a;
    Value cb = ar ? ApplyAffinity(b, e.right_aff) : b;
    return CompareWithCollation(ca, cb, e.nocase);
  }
  return CompareWithCollation(a, b, e.nocase);
}

// The value of `e` without a copy when it is a column, constant or
// aggregate reference (the common operands); otherwise evaluated into *tmp.
inline Status Ref(const BExpr& e, const QueryState& st, Value* tmp, const Value** out) {
  switch (e.kind) {
    case BKind::kConst:
      *out = &e.value;
      return Status::OK();
    case BKind::kColumn: {
      const QueryState* s = &st;
      for (int d = e.depth; d > 0; d--) s = s->outer;
      *out = &s->tuple[e.index];
      return Status::OK();
    }
    case BKind::kAggRef:
      *out = &st.aggs[e.index];
      return Status::OK();
    default:
      *out = tmp;
      return Eval(e, st, tmp);
  }
}

// Truth of a comparison (kCompare): 1, 0 or -1 (NULL).
inline Status CompareTruth(const BExpr& e, const QueryState& st, int* truth) {
  Value ta, tb;
  const Value* a;
  const Value* b;
  S3LITE_RETURN_IF_ERROR(Ref(*e.args[0], st, &ta, &a));
  S3LITE_RETURN_IF_ERROR(Ref(*e.args[1], st, &tb, &b));
  if (e.op == Op::kIs || e.op == Op::kIsNot) {
    bool eq;
    if (a->is_null() || b->is_null()) {
      eq = a->is_null() && b->is_null();
    } else {
      eq = CompareOperands(e, *a, *b) == 0;
    }
    *truth = eq == (e.op == Op::kIs) ? 1 : 0;
    return Status::OK();
  }
  if (a->is_null() || b->is_null()) {
    *truth = -1;
    return Status::OK();
  }
  int c = CompareOperands(e, *a, *b);
  bool r = false;
  switch (e.op) {
    case Op::kEq: r = c == 0; break;
    case Op::kNe: r = c != 0; break;
    case Op::kLt: r = c < 0; break;
    case Op::kLe: r = c <= 0; break;
    case Op::kGt: r = c > 0; break;
    case Op::kGe: r = c >= 0; break;
    default: break;
  }
  *truth = r ? 1 : 0;
  return Status::OK();
}

// Truth of x [NOT] BETWEEN lo AND hi (kBetween).
inline Status BetweenTruth(const BExpr& e, const QueryState& st, int* truth) {
  Value tx, tl, th;
  const Value* x;
  const Value* lo;
  const Value* hi;
  S3LITE_RETURN_IF_ERROR(Ref(*e.args[0], st, &tx, &x));
  S3LITE_RETURN_IF_ERROR(Ref(*e.args[1], st, &tl, &lo));
  S3LITE_RETURN_IF_ERROR(Ref(*e.args[2], st, &th, &hi));
  // x >= lo AND x <= hi, three-valued.
  int t1 = (x->is_null() || lo->is_null()) ? -1 : (CompareOperands(e, *x, *lo) >= 0 ? 1 : 0);
  int t2 = (x->is_null() || hi->is_null()) ? -1 : (CompareOperands(e, *x, *hi) <= 0 ? 1 : 0);
  int t = (t1 == 0 || t2 == 0) ? 0 : (t1 < 0 || t2 < 0) ? -1 : 1;
  *truth = t < 0 ? -1 : ((t == 1) != e.negated ? 1 : 0);
  return Status::OK();
}

// LIKE/GLOB see C strings: text stops at the first NUL, as in sqlite3.
std::string TextOf(const Value& v) {
  std::string s = (v.is_text() || v.is_blob()) ? v.bytes() : ValueToText(v);
  size_t nul = s.find('\0');
  if (nul != std::string::npos) s.resize(nul);
  return s;
}

}  // namespace

BExprPtr CloneBExpr(const BExpr& e) {
  auto c = std::make_unique<BExpr>();
  c->kind = e.kind;
  c->op = e.op;
  c->bop = e.bop;
  c->value = e.value;
  c->index = e.index;
  c->depth = e.depth;
  c->affinity = e.affinity;
  c->has_affinity = e.has_affinity;
  c->apply_left = e.apply_left;
  c->apply_right = e.apply_right;
  c->left_aff = e.left_aff;
  c->right_aff = e.right_aff;
  c->nocase = e.nocase;
  c->explicit_collation = e.explicit_collation;
  c->negated = e.negated;
  c->case_has_operand = e.case_has_operand;
  c->case_has_else = e.case_has_else;
  c->fn = e.fn;
  c->type_name = e.type_name;
  for (const auto& a : e.args) c->args.push_back(CloneBExpr(*a));
  c->sub = e.sub;
  c->const_list = e.const_list;
  c->sorted_list = e.sorted_list;
  c->list_has_null = e.list_has_null;
  return c;
}

int CompareWithCollation(const Value& a, const Value& b, bool nocase) {
  if (nocase && a.is_text() && b.is_text()) return NoCaseCompare(a.text(), b.text());
  return CompareValues(a, b);
}

Status EvalTruth(const BExpr& e, const QueryState& st, int* truth) {
  // The shapes of WHERE/ON conditions, without building a Value.
  switch (e.kind) {
    case BKind::kCompare:
      return CompareTruth(e, st, truth);
    case BKind::kBetween:
      return BetweenTruth(e, st, truth);
    case BKind::kAnd: {
      int l;
      S3LITE_RETURN_IF_ERROR(EvalTruth(*e.args[0], st, &l));
      if (l == 0) {
        *truth = 0;
        return Status::OK();
      }
      int r;
      S3LITE_RETURN_IF_ERROR(EvalTruth(*e.args[1], st, &r));
      *truth = r == 0 ? 0 : (l < 0 || r < 0) ? -1 : 1;
      return Status::OK();
    }
    case BKind::kOr: {
      int l;
      S3LITE_RETURN_IF_ERROR(EvalTruth(*e.args[0], st, &l));
      if (l == 1) {
        *truth = 1;
        return Status::OK();
      }
      int r;
      S3LITE_RETURN_IF_ERROR(EvalTruth(*e.args[1], st, &r));
      *truth = r == 1 ? 1 : (l < 0 || r < 0) ? -1 : 0;
      return Status::OK();
    }
    case BKind::kNot: {
      int t;
      S3LITE_RETURN_IF_ERROR(EvalTruth(*e.args[0], st, &t));
      *truth = t < 0 ? -1 : (t == 0 ? 1 : 0);
      return Status::OK();
    }
    case BKind::kIsNull:
    case BKind::kNotNull: {
      Value tmp;
      const Value* v;
      S3LITE_RETURN_IF_ERROR(Ref(*e.args[0], st, &tmp, &v));
      *truth = v->is_null() == (e.kind == BKind::kIsNull) ? 1 : 0;
      return Status::OK();
    }
    case BKind::kConst:
    case BKind::kColumn:
    case BKind::kAggRef: {
      const Value* v;
      S3LITE_RETURN_IF_ERROR(Ref(e, st, nullptr, &v));
      *truth = Truthiness(*v);
      return Status::OK();
    }
    default: {
      Value v;
      S3LITE_RETURN_IF_ERROR(Eval(e, st, &v));
      *truth = Truthiness(v);
      return Status::OK();
    }
  }
}

Status Eval(const BExpr& e, const QueryState& st, Value* out) {
  switch (e.kind) {
    case BKind::kConst:
      *out = e.value;
      return Status::OK();
    case BKind::kColumn: {
      const QueryState* s = &st;
      for (int d = e.depth; d > 0; d--) s = s->outer;
      *out = s->tuple[e.index];
      return Status::OK();
    }
    case BKind::kParam: {
      const auto* p = st.ctx->params;
      if (p != nullptr && e.index >= 1 && static_cast<size_t>(e.index) <= p->size()) {
        *out = (*p)[e.index - 1];
      } else {
        *out = Value::Null();
      }
      return Status::OK();
    }
    case BKind::kAggRef:
      *out = st.aggs[e.index];
      return Status::OK();
    case BKind::kWindowRef:
      *out = st.windows[e.index];
      return Status::OK();
    case BKind::kNeg: {
      Value v;
      S3LITE_RETURN_IF_ERROR(Eval(*e.args[0], st, &v));
      *out = Negate(v);
      return Status::OK();
    }
    case BKind::kPlus:
      return Eval(*e.args[0], st, out);
    case BKind::kBitNot: {
      Value v;
      S3LITE_RETURN_IF_ERROR(Eval(*e.args[0], st, &v));
      *out = BitNot(v);
      return Status::OK();
    }
    case BKind::kNot:
    case BKind::kIsNull:
    case BKind::kNotNull:
    case BKind::kCompare:
    case BKind::kBetween:
    case BKind::kAnd:
    case BKind::kOr: {
      int t;
      S3LITE_RETURN_IF_ERROR(EvalTruth(e, st, &t));
      *out = t < 0 ? Value::Null() : Bool(t == 1);
      return Status::OK();
    }
    case BKind::kArith: {
      Value ta, tb;
      const Value* a;
      const Value* b;
      S3LITE_RETURN_IF_ERROR(Ref(*e.args[0], st, &ta, &a));
      S3LITE_RETURN_IF_ERROR(Ref(*e.args[1], st, &tb, &b));
      S3LITE_ASSIGN_OR_RETURN(*out, ApplyBinary(e.bop, *a, *b));
      return Status::OK();
    }
    case BKind::kFunc: {
      std::vector<Value> args(e.args.size());
      for (size_t i = 0; i < e.args.size(); i++) S3LITE_RETURN_IF_ERROR(Eval(*e.args[i], st, &args[i]));
      if (e.fn->conn_fn && st.ctx != nullptr && st.ctx->conn != nullptr) {
        S3LITE_ASSIGN_OR_RETURN(*out, e.fn->conn_fn(*st.ctx->conn, args));
      } else {
        S3LITE_ASSIGN_OR_RETURN(*out, e.fn->fn(args));
      }
      return Status::OK();
    }
    case BKind::kCase: {
      size_t i = 0;
      size_t n = e.args.size();
      size_t pairs_end = e.case_has_else ? n - 1 : n;
      Value operand;
      if (e.case_has_operand) {
        S3LITE_RETURN_IF_ERROR(Eval(*e.args[0], st, &operand));
        i = 1;
      }
      for (; i + 1 < pairs_end + 1 && i < pairs_end; i += 2) {
        if (e.case_has_operand) {
          Value w;
          S3LITE_RETURN_IF_ERROR(Eval(*e.args[i], st, &w));
          if (!operand.is_null() && !w.is_null() && CompareOperands(e, operand, w) == 0) {
            return Eval(*e.args[i + 1], st, out);
          }
        } else {
          int t;
          S3LITE_RETURN_IF_ERROR(EvalTruth(*e.args[i], st, &t));
          if (t == 1) return Eval(*e.args[i + 1], st, out);
        }
      }
      if (e.case_has_else) return Eval(*e.args[n - 1], st, out);
      *out = Value::Null();
      return Status::OK();
    }
    case BKind::kCast: {
      Value v;
      S3LITE_RETURN_IF_ERROR(Eval(*e.args[0], st, &v));
      *out = CastValue(v, e.type_name);
      return Status::OK();
    }
    case BKind::kInList: {
      Value x;
      S3LITE_RETURN_IF_ERROR(Eval(*e.args[0], st, &x));
      if (e.args.size() == 1) {
        *out = Bool(e.negated);
        return Status::OK();
      }
      if (x.is_null()) {
        *out = Value::Null();
        return Status::OK();
      }
      bool found = false, saw_null = false;
      if (e.const_list) {
        const bool text = e.apply_right && e.right_aff == Affinity::kText;  // as CompareOperands
        Value probe = e.apply_left || text ? ApplyAffinity(x, e.left_aff) : x;
        found = std::binary_search(e.sorted_list.begin(), e.sorted_list.end(), probe,
                                   [&](const Value& a, const Value& b) {
                                     return CompareWithCollation(a, b, e.nocase) < 0;
                                   });
        saw_null = e.list_has_null;
      } else {
        for (size_t i = 1; i < e.args.size() && !found; i++) {
          Value v;
          S3LITE_RETURN_IF_ERROR(Eval(*e.args[i], st, &v));
          if (v.is_null()) {
            saw_null = true;
            continue;
          }
          if (CompareOperands(e, x, v) == 0) found = true;
        }
      }
      if (found) *out = Bool(!e.negated);
      else if (saw_null) *out = Value::Null();
      else *out = Bool(e.negated);
      return Status::OK();
    }
    case BKind::kInSub:
    case BKind::kExists:
    case BKind::kScalarSub:
      return EvalSubquery(e, st, out);
    case BKind::kLike:
    case BKind::kGlob:
    case BKind::kRegexp: {
      Value a, p;
      S3LITE_RETURN_IF_ERROR(Eval(*e.args[0], st, &a));
      S3LITE_RETURN_IF_ERROR(Eval(*e.args[1], st, &p));
      // Debian's sqlite3 is built with SQLITE_LIKE_DOESNT_MATCH_BLOBS.
      if (a.is_blob() || p.is_blob()) {
        *out = Bool(e.negated);
        return Status::OK();
      }
      int esc = -1;
      if (e.args.size() > 2) {
        Value ev;
        S3LITE_RETURN_IF_ERROR(Eval(*e.args[2], st, &ev));
        if (ev.is_null()) {
          *out = Value::Null();
          return Status::OK();
        }
        std::string es = TextOf(ev);
        if (es.size() != 1) return Status::InvalidArgument("ESCAPE expression must be a single character");
        esc = static_cast<unsigned char>(es[0]);
      }
      if (a.is_null() || p.is_null()) {
        *out = Value::Null();
        return Status::OK();
      }
      if (e.kind == BKind::kRegexp) return Status::InvalidArgument("no such function: REGEXP");
      bool m = e.kind == BKind::kLike ? LikeMatch(TextOf(p), TextOf(a), esc) : GlobMatch(TextOf(p), TextOf(a));
      *out = Bool(m != e.negated);
      return Status::OK();
    }
  }
  return Status::Internal("unknown expression kind");
}

}  // namespace s3lite::sql
