// One conformance suite for every ObjectStore: run against LocalStore (a temp
// directory) and S3Store (the radosgw of the test run; see
// tests/util/s3_test_env.h for when that is skipped or fails).
#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "engine/store/local_store.h"
#include "engine/store/s3_store.h"
#include "engine/util/worker_pool.h"
#include "tests/util/s3_test_env.h"

namespace s3lite {
namespace {

std::string Pattern(size_t n, uint32_t seed) {
  std::string s(n, '\0');
  uint32_t x = seed * 2654435761u + 1;
  for (size_t i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    s[i] = static_cast<char>(x);
  }
  return s;
}

class StoreConformance : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "local") {
      dir_ = std::filesystem::temp_directory_path() /
             ("s3lite-store-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
      std::filesystem::remove_all(dir_);
      auto r = LocalStore::Open(dir_.string());
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      store_ = *r;
    } else {
      S3LITE_REQUIRE_S3(env);
      store_ = testing::OpenTestS3Store(env, "conformance");
      ASSERT_NE(store_, nullptr);
    }
  }
  void TearDown() override {
    if (!store_) return;
    if (GetParam() == "local") {
      std::filesystem::remove_all(dir_);
    } else {
      testing::DeleteAllObjects(*store_);
    }
  }
  bool is_s3() const { return GetParam() == "s3"; }

  static inline std::atomic<int> counter_{0};
  std::filesystem::path dir_;
  std::shared_ptr<ObjectStore> store_;
};

TEST_P(StoreConformance, RoundTripsEmptyOneByteAndFiveMiB) {
  for (size_t n : {size_t{0}, size_t{1}, size_t{5} << 20}) {
    std::string key = "obj/size-" + std::to_string(n);
    std::string data = Pattern(n, static_cast<uint32_t>(n));
    ASSERT_TRUE(store_->Put(key, data).ok()) << n;
    auto got = store_->Get(key);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(got->size(), n);
    EXPECT_TRUE(*got == data) << "content differs for size " << n;
    auto head = store_->Head(key);
    ASSERT_TRUE(head.ok()) << head.status().ToString();
    EXPECT_EQ(head->size, n);
    EXPECT_GT(head->mtime_unix_ms, 1600000000000);
  }
}

TEST_P(StoreConformance, PutReplacesWholeObject) {
  ASSERT_TRUE(store_->Put("k", std::string(1000, 'a')).ok());
  ASSERT_TRUE(store_->Put("k", "short").ok());
  auto got = store_->Get("k");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, "short");
}

TEST_P(StoreConformance, RangesIncludingPastTheEnd) {
  std::string data = Pattern(1000, 7);
  ASSERT_TRUE(store_->Put("r", data).ok());
  struct Case { uint64_t off, len; std::string want; };
  std::vector<Case> cases = {{0, 10, data.substr(0, 10)},   {500, 1, data.substr(500, 1)},
                             {990, 100, data.substr(990)},  {0, 1000, data},
                             {0, 5000, data},               {999, 1, data.substr(999)},
                             {1000, 10, ""},                {5000, 1, ""},
                             {10, 0, ""},                   {900, UINT64_MAX, data.substr(900)}};
  for (const Case& c : cases) {
    auto got = store_->GetRange("r", c.off, c.len);
    ASSERT_TRUE(got.ok()) << c.off << "+" << c.len << ": " << got.status().ToString();
    EXPECT_TRUE(*got == c.want) << c.off << "+" << c.len << " gave " << got->size() << " bytes";
  }
  ASSERT_TRUE(store_->Put("empty", "").ok());
  auto got = store_->GetRange("empty", 0, 10);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got, "");
}

TEST_P(StoreConformance, MissingKeyIsNotFound) {
  EXPECT_TRUE(store_->Get("no/such").status().IsNotFound()) << store_->Get("no/such").status().ToString();
  EXPECT_TRUE(store_->GetRange("no/such", 0, 10).status().IsNotFound());
  EXPECT_TRUE(store_->Head("no/such").status().IsNotFound());
  EXPECT_TRUE(store_->Delete("no/such").ok());  // idempotent
  EXPECT_TRUE(store_->DeleteMany({"no/a", "no/b"}).ok());
  auto list = store_->List("no/");
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
}

