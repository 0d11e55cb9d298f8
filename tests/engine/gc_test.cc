// GC planning and execution on a LocalStore with a synthetic version history.
#include "engine/manifest/gc.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "engine/chunk/chunk_writer.h"
#include "engine/manifest/chunk_directory.h"
#include "engine/manifest/fence.h"
#include "engine/manifest/manifest.h"
#include "engine/manifest/object_names.h"
#include "engine/manifest/verify_objects.h"
#include "engine/wal/wal_batch.h"
#include "engine/wal/wal_store.h"
#include "format_test_dir.h"

namespace s3lite {
namespace {

using format_test::TempStore;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr int64_t kHour = 3600 * 1000;

// Writes versions the way a writer would: chunks, WAL, segments, manifest.
class History {
 public:
  explicit History(TempStore& t) : t_(t), store_(t.store()) {}

  // A new chunk of one page; returns its directory entry.
  ChunkEntry WriteChunk() {
    ChunkId id = MakeChunkId(1, counter_++);
    ChunkWriter w(1, TreeKind::kTable);
    EXPECT_TRUE(w.AddPage(PageKind::kLeaf, std::string(kPageSize, static_cast<char>('a' + id % 26))).ok());
    w.AddKey("k" + std::to_string(id));
    std::string obj = w.Finish();
    ChunkEntry e;
    e.id = id;
    e.key = ChunkKey(id);
    e.tree = 1;
    e.page_count = 1;
    e.live_pages = 1;
    e.bytes = obj.size();
    EXPECT_TRUE(store_.PutIfAbsent(e.key, obj).ok());
    return e;
  }

  // Commits the next version: one WAL object, `add` new chunks, and the
  // chunks of the previous version removed when `replace` is set.
  uint64_t Commit(int add, bool replace) {
    uint64_t version = manifest_.version + 1;
    wal_seq_++;
    WalBatchBuilder b(manifest_.database_id, 1, wal_seq_);
    b.Put(1, "k", "v");
    b.Commit(wal_seq_);
    EXPECT_TRUE(WriteWalBatch(store_, wal_seq_, b.Finish()).ok());
    ChunkDirectoryDelta delta;
    if (replace) delta.removed = last_added_;
    last_added_.clear();
    for (int i = 0; i < add; i++) {
      delta.added.push_back(WriteChunk());
      last_added_.push_back(delta.added.back().id);
    }
    auto u = UpdateChunkDirectory(manifest_.chunk_segments, delta, version, StoreSegmentLoader(store_), 4);
    EXPECT_TRUE(u.ok()) << u.status().ToString();
    EXPECT_TRUE(WriteChunkSegments(store_, u->writes).ok());
    Manifest m = manifest_;
    m.version = version;
    m.parent_version = manifest_.version;
    m.wal_seq = wal_seq_;
    m.epoch = 1;
    m.chunk_segments = u->segments;
    m.chunk_count = u->chunk_count;
    m.trees = {{1, TreeKind::kTable, last_added_.empty() ? kInvalidPageId : MakePageId(last_added_.back(), 0), 1}};
    m.created_unix_ms = NowMs();
    EXPECT_TRUE(WriteManifest(store_, m).ok());
    manifest_ = m;
    return version;
  }

  // Backdates every object in the store by `ms`.
  void AgeEverything(int64_t ms) {
    auto all = store_.List("");
    ASSERT_TRUE(all.ok());
    for (const ObjectInfo& o : *all) Age(o.key, ms);
  }
  void Age(const std::string& key, int64_t ms) {
    auto rel = LocalStore::KeyToRelativePath(key);
    ASSERT_TRUE(rel.ok());
    std::filesystem::path p = std::filesystem::path(t_.dir()) / "store" / *rel;
    auto when = std::filesystem::last_write_time(p) - std::chrono::milliseconds(ms);
    std::filesystem::last_write_time(p, when);
  }

  const Manifest& manifest() const { return manifest_; }
  Manifest& mutable_manifest() { return manifest_; }

