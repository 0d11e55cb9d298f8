// Chunk directory segments: encoding, corruption, incremental updates that
// reuse unchanged segments.
#include "engine/manifest/chunk_directory.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "engine/manifest/object_names.h"
#include "engine/value/value.h"
#include "engine/util/coding.h"
#include "engine/util/crc32c.h"
#include "format_test_dir.h"

namespace s3lite {
namespace {

using format_test::TempStore;

ChunkEntry Entry(uint32_t counter, uint64_t epoch = 1) {
  ChunkEntry e;
  e.id = MakeChunkId(epoch, counter);
  e.key = ChunkKey(e.id);
  e.tree = counter % 5 + 1;
  e.page_count = 256;
  e.live_pages = 200 + counter % 50;
  e.bytes = 256 * kPageSize + 900;
  e.min_key = "k" + std::to_string(counter);
  e.max_key = "k" + std::to_string(counter) + std::string("\xff\0", 2);
  if (counter % 2 == 0) {  // table-leaf chunks carry column zones
    ZoneMap z = ChunkEntryZoneMap(e);
    z.AddColumnValue(0, Value::Integer(counter));
    z.AddColumnValue(0, Value::Integer(counter + 100));
    z.AddColumnNull(1);
    z.AddColumnValue(2, Value::Text("t" + std::to_string(counter)));
    SetChunkEntryZoneMap(z, &e);
  }
  return e;
}

TEST(ChunkDirectoryTest, ColumnZonesRoundTripAndLongBoundsAreWidened) {
  ChunkEntry e = Entry(4);
  ASSERT_EQ(e.columns.size(), 3u);
  ZoneMap z = ChunkEntryZoneMap(e);
  EXPECT_TRUE(z.MayMatchColumn(0, Value::Integer(50), Value::Integer(60)));
  EXPECT_FALSE(z.MayMatchColumn(0, Value::Integer(200), Value::Null()));
  EXPECT_FALSE(z.MayMatchColumn(1, Value::Integer(0), Value::Null()));  // only NULLs
  EXPECT_TRUE(z.MayMatchColumn(7, Value::Integer(0), Value::Null()));   // untracked
  EXPECT_TRUE(z.MayOverlapKeyRange(std::string_view("k4"), std::string_view("k4")));
  EXPECT_FALSE(z.MayOverlapKeyRange(std::string_view("k5"), std::nullopt));

  // 1000-byte TEXT bounds are stored as <= 64 bytes that still enclose them.
  ZoneMap big;
  big.AddKey("a");
  std::string lo = std::string(500, 'b') + "x", hi = std::string(999, 'y') + "z";
  std::string hi_ff = std::string(70, '\xff');
  big.AddColumnValue(0, Value::Text(lo));
  big.AddColumnValue(0, Value::Text(hi));
  big.AddColumnValue(1, Value::Blob(hi_ff));
  ChunkEntry w = Entry(1);
  SetChunkEntryZoneMap(big, &w);
  ASSERT_EQ(w.columns.size(), 2u);
  EXPECT_LE(w.columns[0].min.size(), 64u);
  EXPECT_LE(w.columns[0].max.size(), 64u);
  ZoneMap back = ChunkEntryZoneMap(w);
  EXPECT_TRUE(back.MayMatchColumn(0, Value::Text(lo), Value::Text(lo)));
  EXPECT_TRUE(back.MayMatchColumn(0, Value::Text(hi), Value::Text(hi)));
  EXPECT_TRUE(back.MayMatchColumn(1, Value::Blob(hi_ff), Value::Blob(hi_ff)));
  EXPECT_FALSE(back.MayMatchColumn(0, Value::Text("a"), Value::Text("ab")));
  EXPECT_FALSE(back.MayMatchColumn(0, Value::Text("z"), Value::Null()));
  auto d = DecodeChunkSegment(EncodeChunkSegment({w}), "seg");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ((*d)[0], w);
}

// Segments written before column zones (format version 1) still decode.
TEST(ChunkDirectoryTest, ReadsFormatVersion1) {
  std::string v1;
  PutFixed64(&v1, kChunkDirMagic);
  PutVarint32(&v1, 1);
  PutVarint32(&v1, 2);
  for (uint32_t c : {3u, 9u}) {
    ChunkEntry e = Entry(c);
    PutVarint64(&v1, e.id);
    PutLengthPrefixedSlice(&v1, e.key);
    PutVarint32(&v1, e.tree);
    PutVarint32(&v1, e.page_count);
    PutVarint32(&v1, e.live_pages);
    PutVarint64(&v1, e.bytes);
    PutLengthPrefixedSlice(&v1, e.min_key);
    PutLengthPrefixedSlice(&v1, e.max_key);
  }
  PutFixed32(&v1, crc32c::Value(v1));
  auto d = DecodeChunkSegment(v1, "old");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_EQ(d->size(), 2u);
  EXPECT_EQ((*d)[1], Entry(9));  // odd counters carry no column zones
  EXPECT_TRUE((*d)[0].columns.empty());
  EXPECT_EQ((*d)[0].min_key, Entry(3).min_key);
  // Unknown versions are refused.
  std::string v9 = v1.substr(0, v1.size() - 4);
  v9[8] = 9;
  PutFixed32(&v9, crc32c::Value(v9));
  EXPECT_TRUE(DecodeChunkSegment(v9, "new").status().IsCorruption());
}

TEST(ChunkDirectoryTest, SegmentRoundTripAndCorruption) {
  std::vector<ChunkEntry> entries;
  for (uint32_t i = 0; i < 20; i++) entries.push_back(Entry(i * 3));
  std::string bytes = EncodeChunkSegment(entries);
  auto d = DecodeChunkSegment(bytes, "seg");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(entries, *d);
  auto empty = DecodeChunkSegment(EncodeChunkSegment({}), "seg");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());

