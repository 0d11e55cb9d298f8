// Pager and page cache: LRU eviction, whole-chunk fetch, bloom skips,
// zone-map pruning with ScanHint, prefetching scans.
#include <gtest/gtest.h>

#include "engine/cache/page_cache.h"
#include "engine/value/key_codec.h"
#include "engine/value/record.h"
#include "tests/engine/db_test_util.h"

namespace s3lite {
namespace {

TEST(PageCacheTest, EvictsLeastRecentlyUsed) {
  PageCache cache(16);
  for (PageId id = 1; id <= 16; id++) cache.Insert(id, std::make_shared<Node>());
  ASSERT_NE(cache.Lookup(1), nullptr);  // 1 becomes most recent
  cache.Insert(17, std::make_shared<Node>());
  EXPECT_EQ(cache.size(), 16u);
  EXPECT_NE(cache.Lookup(1), nullptr);
  EXPECT_EQ(cache.Lookup(2), nullptr);
  EXPECT_NE(cache.Lookup(17), nullptr);
}

// A table of `rows` records (i, 'name<i>') keyed by rowid, checkpointed.
TreeId MakeTable(Database& db, int rows) {
  auto t = BeginWrite(db);
  TreeId tree = *t->CreateTree(TreeKind::kTable);
  std::string rec;
  for (int i = 0; i < rows; i++) {
    rec.clear();
    EncodeRecord({Value::Integer(i), Value::Text("name" + std::to_string(i) + std::string(100, 'x'))}, &rec);
    EXPECT_TRUE(t->Put(tree, EncodeRowid(i), rec).ok());
  }
  EXPECT_TRUE(t->Commit().ok());
  EXPECT_TRUE(db.Checkpoint().ok());
  return tree;
}

TEST(PagerTest, ColdLookupFetchesWholeChunkOnce) {
  TempDir dir;
  TreeId tree;
  {
    auto db = OpenDb(OpenLocal(dir.path()));
    tree = MakeTable(*db, 20000);
  }
  DatabaseOptions ro;
  ro.read_only = true;
  auto db = OpenDb(OpenLocal(dir.path()), ro);
  auto r = BeginRead(*db);
  EngineStats s0 = db->stats();
  ASSERT_TRUE(r->Get(tree, EncodeRowid(1000)).ok());
  EngineStats s1 = db->stats();
  EXPECT_LE((s1 - s0).store.gets(), 3u);
  ASSERT_TRUE(r->Get(tree, EncodeRowid(1001)).ok());
  EXPECT_EQ((db->stats() - s1).store.gets(), 0u);
  EXPECT_GT((db->stats() - s0).cache_hits, 0u);
}

TEST(PagerTest, BloomFilterSkipsAbsentKeys) {
  TempDir dir;
  auto db = OpenDb(OpenLocal(dir.path()));
  auto t = BeginWrite(*db);
  TreeId tree = *t->CreateTree(TreeKind::kIndex);
  for (int i = 0; i < 20000; i += 2) S3L_ASSERT_OK(t->Put(tree, TestKey(i), ""));
  S3L_ASSERT_OK(t->Commit());
  S3L_ASSERT_OK(db->Checkpoint());  // chunk metadata (bloom) is now known
  auto r = BeginRead(*db);
  EngineStats s0 = db->stats();
  for (int i = 1; i < 2000; i += 2) ASSERT_TRUE(r->Get(tree, TestKey(i)).status().IsNotFound());
  for (int i = 0; i < 2000; i += 2) ASSERT_TRUE(r->Get(tree, TestKey(i)).ok());
  EXPECT_GT((db->stats() - s0).bloom_skips, 900u);  // ~1% false positives
}

TEST(PagerTest, ZoneMapsPruneChunksAndScansStayCorrect) {
  TempDir dir;
  auto db = OpenDb(OpenLocal(dir.path()));
  const int kRows = 40000;  // ~5 MB of rows: several leaf chunks
  TreeId tree = MakeTable(*db, kRows);
  auto r = BeginRead(*db);
  ScanHint hint;
  hint.column_ranges.push_back({0, Value::Integer(30000), Value::Integer(30100)});
  EngineStats s0 = db->stats();
  auto c = r->NewCursor(tree, hint).value();
  S3L_ASSERT_OK(c->SeekFirst());
  int in_range = 0;
  while (c->Valid()) {
    Value v;
    S3L_ASSERT_OK(DecodeRecordColumn(c->value(), 0, &v));
    if (v.integer() >= 30000 && v.integer() <= 30100) in_range++;
    S3L_ASSERT_OK(c->Next());
  }
  EXPECT_EQ(in_range, 101);
  EXPECT_GT((db->stats() - s0).chunks_pruned, 0u);
  // Backward with the same hint.
  in_range = 0;
  S3L_ASSERT_OK(c->SeekLast());
  while (c->Valid()) {
    Value v;
    S3L_ASSERT_OK(DecodeRecordColumn(c->value(), 0, &v));
    if (v.integer() >= 30000 && v.integer() <= 30100) in_range++;
    S3L_ASSERT_OK(c->Prev());
  }
  EXPECT_EQ(in_range, 101);
  // Without a hint nothing is pruned and every row comes back.
  EngineStats s1 = db->stats();
  auto all = r->NewCursor(tree).value();
  int n = 0;
  S3L_ASSERT_OK(all->SeekFirst());
  while (all->Valid()) {
    n++;
    S3L_ASSERT_OK(all->Next());
  }
  EXPECT_EQ(n, kRows);
  EXPECT_EQ((db->stats() - s1).chunks_pruned, 0u);
}

TEST(PagerTest, PrefetchingColdScan) {
  TempDir dir;
  TreeId tree;
  {
    auto db = OpenDb(OpenLocal(dir.path()));
    tree = MakeTable(*db, 40000);
  }
  DatabaseOptions ro;
  ro.read_only = true;
  ro.prefetch_workers = 4;
  ro.cache_pages = 512;  // smaller than the table: prefetched chunks get evicted too
  auto db = OpenDb(OpenLocal(dir.path()), ro);
  auto r = BeginRead(*db);
  auto c = r->NewCursor(tree).value();
  int n = 0;
  S3L_ASSERT_OK(c->SeekFirst());
  while (c->Valid()) {
    ASSERT_EQ(c->key(), EncodeRowid(n));
    n++;
    S3L_ASSERT_OK(c->Next());
  }
  EXPECT_EQ(n, 40000);
  EXPECT_GT(db->stats().chunks_fetched, 1u);
}

}  // namespace
}  // namespace s3lite
