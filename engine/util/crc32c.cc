// CRC32C: hardware (SSE4.2) when available, else slicing-by-8 tables.
#include "engine/util/crc32c.h"

#include <array>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define S3LITE_CRC32C_X86 1
#endif

namespace s3lite::crc32c {
namespace {

constexpr uint32_t kPoly = 0x82f63b78u;  // reflected Castagnoli polynomial

struct Tables {
  uint32_t t[8][256];
};

constexpr Tables MakeTables() {
  Tables tb{};
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ kPoly : c >> 1;
    tb.t[0][i] = c;
  }
  for (uint32_t i = 0; i < 256; i++) {
    for (int s = 1; s < 8; s++) tb.t[s][i] = (tb.t[s - 1][i] >> 8) ^ tb.t[0][tb.t[s - 1][i] & 0xff];
  }
  return tb;
}

constexpr Tables kTables = MakeTables();

inline uint32_t Load32LE(const unsigned char* p) {
  return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}

#ifdef S3LITE_CRC32C_X86
bool DetectSse42() {
  unsigned int eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return false;
  return (ecx & bit_SSE4_2) != 0;
}

__attribute__((target("sse4.2"))) uint32_t ExtendHardware(uint32_t crc, const char* data, size_t n) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(data);
  uint64_t l = crc ^ 0xffffffffu;
  while (n > 0 && (reinterpret_cast<uintptr_t>(p) & 7) != 0) {
    l = __builtin_ia32_crc32qi(static_cast<uint32_t>(l), *p++);
    n--;
  }
  while (n >= 8) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    l = __builtin_ia32_crc32di(l, v);
    p += 8;
    n -= 8;
  }
  while (n > 0) {
    l = __builtin_ia32_crc32qi(static_cast<uint32_t>(l), *p++);
    n--;
  }
  return static_cast<uint32_t>(l) ^ 0xffffffffu;
}

const bool kHasSse42 = DetectSse42();
#endif

}  // namespace

uint32_t ExtendPortable(uint32_t crc, const char* data, size_t n) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(data);
  uint32_t l = crc ^ 0xffffffffu;
  const auto& t = kTables.t;
  while (n >= 8) {
    uint32_t lo = Load32LE(p) ^ l;
    uint32_t hi = Load32LE(p + 4);
    l = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^ t[5][(lo >> 16) & 0xff] ^ t[4][lo >> 24] ^
        t[3][hi & 0xff] ^ t[2][(hi >> 8) & 0xff] ^ t[1][(hi >> 16) & 0xff] ^ t[0][hi >> 24];
    p += 8;
    n -= 8;
  }
  while (n > 0) {
    l = t[0][(l ^ *p++) & 0xff] ^ (l >> 8);
    n--;
  }
  return l ^ 0xffffffffu;
}

uint32_t Extend(uint32_t crc, const char* data, size_t n) {
#ifdef S3LITE_CRC32C_X86
  if (kHasSse42) return ExtendHardware(crc, data, n);
#endif
  return ExtendPortable(crc, data, n);
}

bool IsHardwareAccelerated() {
#ifdef S3LITE_CRC32C_X86
  return kHasSse42;
#else
  return false;
#endif
}

}  // namespace s3lite::crc32c
