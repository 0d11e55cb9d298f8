// Tests of engine/value: Value ordering, the memcomparable key codec and the
// record codec. The key property: memcmp order of encodings == CompareValues.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "engine/value/key_codec.h"
#include "engine/value/record.h"
#include "engine/value/value.h"

namespace s3lite {
namespace {

int Sign(int x) { return (x > 0) - (x < 0); }

int MemcmpOrder(const std::string& a, const std::string& b) {
  return Sign(a.compare(b));
}

std::vector<Value> InterestingValues() {
  const int64_t kMax = std::numeric_limits<int64_t>::max();
  const int64_t kMin = std::numeric_limits<int64_t>::min();
  std::vector<Value> v = {
      Value::Null(),
      Value::Integer(0), Value::Integer(1), Value::Integer(-1), Value::Integer(42),
      Value::Integer(kMax), Value::Integer(kMax - 1), Value::Integer(kMin), Value::Integer(kMin + 1),
      Value::Integer((1ll << 53) + 1), Value::Integer(1ll << 53), Value::Integer(-(1ll << 53) - 1),
      Value::Real(0.0), Value::Real(-0.0), Value::Real(0.5), Value::Real(-0.5), Value::Real(1.0),
      Value::Real(9007199254740992.0), Value::Real(9223372036854775808.0), Value::Real(-9223372036854775808.0),
      Value::Real(1e300), Value::Real(-1e300), Value::Real(INFINITY), Value::Real(-INFINITY),
      Value::Real(42.000001), Value::Real(41.999999),
      Value::Text(""), Value::Text("a"), Value::Text("ab"), Value::Text("b"), Value::Text(std::string("a\0b", 3)),
      Value::Text(std::string("a\0", 2)), Value::Text("\xff"), Value::Text("héllo"),
      Value::Blob(""), Value::Blob(std::string("\0", 1)), Value::Blob("\x01\x02"), Value::Blob("\xff\xff"),
  };
  return v;
}

TEST(ValueTest, NanBecomesNull) { EXPECT_TRUE(Value::Real(NAN).is_null()); }

TEST(ValueTest, CompareMixedNumbersExactly) {
  EXPECT_EQ(CompareValues(Value::Integer(1), Value::Real(1.0)), 0);
  EXPECT_LT(CompareValues(Value::Integer(1), Value::Real(1.5)), 0);
  EXPECT_GT(CompareValues(Value::Integer((1ll << 53) + 1), Value::Real(9007199254740992.0)), 0);
  EXPECT_LT(CompareValues(Value::Integer(std::numeric_limits<int64_t>::max()), Value::Real(9223372036854775808.0)), 0);
  EXPECT_LT(CompareValues(Value::Null(), Value::Integer(-5)), 0);
  EXPECT_LT(CompareValues(Value::Real(1e300), Value::Text("")), 0);
  EXPECT_LT(CompareValues(Value::Text("zzz"), Value::Blob("")), 0);
  EXPECT_LT(CompareValues(Value::Text("a"), Value::Text("ab")), 0);
}

TEST(KeyCodecTest, MemcmpOrderMatchesCompareValues) {
  auto vals = InterestingValues();
  for (const auto& a : vals) {
    for (const auto& b : vals) {
      EXPECT_EQ(MemcmpOrder(EncodeKey(a), EncodeKey(b)), Sign(CompareValues(a, b)))
          << a.DebugString() << " vs " << b.DebugString();
    }
  }
}

TEST(KeyCodecTest, RandomNumbersKeepOrder) {
  std::mt19937_64 rng(7);
  std::vector<Value> vals;
  for (int i = 0; i < 2000; i++) {
    switch (rng() % 3) {
      case 0: vals.push_back(Value::Integer(static_cast<int64_t>(rng()))); break;
      case 1: vals.push_back(Value::Integer(static_cast<int64_t>(rng() % 2001) - 1000)); break;
      default: {
        double d = std::ldexp(static_cast<double>(static_cast<int64_t>(rng())), static_cast<int>(rng() % 80) - 70);
        vals.push_back(Value::Real(d));
      }
    }
  }
  for (size_t i = 0; i + 1 < vals.size(); i++) {
    EXPECT_EQ(MemcmpOrder(EncodeKey(vals[i]), EncodeKey(vals[i + 1])), Sign(CompareValues(vals[i], vals[i + 1])))
        << vals[i].DebugString() << " vs " << vals[i + 1].DebugString();
  }
}

TEST(KeyCodecTest, RoundTrip) {
  for (const auto& v : InterestingValues()) {
    std::string enc = EncodeKey(v);
    std::string_view in(enc);
    Value out;
    ASSERT_TRUE(DecodeKey(&in, &out).ok()) << v.DebugString();
    EXPECT_TRUE(in.empty());
    EXPECT_EQ(CompareValues(v, out), 0) << v.DebugString() << " -> " << out.DebugString();
    if (!v.is_numeric()) {
      EXPECT_EQ(v, out);
    }
  }
}

TEST(KeyCodecTest, CompositeKeysSortColumnByColumn) {
  auto key = [](const Value& a, const Value& b) {
    std::string s;
    EncodeKey(a, &s);
    EncodeKey(b, &s);
    return s;
  };
  // "a" < "ab" must hold even when the next column would say otherwise.
  EXPECT_LT(key(Value::Text("a"), Value::Integer(999)), key(Value::Text("ab"), Value::Integer(0)));
  EXPECT_LT(key(Value::Integer(1), Value::Text("z")), key(Value::Integer(2), Value::Text("a")));
  std::string k = key(Value::Text(std::string("x\0y", 3)), Value::Real(2.5));
  std::string_view in(k);
  Value a, b;
  ASSERT_TRUE(DecodeKey(&in, &a).ok());
  ASSERT_TRUE(DecodeKey(&in, &b).ok());
  EXPECT_EQ(a, Value::Text(std::string("x\0y", 3)));
  EXPECT_EQ(b, Value::Real(2.5));
}

TEST(KeyCodecTest, RowidOrderAndRoundTrip) {
  std::vector<int64_t> ids = {std::numeric_limits<int64_t>::min(), -5, -1, 0, 1, 2, 1000,
                              std::numeric_limits<int64_t>::max()};
  for (size_t i = 0; i + 1 < ids.size(); i++) EXPECT_LT(EncodeRowid(ids[i]), EncodeRowid(ids[i + 1]));
  for (int64_t id : ids) EXPECT_EQ(*DecodeRowid(EncodeRowid(id)), id);
  EXPECT_FALSE(DecodeRowid("short").ok());
}

TEST(KeyCodecTest, GarbageNeverCrashes) {
  std::mt19937 rng(3);
  for (int i = 0; i < 20000; i++) {
    std::string s(rng() % 16, '\0');
    for (auto& c : s) c = static_cast<char>(rng() % 4 == 0 ? 0 : rng());
    std::string_view in(s);
    Value v;
    while (!in.empty() && DecodeKey(&in, &v).ok()) {
    }
  }
}

TEST(KeyCodecTest, PrefixSuccessor) {
  EXPECT_EQ(PrefixSuccessor("ab"), "ac");
  EXPECT_EQ(PrefixSuccessor(std::string("a\xff", 2)), "b");
  EXPECT_EQ(PrefixSuccessor("\xff\xff"), "");
}

TEST(RecordTest, RoundTripAndColumnAccess) {
  Row row = InterestingValues();
  std::string rec = EncodeRecord(row);
  Row out;
  ASSERT_TRUE(DecodeRecord(rec, &out).ok());
  ASSERT_EQ(out.size(), row.size());
  for (size_t i = 0; i < row.size(); i++) {
    if (row[i].is_real() && std::signbit(row[i].real())) continue;  // -0.0 == 0.0 compares equal
    EXPECT_EQ(out[i], row[i]) << i;
    Value col;
    ASSERT_TRUE(DecodeRecordColumn(rec, i, &col).ok());
    EXPECT_EQ(col, row[i]) << i;
  }
  Value past;
  ASSERT_TRUE(DecodeRecordColumn(rec, row.size() + 3, &past).ok());
  EXPECT_TRUE(past.is_null());
  EXPECT_EQ(*RecordColumnCount(rec), row.size());
}

TEST(RecordTest, EveryTruncationIsCorruptionNotACrash) {
  std::string rec = EncodeRecord({Value::Integer(300), Value::Text("hello"), Value::Real(1.5), Value::Blob("xy")});
  for (size_t n = 0; n < rec.size(); n++) {
    Row out;
    Status st = DecodeRecord(std::string_view(rec.data(), n), &out);
    EXPECT_TRUE(st.IsCorruption()) << n;
  }
}

// DecodeRecordColumns decodes chosen columns in one pass, leaves columns
// past the record's end untouched, and reuses TEXT/BLOB strings in place.
TEST(RecordTest, DecodeColumnsInOnePass) {
  Row row = {Value::Integer(7), Value::Text("alpha"), Value::Null(), Value::Blob(std::string("b\0b", 3)), Value::Real(2.5)};
  std::string rec = EncodeRecord(row);
  std::vector<Value> dst(8, Value::Integer(-1));
  int cols[] = {1, 3, 4, 6};
  size_t stored = 0;
  ASSERT_TRUE(DecodeRecordColumns(rec, cols, 4, dst.data(), &stored).ok());
  EXPECT_EQ(stored, row.size());
  EXPECT_EQ(dst[0], Value::Integer(-1));  // not asked for
  EXPECT_EQ(dst[1], row[1]);
  EXPECT_EQ(dst[2], Value::Integer(-1));
  EXPECT_EQ(dst[3], row[3]);
  EXPECT_EQ(dst[4], row[4]);
  EXPECT_EQ(dst[6], Value::Integer(-1));  // past the end: untouched
  // Same again into values that already hold TEXT/BLOB (strings reused).
  dst[1] = Value::Text(std::string(64, 'x'));
  const char* before = dst[1].text().data();
  ASSERT_TRUE(DecodeRecordColumns(rec, cols, 2, dst.data(), &stored).ok());
  EXPECT_EQ(dst[1], row[1]);
  EXPECT_EQ(dst[1].text().data(), before);
  EXPECT_EQ(dst[3], row[3]);
  // Every column alone matches DecodeRecordColumn.
  for (int c = 0; c < static_cast<int>(row.size()); c++) {
    std::vector<Value> d(row.size());
    ASSERT_TRUE(DecodeRecordColumns(rec, &c, 1, d.data(), &stored).ok());
    Value ref;
    ASSERT_TRUE(DecodeRecordColumn(rec, static_cast<size_t>(c), &ref).ok());
    EXPECT_EQ(d[static_cast<size_t>(c)], ref) << c;
  }
  // Bad column lists and damaged records are errors, never crashes.
  int unordered[] = {3, 1};
  EXPECT_FALSE(DecodeRecordColumns(rec, unordered, 2, dst.data(), &stored).ok());
  int negative[] = {-1};
  EXPECT_FALSE(DecodeRecordColumns(rec, negative, 1, dst.data(), &stored).ok());
  int last[] = {4};
  for (size_t n = 0; n < rec.size(); n++) {
    EXPECT_FALSE(DecodeRecordColumns(std::string_view(rec.data(), n), last, 1, dst.data(), &stored).ok()) << n;
  }
}

// The fast path of DecodeRecordColumns agrees with DecodeRecord on values
// with multi-byte varints (large integers, long strings, many columns), and
// a damaged record gives the checked decoder's error, not a partial success.
TEST(RecordTest, DecodeColumnsMultiByteVarintsAndErrors) {
  Row row;
  for (int i = 0; i < 200; i++) {
    switch (i % 5) {
      case 0: row.push_back(Value::Integer(i % 2 ? INT64_MIN + i : INT64_MAX - i)); break;
      case 1: row.push_back(Value::Text(std::string(100 + i * 3, static_cast<char>('a' + i % 26)))); break;
      case 2: row.push_back(Value::Real(i * 0.25)); break;
      case 3: row.push_back(Value::Null()); break;
      default: row.push_back(Value::Blob(std::string(static_cast<size_t>(i), '\x01'))); break;
    }
  }
  std::string rec = EncodeRecord(row);
  std::vector<int> cols;
  for (int c = 1; c < 200; c += 7) cols.push_back(c);
  cols.push_back(250);  // past the end: untouched
  std::vector<Value> dst(251, Value::Integer(-1));
  size_t stored = 0;
  ASSERT_TRUE(DecodeRecordColumns(rec, cols.data(), cols.size(), dst.data(), &stored).ok());
  EXPECT_EQ(stored, row.size());
  for (int c : cols) {
    if (c < 200) {
      EXPECT_EQ(dst[static_cast<size_t>(c)], row[static_cast<size_t>(c)]) << c;
    }
  }
  EXPECT_EQ(dst[250], Value::Integer(-1));
  // An unknown tag where a value starts: the checked decoder's message.
  std::string bad = EncodeRecord({Value::Integer(1), Value::Integer(2)});
  bad[1] = 9;  // first value's tag
  int both[] = {0, 1};
  Status st = DecodeRecordColumns(bad, both, 2, dst.data(), &stored);
  EXPECT_TRUE(st.IsCorruption()) << st.ToString();
  EXPECT_NE(st.ToString().find("unknown value tag 9"), std::string::npos) << st.ToString();
}

}  // namespace
}  // namespace s3lite