TEST_P(StoreConformance, AnyKeyStringWorks) {
  std::vector<std::string> keys = {"plain",           "with space",      "dir/sub dir/file",  "uni/\xC3\xBC\xE2\x82\xAC",
                                   "sym/+=&%?#;,:@$", "dots/./..x/.hid", "tilde~/a_b-c.d",    "dir",
                                   "dir/child",       "pct/%41%2F",      "brackets/[x]{y}<z>", "quote/'\"`"};
  for (size_t i = 0; i < keys.size(); i++) {
    ASSERT_TRUE(store_->Put(keys[i], "v" + std::to_string(i)).ok()) << keys[i];
  }
  for (size_t i = 0; i < keys.size(); i++) {
    auto got = store_->Get(keys[i]);
    ASSERT_TRUE(got.ok()) << keys[i] << ": " << got.status().ToString();
    EXPECT_EQ(*got, "v" + std::to_string(i)) << keys[i];
  }
  auto list = store_->List("");
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  std::vector<std::string> listed;
  for (const auto& o : *list) listed.push_back(o.key);
  std::vector<std::string> want = keys;
  std::sort(want.begin(), want.end());
  EXPECT_EQ(listed, want);
}

TEST_P(StoreConformance, ListIsSortedAndFiltersByPrefix) {
  for (std::string k : {"b/2", "a/1", "a/10", "a/2", "ab", "a", "c/x/y/z"}) ASSERT_TRUE(store_->Put(k, k).ok());
  auto all = store_->List("");
  ASSERT_TRUE(all.ok());
  std::vector<std::string> keys;
  for (const auto& o : *all) keys.push_back(o.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"a", "a/1", "a/10", "a/2", "ab", "b/2", "c/x/y/z"}));
  auto a = store_->List("a/");
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->size(), 3u);
  EXPECT_EQ((*a)[0].key, "a/1");
  EXPECT_EQ((*a)[0].size, 3u);
  auto partial = store_->List("a/1");  // prefix, not a directory
  ASSERT_TRUE(partial.ok());
  EXPECT_EQ(partial->size(), 2u);
  auto deep = store_->List("c/x/");
  ASSERT_TRUE(deep.ok());
  ASSERT_EQ(deep->size(), 1u);
  EXPECT_EQ((*deep)[0].key, "c/x/y/z");
}

TEST_P(StoreConformance, ListsAndDeletesMoreThanAThousandKeys) {
  constexpr int kN = 1100;
  WorkerPool pool(16);
  std::vector<std::future<Status>> puts;
  for (int i = 0; i < kN; i++) {
    puts.push_back(pool.Submit([this, i] {
      char key[32];
      std::snprintf(key, sizeof key, "many/%05d", i);
      return store_->Put(key, std::to_string(i));
    }));
  }
  for (auto& f : puts) ASSERT_TRUE(f.get().ok());
  StoreStatsSnapshot before = store_->stats().Snapshot();
  auto list = store_->List("many/");
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), static_cast<size_t>(kN));
  for (int i = 0; i < kN; i++) {
    char key[32];
    std::snprintf(key, sizeof key, "many/%05d", i);
    ASSERT_EQ((*list)[i].key, key);
    ASSERT_EQ((*list)[i].size, std::to_string(i).size());
  }
  StoreStatsSnapshot listed = store_->stats().Snapshot() - before;
  if (is_s3()) {
    EXPECT_EQ(listed.requests[static_cast<int>(StoreOp::kList)], 2u);  // 1000 + 100
  }

  std::vector<std::string> keys;
  for (const auto& o : *list) keys.push_back(o.key);
  before = store_->stats().Snapshot();
  ASSERT_TRUE(store_->DeleteMany(keys).ok());
  StoreStatsSnapshot deleted = store_->stats().Snapshot() - before;
  if (is_s3()) {
    EXPECT_EQ(deleted.requests[static_cast<int>(StoreOp::kDelete)], 2u);  // batches of <= 1000
  }
  auto after = store_->List("many/");
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->empty()) << after->size() << " keys left";
}

