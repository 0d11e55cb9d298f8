// Watchdog: enforces `s3lite serve --timeout-ms` by calling
// Connection::Interrupt() on a request's connection once its deadline has
// passed, and again every 20 ms until the request disarms it (a statement
// starting after an interrupt clears the flag, so one call is not enough for
// a multi-statement request). One background thread serves all requests.
//
// Thread-safety: Arm/Disarm may be called from any thread. Disarm returns
// only when no Interrupt() call for that entry is running, so the caller may
// reuse or destroy the connection afterwards.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>

#include "sql/connection.h"

namespace s3lite {

class Watchdog {
 public:
  using Clock = std::chrono::steady_clock;
  Watchdog();
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  uint64_t Arm(Connection* conn, Clock::time_point deadline);
  void Disarm(uint64_t id);

 private:
  void Loop();

  struct Entry {
    Connection* conn;
    Clock::time_point deadline;
  };
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<uint64_t, Entry> entries_;  // guarded by mu_
  uint64_t next_id_ = 1;               // guarded by mu_
  bool stop_ = false;                  // guarded by mu_
  std::thread thread_;
};

// Arms on construction (when `enabled`), disarms on destruction.
class WatchdogGuard {
 public:
  WatchdogGuard(Watchdog* dog, Connection* conn, bool enabled, Watchdog::Clock::time_point deadline)
      : dog_(enabled ? dog : nullptr), id_(dog_ ? dog_->Arm(conn, deadline) : 0) {}
  ~WatchdogGuard() {
    if (dog_) dog_->Disarm(id_);
  }
  WatchdogGuard(const WatchdogGuard&) = delete;
  WatchdogGuard& operator=(const WatchdogGuard&) = delete;

 private:
  Watchdog* dog_;
  uint64_t id_;
};

}  // namespace s3lite