  for (size_t pos = 0; pos < bytes.size(); pos++) {
    std::string bad = bytes;
    bad[pos] = static_cast<char>(bad[pos] ^ 0x10);
    auto r = DecodeChunkSegment(bad, "chunkdir/x");
    ASSERT_FALSE(r.ok()) << pos;
    EXPECT_TRUE(r.status().IsCorruption());
    EXPECT_NE(std::string::npos, r.status().message().find("chunkdir/x"));
  }
  for (size_t len = 0; len < bytes.size(); len++) ASSERT_FALSE(DecodeChunkSegment(bytes.substr(0, len), "s").ok());

  // Out-of-order entries with a valid checksum are refused.
  std::swap(entries[3], entries[4]);
  EXPECT_TRUE(DecodeChunkSegment(EncodeChunkSegment(entries), "s").status().IsCorruption());
  // A lying count with a valid checksum does not allocate.
  std::string lie;
  PutFixed64(&lie, kChunkDirMagic);
  PutVarint32(&lie, kChunkDirFormatVersion);
  PutVarint32(&lie, 0xffffffffu);
  PutFixed32(&lie, crc32c::Value(lie));
  EXPECT_TRUE(DecodeChunkSegment(lie, "s").status().IsCorruption());
}

// Applies updates and checks the directory against a std::map model.
class DirectoryModel {
 public:
  explicit DirectoryModel(ObjectStore& store, uint32_t capacity) : store_(store), capacity_(capacity) {}

  Result<ChunkDirectoryUpdate> Apply(const ChunkDirectoryDelta& delta) {
    version_++;
    auto u = UpdateChunkDirectory(segments_, delta, version_, StoreSegmentLoader(store_), capacity_);
    if (!u.ok()) return u;
    Status s = WriteChunkSegments(store_, u->writes);
    if (!s.ok()) return s;
    segments_ = u->segments;
    for (ChunkId id : delta.removed) model_.erase(id);
    for (const auto& [id, live] : delta.live_pages) {
      if (model_.count(id)) model_[id].live_pages = live;
    }
    for (const ChunkEntry& e : delta.added) model_[e.id] = e;
    return u;
  }

  void Check() {
    auto all = LoadChunkDirectory(store_, segments_);
    ASSERT_TRUE(all.ok()) << all.status().ToString();
    ASSERT_EQ(model_.size(), all->size());
    size_t i = 0;
    for (const auto& [id, e] : model_) ASSERT_EQ(e, (*all)[i++]);
    uint64_t total = 0;
    for (size_t s = 0; s < segments_.size(); s++) {
      ASSERT_LE(segments_[s].count, capacity_);
      ASSERT_GT(segments_[s].count, 0u);
      ASSERT_LE(segments_[s].first_id, segments_[s].last_id);
      if (s > 0) {
        ASSERT_LT(segments_[s - 1].last_id, segments_[s].first_id);
      }
      total += segments_[s].count;
    }
    ASSERT_EQ(model_.size(), total);
    for (const auto& [id, e] : model_) {
      int s = FindChunkSegment(segments_, id);
      ASSERT_GE(s, 0);
      ASSERT_LE(segments_[s].first_id, id);
      ASSERT_GE(segments_[s].last_id, id);
    }
  }