TEST_P(StoreConformance, PutIfAbsentRaceHasExactlyOneWinner) {
  constexpr int kThreads = 16;
  for (int round = 0; round < 3; round++) {
    std::string key = "race/" + std::to_string(round);
    std::atomic<int> wins{0}, exists{0}, other{0};
    std::atomic<int> winner{-1};
    std::barrier start(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; t++) {
      threads.emplace_back([&, t] {
        std::string data = "writer " + std::to_string(t) + " " + Pattern(4096, t);
        start.arrive_and_wait();
        Status st = store_->PutIfAbsent(key, data);
        if (st.ok()) {
          wins++;
          winner = t;
        } else if (st.IsAlreadyExists()) {
          exists++;
        } else {
          other++;
          ADD_FAILURE() << st.ToString();
        }
      });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(wins.load(), 1) << "round " << round;
    EXPECT_EQ(exists.load(), kThreads - 1);
    EXPECT_EQ(other.load(), 0);
    auto got = store_->Get(key);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->substr(0, got->find(' ', 7)), "writer " + std::to_string(winner.load()));
  }
}

TEST_P(StoreConformance, PutIfAbsentLeavesExistingObjectAlone) {
  ASSERT_TRUE(store_->PutIfAbsent("once", "first").ok());
  Status st = store_->PutIfAbsent("once", "second");
  EXPECT_TRUE(st.IsAlreadyExists()) << st.ToString();
  EXPECT_NE(st.message().find("once"), std::string::npos) << st.message();
  auto got = store_->Get("once");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, "first");
  // After a delete the name can be created again.
  ASSERT_TRUE(store_->Delete("once").ok());
  EXPECT_TRUE(store_->PutIfAbsent("once", "third").ok());
}

TEST_P(StoreConformance, DeleteAndDeleteMany) {
  for (std::string k : {"d/1", "d/2", "d/3", "keep"}) ASSERT_TRUE(store_->Put(k, "x").ok());
  ASSERT_TRUE(store_->Delete("d/1").ok());
  EXPECT_TRUE(store_->Get("d/1").status().IsNotFound());
  ASSERT_TRUE(store_->DeleteMany({"d/2", "d/3", "d/missing"}).ok());
  ASSERT_TRUE(store_->DeleteMany({}).ok());
  auto list = store_->List("");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].key, "keep");
}

TEST_P(StoreConformance, CountsRequestsAndBytes) {
  StoreStatsSnapshot before = store_->stats().Snapshot();
  ASSERT_TRUE(store_->Put("s", std::string(100, 'x')).ok());
  ASSERT_TRUE(store_->PutIfAbsent("s2", std::string(50, 'y')).ok());
  ASSERT_TRUE(store_->Get("s").ok());
  ASSERT_TRUE(store_->GetRange("s", 10, 20).ok());
  ASSERT_TRUE(store_->Head("s").ok());
  ASSERT_TRUE(store_->List("").ok());
  ASSERT_TRUE(store_->Delete("s").ok());
  EXPECT_TRUE(store_->Get("s").status().IsNotFound());
  StoreStatsSnapshot d = store_->stats().Snapshot() - before;
  EXPECT_EQ(d.requests[static_cast<int>(StoreOp::kPut)], 1u);
  EXPECT_EQ(d.requests[static_cast<int>(StoreOp::kPutIfAbsent)], 1u);
  EXPECT_EQ(d.requests[static_cast<int>(StoreOp::kGet)], 2u);
  EXPECT_EQ(d.requests[static_cast<int>(StoreOp::kRangeGet)], 1u);
  EXPECT_EQ(d.requests[static_cast<int>(StoreOp::kHead)], 1u);
  EXPECT_EQ(d.requests[static_cast<int>(StoreOp::kList)], 1u);
  EXPECT_EQ(d.requests[static_cast<int>(StoreOp::kDelete)], 1u);
  EXPECT_EQ(d.bytes_written, 150u);
  EXPECT_EQ(d.bytes_read, 120u);
  EXPECT_EQ(d.errors, 0u);  // NotFound is an answer, not an error
}

TEST_P(StoreConformance, CheckReachable) { EXPECT_TRUE(store_->CheckReachable().ok()); }

INSTANTIATE_TEST_SUITE_P(Stores, StoreConformance, ::testing::Values("local", "s3"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace s3lite
