// Cold reads through the pager: pages are verified and decoded only when
// first used, prefetching scans fetch every chunk once whatever the number
// of workers, and zone maps from the chunk directory prune a cold scan
// before anything is fetched.
#include <gtest/gtest.h>

#include <chrono>

#include "engine/cache/page_cache.h"
#include "engine/chunk/chunk_reader.h"
#include "engine/manifest/object_names.h"
#include "engine/store/latency_store.h"
#include "engine/value/key_codec.h"
#include "engine/value/record.h"
#include "tests/engine/db_test_util.h"

namespace s3lite {
namespace {

std::string Row(int i) {
  std::string rec;
  EncodeRecord({Value::Integer(i), Value::Text("name" + std::to_string(i) + std::string(100, 'x'))}, &rec);
  return rec;
}

// A checkpointed table of `rows` rows (i, 'name<i>xxx...') keyed by rowid i.
TreeId MakeTable(const std::string& dir, int rows) {
  auto db = OpenDb(OpenLocal(dir));
  auto t = BeginWrite(*db);
  TreeId tree = *t->CreateTree(TreeKind::kTable);
  for (int i = 0; i < rows; i++) EXPECT_TRUE(t->Put(tree, EncodeRowid(i), Row(i)).ok());
  EXPECT_TRUE(t->Commit().ok());
  EXPECT_TRUE(db->Close().ok());
  return tree;
}

struct ChunkFile {
  std::string key;
  uint32_t pages = 0;
  bool leaf = false;
  std::string min_key;
};

std::vector<ChunkFile> ChunkFiles(const std::string& dir) {
  auto store = OpenLocal(dir);
  std::vector<ChunkFile> out;
  auto listed = store->List("chunks/");
  EXPECT_TRUE(listed.ok());
  for (const ObjectInfo& o : *listed) {
    auto r = ChunkReader::Open(o.key, store->Get(o.key).value());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    ChunkFile f;
    f.key = o.key;
    f.pages = r->page_count();
    f.leaf = r->page_kind(0) == PageKind::kLeaf || r->page_kind(r->page_count() - 1) == PageKind::kLeaf;
    f.min_key = r->footer().zone_map.min_key;
    out.push_back(f);
  }
  return out;
}

int LeafChunkCount(const std::vector<ChunkFile>& files) {
  int n = 0;
  for (const auto& f : files) n += f.leaf ? 1 : 0;
  return n;
}

DatabaseOptions ReadOnly(int workers, size_t cache_pages = 4096) {
  DatabaseOptions o;
  o.read_only = true;
  o.prefetch_workers = workers;
  o.cache_pages = cache_pages;
  return o;
}

// Internal pages outlive leaves in the cache: a scan never touches them again.
TEST(ColdReadTest, CacheKeepsInternalPagesOverLeaves) {
  PageCache cache(16);
  auto internal = std::make_shared<Node>();
  internal->leaf = false;
  cache.Insert(1000, internal);
  for (PageId id = 1; id <= 100; id++) cache.Insert(id, std::make_shared<Node>());
  EXPECT_EQ(cache.size(), 16u);
  EXPECT_NE(cache.Lookup(1000), nullptr);
  EXPECT_EQ(cache.Lookup(1), nullptr);
  EXPECT_NE(cache.Lookup(100), nullptr);
  // Internal pages alone may not take more than half the cache.
  for (PageId id = 2000; id < 2100; id++) cache.Insert(id, internal);
  EXPECT_EQ(cache.size(), 16u);
  EXPECT_NE(cache.Lookup(100), nullptr);
  EXPECT_EQ(cache.Lookup(1000), nullptr);
}

// A damaged page that a read never touches costs nothing; reading it gives
// Corruption naming the chunk and slot (checksum verified at first use).
TEST(ColdReadTest, PagesAreVerifiedWhenFirstUsed) {
  TempDir dir;
  TreeId tree = MakeTable(dir.path(), 20000);
  std::vector<ChunkFile> files = ChunkFiles(dir.path());
  const ChunkFile* first = nullptr;
  for (const auto& f : files) {
    if (f.leaf && f.min_key == EncodeRowid(0)) first = &f;
  }
  ASSERT_NE(first, nullptr);
  ASSERT_GT(first->pages, 2u);
  uint32_t bad_slot = first->pages - 1;  // the chunk's last leaf: its largest keys
  {
    auto store = OpenLocal(dir.path());
    std::string object = store->Get(first->key).value();
    object[static_cast<size_t>(bad_slot) * kPageSize + 100] ^= 0x5a;
    S3L_ASSERT_OK(store->Put(first->key, object));  // tests only: objects are never rewritten
  }

  auto db = OpenDb(OpenLocal(dir.path()), ReadOnly(0));
  auto r = BeginRead(*db);
  auto v = r->Get(tree, EncodeRowid(0));  // slot 0 of the damaged chunk: fine
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(*v, Row(0));
  auto c = r->NewCursor(tree).value();
  Status s = c->SeekFirst();
  while (s.ok() && c->Valid()) s = c->Next();
  ASSERT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_NE(s.message().find(first->key), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("slot " + std::to_string(bad_slot)), std::string::npos) << s.message();
  // Asking again fails the same way (the raw page stays unverified, never served).
  auto again = r->NewCursor(tree).value();
  s = again->SeekFirst();
  while (s.ok() && again->Valid()) s = again->Next();
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
}

// Every chunk of a cold full scan is fetched exactly once, with 0, 1 or 4
// prefetch workers (1 worker used to queue duplicate fetches of one chunk).
TEST(ColdReadTest, PrefetchingScanFetchesEachChunkOnce) {
  TempDir dir;
  const int kRows = 60000;
  TreeId tree = MakeTable(dir.path(), kRows);
  std::vector<ChunkFile> files = ChunkFiles(dir.path());
  ASSERT_GE(LeafChunkCount(files), 6);
  for (int workers : {0, 1, 4}) {
    for (size_t cache : {size_t{4096}, size_t{600}}) {
      auto latency = std::make_shared<LatencyStore>(OpenLocal(dir.path()), std::chrono::milliseconds(2));
      auto db = OpenDb(latency, ReadOnly(workers, cache));
      auto r = BeginRead(*db);
      EngineStats s0 = db->stats();
      auto c = r->NewCursor(tree).value();
      int n = 0;
      S3L_ASSERT_OK(c->SeekFirst());
      while (c->Valid()) {
        ASSERT_EQ(c->key(), EncodeRowid(n));
        n++;
        S3L_ASSERT_OK(c->Next());
      }
      EXPECT_EQ(n, kRows);
      EngineStats d = db->stats() - s0;
      // Every chunk of the table is needed once (internal + leaf chunks).
      EXPECT_EQ(d.store.gets(), files.size()) << workers << " workers, cache " << cache;
      EXPECT_EQ(d.chunks_fetched, files.size()) << workers << " workers, cache " << cache;
    }
  }
}

// A cold scan with a column range that only one chunk can match fetches
// about that one chunk (plus the internal chunk and one directory segment):
// the zone maps come from the chunk directory, not from fetched footers.
TEST(ColdReadTest, DirectoryZoneMapsPruneAColdScan) {
  TempDir dir;
  const int kRows = 60000;
  TreeId tree = MakeTable(dir.path(), kRows);
  std::vector<ChunkFile> files = ChunkFiles(dir.path());
  int leaf_chunks = LeafChunkCount(files);
  ASSERT_GE(leaf_chunks, 6);
  for (int workers : {0, 4}) {
    auto db = OpenDb(OpenLocal(dir.path()), ReadOnly(workers));
    auto r = BeginRead(*db);
    ScanHint hint;
    hint.column_ranges.push_back({0, Value::Integer(30000), Value::Integer(30010)});
    EngineStats s0 = db->stats();
    auto c = r->NewCursor(tree, hint).value();
    int in_range = 0;
    S3L_ASSERT_OK(c->SeekFirst());
    while (c->Valid()) {
      Value v;
      S3L_ASSERT_OK(DecodeRecordColumn(c->value(), 0, &v));
      if (v.integer() >= 30000 && v.integer() <= 30010) in_range++;
      S3L_ASSERT_OK(c->Next());
    }
    EXPECT_EQ(in_range, 11);
    EngineStats d = db->stats() - s0;
    // internal chunk + 1 directory segment + the matching leaf chunk (the
    // range lies inside one chunk of ~7,500 rows).
    EXPECT_LE(d.store.gets(), 3u) << workers << " workers";
    EXPECT_LE(d.chunks_fetched, 2u) << workers << " workers";
    EXPECT_GE(d.chunks_pruned, static_cast<uint64_t>(leaf_chunks - 2)) << workers << " workers";
    // Backward with the same hint.
    in_range = 0;
    S3L_ASSERT_OK(c->SeekLast());
    while (c->Valid()) {
      Value v;
      S3L_ASSERT_OK(DecodeRecordColumn(c->value(), 0, &v));
      if (v.integer() >= 30000 && v.integer() <= 30010) in_range++;
      S3L_ASSERT_OK(c->Prev());
    }
    EXPECT_EQ(in_range, 11);
  }
  // Key-range hints prune cold too.
  auto db = OpenDb(OpenLocal(dir.path()), ReadOnly(0));
  auto r = BeginRead(*db);
  ScanHint hint;
  hint.lower_key = EncodeRowid(kRows - 5);
  EngineStats s0 = db->stats();
  auto c = r->NewCursor(tree, hint).value();
  S3L_ASSERT_OK(c->SeekFirst());  // from the start: pruning must skip the rest
  int n = 0;
  while (c->Valid()) {
    n++;
    S3L_ASSERT_OK(c->Next());
  }
  EXPECT_GE(n, 5);
  EngineStats d = db->stats() - s0;
  EXPECT_LE(d.chunks_fetched, 2u);  // internal chunk + the last leaf chunk
  EXPECT_GE(d.chunks_pruned, static_cast<uint64_t>(leaf_chunks - 1));
}

}  // namespace
}  // namespace s3lite
