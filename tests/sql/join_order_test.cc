// ConnectedJoinOrder (sql/planner/join_order.h): the FROM order unless it
// forms an avoidable cross product, else the greedy connected order.
#include "sql/planner/join_order.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/sql/sql_test_util.h"

namespace s3lite::sql {
namespace {

uint64_t Bits(std::initializer_list<int> items) {
  uint64_t m = 0;
  for (int i : items) m |= uint64_t{1} << i;
  return m;
}

TEST(JoinOrderTest, ConnectedFromOrderIsKept) {
  // t0-t1, t1-t2, t0-t3: every item joins the ones before it.
  std::vector<uint64_t> masks = {Bits({0, 1}), Bits({1, 2}), Bits({0, 3}), Bits({2})};
  EXPECT_EQ(ConnectedJoinOrder(4, masks), (std::vector<size_t>{0, 1, 2, 3}));
  // No join conditions at all: cross products either way, keep FROM order.
  EXPECT_EQ(ConnectedJoinOrder(3, {Bits({1})}), (std::vector<size_t>{0, 1, 2}));
  EXPECT_EQ(ConnectedJoinOrder(2, {}), (std::vector<size_t>{0, 1}));
}

TEST(JoinOrderTest, DisconnectedItemWaitsForItsPartner) {
  // t1 joins only t3, t3 joins t0, t2 joins t1: 0, 3, 1, 2.
  std::vector<uint64_t> masks = {Bits({1, 3}), Bits({0, 3}), Bits({2, 1})};
  EXPECT_EQ(ConnectedJoinOrder(4, masks), (std::vector<size_t>{0, 3, 1, 2}));
  // A three-table term connects only once both others are placed.
  masks = {Bits({0, 2}), Bits({0, 1, 2})};
  EXPECT_EQ(ConnectedJoinOrder(3, masks), (std::vector<size_t>{0, 2, 1}));
  // An island nothing reaches is joined last, as a cross product.
  masks = {Bits({0, 2}), Bits({2, 3})};
  EXPECT_EQ(ConnectedJoinOrder(4, masks), (std::vector<size_t>{0, 2, 3, 1}));
}

TEST(JoinOrderTest, SixtyFourTableChain) {
  // t(k) joins t(k+1), listed in reverse: a chain placed outward from t0.
  std::vector<uint64_t> masks;
  for (int k = 0; k < 63; k++) masks.push_back(Bits({k, k + 1}));
  std::vector<size_t> order = ConnectedJoinOrder(64, masks);
  for (size_t i = 0; i < 64; i++) EXPECT_EQ(order[i], i);
  std::vector<uint64_t> star;  // t0 is joined by the last item only
  for (int k = 1; k < 63; k++) star.push_back(Bits({k, 63}));
  star.push_back(Bits({0, 63}));
  order = ConnectedJoinOrder(64, star);
  EXPECT_EQ(order[0], 0u);
  EXPECT_EQ(order[1], 63u);
  EXPECT_EQ(order[2], 1u);
}

class JoinOrderSqlTest : public sqltest::SqlFixture {};

TEST_F(JoinOrderSqlTest, ReorderedJoinGivesSqlite3Results) {
  // FROM order t1, t2, t3 with t2 joined only through t3.
  std::string script =
      "CREATE TABLE t1(a INTEGER PRIMARY KEY, b);"
      "CREATE TABLE t2(a INTEGER PRIMARY KEY, b);"
      "CREATE TABLE t3(a INTEGER PRIMARY KEY, b);"
      "INSERT INTO t1 VALUES(1,2),(2,3),(3,1);"
      "INSERT INTO t2 VALUES(1,1),(2,2),(3,3);"
      "INSERT INTO t3 VALUES(1,3),(2,1),(3,2);"
      "SELECT t1.a, t2.a, t3.a FROM t1, t2, t3 WHERE t3.a = t1.b AND t2.b = t3.b ORDER BY 1;"
      "SELECT count(*) FROM t1 JOIN t2 JOIN t3 ON t3.b = t1.a AND t2.a = t3.a;"
      "SELECT t1.a, t2.a, t3.a FROM t1, t2, t3 WHERE t3.a = t1.b ORDER BY 1, 2;"
      "SELECT * FROM t1 AS x, t2 AS y, t1 AS z WHERE z.b = x.a AND y.a = z.a ORDER BY 1;";
  EXPECT_EQ(Run(script), sqltest::Sqlite3(script));
}

}  // namespace
}  // namespace s3lite::sql
