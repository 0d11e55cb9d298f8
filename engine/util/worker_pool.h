// WorkerPool: a fixed set of threads running submitted tasks, with a bounded
// queue so producers slow down instead of piling up unbounded work.
//
// Used by higher layers for chunk prefetch and multi-chunk writes:
//
//   WorkerPool pool(8);
//   std::future<Status> f = pool.Submit([&] { return store->Put(key, data); });
//   ...
//   Status st = f.get();
//
// Contract:
//  - Submit() blocks while `max_queued` tasks are already waiting (back
//    pressure); it never drops a task. Tasks run in FIFO order of submission
//    (start order; completion order depends on the tasks).
//  - The returned future carries the task's result or exception.
//  - Submitting from inside a task is allowed when the queue has room; a task
//    that waits on the future of another task it submitted can deadlock a pool
//    whose threads are all waiting, as with any fixed pool.
//  - The destructor finishes every queued task, then joins all threads.
//  - Wait() blocks until the queue is empty and no task is running.
//
// Thread-safety: every method may be called from any thread concurrently.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace s3lite {

class WorkerPool {
 public:
  // `threads` >= 1; `max_queued` 0 means 4 * threads.
  explicit WorkerPool(size_t threads, size_t max_queued = 0);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  template <typename F>
  auto Submit(F&& fn) -> std::future<std::invoke_result_t<std::decay_t<F>>> {
    using R = std::invoke_result_t<std::decay_t<F>>;
    // packaged_task is move-only; std::function needs copyable, so share it.
    auto task = std::make_shared<std::packaged_task<R()>>(std::forward<F>(fn));
    std::future<R> fut = task->get_future();
    Enqueue([task] { (*task)(); });
    return fut;
  }

  // Blocks until every task submitted so far has finished.
  void Wait();

  size_t threads() const { return threads_.size(); }

 private:
  void Enqueue(std::function<void()> job);
  void Run();

  const size_t max_queued_;
  std::mutex mu_;
  std::condition_variable has_work_;   // queue non-empty or stopping
  std::condition_variable has_room_;   // queue below max_queued_
  std::condition_variable idle_;       // queue empty and active_ == 0
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  size_t active_ = 0;                        // guarded by mu_: tasks running
  bool stopping_ = false;                    // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace s3lite
