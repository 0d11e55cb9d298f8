// ChunkReader: a parsed, verified view of one chunk object.
//
// Open() checks the trailer, the footer checksum and the footer's structure;
// page(i) checks page i's CRC32C on every call (DESIGN.md: a page checksum is
// verified on every read from the store) and returns a view into the object
// bytes the reader owns. Any corruption is Status::Corruption whose message
// names the object key (and slot), never a crash: the decoders here accept
// arbitrary bytes (they are fuzzed).
//
// Thread-safety: immutable after Open; const methods are safe from many threads.
#pragma once

#include <cassert>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "engine/chunk/chunk_format.h"
#include "engine/store/object_store.h"
#include "engine/util/status.h"

namespace s3lite {

class ChunkReader {
 public:
  // Parses a whole chunk object. `key` is the object key, for messages.
  static Result<ChunkReader> Open(std::string key, std::string object);
  // The same over bytes from ObjectStore::GetShared (no copy; the reader
  // keeps them alive).
  static Result<ChunkReader> Open(std::string key, std::shared_ptr<const ObjectBytes> object);

  const std::string& key() const { return key_; }
  const ChunkFooter& footer() const { return footer_; }
  uint32_t page_count() const { return footer_.page_count(); }
  // Requires slot < page_count() (asserted; no exceptions cross layers).
  PageKind page_kind(uint32_t slot) const {
    assert(slot < page_count());
    return footer_.pages[slot].kind;
  }

  // The kPageSize bytes of slot `slot`, after verifying its checksum.
  // InvalidArgument for slot >= page_count(); Corruption on a bad checksum.
  Result<std::string_view> page(uint32_t slot) const;

  // The whole object.
  std::string_view object() const { return object_->data(); }

 private:
  ChunkReader() = default;
  std::string key_;
  std::shared_ptr<const ObjectBytes> object_;
  ChunkFooter footer_;
};

}  // namespace s3lite
