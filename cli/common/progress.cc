#include "cli/common/progress.h"

#include <unistd.h>

#include <cstdio>

namespace s3lite {

Progress::Progress(bool quiet) : enabled_(!quiet && isatty(STDERR_FILENO) != 0) {}

void Progress::Update(const std::string& status) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (shown_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  std::fprintf(stderr, "\r%s\x1b[K", status.c_str());
  std::fflush(stderr);
  shown_ = true;
}

void Progress::Done() {
  if (!enabled_ || !shown_) return;
  std::fprintf(stderr, "\r\x1b[K");
  std::fflush(stderr);
  shown_ = false;
}

}  // namespace s3lite
