// Aggregates checked against sqlite3 over VALUES lists: empty input, NULLs,
// integer/real mixes, overflow, separators.
#include <gtest/gtest.h>

#include <limits>

#include "tests/sql/difftest/expr_cases.h"

namespace s3lite {
namespace {

using namespace difftest;  // NOLINT

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

TEST(FunctionAggregateTest, MatchesSqlite) {
  std::vector<std::vector<std::vector<Value>>> inputs = {
      {},
      {{N()}},
      {{I(1)}, {I(2)}, {I(3)}},
      {{I(1)}, {N()}, {R(2.5)}},
      {{R(0.1)}, {R(0.2)}, {R(0.3)}},
      {{I(kMax)}, {I(1)}},
      {{I(kMax)}, {I(1)}, {R(1.5)}},
      {{R(1.5)}, {I(kMax)}, {I(1)}},
      {{I(kMax)}, {I(1)}, {I(-5)}},
      {{T("12")}, {T("1.0")}, {T("abc")}, {T(" 7 ")}},
      {{T("12")}, {T("3")}},
      {{T("b")}, {T("a")}, {I(5)}, {R(5.0)}, {B("z")}},
      {{I(1)}, {R(1.0)}},
      {{R(1.0)}, {I(1)}},
      {{T("")}, {T("")}},
      {{B("x")}, {I(3)}, {N()}, {R(0.5)}},
  };
  std::vector<ExprCase> c;
  for (const auto& rows : inputs) {
    for (const char* f : {"count", "sum", "total", "avg", "min", "max", "group_concat"}) {
      c.push_back(Agg(f, rows, 1));
    }
    c.push_back(Agg("count", std::vector<std::vector<Value>>(rows.size()), 0));
    std::vector<std::vector<Value>> with_sep;
    int k = 0;
    for (const auto& r : rows) {
      Value sep = (k % 3 == 0) ? T("; ") : (k % 3 == 1) ? N() : I(0);
      with_sep.push_back({r[0], sep});
      k++;
    }
    c.push_back(Agg("group_concat", with_sep, 2));
  }
  ExpectSameAsSqlite(c);
}

TEST(FunctionAggregateTest, SumOverflowIsAnError) {
  const AggregateFunction* sum = FindAggregateFunction("sum", 1);
  ASSERT_NE(sum, nullptr);
  auto agg = sum->make();
  ASSERT_TRUE(agg->Step({I(kMax)}).ok());
  ASSERT_TRUE(agg->Step({I(1)}).ok());
  Result<Value> r = agg->Finalize();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "integer overflow");
  // total() never fails.
  auto total = FindAggregateFunction("total", 1)->make();
  ASSERT_TRUE(total->Step({I(kMax)}).ok());
  ASSERT_TRUE(total->Step({I(1)}).ok());
  EXPECT_TRUE(total->Finalize()->is_real());
}

TEST(FunctionAggregateTest, StringAggUsesItsSeparator) {
  const AggregateFunction* f = FindAggregateFunction("string_agg", 2);
  ASSERT_NE(f, nullptr);
  auto agg = f->make();
  ASSERT_TRUE(agg->Step({T("a"), T("-")}).ok());
  ASSERT_TRUE(agg->Step({N(), T("-")}).ok());
  ASSERT_TRUE(agg->Step({I(2), T("+")}).ok());
  EXPECT_EQ(agg->Finalize()->text(), "a+2");
}

}  // namespace
}  // namespace s3lite
