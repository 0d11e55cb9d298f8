// Progress: a one-line status on stderr for long operations, shown only
// when stderr is a terminal and the user did not ask for --quiet; silent
// otherwise so scripts and pipes see clean output.
//
// Thread-safety: one thread updates a Progress.
#pragma once

#include <chrono>
#include <string>

namespace s3lite {

class Progress {
 public:
  // enabled = stderr is a terminal && !quiet.
  explicit Progress(bool quiet);
  ~Progress() { Done(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  bool enabled() const { return enabled_; }
  // Replaces the status line (rate-limited to ~10 updates a second).
  void Update(const std::string& status);
  // Clears the status line.
  void Done();

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace s3lite
