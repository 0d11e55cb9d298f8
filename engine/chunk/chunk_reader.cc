// ChunkReader (see chunk_reader.h).
#include "engine/chunk/chunk_reader.h"

#include "engine/util/crc32c.h"

namespace s3lite {

Result<ChunkReader> ChunkReader::Open(std::string key, std::string object) {
  return Open(std::move(key), ObjectBytes::FromString(std::move(object)));
}

Result<ChunkReader> ChunkReader::Open(std::string key, std::shared_ptr<const ObjectBytes> bytes) {
  std::string_view object = bytes->data();
  S3LITE_ASSIGN_OR_RETURN(uint32_t footer_len, DecodeChunkTrailer(object, key));
  S3LITE_ASSIGN_OR_RETURN(ChunkFooter footer, DecodeChunkFooter(object, key));
  uint64_t expect = footer.pages_size() + footer_len + kChunkTrailerSize;
  if (object.size() != expect) {
    return Status::Corruption("corrupt chunk " + key + ": object is " + std::to_string(object.size()) +
                              " bytes, footer describes " + std::to_string(expect));
  }
  ChunkReader r;
  r.key_ = std::move(key);
  r.object_ = std::move(bytes);
  r.footer_ = std::move(footer);
  return r;
}

Result<std::string_view> ChunkReader::page(uint32_t slot) const {
  if (slot >= page_count()) {
    return Status::InvalidArgument("chunk " + key_ + ": slot " + std::to_string(slot) + " out of range (" +
                                   std::to_string(page_count()) + " pages)");
  }
  const ChunkPageInfo& info = footer_.pages[slot];
  std::string_view p(object_->data().data() + info.offset, kPageSize);
  if (crc32c::Value(p) != info.crc) {
    return Status::Corruption("corrupt chunk " + key_ + ": page checksum mismatch in slot " +
                              std::to_string(slot));
  }
  return p;
}

}  // namespace s3lite
