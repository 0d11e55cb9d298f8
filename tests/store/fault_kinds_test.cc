// FaultStore::FailWith: each kind of injected failure looks to the caller
// like the failure it stands for (tests/integration/store_fault_*_test.cc
// sweep them through the engine).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "engine/store/fault_store.h"
#include "engine/store/local_store.h"

namespace s3lite {
namespace {

namespace fs = std::filesystem;
using Fault = FaultStore::Fault;

class FaultKindsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("s3lite-faultkinds-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    auto r = LocalStore::Open(dir_.string());
    ASSERT_TRUE(r.ok());
    base_ = *r;
    ASSERT_TRUE(base_->Put("obj", "0123456789").ok());
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::shared_ptr<LocalStore> base_;
};

TEST_F(FaultKindsTest, ErrorTimeoutAndSlowDownCarryTheCause) {
  FaultStore f(base_);
  f.FailWith(StoreOp::kGet, 1, Fault::kError);
  f.FailWith(StoreOp::kGet, 2, Fault::kTimeout);
  f.FailWith(StoreOp::kGet, 3, Fault::kSlowDown);
  auto e = f.Get("obj");
  EXPECT_EQ(e.status().code(), Status::Code::kIOError);
  EXPECT_NE(f.last_injected().find("GET #1"), std::string::npos) << f.last_injected();
  auto t = f.Get("obj");
  EXPECT_EQ(t.status().code(), Status::Code::kTimeout);
  EXPECT_NE(t.status().message().find("timed out"), std::string::npos);
  auto s = f.Get("obj");
  EXPECT_EQ(s.status().code(), Status::Code::kIOError);
  EXPECT_NE(s.status().message().find("503 SlowDown"), std::string::npos) << s.status().ToString();
  for (const Status& st : {e.status(), t.status(), s.status()}) {
    EXPECT_EQ(st.message().rfind("injected fault", 0), 0u) << st.ToString();
    EXPECT_NE(st.message().find("obj"), std::string::npos) << st.ToString();
  }
  EXPECT_EQ(*f.Get("obj"), "0123456789");  // each rule fires once
  f.Reset();
  EXPECT_EQ(f.last_injected(), "");
}

TEST_F(FaultKindsTest, PartialBodyHalvesReadsAndCutsOffWrites) {
  FaultStore f(base_);
  f.FailWith(StoreOp::kGet, 1, Fault::kPartialBody);
  f.FailWith(StoreOp::kRangeGet, 1, Fault::kPartialBody);
  f.FailWith(StoreOp::kPut, 1, Fault::kPartialBody);
  auto got = f.Get("obj");
  ASSERT_TRUE(got.ok()) << "a cut-short body is not noticed by the store";
  EXPECT_EQ(*got, "01234");
  auto range = f.GetRange("obj", 2, 6);
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(*range, "234");
  Status put = f.Put("new", "abcdef");
  EXPECT_EQ(put.code(), Status::Code::kIOError);
  EXPECT_TRUE(base_->Get("new").status().IsNotFound()) << "a cut-off upload is not stored";
  EXPECT_EQ(*f.Get("obj"), "0123456789");
}

}  // namespace
}  // namespace s3lite
