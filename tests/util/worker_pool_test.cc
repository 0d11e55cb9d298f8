#include "engine/util/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>

namespace s3lite {
namespace {

TEST(WorkerPool, RunsTasksAndReturnsResults) {
  WorkerPool pool(4);
  std::vector<std::future<int>> fs;
  for (int i = 0; i < 100; i++) fs.push_back(pool.Submit([i] { return i * i; }));
  for (int i = 0; i < 100; i++) EXPECT_EQ(fs[i].get(), i * i);
}

TEST(WorkerPool, RunsInParallelUpToThreadCount) {
  WorkerPool pool(4);
  std::atomic<int> running{0}, peak{0};
  std::vector<std::future<void>> fs;
  for (int i = 0; i < 16; i++) {
    fs.push_back(pool.Submit([&] {
      int now = ++running;
      int p = peak.load();
      while (now > p && !peak.compare_exchange_weak(p, now)) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      --running;
    }));
  }
  for (auto& f : fs) f.get();
  EXPECT_EQ(peak.load(), 4);
}

TEST(WorkerPool, BoundedQueueBlocksProducers) {
  WorkerPool pool(1, 2);
  std::promise<void> gate;
  std::shared_future<void> open = gate.get_future().share();
  auto blocker = pool.Submit([open] { open.wait(); });
  auto a = pool.Submit([] {});
  auto b = pool.Submit([] {});  // queue now full (2)
  std::atomic<bool> submitted{false};
  std::thread producer([&] {
    pool.Submit([] {}).get();
    submitted = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(submitted.load());  // blocked by back pressure
  gate.set_value();
  producer.join();
  EXPECT_TRUE(submitted.load());
}

TEST(WorkerPool, PropagatesExceptionsThroughFutures) {
  WorkerPool pool(2);
  auto f = pool.Submit([]() -> int { throw std::runtime_error("boom"); });
  EXPECT_THROW(f.get(), std::runtime_error);
  EXPECT_EQ(pool.Submit([] { return 7; }).get(), 7);  // the pool survives
}

TEST(WorkerPool, WaitAndDestructorFinishQueuedWork) {
  std::atomic<int> done{0};
  {
    WorkerPool pool(2, 1000);
    for (int i = 0; i < 200; i++) {
      pool.Submit([&] {
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        done++;
      });
    }
    pool.Wait();
    EXPECT_EQ(done.load(), 200);
    for (int i = 0; i < 50; i++) pool.Submit([&] { done++; });
  }  // destructor drains and joins
  EXPECT_EQ(done.load(), 250);
}

}  // namespace
}  // namespace s3lite
