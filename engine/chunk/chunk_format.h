// Chunk object format: the unit of transfer between the store and the page
// cache (DESIGN.md section 3). Written by ChunkWriter, read by ChunkReader.
//
// A chunk holds up to kPagesPerChunk (256) pages of ONE B+ tree, in key
// order, then a footer (docs/FORMAT.md "Chunks"):
//
//   page 0 .. page n-1     n * kPageSize bytes, back to back (page i at
//                          offset i * kPageSize)
//   footer body            F bytes, see below
//   trailer                16 bytes: fixed32 F, fixed32 crc32c(footer body),
//                          fixed64 kChunkMagic
//
// Footer body (varints unless noted):
//   varint32 format_version (kChunkFormatVersion)
//   varint32 tree id, u8 tree kind (TreeKind), varint32 page count n
//   n times: fixed32 offset, fixed32 crc32c(page bytes), u8 PageKind
//   lp bloom filter bytes (BloomFilter; empty = no filter)
//   lp zone map bytes (ZoneMap::EncodeTo)
//
// Because pages are fixed-size, the footer of a chunk with n pages and total
// size S is the byte range [n * kPageSize, S): a reader that knows n and S
// (the chunk directory records both) fetches the footer with one range GET.
// A reader that knows only S fetches the last kChunkTrailerSize bytes first.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/chunk/bloom_filter.h"
#include "engine/chunk/zone_map.h"
#include "engine/db/catalog.h"
#include "engine/page/page_id.h"
#include "engine/util/status.h"

namespace s3lite {

constexpr uint64_t kChunkMagic = 0x4b4e484345544c33ull;  // "3LTECHNK" little-endian
constexpr uint32_t kChunkFormatVersion = 1;
constexpr size_t kChunkTrailerSize = 16;
// Upper bound on a footer body a reader accepts (256 slots + a bloom filter
// for ~64k keys + zone map); larger claims are Corruption, never allocated.
constexpr uint32_t kMaxChunkFooterSize = 16u << 20;

// What a page slot holds (the B+ tree's page kinds). Opaque to the chunk
// layer except that leaf pages feed the bloom filter and zone map.
enum class PageKind : uint8_t { kLeaf = 1, kInternal = 2, kOverflow = 3 };

struct ChunkPageInfo {
  uint32_t offset = 0;  // byte offset of the page in the chunk object
  uint32_t crc = 0;     // crc32c of the kPageSize page bytes
  PageKind kind = PageKind::kLeaf;
  bool operator==(const ChunkPageInfo&) const = default;
};

struct ChunkFooter {
  uint32_t format_version = kChunkFormatVersion;
  TreeId tree = 0;
  TreeKind tree_kind = TreeKind::kTable;
  std::vector<ChunkPageInfo> pages;  // one per slot
  BloomFilter bloom;                 // over all leaf keys
  ZoneMap zone_map;

  uint32_t page_count() const { return static_cast<uint32_t>(pages.size()); }
  // Size in bytes of the page region (= offset of the footer body).
  uint64_t pages_size() const { return uint64_t{page_count()} * kPageSize; }
};

// Encodes footer body + trailer (the bytes that follow the pages).
std::string EncodeChunkFooter(const ChunkFooter& footer);

// Parses the trailer (the last kChunkTrailerSize bytes of a chunk object, or
// any suffix that ends with them) and returns the footer body length F.
// `object_key` only names the object in error messages.
Result<uint32_t> DecodeChunkTrailer(std::string_view tail, std::string_view object_key);

// Parses footer body + trailer, i.e. exactly the bytes after the pages (the
// input may also be any suffix of the object that contains footer + trailer).
// Verifies the footer checksum and structural sanity (slot count <= 256,
// page offsets i * kPageSize). Errors: Corruption naming object_key.
Result<ChunkFooter> DecodeChunkFooter(std::string_view suffix, std::string_view object_key);

}  // namespace s3lite
