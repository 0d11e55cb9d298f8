// Chunk footer encoding and decoding (format: chunk_format.h).
#include "engine/chunk/chunk_format.h"

#include <string>

#include "engine/util/coding.h"
#include "engine/util/crc32c.h"

namespace s3lite {

namespace {

Status Corrupt(std::string_view key, std::string_view what) {
  return Status::Corruption("corrupt chunk " + std::string(key) + ": " + std::string(what));
}

bool ValidPageKind(uint8_t k) { return k >= 1 && k <= 3; }
bool ValidTreeKind(uint8_t k) { return k == 1 || k == 2; }

}  // namespace

std::string EncodeChunkFooter(const ChunkFooter& f) {
  std::string body;
  PutVarint32(&body, f.format_version);
  PutVarint32(&body, f.tree);
  body.push_back(static_cast<char>(f.tree_kind));
  PutVarint32(&body, f.page_count());
  for (const ChunkPageInfo& p : f.pages) {
    PutFixed32(&body, p.offset);
    PutFixed32(&body, p.crc);
    body.push_back(static_cast<char>(p.kind));
  }
  PutLengthPrefixedSlice(&body, f.bloom.bytes());
  std::string zone;
  f.zone_map.EncodeTo(&zone);
  PutLengthPrefixedSlice(&body, zone);

  std::string out = body;
  PutFixed32(&out, static_cast<uint32_t>(body.size()));
  PutFixed32(&out, crc32c::Value(body));
  PutFixed64(&out, kChunkMagic);
  return out;
}

Result<uint32_t> DecodeChunkTrailer(std::string_view tail, std::string_view key) {
  if (tail.size() < kChunkTrailerSize) return Corrupt(key, "object too short for a chunk trailer");
  const char* t = tail.data() + tail.size() - kChunkTrailerSize;
  if (DecodeFixed64(t + 8) != kChunkMagic) return Corrupt(key, "bad magic (not a chunk object)");
  uint32_t len = DecodeFixed32(t);
  if (len > kMaxChunkFooterSize) return Corrupt(key, "footer length " + std::to_string(len) + " too large");
  return len;
}

Result<ChunkFooter> DecodeChunkFooter(std::string_view suffix, std::string_view key) {
  S3LITE_ASSIGN_OR_RETURN(uint32_t len, DecodeChunkTrailer(suffix, key));
  if (suffix.size() < kChunkTrailerSize + uint64_t{len}) {
    return Corrupt(key, "footer length " + std::to_string(len) + " exceeds the bytes available");
  }
  std::string_view body = suffix.substr(suffix.size() - kChunkTrailerSize - len, len);
  uint32_t want_crc = DecodeFixed32(suffix.data() + suffix.size() - kChunkTrailerSize + 4);
  if (crc32c::Value(body) != want_crc) return Corrupt(key, "footer checksum mismatch");

  ChunkFooter f;
  std::string_view in = body;
  uint32_t tree, count;
  uint8_t tree_kind;
  if (!GetVarint32(&in, &f.format_version)) return Corrupt(key, "truncated footer");
  if (f.format_version != kChunkFormatVersion) {
    return Corrupt(key, "unsupported chunk format version " + std::to_string(f.format_version));
  }
  if (!GetVarint32(&in, &tree) || !GetByte(&in, &tree_kind) || !GetVarint32(&in, &count)) {
    return Corrupt(key, "truncated footer");
  }
  if (!ValidTreeKind(tree_kind)) return Corrupt(key, "bad tree kind " + std::to_string(tree_kind));
  if (count == 0 || count > kPagesPerChunk) return Corrupt(key, "bad page count " + std::to_string(count));
  f.tree = tree;
  f.tree_kind = static_cast<TreeKind>(tree_kind);
  f.pages.resize(count);
  for (uint32_t i = 0; i < count; i++) {
    ChunkPageInfo& p = f.pages[i];
    uint8_t kind;
    if (!GetFixed32(&in, &p.offset) || !GetFixed32(&in, &p.crc) || !GetByte(&in, &kind)) {
      return Corrupt(key, "truncated page table");
    }
    if (!ValidPageKind(kind)) return Corrupt(key, "slot " + std::to_string(i) + ": bad page kind");
    if (p.offset != i * kPageSize) return Corrupt(key, "slot " + std::to_string(i) + ": bad page offset");
    p.kind = static_cast<PageKind>(kind);
  }
  std::string_view bloom, zone;
  if (!GetLengthPrefixedSlice(&in, &bloom)) return Corrupt(key, "truncated bloom filter");
  if (!GetLengthPrefixedSlice(&in, &zone)) return Corrupt(key, "truncated zone map");
  if (!in.empty()) return Corrupt(key, "trailing bytes in footer");
  f.bloom = BloomFilter(std::string(bloom));
  if (!ZoneMap::DecodeFrom(&zone, &f.zone_map) || !zone.empty()) return Corrupt(key, "bad zone map");
  return f;
}

}  // namespace s3lite
