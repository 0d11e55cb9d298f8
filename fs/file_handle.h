// FileHandle: the per-open state of a file in the mount (FUSE's `fh`).
//
//   TableReadHandle   `/<t>.csv|.ndjson` opened for reading: a ByteStream over
//                     a TableSource (one snapshot, rendered as read)
//   TableWriteHandle  `/<t>.csv|.ndjson` opened O_APPEND or O_TRUNC: a
//                     TableWriter; flush (close) commits
//   TextHandle        `/.schema`, `/.stats`: text fixed at open
//   QueryHandle       `/.query*` (query_handle.h)
//
// Operations return a Status; the FUSE layer turns it into an errno with
// ErrnoFor() and logs the refusal.
//
// Thread-safety: the FUSE loop may call into one handle from several threads
// (a process may read one fd from two threads); every handle serialises its
// operations with its own mutex.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "engine/db/database.h"
#include "engine/util/status.h"
#include "fs/byte_stream.h"
#include "fs/row_format.h"
#include "fs/table_writer.h"

namespace s3lite {

class FileHandle {
 public:
  virtual ~FileHandle() = default;
  // Up to `size` bytes at `offset`, copied to *out.
  virtual Status Read(uint64_t offset, size_t size, std::string* out);
  virtual Status Write(uint64_t offset, std::string_view data);
  // close() of one file descriptor (and fsync): commit point for writers.
  virtual Status Flush();
  // Last close: discard anything uncommitted.
  virtual void Release() {}
  // True if writes through this handle may have committed something.
  virtual bool wrote() const { return false; }
};

class TableReadHandle : public FileHandle {
 public:
  // Takes the snapshot now (the first rows are rendered before open returns).
  static Result<std::unique_ptr<FileHandle>> Open(std::shared_ptr<Database> db,
                                                  const std::string& table, RowFormat format);
  Status Read(uint64_t offset, size_t size, std::string* out) override;

 private:
  explicit TableReadHandle(ByteStream::SourceFactory factory) : stream_(std::move(factory)) {}
  std::mutex mu_;
  ByteStream stream_;  // guarded by mu_
};

class TableWriteHandle : public FileHandle {
 public:
  static Result<std::unique_ptr<FileHandle>> Open(std::shared_ptr<Database> db,
                                                  const std::string& table, RowFormat format,
                                                  TableWriter::Mode mode);
  // Append handles accept any offset (the kernel picks it for O_APPEND);
  // replace handles must write sequentially from 0.
  Status Write(uint64_t offset, std::string_view data) override;
  Status Flush() override;
  void Release() override;
  bool wrote() const override { return true; }

 private:
  TableWriteHandle(std::unique_ptr<TableWriter> writer, TableWriter::Mode mode)
      : writer_(std::move(writer)), mode_(mode) {}
  std::mutex mu_;
  std::unique_ptr<TableWriter> writer_;  // guarded by mu_
  TableWriter::Mode mode_;
  uint64_t next_offset_ = 0;  // replace mode: where the next write must start
};

class TextHandle : public FileHandle {
 public:
  explicit TextHandle(std::string text) : text_(std::move(text)) {}
  Status Read(uint64_t offset, size_t size, std::string* out) override;

 private:
  const std::string text_;
};

}  // namespace s3lite
