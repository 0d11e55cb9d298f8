// Bloom filter: no false negatives, bounded false positives, robust parsing.
#include "engine/chunk/bloom_filter.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "engine/value/key_codec.h"

namespace s3lite {
namespace {

std::string Key(int i) { return "key-" + std::to_string(i); }

TEST(BloomFilterTest, NoFalseNegatives) {
  for (int n : {1, 10, 100, 1000, 10000}) {
    BloomFilterBuilder b;
    for (int i = 0; i < n; i++) b.AddKey(Key(i));
    BloomFilter f(b.Finish());
    for (int i = 0; i < n; i++) ASSERT_TRUE(f.MayContain(Key(i))) << n << " " << i;
  }
}

TEST(BloomFilterTest, FalsePositiveRateWithinBounds) {
  // 10 bits/key, k = 6: the theoretical rate is ~0.84%.
  for (int n : {100, 1000, 20000}) {
    BloomFilterBuilder b(10);
    for (int i = 0; i < n; i++) b.AddKey(EncodeRowid(i));
    BloomFilter f(b.Finish());
    EXPECT_LE(f.bytes().size(), static_cast<size_t>(n) * 10 / 8 + 10);
    int fp = 0;
    const int probes = 100000;
    for (int i = 0; i < probes; i++) fp += f.MayContain(EncodeRowid(1000000 + i)) ? 1 : 0;
    double rate = double(fp) / probes;
    EXPECT_LT(rate, 0.02) << "n=" << n;
    RecordProperty("fp_rate_n" + std::to_string(n), std::to_string(rate));
  }
}

TEST(BloomFilterTest, MoreBitsFewerFalsePositives) {
  auto rate = [](int bits) {
    BloomFilterBuilder b(bits);
    for (int i = 0; i < 5000; i++) b.AddKey(Key(i));
    BloomFilter f(b.Finish());
    int fp = 0;
    for (int i = 0; i < 50000; i++) fp += f.MayContain(Key(-1 - i)) ? 1 : 0;
    return fp;
  };
  EXPECT_GT(rate(4), rate(10));
  EXPECT_GT(rate(10), rate(16));
}

TEST(BloomFilterTest, EmptyAndZeroKeyFilters) {
  BloomFilter none;
  EXPECT_TRUE(none.MayContain("anything"));
  BloomFilterBuilder b;
  BloomFilter zero(b.Finish());
  EXPECT_FALSE(zero.MayContain("anything"));
  EXPECT_FALSE(zero.MayContain(""));
}

TEST(BloomFilterTest, HashOnceProbeMany) {
  BloomFilterBuilder b;
  b.AddKey("abc");
  BloomFilter f(b.Finish());
  EXPECT_TRUE(f.MayContainHash(Hash64("abc")));
  EXPECT_EQ(f.MayContain("xyz"), f.MayContainHash(Hash64("xyz")));
}

TEST(BloomFilterTest, MalformedBytesAnswerTrue) {
  EXPECT_TRUE(BloomFilter(std::string("\x00", 1)).MayContain("k"));
  EXPECT_TRUE(BloomFilter(std::string(8, '\0') + std::string(1, '\0')).MayContain("k"));   // k = 0
  EXPECT_TRUE(BloomFilter(std::string(8, '\0') + std::string(1, '\x40')).MayContain("k"));  // k = 64
  std::mt19937 rng(1);
  for (int i = 0; i < 1000; i++) {
    std::string s(rng() % 40, '\0');
    for (char& c : s) c = static_cast<char>(rng());
    BloomFilter f(s);
    (void)f.MayContain("probe");  // must not crash
  }
}

TEST(BloomFilterTest, Hash64IsStable) {
  // The filter format depends on Hash64: these values must never change.
  EXPECT_EQ(Hash64(""), Hash64(""));
  EXPECT_NE(Hash64("a"), Hash64("b"));
  EXPECT_NE(Hash64("a"), Hash64("a", 1));
  std::set<uint64_t> seen;
  for (int i = 0; i < 10000; i++) seen.insert(Hash64(EncodeRowid(i)));
  EXPECT_EQ(10000u, seen.size());
  // Golden values (computed once by this implementation).
  EXPECT_EQ(0xe220a8397b1dcdafull, Hash64(""));
  EXPECT_EQ(0x308ca96854c04bd8ull, Hash64("hello, world"));
}

}  // namespace
}  // namespace s3lite
