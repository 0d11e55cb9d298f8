// SessionResults: the last `/.query` result of each caller session.
//
// `echo "SELECT ..." > /mnt/db/.query; cat /mnt/db/.query` uses two handles,
// so the result has to outlive the first one. A write-only `.query` handle
// stores its rendered result here under (session id of the writing process,
// format) at close; a later open for reading from the same session (a shell
// and the commands it runs share one) sees it. Other sessions never do.
// Results expire `ttl_ms` after they were stored and are replaced by the
// session's next write-only query. Text is capped at kMaxBytes: larger
// results end with an "Error:" line telling the user to read the result on
// the writing handle instead (which streams without limit).
//
// Thread-safety: all methods are thread-safe (one mutex guards the map).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "fs/row_format.h"

namespace s3lite {

class SessionResults {
 public:
  static constexpr size_t kMaxBytes = 16u << 20;

  explicit SessionResults(int64_t ttl_ms) : ttl_ms_(ttl_ms) {}

  void Put(pid_t sid, RowFormat format, std::string text);
  // nullptr if there is no unexpired result for (sid, format).
  std::shared_ptr<const std::string> Get(pid_t sid, RowFormat format);
  size_t size();

 private:
  struct Entry {
    std::shared_ptr<const std::string> text;
    int64_t expires_ms;
  };
  void PurgeExpired(int64_t now_ms);  // requires mu_

  const int64_t ttl_ms_;
  std::mutex mu_;
  std::map<std::pair<pid_t, RowFormat>, Entry> entries_;  // guarded by mu_
};

// Milliseconds on a monotonic clock.
int64_t MonotonicMs();

}  // namespace s3lite
