// Store verification: a healthy store passes; each kind of damage is found
// and names the object.
#include "engine/manifest/verify_objects.h"

#include <gtest/gtest.h>

#include "engine/chunk/chunk_writer.h"
#include "engine/manifest/chunk_directory.h"
#include "engine/manifest/manifest.h"
#include "engine/manifest/object_names.h"
#include "engine/wal/wal_batch.h"
#include "engine/wal/wal_store.h"
#include "format_test_dir.h"

namespace s3lite {
namespace {

using format_test::TempStore;

// A store with one version: `n` chunks of 3 pages, a root in the last chunk,
// and WAL objects 1..3 (the manifest includes seq 1, so 2 and 3 are its tail).
struct Fixture {
  TempStore t;
  Manifest m;
  std::vector<ChunkEntry> chunks;

  explicit Fixture(int n = 5) {
    m.database_id = NewDatabaseId();
    m.version = 1;
    m.wal_seq = 1;
    ChunkDirectoryDelta delta;
    for (int i = 0; i < n; i++) {
      ChunkId id = MakeChunkId(1, i);
      ChunkWriter w(2, TreeKind::kTable);
      for (int p = 0; p < 3; p++) EXPECT_TRUE(w.AddPage(PageKind::kLeaf, std::string(kPageSize, char('a' + p))).ok());
      std::string obj = w.Finish();
      ChunkEntry e{id, ChunkKey(id), 2, 3, 3, obj.size(), "", "", {}};
      EXPECT_TRUE(t.store().PutIfAbsent(e.key, obj).ok());
      delta.added.push_back(e);
      chunks.push_back(e);
    }
    auto u = UpdateChunkDirectory({}, delta, 1, StoreSegmentLoader(t.store()), 2);
    EXPECT_TRUE(u.ok());
    EXPECT_TRUE(WriteChunkSegments(t.store(), u->writes).ok());
    m.chunk_segments = u->segments;
    m.chunk_count = u->chunk_count;
    m.trees = {{2, TreeKind::kTable, MakePageId(chunks.back().id, 2), 100}};
    EXPECT_TRUE(WriteManifest(t.store(), m).ok());
    for (uint64_t seq = 1; seq <= 3; seq++) WriteWal(seq, m.database_id);
  }

  void WriteWal(uint64_t seq, const std::string& dbid) {
    WalBatchBuilder b(dbid, 1, seq);
    b.Commit(seq);
    EXPECT_TRUE(WriteWalBatch(t.store(), seq, b.Finish()).ok());
  }

