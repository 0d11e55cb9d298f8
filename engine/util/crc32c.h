// CRC32C (Castagnoli): the checksum of every page, chunk footer, WAL batch,
// manifest and chunk-directory segment (docs/FORMAT.md).
//
// Uses the SSE4.2 crc32 instruction when the CPU has it (checked once at run
// time), else a portable slicing-by-8 table implementation. Both produce the
// same values (standard CRC-32C, init/xorout 0xFFFFFFFF: Value("123456789")
// == 0xE3069283).
//
// Mask/Unmask (as in LevelDB) are for storing a CRC inside data that is itself
// checksummed; the formats here store plain CRCs, so they are optional.
//
// Thread-safety: stateless functions, safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace s3lite::crc32c {

// The CRC32C of concat(A, data[0, n)) where init_crc is the CRC32C of A.
uint32_t Extend(uint32_t init_crc, const char* data, size_t n);

// The CRC32C of data[0, n).
inline uint32_t Value(const char* data, size_t n) { return Extend(0, data, n); }
inline uint32_t Value(std::string_view s) { return Extend(0, s.data(), s.size()); }

// True when the hardware instruction is in use (for stats/diagnostics).
bool IsHardwareAccelerated();

// The portable implementation, exposed so tests can compare both paths.
uint32_t ExtendPortable(uint32_t init_crc, const char* data, size_t n);

constexpr uint32_t kMaskDelta = 0xa282ead8u;

// A masked representation of crc (LevelDB's trick): computing the CRC of a
// string that contains embedded CRCs is problematic, so store Mask(crc).
inline uint32_t Mask(uint32_t crc) { return ((crc >> 15) | (crc << 17)) + kMaskDelta; }
inline uint32_t Unmask(uint32_t masked) {
  uint32_t rot = masked - kMaskDelta;
  return (rot >> 17) | (rot << 15);
}

}  // namespace s3lite::crc32c
