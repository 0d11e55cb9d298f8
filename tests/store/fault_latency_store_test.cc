#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "engine/store/fault_store.h"
#include "engine/store/latency_store.h"
#include "engine/store/local_store.h"

namespace s3lite {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

class WrapperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("s3lite-wrap-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    auto r = LocalStore::Open(dir_.string());
    ASSERT_TRUE(r.ok());
    base_ = *r;
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::shared_ptr<LocalStore> base_;
};

TEST_F(WrapperTest, FaultStoreFailsTheNthCallOfAKind) {
  FaultStore f(base_);
  f.FailAt(StoreOp::kPut, 2);
  EXPECT_TRUE(f.Put("a", "1").ok());
  Status st = f.Put("b", "2");
  EXPECT_EQ(st.code(), Status::Code::kIOError);
  EXPECT_EQ(st.message().rfind("injected fault", 0), 0u) << st.message();
  EXPECT_NE(st.message().find("PUT #2"), std::string::npos) << st.message();
  EXPECT_TRUE(base_->Get("b").status().IsNotFound());  // the failed put never reached the store
  EXPECT_TRUE(f.Put("c", "3").ok());                   // a rule fires once
  EXPECT_TRUE(f.Get("a").ok());
  EXPECT_EQ(f.calls(StoreOp::kPut), 3u);
  EXPECT_EQ(f.stats().Snapshot().errors, 1u);
}

TEST_F(WrapperTest, FaultStoreCountsAnyKind) {
  FaultStore f(base_);
  f.FailAt(std::nullopt, 3);
  EXPECT_TRUE(f.Put("a", "1").ok());
  EXPECT_TRUE(f.Get("a").ok());
  EXPECT_FALSE(f.List("").ok());  // third call of any kind
  EXPECT_TRUE(f.Head("a").ok());
}

TEST_F(WrapperTest, FaultStoreCrashFailsEverythingAfterwards) {
  FaultStore f(base_);
  f.CrashAt(StoreOp::kPutIfAbsent, 2);
  EXPECT_TRUE(f.PutIfAbsent("m/1", "x").ok());
  EXPECT_FALSE(f.PutIfAbsent("m/2", "y").ok());
  EXPECT_TRUE(f.crashed());
  EXPECT_FALSE(f.Get("m/1").ok());
  Status st = f.Delete("m/1");
  EXPECT_NE(st.message().find("crashed at PUT_IF_ABSENT #2"), std::string::npos) << st.message();
  EXPECT_TRUE(base_->Get("m/1").ok());  // the store itself is intact
  f.Reset();
  EXPECT_TRUE(f.Get("m/1").ok());
}

TEST_F(WrapperTest, FaultStorePartialPutWritesButReportsFailure) {
  FaultStore f(base_);
  f.PartialPutAt(StoreOp::kPutIfAbsent, 1);
  Status st = f.PutIfAbsent("wal/1", "record");
  EXPECT_EQ(st.code(), Status::Code::kIOError);
  EXPECT_NE(st.message().find("acknowledgement was lost"), std::string::npos);
  auto got = base_->Get("wal/1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, "record");
  // A retry by the caller now sees AlreadyExists, as on a real store.
  EXPECT_TRUE(f.PutIfAbsent("wal/1", "record").IsAlreadyExists());
}

TEST_F(WrapperTest, FaultStoreDelays) {
  FaultStore f(base_);
  f.DelayAt(StoreOp::kGet, 1, milliseconds(100));
  ASSERT_TRUE(base_->Put("k", "v").ok());
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(f.Get("k").ok());
  EXPECT_GE(std::chrono::steady_clock::now() - t0, milliseconds(100));
  t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(f.Get("k").ok());
  EXPECT_LT(std::chrono::steady_clock::now() - t0, milliseconds(100));
}

TEST_F(WrapperTest, LatencyStoreAddsFirstByteLatencyAndTransferTime) {
  LatencyStore l(base_, milliseconds(30));
  ASSERT_TRUE(l.Put("k", std::string(1000, 'x')).ok());
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(l.Get("k").ok());
  ASSERT_TRUE(l.Head("k").ok());
  auto took = std::chrono::steady_clock::now() - t0;
  EXPECT_GE(took, milliseconds(60));
  EXPECT_LT(took, milliseconds(1000));
  // 1000 bytes at 10 kB/s = 100 ms on top.
  l.SetLatency(milliseconds(0), 10000);
  t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(l.Get("k").ok());
  EXPECT_GE(std::chrono::steady_clock::now() - t0, milliseconds(100));
  EXPECT_EQ(l.stats().Snapshot().gets(), 2u);
  EXPECT_EQ(base_->stats().Snapshot().gets(), 2u);
}

TEST_F(WrapperTest, LatencyRequestsOverlapAcrossThreads) {
  LatencyStore l(base_, milliseconds(100));
  ASSERT_TRUE(base_->Put("k", "v").ok());
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> ts;
  for (int i = 0; i < 8; i++) ts.emplace_back([&] { EXPECT_TRUE(l.Get("k").ok()); });
  for (auto& t : ts) t.join();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, milliseconds(700));
}

}  // namespace
}  // namespace s3lite
