// Date/time functions checked against sqlite3 on fixed inputs (never 'now'
// or localtime, which depend on the clock and the machine's zone).
#include <gtest/gtest.h>

#include "tests/sql/difftest/expr_cases.h"

namespace s3lite {
namespace {

using namespace difftest;  // NOLINT

TEST(FunctionDateTest, MatchesSqlite) {
  std::vector<Value> times = {
      T("2024-02-29"), T("2024-02-29 13:45"), T("2024-02-29T13:45:07"), T("2024-02-29 13:45:07.123"),
      T("2024-02-29 13:45:07.9999"), T("1970-01-01 00:00:00Z"), T("2021-06-30 23:59:59+02:30"),
      T("2021-06-30 01:00-05:00"), T("13:45"), T("13:45:30.5"), T("0000-01-01"), T("9999-12-31 23:59:59"),
      T("2024-13-01"), T("2024-02-30"), T("2024-2-3"), T("garbage"), T(""), I(2460000), R(2460000.25),
      T("2460000.5"), I(0), I(-1), I(1700000000), R(1e20), N(), T("2023-01-01 24:00:00"),
      T("  2023-01-01"), T("2023-01-01 10:00:00 Z"), T("-0044-03-15")};
  std::vector<Value> modifiers = {
      T("+1 day"), T("-3 days"), T("+1.5 days"), T("+25 hours"), T("-90 minutes"), T("+45 seconds"),
      T("+1 month"), T("-13 months"), T("+1.5 months"), T("+1 year"), T("-400 years"),
      T("start of month"), T("start of year"), T("start of day"), T("weekday 0"), T("weekday 3"),
      T("weekday 7"), T("unixepoch"), T("julianday"), T("auto"), T("+01:30"), T("-00:00:30.5"),
      T("+10:00:00"), T("bogus"), T("+1 fortnight"), T("START OF MONTH"), T("+2 DAYS"), N()};
  std::vector<ExprCase> c;
  for (const char* f : {"date", "time", "datetime", "julianday", "unixepoch"}) {
    for (const Value& t : times) {
      c.push_back(Call(f, {t}));
      for (const Value& m : modifiers) c.push_back(Call(f, {t, m}));
    }
  }
  for (const Value& t : {T("2024-02-29 13:45:07.123"), T("2021-01-03"), T("2020-12-31 23:59:59.9995")}) {
    for (const char* fmt : {"%Y-%m-%d %H:%M:%S", "%f", "%j", "%W", "%w", "%J", "%s", "%%", "%q",
                            "week %W day %j", "%", "plain"}) {
      c.push_back(Call("strftime", {T(fmt), t}));
      c.push_back(Call("strftime", {T(fmt), t, T("+7 days")}));
    }
  }
  c.push_back(Call("strftime", {N(), T("2020-01-01")}));
  c.push_back(Call("datetime", {I(1700000000), T("unixepoch"), T("start of day"), T("+12 hours")}));
  c.push_back(Call("date", {T("2024-01-31"), T("+1 month")}));
  c.push_back(Call("date", {T("2024-03-31"), T("-1 month")}));
  c.push_back(Call("unixepoch", {T("2024-02-29 13:45:07.999")}));
  ExpectSameAsSqlite(c);
}

TEST(FunctionDateTest, NowIsCurrent) {
  const ScalarFunction* f = FindScalarFunction("unixepoch", 0);
  ASSERT_NE(f, nullptr);
  Result<Value> v = f->fn({});
  ASSERT_TRUE(v.ok());
  EXPECT_NEAR(static_cast<double>(v->integer()), static_cast<double>(time(nullptr)), 5.0);
  const ScalarFunction* d = FindScalarFunction("date", 1);
  Result<Value> now = d->fn({T("now")});
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->text().size(), 10u);
}

}  // namespace
}  // namespace s3lite
