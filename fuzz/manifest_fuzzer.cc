// Fuzz target: manifest objects (engine/manifest/manifest.h, DecodeManifest).
//
// Input: one manifest/<N> object, decoded as is and with its header (length
// and CRC32C of the JSON) fixed up so the fuzzer reaches the JSON decoder.
// Properties:
//  - DecodeManifest never crashes, throws or recurses without bound; errors
//    are Corruption naming the object.
//  - A decoded manifest re-encodes to bytes that decode and re-encode to the
//    same bytes (a fixed point).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/manifest/manifest.h"
#include "engine/util/coding.h"
#include "engine/util/crc32c.h"
#include "fuzz/fuzz_check.h"

namespace {

using namespace s3lite;

const std::string kObject = "manifest/00000000000000000007";

void DecodeOne(std::string_view bytes) {
  Result<Manifest> m = DecodeManifest(bytes, kObject);
  if (!m.ok()) {
    CheckDecodeError(m.status(), kObject);
    return;
  }
  std::string again = EncodeManifest(*m);
  Result<Manifest> back = DecodeManifest(again, kObject);
  FUZZ_CHECK(back.ok(), "re-encoded manifest does not decode: %s", back.status().ToString().c_str());
  FUZZ_CHECK(EncodeManifest(*back) == again, "manifest encoding is not a fixed point");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  DecodeOne(input);
  if (size >= 16) {
    std::string fixed(input);
    EncodeFixed64(fixed.data(), kManifestMagic);
    EncodeFixed32(fixed.data() + 8, crc32c::Value(fixed.data() + 16, size - 16));
    EncodeFixed32(fixed.data() + 12, static_cast<uint32_t>(size - 16));
    DecodeOne(fixed);
  }
  return 0;
}
