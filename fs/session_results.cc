#include "fs/session_results.h"

#include <chrono>

namespace s3lite {

int64_t MonotonicMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void SessionResults::PurgeExpired(int64_t now_ms) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.expires_ms <= now_ms) {
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
}

void SessionResults::Put(pid_t sid, RowFormat format, std::string text) {
  int64_t now = MonotonicMs();
  std::lock_guard<std::mutex> lock(mu_);
  PurgeExpired(now);
  entries_[{sid, format}] = Entry{std::make_shared<const std::string>(std::move(text)),
                                  now + ttl_ms_};
}

std::shared_ptr<const std::string> SessionResults::Get(pid_t sid, RowFormat format) {
  int64_t now = MonotonicMs();
  std::lock_guard<std::mutex> lock(mu_);
  PurgeExpired(now);
  auto it = entries_.find({sid, format});
  if (it == entries_.end()) return nullptr;
  return it->second.text;
}

size_t SessionResults::size() {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

}  // namespace s3lite
