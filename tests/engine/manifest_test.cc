// Manifests and object names: encoding, corruption, store I/O, newest version.
#include "engine/manifest/manifest.h"

#include <gtest/gtest.h>

#include "engine/manifest/object_names.h"
#include "engine/util/coding.h"
#include "engine/util/crc32c.h"
#include "engine/wal/wal_store.h"
#include "format_test_dir.h"

namespace s3lite {
namespace {

using format_test::TempStore;

Manifest Sample(uint64_t version = 7) {
  Manifest m;
  m.database_id = NewDatabaseId();
  m.version = version;
  m.parent_version = version - 1;
  m.epoch = 2;
  m.wal_seq = 1234;
  m.created_unix_ms = 1763700000000;
  m.next_tree_id = 4;
  m.next_chunk_counter = 17;
  m.catalog = {
      {SchemaKind::kTable, "users", "users", "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, \"q\" \\ x)", 2},
      {SchemaKind::kIndex, "users_name", "users", "CREATE INDEX users_name ON users(name)", 3},
      {SchemaKind::kView, "v", "v", "CREATE VIEW v AS SELECT 'é\t\n'", 0},
  };
  m.trees = {{1, TreeKind::kTable, MakePageId(MakeChunkId(2, 3), 4), 10},
             {2, TreeKind::kTable, MakePageId(MakeChunkId(2, 5), 255), 1ull << 40},
             {3, TreeKind::kIndex, kInvalidPageId, 0}};
  m.chunk_segments = {{ChunkDirSegmentKey(6, 0, 0x1234), MakeChunkId(1, 0), MakeChunkId(2, 9), 30},
                      {ChunkDirSegmentKey(7, 0, 0xabcd), MakeChunkId(2, 10), MakeChunkId(2, 16), 7}};
  m.chunk_count = 37;
  return m;
}

void ExpectSame(const Manifest& a, const Manifest& b) {
  EXPECT_EQ(a.format_version, b.format_version);
  EXPECT_EQ(a.database_id, b.database_id);
  EXPECT_EQ(a.version, b.version);
  EXPECT_EQ(a.parent_version, b.parent_version);
  EXPECT_EQ(a.epoch, b.epoch);
  EXPECT_EQ(a.wal_seq, b.wal_seq);
  EXPECT_EQ(a.created_unix_ms, b.created_unix_ms);
  EXPECT_EQ(a.next_tree_id, b.next_tree_id);
  EXPECT_EQ(a.next_chunk_counter, b.next_chunk_counter);
  ASSERT_EQ(a.catalog.size(), b.catalog.size());
  for (size_t i = 0; i < a.catalog.size(); i++) {
    EXPECT_EQ(a.catalog[i].kind, b.catalog[i].kind);
    EXPECT_EQ(a.catalog[i].name, b.catalog[i].name);
    EXPECT_EQ(a.catalog[i].table, b.catalog[i].table);
    EXPECT_EQ(a.catalog[i].sql, b.catalog[i].sql);
    EXPECT_EQ(a.catalog[i].tree, b.catalog[i].tree);
  }
  EXPECT_EQ(a.trees, b.trees);
  EXPECT_EQ(a.chunk_segments, b.chunk_segments);
  EXPECT_EQ(a.chunk_count, b.chunk_count);
}

TEST(ObjectNamesTest, KeysAndParsing) {
  EXPECT_EQ("manifest/00000000000000000042", ManifestKey(42));
  EXPECT_EQ("wal/18446744073709551615", WalKey(~0ull));
  EXPECT_EQ("fence/00000000000000000003", FenceKey(3));
  EXPECT_EQ(42u, *ParseManifestKey(ManifestKey(42)));
  EXPECT_EQ(7u, *ParseWalKey(WalKey(7)));
  EXPECT_EQ(3u, *ParseFenceKey(FenceKey(3)));
  EXPECT_FALSE(ParseManifestKey("manifest/42"));
  EXPECT_FALSE(ParseManifestKey("manifest/0000000000000000004x"));
  EXPECT_FALSE(ParseManifestKey("wal/00000000000000000042"));
  EXPECT_FALSE(ParseWalKey("wal/99999999999999999999"));  // overflows uint64
  EXPECT_LT(ManifestKey(9), ManifestKey(10));             // LIST order is numeric order

  ChunkId id = MakeChunkId(5, 123456);
  std::string ck = ChunkKey(id);
  EXPECT_EQ(std::string("chunks/"), ck.substr(0, 7));
  EXPECT_EQ("/0000000005-0000123456", ck.substr(9));
  EXPECT_EQ(id, *ParseChunkKey(ck));
  std::string wrong_dir = ck;
  wrong_dir[7] = wrong_dir[7] == '0' ? '1' : '0';
  EXPECT_FALSE(ParseChunkKey(wrong_dir));
  // Consecutive ids spread over many hash directories.
  std::set<std::string> dirs;
  for (uint32_t c = 0; c < 1000; c++) dirs.insert(ChunkKey(MakeChunkId(1, c)).substr(7, 2));
  EXPECT_GT(dirs.size(), 200u);

  std::string sk = ChunkDirSegmentKey(9, 2, 0xfeedULL);
  EXPECT_EQ("chunkdir/00000000000000000009-000002-000000000000feed", sk);
  auto parsed = ParseChunkDirSegmentKey(sk);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(9u, parsed->first);
  EXPECT_EQ(2u, parsed->second);
  EXPECT_FALSE(ParseChunkDirSegmentKey("chunkdir/00000000000000000009-000002"));
}

TEST(ManifestTest, DatabaseIdsAreRandomHex) {
  std::string a = NewDatabaseId(), b = NewDatabaseId();
  EXPECT_EQ(32u, a.size());
  EXPECT_NE(a, b);
  EXPECT_EQ(std::string::npos, a.find_first_not_of("0123456789abcdef"));
}

TEST(ManifestTest, RoundTrip) {
  Manifest m = Sample();
  std::string bytes = EncodeManifest(m);
  auto d = DecodeManifest(bytes, "manifest/7");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ExpectSame(m, *d);
  ASSERT_NE(nullptr, d->FindTree(2));
  EXPECT_EQ(1ull << 40, d->FindTree(2)->entry_count);
  EXPECT_EQ(nullptr, d->FindTree(9));
  // The body is readable JSON.
  EXPECT_NE(std::string::npos, bytes.find("\"wal_seq\": 1234"));
}

TEST(ManifestTest, EveryByteFlipIsDetected) {
  std::string bytes = EncodeManifest(Sample());
  for (size_t pos = 0; pos < bytes.size(); pos++) {
    std::string bad = bytes;
    bad[pos] = static_cast<char>(bad[pos] ^ 0x20);
    auto d = DecodeManifest(bad, "manifest/00000000000000000007");
    ASSERT_FALSE(d.ok()) << "flip at " << pos;
    EXPECT_TRUE(d.status().IsCorruption());
    EXPECT_NE(std::string::npos, d.status().message().find("manifest/00000000000000000007"));
  }
}

TEST(ManifestTest, TruncationAtEveryLengthFails) {
  std::string bytes = EncodeManifest(Sample());
  for (size_t len = 0; len < bytes.size(); len++) {
    ASSERT_FALSE(DecodeManifest(bytes.substr(0, len), "m").ok()) << len;
  }
}

// Frames arbitrary JSON with a correct checksum (what a checksum-fixing
// fuzzer produces): the JSON layer must still reject bad content cleanly.
std::string Frame(const std::string& json) {
  std::string out;
  PutFixed64(&out, kManifestMagic);
  PutFixed32(&out, crc32c::Value(json));
  PutFixed32(&out, static_cast<uint32_t>(json.size()));
  return out + json;
}

TEST(ManifestTest, ValidChecksumButBadJsonIsCorruption) {
  for (std::string json : std::vector<std::string>{"", "{", "null", "[]", "{\"manifest\": 5}", "{\"manifest\": {}}",
                           "{\"manifest\": {\"format_version\": \"x\"}}", std::string(100000, '['),
                           "{\"manifest\": {\"format_version\": 99999999999999}}",
                           // Literals rapidjson's strtod must never see (fuzz/regressions/manifest/).
                           "{\"manifest\": {\"format_version\": 1e5}}", "[0.5]", "[008000000e00200]",
                           "[" + std::string(80, '9') + "E303]", "[18446744073709551616]",
                           "[-9223372036854775809]"}) {
    auto d = DecodeManifest(Frame(json), "m");
    EXPECT_FALSE(d.ok()) << json.substr(0, 40);
    EXPECT_TRUE(d.status().IsCorruption());
  }
  // The largest integers a manifest can hold still decode.
  Manifest big = Sample();
  big.wal_seq = UINT64_MAX;
  big.created_unix_ms = INT64_MIN;
  auto d = DecodeManifest(EncodeManifest(big), "m");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(UINT64_MAX, d->wal_seq);
  EXPECT_EQ(INT64_MIN, d->created_unix_ms);
  // A future format version is refused.
  Manifest m = Sample();
  m.format_version = 2;
  EXPECT_TRUE(DecodeManifest(EncodeManifest(m), "m").status().IsCorruption());
}

TEST(ManifestTest, WriteReadConflict) {
  TempStore t;
  Manifest m = Sample(1);
  ASSERT_TRUE(WriteManifest(t.store(), m).ok());
  auto r = ReadManifest(t.store(), 1);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectSame(m, *r);
  Manifest other = Sample(1);
  Status s = WriteManifest(t.store(), other);
  EXPECT_TRUE(s.IsConflict()) << s.ToString();
  EXPECT_EQ(0u, s.message().find(kConflictMessage));
  EXPECT_EQ(m.database_id, ReadManifest(t.store(), 1)->database_id);  // untouched
  EXPECT_TRUE(ReadManifest(t.store(), 2).status().IsNotFound());
  // A manifest stored under the wrong name is corrupt.
  ASSERT_TRUE(t.store().PutIfAbsent(ManifestKey(5), EncodeManifest(Sample(4))).ok());
  EXPECT_TRUE(ReadManifest(t.store(), 5).status().IsCorruption());
  // Damaged bytes in the store name the object.
  std::string bytes = EncodeManifest(Sample(6));
  bytes[bytes.size() / 2] ^= 1;
  ASSERT_TRUE(t.store().PutIfAbsent(ManifestKey(6), bytes).ok());
  auto bad = ReadManifest(t.store(), 6);
  EXPECT_TRUE(bad.status().IsCorruption());
  EXPECT_NE(std::string::npos, bad.status().message().find(ManifestKey(6)));
}

TEST(ManifestTest, FindNewestAmongManyVersions) {
  TempStore t;
  auto empty = FindNewestManifestVersion(t.store());
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(0u, *empty);
  // Versions out of order, with gaps (GC'd), plus unrelated objects.
  std::vector<uint64_t> versions;
  for (uint64_t v = 1; v <= 150; v++) {
    if (v % 7 == 3) continue;
    versions.push_back(v);
  }
  versions.push_back(1000);
  for (size_t i = versions.size(); i-- > 0;) {
    ASSERT_TRUE(WriteManifest(t.store(), Sample(versions[i])).ok());
  }
  ASSERT_TRUE(t.store().Put("manifest/garbage", "x").ok());
  ASSERT_TRUE(t.store().Put("manifestx/00000000000000099999", "x").ok());
  ASSERT_TRUE(t.store().Put(WalKey(5000), "x").ok());
  auto newest = FindNewestManifestVersion(t.store());
  ASSERT_TRUE(newest.ok());
  EXPECT_EQ(1000u, *newest);
  auto all = ListManifestVersions(t.store());
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(versions, *all);
}

}  // namespace
}  // namespace s3lite
