// ChunkWriter: builds one chunk object from up to 256 page images of one tree
// (format: chunk_format.h, docs/FORMAT.md "Chunks").
//
// Usage (B+ tree checkpoint):
//   ChunkWriter w(tree, TreeKind::kTable);
//   for each page in key order:
//     S3LITE_ASSIGN_OR_RETURN(uint32_t slot, w.AddPage(PageKind::kLeaf, image));
//     for each key on a leaf: w.AddKey(key);       // bloom filter + key range
//     for each row on a table leaf: w.AddRow(row);  // optional column zones
//   std::string object = w.Finish();
//   store.PutIfAbsent(ChunkKey(chunk_id), object);
//
// The writer does not interpret page bytes: the caller decides which keys and
// rows represent a page. Slot numbers are assigned 0, 1, 2, ... in AddPage
// order, so a caller can compute PageIds before Finish.
//
// Thread-safety: single-threaded.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/chunk/bloom_filter.h"
#include "engine/chunk/chunk_format.h"
#include "engine/chunk/zone_map.h"
#include "engine/db/catalog.h"
#include "engine/util/status.h"
#include "engine/value/value.h"

namespace s3lite {

class ChunkWriter {
 public:
  explicit ChunkWriter(TreeId tree, TreeKind kind, int bloom_bits_per_key = 10);

  // Appends a page image; returns its slot. InvalidArgument if the image is
  // not exactly kPageSize bytes or the chunk already has kPagesPerChunk pages.
  Result<uint32_t> AddPage(PageKind kind, std::string_view page);

  // A key stored on a leaf page of this chunk (bloom filter + key range).
  void AddKey(std::string_view key);
  // Column zone maps for table leaves (see ZoneMap::AddRow).
  void AddRow(const Row& row) { zone_map_.AddRow(row); }
  void AddColumnEncoded(size_t column, std::string_view encoded) {
    zone_map_.AddColumnEncoded(column, encoded);
  }
  void AddColumnNull(size_t column) { zone_map_.AddColumnNull(column); }

  uint32_t page_count() const { return static_cast<uint32_t>(footer_.pages.size()); }
  bool full() const { return page_count() >= kPagesPerChunk; }
  bool empty() const { return footer_.pages.empty(); }
  const ZoneMap& zone_map() const { return zone_map_; }

  // The complete object: pages then footer. The writer may not be used after.
  std::string Finish();

  // The footer written by Finish (bloom filter, zone map, page table), so a
  // caller can cache it without decoding the object again. Complete only
  // after Finish.
  const ChunkFooter& footer() const { return footer_; }

 private:
  ChunkFooter footer_;
  BloomFilterBuilder bloom_;
  ZoneMap zone_map_;
  std::string pages_;
};

}  // namespace s3lite
