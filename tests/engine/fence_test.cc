// Writer epochs: acquisition, fencing, racing writers.
#include "engine/manifest/fence.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "engine/manifest/object_names.h"
#include "format_test_dir.h"

namespace s3lite {
namespace {

using format_test::TempStore;

TEST(FenceTest, EpochsIncrease) {
  TempStore t;
  EXPECT_EQ(0u, *CurrentMaxEpoch(t.store()));
  auto e1 = AcquireEpoch(t.store(), 1, "host-a pid 1");
  ASSERT_TRUE(e1.ok()) << e1.status().ToString();
  EXPECT_EQ(1u, *e1);
  auto e2 = AcquireEpoch(t.store());
  EXPECT_EQ(2u, *e2);
  EXPECT_EQ(2u, *CurrentMaxEpoch(t.store()));
  // at_least keeps epochs above a manifest's epoch even without fence objects.
  auto e3 = AcquireEpoch(t.store(), 10);
  EXPECT_EQ(10u, *e3);
  auto body = t.store().Get(FenceKey(1));
  ASSERT_TRUE(body.ok());
  EXPECT_NE(std::string::npos, body->find("host-a pid 1"));
}

TEST(FenceTest, CheckFenced) {
  TempStore t;
  uint64_t mine = *AcquireEpoch(t.store());
  EXPECT_TRUE(CheckFenced(t.store(), mine).ok());
  uint64_t newer = *AcquireEpoch(t.store());
  Status s = CheckFenced(t.store(), mine);
  EXPECT_TRUE(s.IsConflict());
  EXPECT_EQ("fenced: a newer writer (epoch " + std::to_string(newer) + ") has taken over", s.message());
  EXPECT_TRUE(CheckFenced(t.store(), newer).ok());
}

TEST(FenceTest, RacingWritersGetDistinctEpochs) {
  TempStore t;
  constexpr int kThreads = 8, kEach = 5;
  std::vector<std::vector<uint64_t>> got(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; i++) {
    threads.emplace_back([&, i] {
      for (int k = 0; k < kEach; k++) {
        auto e = AcquireEpoch(t.store(), 1, "thread " + std::to_string(i));
        ASSERT_TRUE(e.ok()) << e.status().ToString();
        got[i].push_back(*e);
      }
    });
  }
  for (auto& th : threads) th.join();
  std::set<uint64_t> all;
  for (const auto& v : got) {
    for (size_t k = 1; k < v.size(); k++) EXPECT_LT(v[k - 1], v[k]);  // increasing per writer
    all.insert(v.begin(), v.end());
  }
  EXPECT_EQ(static_cast<size_t>(kThreads * kEach), all.size());
  EXPECT_EQ(*all.rbegin(), *CurrentMaxEpoch(t.store()));
}

TEST(FenceTest, EpochLimit) {
  TempStore t;
  auto e = AcquireEpoch(t.store(), kMaxEpoch + 1);
  EXPECT_EQ(Status::Code::kInvalidArgument, e.status().code());
}

}  // namespace
}  // namespace s3lite
