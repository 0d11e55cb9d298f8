// BloomFilter: "is this key possibly in the chunk?" without fetching it.
//
// A chunk's footer holds one filter over the keys of all its leaf pages
// (DESIGN.md section 5). A negative answer is exact: MayContain(k) == false
// means no leaf page of the chunk holds k. A positive answer is wrong with
// probability ~1% at the default 10 bits per key.
//
// Filter bytes (docs/FORMAT.md "Bloom filter"):
//   bit array of m bits (m = max(64, n * bits_per_key) rounded up to bytes),
//   then one byte k (number of probes, 1..30).
// Probes use double hashing of one 64-bit hash (Hash64 below, a fixed
// function: the format depends on it): h1 = low 32 bits, h2 = high 32 bits,
// probe i tests bit (h1 + i * h2) mod m.
// An empty byte string is a valid "no filter" that answers true for every key
// (e.g. chunks of internal pages). A filter built from zero keys answers false.
//
// Thread-safety: BloomFilterBuilder is single-threaded; a BloomFilter is
// immutable after construction and safe to query from many threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace s3lite {

// A fast 64-bit hash of arbitrary bytes (seeded, murmur-style mixing). Stable
// across versions and platforms: filters written to the store depend on it.
uint64_t Hash64(std::string_view data, uint64_t seed = 0);

class BloomFilterBuilder {
 public:
  explicit BloomFilterBuilder(int bits_per_key = 10);

  // Keys may repeat; only their 64-bit hashes are kept.
  void AddKey(std::string_view key);
  size_t num_keys() const { return hashes_.size(); }

  // The filter bytes for every key added so far.
  std::string Finish() const;

 private:
  int bits_per_key_;
  std::vector<uint64_t> hashes_;
};

class BloomFilter {
 public:
  // The "no filter" filter: MayContain is always true.
  BloomFilter() = default;

  // Wraps filter bytes. Malformed bytes (k out of range, too short) give a
  // filter that answers true for everything: never a false negative, never UB.
  explicit BloomFilter(std::string bytes);

  bool MayContain(std::string_view key) const;
  // Same, given Hash64(key) computed once for probing many chunks.
  bool MayContainHash(uint64_t hash) const;

  const std::string& bytes() const { return bytes_; }
  bool empty() const { return bytes_.empty(); }

 private:
  std::string bytes_;
};

}  // namespace s3lite
