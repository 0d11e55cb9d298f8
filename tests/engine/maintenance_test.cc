// Compaction and GC: rewriting sparse chunks keeps every row, shrinks the
// chunk directory, and GC then deletes what no retained version needs.
#include <gtest/gtest.h>

#include "engine/db/maintenance.h"
#include "tests/engine/db_test_util.h"

namespace s3lite {
namespace {

// Rows below kUpdated were rewritten three times (value "v3"), the rest
// keep "v0"; every 10th row carries a big (overflow) value.
constexpr int kUpdated = 14000;

std::string Expected(int i, int round) {
  std::string v = "v" + std::to_string(i < kUpdated ? round : 0);
  return i % 10 == 0 ? v + std::string(1500, 'k') : v;
}

void CheckAll(Database& db, TreeId tree, int rows) {
  auto r = BeginRead(db);
  auto c = r->NewCursor(tree).value();
  S3L_ASSERT_OK(c->SeekFirst());
  for (int i = 0; i < rows; i++) {
    ASSERT_TRUE(c->Valid()) << i;
    ASSERT_EQ(c->key(), TestKey(i));
    ASSERT_EQ(c->value(), Expected(i, 3)) << i;
    S3L_ASSERT_OK(c->Next());
  }
  ASSERT_FALSE(c->Valid());
}

TEST(MaintenanceTest, CompactThenGc) {
  TempDir dir;
  TreeId tree;
  const int kRows = 20000;
  DatabaseOptions o;
  o.cache_pages = 256;
  {
    auto db = OpenDb(OpenLocal(dir.path()), o);
    auto t = BeginWrite(*db);
    tree = *t->CreateTree(TreeKind::kTable);
    for (int i = 0; i < kRows; i++) {
      S3L_ASSERT_OK(t->Put(tree, TestKey(i), Expected(i, 0)));
    }
    S3L_ASSERT_OK(t->Commit());
    S3L_ASSERT_OK(db->Checkpoint());
    // Rewrite 70% of the rows in several checkpoints: the first chunks go sparse.
    for (int round = 1; round <= 3; round++) {
      auto u = BeginWrite(*db);
      for (int i = 0; i < kUpdated; i++) S3L_ASSERT_OK(u->Put(tree, TestKey(i), Expected(i, round)));
      S3L_ASSERT_OK(u->Commit());
      S3L_ASSERT_OK(db->Checkpoint());
    }
    // A dropped tree leaves whole chunks without live pages.
    auto d = BeginWrite(*db);
    TreeId gone = *d->CreateTree(TreeKind::kIndex);
    for (int i = 0; i < 5000; i++) S3L_ASSERT_OK(d->Put(gone, TestKey(i), ""));
    S3L_ASSERT_OK(d->Commit());
    S3L_ASSERT_OK(db->Checkpoint());
    auto d2 = BeginWrite(*db);
    S3L_ASSERT_OK(d2->DropTree(gone));
    S3L_ASSERT_OK(d2->Commit());

    auto report = Compact(*db);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    std::printf("%s\n", report->Summary().c_str());
    EXPECT_GT(report->version_after, report->version_before);
    EXPECT_GT(report->chunks_rewritten, 0u);
    EXPECT_GT(report->chunks_dropped, 0u);
    EXPECT_LT(report->chunks_after, report->chunks_before);
    CheckAll(*db, tree, kRows);
    // Compacting again finds nothing.
    auto again = Compact(*db);
    ASSERT_TRUE(again.ok()) << again.status().ToString();
    EXPECT_EQ(again->chunks_dropped, 0u);
    EXPECT_EQ(again->chunks_rewritten, 0u);
    EXPECT_EQ(again->version_after, again->version_before);
    S3L_ASSERT_OK(db->Close());
  }
  // GC keeps only the newest version: old chunks go, the data stays.
  auto db = OpenDb(OpenLocal(dir.path()), o);
  GcOptions g;
  g.keep_versions = 1;
  g.min_age_ms = 0;
  g.grace_ms = 0;
  g.now_unix_ms = 0;
  auto dry = GarbageCollect(*db, g, /*dry_run=*/true);
  ASSERT_TRUE(dry.ok()) << dry.status().ToString();
  EXPECT_GT(dry->chunks, 0u);
  auto plan = GarbageCollect(*db, g, /*dry_run=*/false);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  std::printf("%s\n", plan->Summary().c_str());
  DatabaseOptions ro = o;
  ro.read_only = true;
  auto cold = OpenDb(OpenLocal(dir.path()), ro);
  CheckAll(*cold, tree, kRows);
  auto verify = VerifyPages(*cold);
  ASSERT_TRUE(verify.ok()) << verify.status().ToString();
  std::printf("%s\n", verify->Summary().c_str());
  EXPECT_TRUE(verify->problems.empty()) << verify->problems.front();
  EXPECT_EQ(verify->entries, static_cast<uint64_t>(kRows));
  EXPECT_GT(verify->overflow_pages, 0u);
}

TEST(MaintenanceTest, VerifyFindsDamagedChunk) {
  TempDir dir;
  {
    auto db = OpenDb(OpenLocal(dir.path()));
    auto t = BeginWrite(*db);
    TreeId tree = *t->CreateTree(TreeKind::kTable);
    for (int i = 0; i < 5000; i++) S3L_ASSERT_OK(t->Put(tree, TestKey(i), "value"));
    S3L_ASSERT_OK(t->Commit());
    S3L_ASSERT_OK(db->Close());
  }
  auto db = OpenDb(OpenLocal(dir.path()));
  auto clean = VerifyPages(*db);
  ASSERT_TRUE(clean.ok());
  EXPECT_TRUE(clean->problems.empty());
  // Damage a leaf chunk (the larger one) in the store.
  std::string victim;
  uint64_t size = 0;
  auto listed = db->store().List("chunks/");
  ASSERT_TRUE(listed.ok());
  for (const auto& o : *listed) {
    if (o.size > size) {
      size = o.size;
      victim = o.key;
    }
  }
  ASSERT_FALSE(victim.empty());
  std::string bytes = *db->store().Get(victim);
  bytes[5000] ^= 1;
  S3L_ASSERT_OK(db->store().Delete(victim));
  S3L_ASSERT_OK(db->store().Put(victim, bytes));
  auto damaged = VerifyPages(*db);
  ASSERT_TRUE(damaged.ok());
  ASSERT_FALSE(damaged->problems.empty());
  EXPECT_NE(damaged->problems.front().find(victim), std::string::npos) << damaged->problems.front();
}

}  // namespace
}  // namespace s3lite
