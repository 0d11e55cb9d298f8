// Fuzz target: chunk objects (engine/chunk: trailer, footer, per-page CRC,
// bloom filter, zone map) and the pages inside them (DecodePage).
//
// Input: one chunks/... object. It is read three ways so the fuzzer gets
// past each checksum: (1) as is; (2) with the trailer's magic and footer
// CRC32C fixed up; (3) if the footer then decodes, with every page CRC in the
// footer recomputed. Each way goes through ChunkReader::Open, page(i) for
// every slot and DecodePage of every verified page. Properties:
//  - No crash, no over-allocation; errors are Corruption naming the object.
//  - A decoded footer re-encodes and decodes to the same footer; bloom and
//    zone-map queries on it are safe.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/chunk/chunk_format.h"
#include "engine/chunk/chunk_reader.h"
#include "engine/page/node.h"
#include "engine/util/coding.h"
#include "engine/util/crc32c.h"
#include "engine/value/value.h"
#include "fuzz/fuzz_check.h"

namespace {

using namespace s3lite;

const std::string kObject = "chunks/2a/0000000001-0000000009";
constexpr ChunkId kChunk = MakeChunkId(1, 9);

void ReadChunk(const std::string& object) {
  Result<ChunkReader> reader = ChunkReader::Open(kObject, object);
  if (!reader.ok()) {
    CheckDecodeError(reader.status(), kObject);
    return;
  }
  FUZZ_CHECK(reader->page_count() <= kPagesPerChunk, "%u pages", reader->page_count());
  for (uint32_t slot = 0; slot < reader->page_count(); slot++) {
    Result<std::string_view> page = reader->page(slot);
    if (!page.ok()) {
      CheckDecodeError(page.status(), kObject);
      continue;
    }
    FUZZ_CHECK(page->size() == kPageSize, "page of %zu bytes", page->size());
    Result<NodePtr> node = DecodePage(*page, MakePageId(kChunk, slot), kObject);
    if (!node.ok()) CheckDecodeError(node.status(), kObject);
  }
  FUZZ_CHECK(!reader->page(reader->page_count()).ok(), "slot past the end readable");

  const ChunkFooter& f = reader->footer();
  std::string enc = EncodeChunkFooter(f);
  Result<ChunkFooter> back = DecodeChunkFooter(enc, kObject);
  FUZZ_CHECK(back.ok(), "re-encoded footer does not decode: %s", back.status().ToString().c_str());
  FUZZ_CHECK(back->tree == f.tree && back->tree_kind == f.tree_kind && back->pages == f.pages &&
                 back->bloom.bytes() == f.bloom.bytes() && back->zone_map == f.zone_map,
             "footer round trip changed it");
  (void)f.bloom.MayContain(object.substr(0, 16));
  (void)f.zone_map.MayOverlapKeyRange(std::string_view("a"), std::string_view("z"));
  for (size_t c = 0; c < f.zone_map.columns.size() && c < 8; c++) {
    (void)f.zone_map.MayMatchColumn(c, Value::Integer(-5), Value::Text("m"));
    (void)f.zone_map.MayHaveNull(c);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string object(reinterpret_cast<const char*>(data), size);
  ReadChunk(object);
  if (size < kChunkTrailerSize) return 0;

  // (2) Valid trailer: magic, and the CRC of the footer body it points at.
  char* trailer = object.data() + size - kChunkTrailerSize;
  EncodeFixed64(trailer + 8, kChunkMagic);
  uint32_t body_len = DecodeFixed32(trailer);
  if (body_len > size - kChunkTrailerSize) return 0;
  const size_t body_at = size - kChunkTrailerSize - body_len;
  EncodeFixed32(trailer + 4, crc32c::Value(object.data() + body_at, body_len));
  ReadChunk(object);

  // (3) Valid page checksums too.
  Result<ChunkFooter> footer = DecodeChunkFooter(object, kObject);
  if (!footer.ok()) return 0;
  std::string pages = object.substr(0, body_at);
  pages.resize(footer->pages_size(), '\0');
  for (ChunkPageInfo& p : footer->pages) {
    if (uint64_t{p.offset} + kPageSize <= pages.size()) p.crc = crc32c::Value(pages.data() + p.offset, kPageSize);
  }
  ReadChunk(pages + EncodeChunkFooter(*footer));
  return 0;
}