  const std::vector<ChunkSegmentRef>& segments() const { return segments_; }
  const std::map<ChunkId, ChunkEntry>& model() const { return model_; }

 private:
  ObjectStore& store_;
  uint32_t capacity_;
  uint64_t version_ = 0;
  std::vector<ChunkSegmentRef> segments_;
  std::map<ChunkId, ChunkEntry> model_;
};

TEST(ChunkDirectoryTest, AppendsRewriteOnlyTheLastSegment) {
  TempStore t;
  DirectoryModel dir(t.store(), 100);
  uint32_t next = 0;
  auto add = [&](int n) {
    ChunkDirectoryDelta d;
    for (int i = 0; i < n; i++) d.added.push_back(Entry(next++));
    return dir.Apply(d);
  };
  auto u1 = add(250);
  ASSERT_TRUE(u1.ok()) << u1.status().ToString();
  EXPECT_EQ(3u, u1->segments.size());  // 100 + 100 + 50
  EXPECT_EQ(3u, u1->writes.size());
  EXPECT_EQ(250u, u1->chunk_count);
  dir.Check();

  // Ten more chunks: only the last (partial) segment is rewritten.
  auto before = dir.segments();
  auto u2 = add(10);
  ASSERT_TRUE(u2.ok());
  ASSERT_EQ(1u, u2->writes.size());
  ASSERT_EQ(3u, u2->segments.size());
  EXPECT_EQ(before[0], u2->segments[0]);
  EXPECT_EQ(before[1], u2->segments[1]);
  EXPECT_NE(before[2].key, u2->segments[2].key);
  EXPECT_EQ(60u, u2->segments[2].count);
  dir.Check();

  // Fill the last segment exactly, then add more: the full one is reused.
  ASSERT_TRUE(add(40).ok());
  before = dir.segments();
  ASSERT_EQ(100u, before.back().count);
  auto u3 = add(5);
  ASSERT_TRUE(u3.ok());
  ASSERT_EQ(1u, u3->writes.size());
  ASSERT_EQ(4u, u3->segments.size());
  for (int i = 0; i < 3; i++) EXPECT_EQ(before[i], u3->segments[i]);
  EXPECT_EQ(5u, u3->segments[3].count);
  dir.Check();

  // An empty delta writes nothing.
  auto u4 = dir.Apply({});
  ASSERT_TRUE(u4.ok());
  EXPECT_TRUE(u4->writes.empty());
  EXPECT_EQ(dir.segments(), u4->segments);
}

TEST(ChunkDirectoryTest, RemovalsAndLivePageUpdatesRewriteAffectedSegments) {
  TempStore t;
  DirectoryModel dir(t.store(), 50);
  ChunkDirectoryDelta init;
  for (uint32_t i = 0; i < 200; i++) init.added.push_back(Entry(i));
  ASSERT_TRUE(dir.Apply(init).ok());
  auto before = dir.segments();
  ASSERT_EQ(4u, before.size());

  // Update a chunk in segment 1, remove one in segment 3 (tail).
  ChunkDirectoryDelta d;
  d.live_pages[MakeChunkId(1, 60)] = 3;
  d.removed.push_back(MakeChunkId(1, 170));
  auto u = dir.Apply(d);
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(2u, u->writes.size());
  EXPECT_EQ(before[0], u->segments[0]);
  EXPECT_EQ(before[2], u->segments[2]);
  EXPECT_EQ(199u, u->chunk_count);
  dir.Check();

  // Compaction: remove all of segment 0 and half of 1, add a merged chunk.
  ChunkDirectoryDelta c;
  for (uint32_t i = 0; i < 75; i++) c.removed.push_back(MakeChunkId(1, i));
  c.added.push_back(Entry(0, 2));
  auto uc = dir.Apply(c);
  ASSERT_TRUE(uc.ok()) << uc.status().ToString();
  dir.Check();
  EXPECT_EQ(dir.model().size(), uc->chunk_count);
}

TEST(ChunkDirectoryTest, RandomDeltasMatchModel) {
  TempStore t;
  DirectoryModel dir(t.store(), 16);
  std::mt19937 rng(2024);
  uint32_t next = 0;
  for (int round = 0; round < 40; round++) {
    ChunkDirectoryDelta d;
    std::vector<ChunkId> existing;
    for (const auto& [id, e] : dir.model()) existing.push_back(id);
    std::shuffle(existing.begin(), existing.end(), rng);
    size_t nrem = existing.empty() ? 0 : rng() % std::min<size_t>(existing.size(), 10);
    for (size_t i = 0; i < nrem; i++) d.removed.push_back(existing[i]);
    for (size_t i = nrem; i < existing.size() && i < nrem + rng() % 5; i++) d.live_pages[existing[i]] = rng() % 256;
    int nadd = static_cast<int>(rng() % 30);
    for (int i = 0; i < nadd; i++) d.added.push_back(Entry(next++));
    auto u = dir.Apply(d);
    ASSERT_TRUE(u.ok()) << u.status().ToString();
    ASSERT_NO_FATAL_FAILURE(dir.Check());
  }
}

TEST(ChunkDirectoryTest, BadDeltasAreRejected) {
  TempStore t;
  DirectoryModel dir(t.store(), 8);
  ChunkDirectoryDelta init;
  for (uint32_t i = 0; i < 20; i++) init.added.push_back(Entry(i * 2));
  ASSERT_TRUE(dir.Apply(init).ok());
  auto segs = dir.segments();
  auto loader = StoreSegmentLoader(t.store());

  ChunkDirectoryDelta dup;
  dup.added.push_back(Entry(4));
  EXPECT_EQ(Status::Code::kInvalidArgument, UpdateChunkDirectory(segs, dup, 9, loader, 8).status().code());
  ChunkDirectoryDelta twice;
  twice.added = {Entry(101), Entry(101)};
  EXPECT_FALSE(UpdateChunkDirectory(segs, twice, 9, loader, 8).ok());
  ChunkDirectoryDelta unknown;
  unknown.removed.push_back(MakeChunkId(1, 5));  // odd ids do not exist
  EXPECT_FALSE(UpdateChunkDirectory(segs, unknown, 9, loader, 8).ok());
  ChunkDirectoryDelta beyond;
  beyond.live_pages[MakeChunkId(9, 9)] = 1;
  EXPECT_FALSE(UpdateChunkDirectory(segs, beyond, 9, loader, 8).ok());

  // A missing or damaged segment surfaces as an error naming it.
  ChunkDirectoryDelta rm;
  rm.removed.push_back(MakeChunkId(1, 0));
  ASSERT_TRUE(t.store().Delete(segs[0].key).ok());
  auto missing = UpdateChunkDirectory(segs, rm, 9, loader, 8);
  EXPECT_TRUE(missing.status().IsNotFound());
  EXPECT_NE(std::string::npos, missing.status().message().find(segs[0].key));
  auto load_all = LoadChunkDirectory(t.store(), segs);
  EXPECT_FALSE(load_all.ok());
}

TEST(ChunkDirectoryTest, WritingSegmentsIsIdempotent) {
  TempStore t;
  ChunkDirectoryDelta d;
  for (uint32_t i = 0; i < 10; i++) d.added.push_back(Entry(i));
  auto u = UpdateChunkDirectory({}, d, 1, StoreSegmentLoader(t.store()), 4);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(3u, u->writes.size());
  ASSERT_TRUE(WriteChunkSegments(t.store(), u->writes).ok());
  // A retry of the same commit after a failure writes the same keys: OK.
  ASSERT_TRUE(WriteChunkSegments(t.store(), u->writes).ok());
  // A different commit for the same version gets different keys.
  d.added.pop_back();
  auto other = UpdateChunkDirectory({}, d, 1, StoreSegmentLoader(t.store()), 4);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(u->writes.back().key, other->writes.back().key);
  auto r = ReadChunkSegment(t.store(), u->segments[1]);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(4u, r->size());
  // A ref that does not match the segment's contents is corruption.
  ChunkSegmentRef lying = u->segments[1];
  lying.count = 3;
  EXPECT_TRUE(ReadChunkSegment(t.store(), lying).status().IsCorruption());
}

TEST(ChunkDirectoryTest, FindChunkSegment) {
  std::vector<ChunkSegmentRef> segs = {{"a", 10, 20, 5}, {"b", 30, 40, 5}, {"c", 41, 41, 1}};
  EXPECT_EQ(-1, FindChunkSegment(segs, 9));
  EXPECT_EQ(0, FindChunkSegment(segs, 10));
  EXPECT_EQ(0, FindChunkSegment(segs, 20));
  EXPECT_EQ(-1, FindChunkSegment(segs, 25));
  EXPECT_EQ(1, FindChunkSegment(segs, 35));
  EXPECT_EQ(2, FindChunkSegment(segs, 41));
  EXPECT_EQ(-1, FindChunkSegment(segs, 42));
  EXPECT_EQ(-1, FindChunkSegment({}, 1));
}

}  // namespace
}  // namespace s3lite
