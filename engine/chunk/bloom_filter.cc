// Bloom filter over chunk leaf keys (format: bloom_filter.h).
#include "engine/chunk/bloom_filter.h"

#include <algorithm>
#include <cstring>

namespace s3lite {

namespace {

constexpr int kMaxProbes = 30;

inline uint64_t Load64LE(const unsigned char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
  return v;
}

// Final avalanche (splitmix64 finalizer).
inline uint64_t Mix(uint64_t h) {
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  h ^= h >> 31;
  return h;
}

}  // namespace

// MurmurHash64A's block loop, then a splitmix64 finalizer. Byte order is fixed
// (little-endian loads) so the value is the same on every platform.
uint64_t Hash64(std::string_view data, uint64_t seed) {
  constexpr uint64_t m = 0xc6a4a7935bd1e995ull;
  constexpr int r = 47;
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  size_t n = data.size();
  uint64_t h = (seed + 0x9e3779b97f4a7c15ull) ^ (n * m);
  while (n >= 8) {
    uint64_t k = Load64LE(p);
    k *= m;
    k ^= k >> r;
    k *= m;
    h ^= k;
    h *= m;
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    uint64_t k = 0;
    for (size_t i = 0; i < n; i++) k |= uint64_t{p[i]} << (8 * i);
    h ^= k;
    h *= m;
  }
  return Mix(h);
}

BloomFilterBuilder::BloomFilterBuilder(int bits_per_key)
    : bits_per_key_(std::clamp(bits_per_key, 1, 64)) {}

void BloomFilterBuilder::AddKey(std::string_view key) { hashes_.push_back(Hash64(key)); }

std::string BloomFilterBuilder::Finish() const {
  // k = bits_per_key * ln(2) minimises the false-positive rate.
  int k = std::clamp(static_cast<int>(bits_per_key_ * 0.69), 1, kMaxProbes);
  uint64_t bits = std::max<uint64_t>(64, uint64_t{hashes_.size()} * bits_per_key_);
  uint64_t bytes = (bits + 7) / 8;
  bits = bytes * 8;
  std::string out(bytes, '\0');
  for (uint64_t h : hashes_) {
    uint64_t h1 = h & 0xffffffffu, h2 = h >> 32;
    for (int i = 0; i < k; i++) {
      uint64_t bit = (h1 + uint64_t(i) * h2) % bits;
      out[bit / 8] = static_cast<char>(out[bit / 8] | (1 << (bit % 8)));
    }
  }
  out.push_back(static_cast<char>(k));
  return out;
}

BloomFilter::BloomFilter(std::string bytes) : bytes_(std::move(bytes)) {}

bool BloomFilter::MayContain(std::string_view key) const {
  if (bytes_.size() < 2) return true;  // no filter, or malformed: no information
  return MayContainHash(Hash64(key));
}

bool BloomFilter::MayContainHash(uint64_t h) const {
  if (bytes_.size() < 2) return true;
  int k = static_cast<unsigned char>(bytes_.back());
  if (k < 1 || k > kMaxProbes) return true;  // unknown encoding: no information
  uint64_t bits = uint64_t{bytes_.size() - 1} * 8;
  uint64_t h1 = h & 0xffffffffu, h2 = h >> 32;
  for (int i = 0; i < k; i++) {
    uint64_t bit = (h1 + uint64_t(i) * h2) % bits;
    if ((static_cast<unsigned char>(bytes_[bit / 8]) & (1 << (bit % 8))) == 0) return false;
  }
  return true;
}

}  // namespace s3lite
