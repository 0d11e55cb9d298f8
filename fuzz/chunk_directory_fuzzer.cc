// Fuzz target: chunk-directory segments (engine/manifest/chunk_directory.h,
// DecodeChunkSegment).
//
// Input: one chunkdir/<version>-<n> object, decoded as is and with its
// trailing CRC32C recomputed. Properties:
//  - DecodeChunkSegment never crashes or over-allocates; errors are
//    Corruption naming the object.
//  - Decoded entries are strictly increasing by id and round-trip through
//    EncodeChunkSegment unchanged.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/manifest/chunk_directory.h"
#include "engine/util/coding.h"
#include "engine/util/crc32c.h"
#include "fuzz/fuzz_check.h"

namespace {

using namespace s3lite;

const std::string kObject = "chunkdir/00000000000000000003-000000";

void DecodeOne(std::string_view bytes) {
  Result<std::vector<ChunkEntry>> entries = DecodeChunkSegment(bytes, kObject);
  if (!entries.ok()) {
    CheckDecodeError(entries.status(), kObject);
    return;
  }
  for (size_t i = 1; i < entries->size(); i++) {
    FUZZ_CHECK((*entries)[i - 1].id < (*entries)[i].id, "entry ids not increasing at %zu", i);
  }
  std::string again = EncodeChunkSegment(*entries);
  Result<std::vector<ChunkEntry>> back = DecodeChunkSegment(again, kObject);
  FUZZ_CHECK(back.ok(), "re-encoded segment does not decode: %s", back.status().ToString().c_str());
  FUZZ_CHECK(*back == *entries, "segment round trip changed %zu entries", entries->size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  DecodeOne(input);
  if (size > 4) {
    std::string fixed(input);
    EncodeFixed32(fixed.data() + size - 4, crc32c::Value(fixed.data(), size - 4));
    DecodeOne(fixed);
  }
  return 0;
}
