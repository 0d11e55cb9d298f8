#include "cli/shell/serve_watchdog.h"

namespace s3lite {

Watchdog::Watchdog() : thread_([this] { Loop(); }) {}

Watchdog::~Watchdog() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

uint64_t Watchdog::Arm(Connection* conn, Clock::time_point deadline) {
  std::lock_guard<std::mutex> lock(mu_);
  uint64_t id = next_id_++;
  entries_[id] = Entry{conn, deadline};
  cv_.notify_all();
  return id;
}

void Watchdog::Disarm(uint64_t id) {
  std::lock_guard<std::mutex> lock(mu_);  // Loop interrupts with mu_ held
  entries_.erase(id);
}

void Watchdog::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    Clock::time_point next = Clock::time_point::max();
    const Clock::time_point now = Clock::now();
    for (auto& [id, e] : entries_) {
      if (e.deadline <= now) {
        e.conn->Interrupt();
        e.deadline = now + std::chrono::milliseconds(20);
      }
      next = std::min(next, e.deadline);
    }
    if (next == Clock::time_point::max()) {
      cv_.wait(lock);
    } else {
      cv_.wait_until(lock, next);
    }
  }
}

}  // namespace s3lite
