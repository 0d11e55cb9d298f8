// TransitiveTerms (sql/planner/transitive.h): which WHERE terms it derives
// from column equalities, and which it must not derive.
#include "sql/planner/transitive.h"

#include <gtest/gtest.h>

namespace s3lite::sql {
namespace {

BExprPtr Col(int slot, Affinity aff, bool nocase = false, int depth = 0) {
  auto e = std::make_unique<BExpr>();
  e->kind = BKind::kColumn;
  e->index = slot;
  e->affinity = aff;
  e->has_affinity = true;
  e->nocase = nocase;
  e->depth = depth;
  return e;
}

BExprPtr Const(Value v) {
  auto e = std::make_unique<BExpr>();
  e->kind = BKind::kConst;
  e->value = std::move(v);
  return e;
}

BExprPtr Cmp(Op op, BExprPtr l, BExprPtr r) {
  auto e = std::make_unique<BExpr>();
  e->kind = BKind::kCompare;
  e->op = op;
  e->nocase = l->nocase || r->nocase;
  e->args.push_back(std::move(l));
  e->args.push_back(std::move(r));
  return e;
}

std::vector<const BExpr*> Raw(const std::vector<BExprPtr>& v) {
  std::vector<const BExpr*> out;
  for (const BExprPtr& e : v) out.push_back(e.get());
  return out;
}

TEST(TransitiveTerms, RangeCrossesANumericEquality) {
  std::vector<BExprPtr> conj;
  conj.push_back(Cmp(Op::kEq, Col(4, Affinity::kInteger), Col(0, Affinity::kInteger)));  // c.id = o.cid
  auto ge = Cmp(Op::kGe, Col(4, Affinity::kInteger), Const(Value::Integer(100)));
  ge->apply_right = true;
  ge->right_aff = Affinity::kNumeric;
  conj.push_back(std::move(ge));
  conj.push_back(Cmp(Op::kLe, Const(Value::Integer(400)), Col(4, Affinity::kInteger)));  // 400 <= c.id
  std::vector<BExprPtr> d = TransitiveTerms(Raw(conj));
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0]->op, Op::kGe);
  EXPECT_EQ(d[0]->args[0]->index, 0);
  EXPECT_EQ(d[0]->args[1]->value, Value::Integer(100));
  EXPECT_TRUE(d[0]->apply_right);  // the constant keeps its comparison affinity
  EXPECT_EQ(d[1]->op, Op::kLe);    // constant on the left stays on the left
  EXPECT_EQ(d[1]->args[0]->value, Value::Integer(400));
  EXPECT_EQ(d[1]->args[1]->index, 0);
  // Already present terms are not derived again.
  for (BExprPtr& e : d) conj.push_back(std::move(e));
  EXPECT_TRUE(TransitiveTerms(Raw(conj)).empty());
}

TEST(TransitiveTerms, NothingWhenTheEqualityMayConvertOrCollate) {
  auto bound = [] { return Cmp(Op::kEq, Col(1, Affinity::kText), Const(Value::Text("x"))); };
  std::vector<BExprPtr> conj;
  conj.push_back(Cmp(Op::kEq, Col(1, Affinity::kText), Col(2, Affinity::kText)));  // text columns
  conj.push_back(bound());
  EXPECT_TRUE(TransitiveTerms(Raw(conj)).empty());

  conj.clear();
  conj.push_back(Cmp(Op::kEq, Col(1, Affinity::kInteger), Col(2, Affinity::kNone)));  // converts one side
  conj.back()->apply_right = true;
  conj.push_back(Cmp(Op::kGt, Col(1, Affinity::kInteger), Const(Value::Integer(3))));
  EXPECT_TRUE(TransitiveTerms(Raw(conj)).empty());

  conj.clear();
  conj.push_back(Cmp(Op::kEq, Col(1, Affinity::kInteger), Col(2, Affinity::kInteger, /*nocase=*/true)));
  conj.push_back(Cmp(Op::kGt, Col(1, Affinity::kInteger), Const(Value::Integer(3))));
  EXPECT_TRUE(TransitiveTerms(Raw(conj)).empty());

  conj.clear();  // a correlated (outer) column
  conj.push_back(Cmp(Op::kEq, Col(1, Affinity::kInteger), Col(2, Affinity::kInteger, false, /*depth=*/1)));
  conj.push_back(Cmp(Op::kGt, Col(1, Affinity::kInteger), Const(Value::Integer(3))));
  EXPECT_TRUE(TransitiveTerms(Raw(conj)).empty());

  conj.clear();  // not equal: a <> b says nothing
  conj.push_back(Cmp(Op::kNe, Col(1, Affinity::kInteger), Col(2, Affinity::kInteger)));
  conj.push_back(Cmp(Op::kGt, Col(1, Affinity::kInteger), Const(Value::Integer(3))));
  EXPECT_TRUE(TransitiveTerms(Raw(conj)).empty());
}

TEST(TransitiveTerms, EqualityConstantPropagates) {
  std::vector<BExprPtr> conj;
  conj.push_back(Cmp(Op::kEq, Col(1, Affinity::kReal), Col(7, Affinity::kInteger)));
  conj.push_back(Cmp(Op::kEq, Col(7, Affinity::kInteger), Const(Value::Integer(5))));
  std::vector<BExprPtr> d = TransitiveTerms(Raw(conj));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0]->op, Op::kEq);
  EXPECT_EQ(d[0]->args[0]->index, 1);
  EXPECT_EQ(d[0]->args[0]->affinity, Affinity::kReal);
}

}  // namespace
}  // namespace s3lite::sql
