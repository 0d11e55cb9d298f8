// Zone maps: pruning decisions and encoding.
#include "engine/chunk/zone_map.h"

#include <gtest/gtest.h>

#include <random>

#include "engine/value/key_codec.h"

namespace s3lite {
namespace {

ZoneMap KeysFrom(int lo, int hi) {
  ZoneMap z;
  for (int i = lo; i <= hi; i++) z.AddKey(EncodeRowid(i));
  return z;
}

TEST(ZoneMapTest, KeyRangeOverlap) {
  ZoneMap z = KeysFrom(100, 200);
  std::string k50 = EncodeRowid(50), k99 = EncodeRowid(99), k100 = EncodeRowid(100), k150 = EncodeRowid(150),
              k200 = EncodeRowid(200), k201 = EncodeRowid(201), k300 = EncodeRowid(300);
  EXPECT_TRUE(z.MayOverlapKeyRange(std::nullopt, std::nullopt));
  EXPECT_TRUE(z.MayOverlapKeyRange(k50, k100));
  EXPECT_FALSE(z.MayOverlapKeyRange(k50, k99));
  EXPECT_TRUE(z.MayOverlapKeyRange(k200, k300));
  EXPECT_FALSE(z.MayOverlapKeyRange(k201, k300));
  EXPECT_TRUE(z.MayOverlapKeyRange(k150, k150));
  EXPECT_FALSE(z.MayOverlapKeyRange(std::nullopt, k99));
  EXPECT_TRUE(z.MayOverlapKeyRange(std::nullopt, k100));
  EXPECT_FALSE(z.MayOverlapKeyRange(k201, std::nullopt));
  EXPECT_TRUE(z.MayOverlapKeyRange(k200, std::nullopt));
  // Negative rowids sort before positive ones in the key codec.
  ZoneMap neg = KeysFrom(-10, 10);
  EXPECT_TRUE(neg.MayOverlapKeyRange(EncodeRowid(-5), EncodeRowid(-1)));
  EXPECT_FALSE(neg.MayOverlapKeyRange(EncodeRowid(-100), EncodeRowid(-11)));
  // No keys recorded: unknown, never pruned.
  ZoneMap empty;
  EXPECT_TRUE(empty.MayOverlapKeyRange(k50, k99));
}

TEST(ZoneMapTest, ColumnRangesWithValues) {
  ZoneMap z;
  z.AddRow({Value::Integer(10), Value::Text("m"), Value::Null()});
  z.AddRow({Value::Integer(20), Value::Text("q"), Value::Null()});
  z.AddRow({Value::Real(15.5), Value::Null(), Value::Null()});
  ASSERT_EQ(3u, z.columns.size());
  // Column 0 holds numbers in [10, 20].
  EXPECT_TRUE(z.MayMatchColumn(0, Value::Integer(5), Value::Integer(10)));
  EXPECT_FALSE(z.MayMatchColumn(0, Value::Integer(5), Value::Integer(9)));
  EXPECT_FALSE(z.MayMatchColumn(0, Value::Real(20.5), Value::Null()));
  EXPECT_TRUE(z.MayMatchColumn(0, Value::Real(19.9), Value::Null()));
  EXPECT_TRUE(z.MayMatchColumn(0, Value::Null(), Value::Null()));
  EXPECT_FALSE(z.MayMatchColumn(0, Value::Null(), Value::Real(9.99)));
  EXPECT_FALSE(z.MayMatchColumn(0, Value::Text("a"), Value::Null()));  // text sorts after numbers
  EXPECT_FALSE(z.MayHaveNull(0));
  // Column 1: text in ["m", "q"] and a NULL.
  EXPECT_TRUE(z.MayMatchColumn(1, Value::Text("n"), Value::Text("n")));
  EXPECT_FALSE(z.MayMatchColumn(1, Value::Text("r"), Value::Null()));
  EXPECT_FALSE(z.MayMatchColumn(1, Value::Null(), Value::Text("l")));
  EXPECT_TRUE(z.MayHaveNull(1));
  // Column 2: only NULLs, no range can match.
  EXPECT_FALSE(z.MayMatchColumn(2, Value::Integer(0), Value::Integer(100)));
  EXPECT_FALSE(z.MayMatchColumn(2, Value::Null(), Value::Null()));
  EXPECT_TRUE(z.MayHaveNull(2));
  // Untracked columns never prune.
  EXPECT_TRUE(z.MayMatchColumn(7, Value::Integer(1), Value::Integer(1)));
  EXPECT_TRUE(z.MayHaveNull(7));
}

TEST(ZoneMapTest, ShortRowsCountAsNull) {
  ZoneMap z;
  z.AddRow({Value::Integer(1)});
  z.AddRow({Value::Integer(2), Value::Integer(5)});  // column added by ALTER TABLE
  EXPECT_TRUE(z.MayHaveNull(1));
  z.AddRow({Value::Integer(3)});
  EXPECT_TRUE(z.MayHaveNull(1));
  EXPECT_FALSE(z.MayMatchColumn(1, Value::Integer(6), Value::Null()));
  EXPECT_TRUE(z.MayMatchColumn(1, Value::Integer(5), Value::Null()));
}

TEST(ZoneMapTest, PruningIsNeverWrong) {
  // Random rows: whenever a row matches a range, the zone map must say "may".
  std::mt19937 rng(11);
  for (int iter = 0; iter < 200; iter++) {
    ZoneMap z;
    std::vector<int64_t> vals;
    for (int i = 0; i < 20; i++) {
      int64_t v = static_cast<int64_t>(rng() % 1000) - 500;
      vals.push_back(v);
      z.AddRow({Value::Integer(v)});
    }
    int64_t lo = static_cast<int64_t>(rng() % 1200) - 600;
    int64_t hi = lo + static_cast<int64_t>(rng() % 200);
    bool any = false;
    for (int64_t v : vals) any = any || (v >= lo && v <= hi);
    bool may = z.MayMatchColumn(0, Value::Integer(lo), Value::Integer(hi));
    if (any) {
      ASSERT_TRUE(may);
    }
    // Zone maps are exact at their bounds: no match inside [min,max] gaps is
    // allowed to be pruned, but a range fully outside must be.
    int64_t mn = *std::min_element(vals.begin(), vals.end()), mx = *std::max_element(vals.begin(), vals.end());
    if (hi < mn || lo > mx) {
      ASSERT_FALSE(may);
    }
  }
}

TEST(ZoneMapTest, MergeCombines) {
  ZoneMap a = KeysFrom(1, 5), b = KeysFrom(10, 20);
  a.AddColumnValue(0, Value::Integer(3));
  b.AddColumnNull(0);
  b.AddColumnValue(1, Value::Text("x"));
  a.Merge(b);
  EXPECT_EQ(EncodeRowid(1), a.min_key);
  EXPECT_EQ(EncodeRowid(20), a.max_key);
  EXPECT_TRUE(a.MayHaveNull(0));
  EXPECT_TRUE(a.MayMatchColumn(1, Value::Text("x"), Value::Text("x")));
}

TEST(ZoneMapTest, EncodeDecodeRoundTrip) {
  ZoneMap z = KeysFrom(-3, 77);
  z.AddRow({Value::Integer(1), Value::Blob(std::string("\0\xff", 2)), Value::Null()});
  std::string enc;
  z.EncodeTo(&enc);
  enc += "tail";
  std::string_view in = enc;
  ZoneMap out;
  ASSERT_TRUE(ZoneMap::DecodeFrom(&in, &out));
  EXPECT_EQ(z, out);
  EXPECT_EQ("tail", in);
  ZoneMap empty, out2;
  std::string e2;
  empty.EncodeTo(&e2);
  in = e2;
  ASSERT_TRUE(ZoneMap::DecodeFrom(&in, &out2));
  EXPECT_EQ(empty, out2);
}

TEST(ZoneMapTest, DecodeRejectsTruncationAndGarbage) {
  ZoneMap z = KeysFrom(0, 9);
  z.AddRow({Value::Integer(1), Value::Text("abc")});
  std::string enc;
  z.EncodeTo(&enc);
  for (size_t len = 0; len < enc.size(); len++) {
    std::string_view in(enc.data(), len);
    ZoneMap out;
    EXPECT_FALSE(ZoneMap::DecodeFrom(&in, &out)) << len;
  }
  // A huge column count must not allocate.
  std::string bad = std::string("\x00", 1) + "\xff\xff\xff\x0f";
  std::string_view in = bad;
  ZoneMap out;
  EXPECT_FALSE(ZoneMap::DecodeFrom(&in, &out));
  std::mt19937 rng(5);
  for (int i = 0; i < 5000; i++) {
    std::string s(rng() % 32, '\0');
    for (char& c : s) c = static_cast<char>(rng() % 4 == 0 ? 0 : rng());
    std::string_view r = s;
    (void)ZoneMap::DecodeFrom(&r, &out);
  }
}

}  // namespace
}  // namespace s3lite
