// Coding helpers: round trips, byte order, truncation and overflow handling.
#include "engine/util/coding.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <vector>

namespace s3lite {
namespace {

TEST(CodingTest, Fixed32And64LittleEndian) {
  std::string s;
  PutFixed32(&s, 0x04030201u);
  PutFixed64(&s, 0x0807060504030201ull);
  ASSERT_EQ(12u, s.size());
  EXPECT_EQ(std::string("\x01\x02\x03\x04\x01\x02\x03\x04\x05\x06\x07\x08", 12), s);
  std::string_view in = s;
  uint32_t a;
  uint64_t b;
  ASSERT_TRUE(GetFixed32(&in, &a));
  ASSERT_TRUE(GetFixed64(&in, &b));
  EXPECT_EQ(0x04030201u, a);
  EXPECT_EQ(0x0807060504030201ull, b);
  EXPECT_TRUE(in.empty());
  EXPECT_FALSE(GetFixed32(&in, &a));
}

TEST(CodingTest, BigEndianSortsNumerically) {
  std::vector<uint64_t> values = {0, 1, 255, 256, 65535, 1ull << 32, (1ull << 63) + 5, ~0ull};
  std::string prev;
  for (uint64_t v : values) {
    std::string s;
    PutFixed64BE(&s, v);
    EXPECT_LT(prev, s);
    std::string_view in = s;
    uint64_t out;
    ASSERT_TRUE(GetFixed64BE(&in, &out));
    EXPECT_EQ(v, out);
    prev = s;
  }
  std::string s;
  PutFixed32BE(&s, 0x01020304u);
  EXPECT_EQ(std::string("\x01\x02\x03\x04"), s);
  std::string_view in = s;
  uint32_t v;
  ASSERT_TRUE(GetFixed32BE(&in, &v));
  EXPECT_EQ(0x01020304u, v);
}

TEST(CodingTest, Varint64RoundTripsAndLengths) {
  std::vector<uint64_t> values;
  for (int bit = 0; bit < 64; bit++) {
    uint64_t p = 1ull << bit;
    values.push_back(p - 1);
    values.push_back(p);
    values.push_back(p + 1);
  }
  values.push_back(~0ull);
  std::string s;
  for (uint64_t v : values) PutVarint64(&s, v);
  std::string_view in = s;
  for (uint64_t v : values) {
    uint64_t out;
    size_t before = in.size();
    ASSERT_TRUE(GetVarint64(&in, &out));
    EXPECT_EQ(v, out);
    EXPECT_EQ(static_cast<size_t>(VarintLength(v)), before - in.size());
  }
  EXPECT_TRUE(in.empty());
}

TEST(CodingTest, Varint32RoundTrips) {
  std::string s;
  for (uint32_t i = 0; i < 32 * 32; i++) PutVarint32(&s, (i / 32) << (i % 32));
  std::string_view in = s;
  for (uint32_t i = 0; i < 32 * 32; i++) {
    uint32_t v;
    ASSERT_TRUE(GetVarint32(&in, &v));
    EXPECT_EQ((i / 32) << (i % 32), v);
  }
  EXPECT_TRUE(in.empty());
}

TEST(CodingTest, VarintTruncatedAtEveryLength) {
  std::string s;
  PutVarint64(&s, ~0ull);
  ASSERT_EQ(10u, s.size());
  for (size_t len = 0; len < s.size(); len++) {
    std::string_view in(s.data(), len);
    uint64_t v;
    EXPECT_FALSE(GetVarint64(&in, &v)) << len;
  }
}

TEST(CodingTest, VarintOverflowRejected) {
  // 2^32 does not fit a varint32.
  std::string s;
  PutVarint64(&s, 1ull << 32);
  std::string_view in = s;
  uint32_t v32;
  EXPECT_FALSE(GetVarint32(&in, &v32));
  // Eleven continuation bytes: too long for a varint64.
  std::string long_one(10, '\x80');
  long_one.push_back('\x01');
  in = long_one;
  uint64_t v64;
  EXPECT_FALSE(GetVarint64(&in, &v64));
  // A 10th byte with bits above 2^64.
  std::string over(9, '\xff');
  over.push_back('\x02');
  in = over;
  EXPECT_FALSE(GetVarint64(&in, &v64));
  std::string max(9, '\xff');
  max.push_back('\x01');
  in = max;
  ASSERT_TRUE(GetVarint64(&in, &v64));
  EXPECT_EQ(~0ull, v64);
}

TEST(CodingTest, LengthPrefixedSlices) {
  std::string s;
  PutLengthPrefixedSlice(&s, "");
  PutLengthPrefixedSlice(&s, "foo");
  PutLengthPrefixedSlice(&s, std::string(300, 'x'));
  std::string_view in = s, out;
  ASSERT_TRUE(GetLengthPrefixedSlice(&in, &out));
  EXPECT_EQ("", out);
  ASSERT_TRUE(GetLengthPrefixedSlice(&in, &out));
  EXPECT_EQ("foo", out);
  ASSERT_TRUE(GetLengthPrefixedSlice(&in, &out));
  EXPECT_EQ(std::string(300, 'x'), out);
  EXPECT_TRUE(in.empty());
  // Every truncation fails cleanly.
  for (size_t len = 0; len < s.size(); len++) {
    std::string_view t(s.data(), len);
    int parsed = 0;
    while (GetLengthPrefixedSlice(&t, &out)) parsed++;
    EXPECT_LT(parsed, 3) << len;
  }
  // A length claiming more than is there.
  std::string bad;
  PutVarint32(&bad, 1000000);
  bad += "abc";
  in = bad;
  EXPECT_FALSE(GetLengthPrefixedSlice(&in, &out));
}

TEST(CodingTest, GetBytesAndByte) {
  std::string_view in = "abc", out;
  uint8_t b;
  ASSERT_TRUE(GetByte(&in, &b));
  EXPECT_EQ('a', b);
  EXPECT_FALSE(GetBytes(&in, 3, &out));
  ASSERT_TRUE(GetBytes(&in, 2, &out));
  EXPECT_EQ("bc", out);
  EXPECT_FALSE(GetByte(&in, &b));
}

TEST(CodingTest, RandomBytesNeverOverrun) {
  std::mt19937 rng(3);
  for (int iter = 0; iter < 2000; iter++) {
    std::string s(rng() % 24, '\0');
    for (char& c : s) c = static_cast<char>(rng());
    std::string_view in = s;
    for (int k = 0; k < 16 && !in.empty(); k++) {
      uint64_t v;
      std::string_view out;
      switch (rng() % 3) {
        case 0: if (!GetVarint64(&in, &v)) in = {}; break;
        case 1: if (!GetLengthPrefixedSlice(&in, &out)) in = {}; else ASSERT_LE(out.size(), s.size()); break;
        default: { uint32_t x; if (!GetFixed32(&in, &x)) in = {}; }
      }
    }
  }
}

}  // namespace
}  // namespace s3lite
