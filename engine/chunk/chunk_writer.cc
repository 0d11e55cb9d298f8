// ChunkWriter (see chunk_writer.h).
#include "engine/chunk/chunk_writer.h"

#include "engine/util/crc32c.h"

namespace s3lite {

ChunkWriter::ChunkWriter(TreeId tree, TreeKind kind, int bloom_bits_per_key) : bloom_(bloom_bits_per_key) {
  footer_.tree = tree;
  footer_.tree_kind = kind;
}

namespace {
constexpr size_t kFooterRoom = 64 * 1024;  // typical footer: page table, zone map, bloom filter
}  // namespace

Result<uint32_t> ChunkWriter::AddPage(PageKind kind, std::string_view page) {
  if (page.size() != kPageSize) {
    return Status::InvalidArgument("chunk page must be " + std::to_string(kPageSize) + " bytes, got " +
                                   std::to_string(page.size()));
  }
  if (full()) return Status::InvalidArgument("chunk is full (" + std::to_string(kPagesPerChunk) + " pages)");
  uint32_t slot = page_count();
  ChunkPageInfo info;
  info.offset = slot * kPageSize;
  info.crc = crc32c::Value(page);
  info.kind = kind;
  footer_.pages.push_back(info);
  // Room for the footer too: growing a 1 MiB string for it would double it.
  if (pages_.empty()) pages_.reserve(size_t{kPagesPerChunk} * kPageSize + kFooterRoom);
  pages_.append(page);
  return slot;
}

void ChunkWriter::AddKey(std::string_view key) {
  bloom_.AddKey(key);
  zone_map_.AddKey(key);
}

std::string ChunkWriter::Finish() {
  footer_.bloom = BloomFilter(bloom_.num_keys() > 0 ? bloom_.Finish() : std::string());
  footer_.zone_map = zone_map_;
  std::string footer = EncodeChunkFooter(footer_);
  std::string out = std::move(pages_);
  pages_.clear();
  if (out.size() + footer.size() > out.capacity()) {
    // A footer larger than the room left: one exact copy, not a doubling.
    std::string exact;
    exact.reserve(out.size() + footer.size());
    exact.append(out);
    std::string().swap(out);
    out.swap(exact);
  }
  out += footer;
  return out;
}

}  // namespace s3lite
