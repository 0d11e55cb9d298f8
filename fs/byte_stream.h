// ByteStream: a generated file's bytes, produced on demand and read at offsets.
//
// A ByteSource renders the next piece of a file (rows of a table, the result
// of a query) each time it is asked. ByteStream keeps a window of the bytes
// around the reader's position, so sequential reads cost one render pass and
// memory stays bounded whatever the file size: bytes more than kKeepBehind
// before the newest read offset are dropped. A read before the window
// restarts the source from the beginning (if it is restartable: a table is,
// an executed query is not) and skips forward; a read past the window renders
// and discards until it gets there.
//
// Thread-safety: not thread-safe; the owning file handle serialises reads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "engine/util/status.h"

namespace s3lite {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Appends roughly `want` bytes (more or fewer is fine) to *out. Returns
  // false once the source is exhausted (after appending its last bytes).
  virtual Result<bool> Produce(size_t want, std::string* out) = 0;
};

class ByteStream {
 public:
  using SourceFactory = std::function<Result<std::unique_ptr<ByteSource>>()>;

  // Bytes rendered per Produce call at least (a read asks for max(this, size)).
  static constexpr size_t kRenderChunk = 256 << 10;
  static constexpr size_t kKeepBehind = 1 << 20;

  // A restartable stream: `factory` is called at the first read and again
  // when a read goes back before the window.
  explicit ByteStream(SourceFactory factory);
  // A one-shot stream over an existing source; reads before the window fail.
  explicit ByteStream(std::unique_ptr<ByteSource> source);

  // Renders the first chunk now (so a table snapshot is taken at open).
  Status Prime();

  // Up to `size` bytes at `offset`; fewer only at the end of the stream. The
  // view stays valid until the next call.
  Result<std::string_view> Read(uint64_t offset, size_t size);

  // Renders everything up to `limit` bytes from the start; true if that was
  // the whole stream. For one-shot streams not yet read past the window.
  Result<bool> ReadAll(size_t limit, std::string* out);

 private:
  Status Restart();
  Status ProduceMore(size_t want);

  SourceFactory factory_;
  std::unique_ptr<ByteSource> source_;
  std::string buffer_;
  uint64_t buffer_offset_ = 0;  // stream offset of buffer_[0]
  bool eof_ = false;
};

}  // namespace s3lite
