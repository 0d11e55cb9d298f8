#include "engine/util/worker_pool.h"

namespace s3lite {

WorkerPool::WorkerPool(size_t threads, size_t max_queued)
    : max_queued_(max_queued ? max_queued : 4 * (threads ? threads : 1)) {
  if (threads == 0) threads = 1;
  threads_.reserve(threads);
  for (size_t i = 0; i < threads; i++) threads_.emplace_back([this] { Run(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> l(mu_);
    stopping_ = true;
  }
  has_work_.notify_all();
  has_room_.notify_all();
  for (auto& t : threads_) t.join();
}

void WorkerPool::Enqueue(std::function<void()> job) {
  std::unique_lock<std::mutex> l(mu_);
  has_room_.wait(l, [&] { return queue_.size() < max_queued_ || stopping_; });
  queue_.push_back(std::move(job));
  l.unlock();
  has_work_.notify_one();
}

void WorkerPool::Wait() {
  std::unique_lock<std::mutex> l(mu_);
  idle_.wait(l, [&] { return queue_.empty() && active_ == 0; });
}

void WorkerPool::Run() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock<std::mutex> l(mu_);
      has_work_.wait(l, [&] { return !queue_.empty() || stopping_; });
      // Drain the queue before stopping: the destructor promises every
      // queued task runs.
      if (queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      active_++;
    }
    has_room_.notify_one();
    job();  // packaged_task captures exceptions into the future
    {
      std::lock_guard<std::mutex> l(mu_);
      active_--;
      if (queue_.empty() && active_ == 0) idle_.notify_all();
    }
  }
}

}  // namespace s3lite