  VerifyReport Verify(bool pages = false, bool all = false) {
    VerifyOptions o;
    o.check_pages = pages;
    o.all_versions = all;
    auto r = VerifyObjects(t.store(), o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : VerifyReport{};
  }
};

bool Mentions(const VerifyReport& r, const std::string& object, const std::string& words) {
  for (const VerifyIssue& i : r.issues) {
    if (i.object == object && i.problem.find(words) != std::string::npos) return true;
  }
  return false;
}

TEST(VerifyObjectsTest, HealthyStorePasses) {
  Fixture f;
  VerifyReport r = f.Verify();
  EXPECT_TRUE(r.ok()) << r.Summary();
  EXPECT_EQ(1u, r.manifests);
  EXPECT_EQ(3u, r.segments);
  EXPECT_EQ(5u, r.chunks);
  EXPECT_EQ(2u, r.wal_objects);  // seq 2 and 3 follow wal_seq 1
  VerifyReport full = f.Verify(true);
  EXPECT_TRUE(full.ok()) << full.Summary();
  EXPECT_EQ(15u, full.pages);
  EXPECT_EQ(0u, full.Summary().find("ok: 1 manifests"));
  TempStore empty;
  auto e = VerifyObjects(empty.store(), {});
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(e->ok());
}

TEST(VerifyObjectsTest, MissingChunk) {
  Fixture f;
  ASSERT_TRUE(f.t.store().Delete(f.chunks[1].key).ok());
  VerifyReport r = f.Verify();
  EXPECT_EQ(1u, r.issues.size()) << r.Summary();
  EXPECT_TRUE(Mentions(r, f.chunks[1].key, "")) << r.Summary();
}

TEST(VerifyObjectsTest, CorruptPageFoundOnlyWithCheckPages) {
  Fixture f;
  auto obj = f.t.store().Get(f.chunks[2].key);
  ASSERT_TRUE(obj.ok());
  std::string bad = *obj;
  bad[kPageSize + 100] ^= 1;  // slot 1
  ASSERT_TRUE(f.t.store().Put(f.chunks[2].key, bad).ok());
  EXPECT_TRUE(f.Verify().ok());  // the footer is intact
  VerifyReport r = f.Verify(true);
  EXPECT_TRUE(Mentions(r, f.chunks[2].key, "slot 1")) << r.Summary();
}

TEST(VerifyObjectsTest, CorruptFooterAndWrongSize) {
  Fixture f;
  auto obj = f.t.store().Get(f.chunks[0].key);
  std::string bad = *obj;
  bad[bad.size() - 20] ^= 1;  // inside the footer body
  ASSERT_TRUE(f.t.store().Put(f.chunks[0].key, bad).ok());
  ASSERT_TRUE(f.t.store().Put(f.chunks[3].key, *obj + "extra").ok());
  VerifyReport r = f.Verify();
  EXPECT_TRUE(Mentions(r, f.chunks[0].key, "footer checksum")) << r.Summary();
  EXPECT_TRUE(Mentions(r, f.chunks[3].key, "longer")) << r.Summary();
  VerifyReport full = f.Verify(true);
  EXPECT_TRUE(Mentions(full, f.chunks[3].key, "")) << full.Summary();
  EXPECT_TRUE(Mentions(full, f.chunks[0].key, "footer checksum")) << full.Summary();
}

TEST(VerifyObjectsTest, MissingSegmentAndBadRoot) {
  Fixture f;
  ASSERT_TRUE(f.t.store().Delete(f.m.chunk_segments.back().key).ok());
  VerifyReport r = f.Verify();
  EXPECT_TRUE(Mentions(r, f.m.chunk_segments.back().key, "")) << r.Summary();
  // The root lives in the last chunk, whose segment is gone.
  EXPECT_TRUE(Mentions(r, ManifestKey(1), "root chunk")) << r.Summary();
}

TEST(VerifyObjectsTest, RootSlotOutOfRange) {
  Fixture f;
  Manifest m2 = f.m;
  m2.version = 2;
  m2.trees[0].root = MakePageId(f.chunks[0].id, 7);
  ASSERT_TRUE(WriteManifest(f.t.store(), m2).ok());
  VerifyReport r = f.Verify();
  EXPECT_TRUE(Mentions(r, ManifestKey(2), "root slot 7")) << r.Summary();
}

TEST(VerifyObjectsTest, WalGapsCorruptionAndForeignDatabase) {
  Fixture f;
  f.WriteWal(5, f.m.database_id);  // 4 is missing
  f.WriteWal(6, "someone-else");
  ASSERT_TRUE(f.t.store().Put(WalKey(3), "junk").ok());
  VerifyReport r = f.Verify();
  EXPECT_TRUE(Mentions(r, WalKey(5), "gap")) << r.Summary();
  EXPECT_TRUE(Mentions(r, WalKey(6), "database id")) << r.Summary();
  EXPECT_TRUE(Mentions(r, WalKey(3), "corrupt")) << r.Summary();
  EXPECT_NE(std::string::npos, r.Summary().find("problems"));
}

TEST(VerifyObjectsTest, AllVersionsChecksOlderManifests) {
  Fixture f;
  Manifest m2 = f.m;
  m2.version = 2;
  ASSERT_TRUE(WriteManifest(f.t.store(), m2).ok());
  ASSERT_TRUE(f.t.store().Put(ManifestKey(1), "damaged").ok());
  EXPECT_TRUE(f.Verify().ok());
  VerifyReport all = f.Verify(false, true);
  EXPECT_TRUE(Mentions(all, ManifestKey(1), "corrupt")) << all.Summary();
}

}  // namespace
}  // namespace s3lite
