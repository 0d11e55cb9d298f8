// QueryHandle: one open `/.query`, `/.query.json` or `/.query.ndjson`.
//
// The primary interface is per handle: write SQL, then read its result on the
// same file descriptor; nothing is shared with other handles, so concurrent
// users never see each other's results. The SQL runs on the handle's own
// Connection (so BEGIN ... COMMIT may span several writes):
//   - a write() after which the accumulated text ends with a complete
//     statement (';' outside quotes) runs it at once; if it fails the write
//     fails (EINVAL) and the result reads "Error: <message>";
//   - text without a final ';' runs at the first read() or at close().
// Reads see the result from offset 0 whether or not the reader seeks back
// after writing: if the first read after the SQL ran is at or past the end
// of the last write, the result starts at that end; otherwise at offset 0.
//
// A handle opened write-only cannot read its result, so at close its result
// goes to SessionResults under the writer's session id; a handle that has
// not written SQL reads its session's last result (as of open).
//
// Thread-safety: operations are serialised by the handle's mutex.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "engine/db/database.h"
#include "fs/byte_stream.h"
#include "fs/file_handle.h"
#include "fs/query_run.h"
#include "fs/session_results.h"
#include "sql/connection.h"

namespace s3lite {

class QueryHandle : public FileHandle {
 public:
  // `sessions` must outlive the handle. `sid` < 0: unknown session.
  QueryHandle(std::shared_ptr<Database> db, RowFormat format, bool readable, pid_t sid,
              SessionResults* sessions);

  Status Read(uint64_t offset, size_t size, std::string* out) override;
  Status Write(uint64_t offset, std::string_view data) override;
  Status Flush() override;
  // True once SQL run through this handle changed rows (as of the last flush).
  bool wrote() const override { return changed_.load(); }

 private:
  Status Execute();  // requires mu_

  std::mutex mu_;
  std::shared_ptr<Database> db_;
  const RowFormat format_;
  const bool readable_;
  const pid_t sid_;
  SessionResults* sessions_;

  // All guarded by mu_.
  std::unique_ptr<Connection> conn_;
  std::string pending_sql_;
  std::unique_ptr<ByteStream> result_;
  uint64_t result_base_ = 0;       // file offset just after the last write
  std::optional<uint64_t> result_shift_;  // file offset of result byte 0 (set at first read)
  bool executed_ = false;          // some SQL ran through this handle
  bool unsaved_result_ = false;    // write-only: result not yet in sessions_
  std::shared_ptr<const std::string> session_text_;  // readers without SQL
  std::atomic<bool> changed_{false};
};

}  // namespace s3lite