 private:
  TempStore& t_;
  ObjectStore& store_;
  Manifest manifest_ = [] {
    Manifest m;
    m.database_id = NewDatabaseId();
    return m;
  }();
  uint32_t counter_ = 0;
  uint64_t wal_seq_ = 0;
  std::vector<ChunkId> last_added_;
};

bool Exists(ObjectStore& s, const std::string& key) { return s.Head(key).ok(); }

TEST(GcTest, EmptyStoreIsNoOp) {
  TempStore t;
  ASSERT_TRUE(t.store().Put("chunks/zz/foreign", "x").ok());
  auto plan = PlanGc(t.store(), {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_TRUE(plan->delete_keys.empty());
  EXPECT_TRUE(ExecuteGc(t.store(), *plan).ok());
}

// The writer lease's markers (fence/<e>.lease, fence/<e>.released) go with
// their epoch; the newest epoch's stay; a clock probe left by a crash goes.
TEST(GcTest, DeletesLeaseMarkersOfOldEpochs) {
  TempStore t;
  History h(t);
  h.Commit(2, /*replace=*/true);
  for (int i = 0; i < 3; i++) ASSERT_TRUE(AcquireEpoch(t.store()).ok());
  for (uint64_t e = 1; e <= 3; e++) ASSERT_TRUE(t.store().Put(FenceKey(e) + ".lease", "lease").ok());
  ASSERT_TRUE(t.store().Put(FenceKey(1) + ".released", "released").ok());
  ASSERT_TRUE(t.store().Put(FenceKey(3) + ".released", "released").ok());
  ASSERT_TRUE(t.store().Put("fence/clock-123-0000abcd-0", "clock probe").ok());
  h.AgeEverything(10 * kHour);

  GcOptions o;
  o.keep_versions = 1;
  o.min_age_ms = kHour;
  o.grace_ms = kHour;
  auto plan = PlanGc(t.store(), o);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(6u, plan->fences);  // epochs 1, 2 with their .lease, epoch 1's .released, the probe
  ASSERT_TRUE(ExecuteGc(t.store(), *plan).ok());
  EXPECT_FALSE(Exists(t.store(), FenceKey(1) + ".lease"));
  EXPECT_FALSE(Exists(t.store(), FenceKey(1) + ".released"));
  EXPECT_FALSE(Exists(t.store(), FenceKey(2) + ".lease"));
  EXPECT_FALSE(Exists(t.store(), "fence/clock-123-0000abcd-0"));
  EXPECT_TRUE(Exists(t.store(), FenceKey(3)));
  EXPECT_TRUE(Exists(t.store(), FenceKey(3) + ".lease"));
  EXPECT_TRUE(Exists(t.store(), FenceKey(3) + ".released"));
}

TEST(GcTest, KeepsNewestVersionsAndDeletesTheRest) {
  TempStore t;
  History h(t);
  for (int v = 0; v < 10; v++) h.Commit(2, /*replace=*/true);
  for (int i = 0; i < 3; i++) ASSERT_TRUE(AcquireEpoch(t.store()).ok());
  h.AgeEverything(10 * kHour);
  ASSERT_TRUE(t.store().Put("notes/readme", "foreign").ok());

  GcOptions o;
  o.keep_versions = 3;
  o.min_age_ms = kHour;
  o.grace_ms = kHour;
  auto plan = PlanGc(t.store(), o);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ((std::vector<uint64_t>{8, 9, 10}), plan->retained_versions);
  EXPECT_EQ((std::vector<uint64_t>{1, 2, 3, 4, 5, 6, 7}), plan->deleted_versions);
  EXPECT_EQ(7u, plan->manifests);
  EXPECT_EQ(14u, plan->chunks);  // the two chunks of each of versions 1..7
  EXPECT_EQ(8u, plan->wal);      // wal 1..8: version 8 includes seq 8
  EXPECT_GT(plan->segments, 0u);
  EXPECT_EQ(2u, plan->fences);  // epochs 1 and 2; the highest stays
  EXPECT_EQ(ManifestKey(1), plan->delete_keys.front());  // manifests first
  EXPECT_NE(std::string::npos, plan->Summary().find("delete 7 manifests"));

  // Dry run: nothing deleted yet.
  EXPECT_TRUE(Exists(t.store(), ManifestKey(1)));
  ASSERT_TRUE(ExecuteGc(t.store(), *plan).ok());
  for (uint64_t v = 1; v <= 7; v++) EXPECT_FALSE(Exists(t.store(), ManifestKey(v)));
  for (uint64_t v = 8; v <= 10; v++) EXPECT_TRUE(ReadManifest(t.store(), v).ok());
  EXPECT_FALSE(Exists(t.store(), WalKey(8)));
  EXPECT_TRUE(Exists(t.store(), WalKey(9)));
  EXPECT_TRUE(Exists(t.store(), "notes/readme"));
  EXPECT_EQ(3u, *CurrentMaxEpoch(t.store()));

  // Every retained version is still complete.
  VerifyOptions vo;
  vo.all_versions = true;
  vo.check_pages = true;
  auto report = VerifyObjects(t.store(), vo);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->Summary();
  EXPECT_EQ(3u, report->manifests);

  // A second run finds nothing more.
  auto again = PlanGc(t.store(), o);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->delete_keys.empty()) << again->Summary();
}

TEST(GcTest, SharedChunksStayWhileAnyRetainedVersionNeedsThem) {
  TempStore t;
  History h(t);
  for (int v = 0; v < 6; v++) h.Commit(1, /*replace=*/false);  // chunks accumulate
  h.AgeEverything(10 * kHour);
  GcOptions o;
  o.keep_versions = 1;
  o.min_age_ms = 0;
  o.grace_ms = kHour;
  auto plan = PlanGc(t.store(), o);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(5u, plan->manifests);
  EXPECT_EQ(0u, plan->chunks);  // version 6 still lists all six chunks
  ASSERT_TRUE(ExecuteGc(t.store(), *plan).ok());
  auto report = VerifyObjects(t.store(), {});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->Summary();
  EXPECT_EQ(6u, report->chunks);
}

TEST(GcTest, GracePeriodProtectsRecentWork) {
  TempStore t;
  History h(t);
  for (int v = 0; v < 5; v++) h.Commit(1, true);
  h.AgeEverything(10 * kHour);
  // Version 6 was committed just now: version 5 was superseded moments ago
  // and a reader may still use it.
  h.Commit(1, true);
  // A checkpoint in progress: a chunk written but not yet in any manifest.
  ChunkEntry in_flight = h.WriteChunk();

  GcOptions o;
  o.keep_versions = 1;
  o.min_age_ms = 0;
  o.grace_ms = kHour;
  auto plan = PlanGc(t.store(), o);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ((std::vector<uint64_t>{5, 6}), plan->retained_versions);
  for (const std::string& k : plan->delete_keys) {
    EXPECT_NE(in_flight.key, k);
    EXPECT_NE(ManifestKey(5), k);
  }
  EXPECT_GE(plan->kept_young, 1u);
  ASSERT_TRUE(ExecuteGc(t.store(), *plan).ok());
  EXPECT_TRUE(Exists(t.store(), in_flight.key));
  VerifyOptions vo;
  vo.all_versions = true;
  auto report = VerifyObjects(t.store(), vo);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->Summary();

  // min_age keeps young versions even beyond keep_versions.
  GcOptions young = o;
  young.min_age_ms = 100 * kHour;
  young.grace_ms = 0;
  auto p2 = PlanGc(t.store(), young);
  ASSERT_TRUE(p2.ok());
  EXPECT_EQ(0u, p2->manifests);
}

TEST(GcTest, RefusesWhenARetainedManifestIsUnreadable) {
  TempStore t;
  History h(t);
  for (int v = 0; v < 3; v++) h.Commit(1, true);
  ASSERT_TRUE(t.store().Put(ManifestKey(3), "garbage").ok());
  GcOptions o;
  o.keep_versions = 1;
  auto plan = PlanGc(t.store(), o);
  EXPECT_FALSE(plan.ok());
  EXPECT_TRUE(plan.status().IsCorruption()) << plan.status().ToString();
  EXPECT_NE(std::string::npos, plan.status().message().find(ManifestKey(3)));
}

}  // namespace
}  // namespace s3lite
