// Transactions: rollback, savepoints (data + DDL), own-writes visibility,
// refresh between two Database objects, time travel to an older version.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "tests/engine/db_test_util.h"

namespace s3lite {
namespace {

SchemaEntry Table(const std::string& name, TreeId tree) {
  SchemaEntry e;
  e.kind = SchemaKind::kTable;
  e.name = name;
  e.table = name;
  e.sql = "CREATE TABLE " + name + "(a)";
  e.tree = tree;
  return e;
}

TEST(TransactionTest, RollbackDropsEverything) {
  TempDir dir;
  auto db = OpenDb(OpenLocal(dir.path()));
  TreeId tree;
  {
    auto t = BeginWrite(*db);
    tree = *t->CreateTree(TreeKind::kTable);
    S3L_ASSERT_OK(t->PutSchema(Table("t", tree)));
    S3L_ASSERT_OK(t->Put(tree, "a", "1"));
    S3L_ASSERT_OK(t->Commit());
  }
  {
    auto t = BeginWrite(*db);
    S3L_ASSERT_OK(t->Put(tree, "a", "2"));
    S3L_ASSERT_OK(t->Put(tree, "b", "2"));
    TreeId t2 = *t->CreateTree(TreeKind::kIndex);
    S3L_ASSERT_OK(t->PutSchema(Table("u", t2)));
    EXPECT_EQ(*t->Get(tree, "a"), "2");  // own writes
    t->Rollback();
  }
  auto r = BeginRead(*db);
  EXPECT_EQ(*r->Get(tree, "a"), "1");
  EXPECT_TRUE(r->Get(tree, "b").status().IsNotFound());
  EXPECT_EQ(r->catalog().Find("u"), nullptr);
  EXPECT_EQ(db->stats().wal_objects_written, 1u);
}

TEST(TransactionTest, SavepointsUndoDataAndSchema) {
  TempDir dir;
  auto db = OpenDb(OpenLocal(dir.path()));
  auto t = BeginWrite(*db);
  TreeId tree = *t->CreateTree(TreeKind::kTable);
  S3L_ASSERT_OK(t->PutSchema(Table("t", tree)));
  for (int i = 0; i < 2000; i++) S3L_ASSERT_OK(t->Put(tree, TestKey(i), "base"));
  uint64_t sp1 = t->Savepoint();
  for (int i = 0; i < 2000; i += 2) S3L_ASSERT_OK(t->Put(tree, TestKey(i), std::string(2000, 'n')));
  for (int i = 1; i < 2000; i += 2) S3L_ASSERT_OK(t->Delete(tree, TestKey(i)));
  S3L_ASSERT_OK(t->Put(tree, "new", "x"));
  uint64_t sp2 = t->Savepoint();
  TreeId other = *t->CreateTree(TreeKind::kIndex);
  S3L_ASSERT_OK(t->PutSchema(Table("other", other)));
  S3L_ASSERT_OK(t->Put(other, "k", "v"));
  S3L_ASSERT_OK(t->DropTree(tree));
  S3L_ASSERT_OK(t->DeleteSchema("t"));
  EXPECT_FALSE(t->Get(tree, "new").ok());
  S3L_ASSERT_OK(t->RollbackTo(sp2));
  EXPECT_EQ(*t->Get(tree, "new"), "x");
  EXPECT_NE(t->catalog().Find("t"), nullptr);
  EXPECT_EQ(t->catalog().Find("other"), nullptr);
  EXPECT_FALSE(t->Get(other, "k").ok());
  S3L_ASSERT_OK(t->RollbackTo(sp1));
  for (int i = 0; i < 2000; i++) ASSERT_EQ(*t->Get(tree, TestKey(i)), "base") << i;
  EXPECT_TRUE(t->Get(tree, "new").status().IsNotFound());
  // sp1 stays usable; sp2 is gone.
  S3L_ASSERT_OK(t->Put(tree, "after", "1"));
  S3L_ASSERT_OK(t->RollbackTo(sp1));
  EXPECT_TRUE(t->Get(tree, "after").status().IsNotFound());
  EXPECT_FALSE(t->RollbackTo(sp2).ok());
  S3L_ASSERT_OK(t->Put(tree, "final", "1"));
  TreeId next = *t->CreateTree(TreeKind::kTable);
  EXPECT_EQ(next, other);  // the tree id counter was rolled back too
  S3L_ASSERT_OK(t->Commit());
  // The WAL holds exactly the surviving changes.
  S3L_ASSERT_OK(db->Close());
  DatabaseOptions o;
  o.read_only = true;
  auto db2 = OpenDb(OpenLocal(dir.path()), o);
  auto r = BeginRead(*db2);
  EXPECT_EQ(*r->Get(tree, TestKey(10)), "base");
  EXPECT_EQ(*r->Get(tree, "final"), "1");
  EXPECT_TRUE(r->Get(tree, "new").status().IsNotFound());
  EXPECT_NE(r->catalog().Find("t"), nullptr);
}

// ReleaseSavepoint forgets a savepoint and the later ones; an earlier one
// still rolls back over everything after it (its undo records are kept),
// and statements run between releases (the SQL layer's pattern) commit
// exactly what they wrote.
TEST(TransactionTest, ReleasedSavepointsKeepEarlierOnesWorking) {
  TempDir dir;
  auto db = OpenDb(OpenLocal(dir.path()));
  auto t = BeginWrite(*db);
  TreeId tree = *t->CreateTree(TreeKind::kTable);
  S3L_ASSERT_OK(t->PutSchema(Table("t", tree)));
  // Statements without a user savepoint: take one, write, release it.
  for (int stmt = 0; stmt < 5; stmt++) {
    uint64_t sp = t->Savepoint();
    for (int i = 0; i < 300; i++) S3L_ASSERT_OK(t->Put(tree, TestKey(stmt * 300 + i), "s" + std::to_string(stmt)));
    t->ReleaseSavepoint(sp);
  }
  // A failed statement rolls back to its own savepoint, then releases it.
  {
    uint64_t sp = t->Savepoint();
    S3L_ASSERT_OK(t->Put(tree, TestKey(0), "failed"));
    S3L_ASSERT_OK(t->Put(tree, "failed", "x"));
    S3L_ASSERT_OK(t->RollbackTo(sp));
    t->ReleaseSavepoint(sp);
  }
  EXPECT_EQ(*t->Get(tree, TestKey(0)), "s0");
  EXPECT_TRUE(t->Get(tree, "failed").status().IsNotFound());
  // A user savepoint outlives the statements released after it.
  uint64_t user = t->Savepoint();
  uint64_t inner = t->Savepoint();
  S3L_ASSERT_OK(t->Put(tree, TestKey(1), "changed"));
  S3L_ASSERT_OK(t->Delete(tree, TestKey(2)));
  t->ReleaseSavepoint(inner);
  EXPECT_FALSE(t->RollbackTo(inner).ok());
  S3L_ASSERT_OK(t->RollbackTo(user));
  EXPECT_EQ(*t->Get(tree, TestKey(1)), "s0");
  EXPECT_EQ(*t->Get(tree, TestKey(2)), "s0");
  t->ReleaseSavepoint(user);
  S3L_ASSERT_OK(t->Commit());
  S3L_ASSERT_OK(db->Close());
  DatabaseOptions o;
  o.read_only = true;
  auto db2 = OpenDb(OpenLocal(dir.path()), o);
  auto r = BeginRead(*db2);
  for (int i = 0; i < 1500; i++) ASSERT_EQ(*r->Get(tree, TestKey(i)), "s" + std::to_string(i / 300)) << i;
  EXPECT_TRUE(r->Get(tree, "failed").status().IsNotFound());
}

TEST(TransactionTest, ReaderRefreshSeesOtherProcessCommits) {
  TempDir dir;
  auto writer = OpenDb(OpenLocal(dir.path()));
  TreeId tree;
  {
    auto t = BeginWrite(*writer);
    tree = *t->CreateTree(TreeKind::kTable);
    S3L_ASSERT_OK(t->Commit());
  }
  DatabaseOptions ro;
  ro.read_only = true;
  ro.refresh_ms = 0;
  auto reader = OpenDb(OpenLocal(dir.path()), ro);
  {
    auto t = BeginWrite(*writer);
    S3L_ASSERT_OK(t->Put(tree, "a", "1"));
    S3L_ASSERT_OK(t->Commit());
  }
  auto before = reader->stats().store;
  auto r = BeginRead(*reader);  // refresh: GET wal/2 (found) + GET wal/3 (absent)
  EXPECT_EQ(*r->Get(tree, "a"), "1");
  auto mid = reader->stats().store;
  EXPECT_EQ((mid - before).gets(), 2u);
  auto r2 = BeginRead(*reader);  // nothing new: one GET
  EXPECT_EQ((reader->stats().store - mid).total_requests(), 1u);
  // The writer checkpoints; the reader keeps working from WAL + its state.
  S3L_ASSERT_OK(writer->Checkpoint());
  {
    auto t = BeginWrite(*writer);
    S3L_ASSERT_OK(t->Put(tree, "b", "2"));
    S3L_ASSERT_OK(t->Commit());
  }
  auto r3 = BeginRead(*reader);
  EXPECT_EQ(*r3->Get(tree, "b"), "2");
  EXPECT_TRUE(r2->Get(tree, "b").status().IsNotFound());  // older snapshot
}

TEST(TransactionTest, LongReplayedTailReloadsNewestManifest) {
  TempDir dir(/*in_memory=*/true);
  auto writer = OpenDb(OpenLocal(dir.path()));
  TreeId tree;
  {
    auto t = BeginWrite(*writer);
    tree = *t->CreateTree(TreeKind::kTable);
    S3L_ASSERT_OK(t->Commit());
  }
  DatabaseOptions ro;
  ro.read_only = true;
  ro.refresh_ms = 0;
  auto reader = OpenDb(OpenLocal(dir.path()), ro);
  uint64_t v0 = reader->CurrentVersion()->version;
  for (int i = 0; i < 100; i++) {
    auto t = BeginWrite(*writer);
    S3L_ASSERT_OK(t->Put(tree, TestKey(i), "v"));
    S3L_ASSERT_OK(t->Commit());
    if (i == 50) S3L_ASSERT_OK(writer->Checkpoint());
  }
  auto r = BeginRead(*reader);
  for (int i = 0; i < 100; i++) ASSERT_TRUE(r->Get(tree, TestKey(i)).ok()) << i;
  EXPECT_GT(reader->CurrentVersion()->version, v0);
}

TEST(TransactionTest, TimeTravelToOlderVersion) {
  TempDir dir;
  auto db = OpenDb(OpenLocal(dir.path()));
  TreeId tree;
  {
    auto t = BeginWrite(*db);
    tree = *t->CreateTree(TreeKind::kTable);
    S3L_ASSERT_OK(t->Put(tree, "a", "v1"));
    S3L_ASSERT_OK(t->Commit());
  }
  S3L_ASSERT_OK(db->Checkpoint());
  uint64_t v1 = db->CurrentVersion()->version;
  {
    auto t = BeginWrite(*db);
    S3L_ASSERT_OK(t->Put(tree, "a", "v2"));
    S3L_ASSERT_OK(t->Commit());
  }
  S3L_ASSERT_OK(db->Checkpoint());
  auto versions = db->ListVersions();
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions->size(), 3u);  // 1 (empty), v1, v2
  auto old = db->Begin(TxnMode::kRead, v1);
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_EQ((*old)->snapshot_version(), v1);
  EXPECT_EQ(*(*old)->Get(tree, "a"), "v1");
  EXPECT_EQ(*BeginRead(*db)->Get(tree, "a"), "v2");
  EXPECT_FALSE(db->Begin(TxnMode::kWrite, v1).ok());
  EXPECT_TRUE(db->Begin(TxnMode::kRead, 999).status().IsNotFound());
  auto info = db->DescribeVersion(v1);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->version, v1);
  EXPECT_GT(info->total_pages, 0u);
}

}  // namespace
}  // namespace s3lite

namespace s3lite {
namespace {

// Reader threads scan while a writer commits and checkpoints: every snapshot
// must show one transaction's values on all keys (no torn state).
TEST(TransactionTest, ConcurrentReadersSeeWholeTransactions) {
  TempDir dir(/*in_memory=*/true);
  DatabaseOptions o;
  o.refresh_ms = 0;
  o.cache_pages = 64;
  o.checkpoint_wal_bytes = 64 << 10;
  auto db = OpenDb(OpenLocal(dir.path()), o);
  TreeId tree;
  {
    auto t = BeginWrite(*db);
    tree = *t->CreateTree(TreeKind::kTable);
    for (int k = 0; k < 500; k++) S3L_ASSERT_OK(t->Put(tree, TestKey(k), "0"));
    S3L_ASSERT_OK(t->Commit());
  }
  std::atomic<bool> done{false};
  std::atomic<int> scans{0}, torn{0}, errors{0};
  auto reader = [&] {
    while (!done.load()) {
      auto r = db->Begin(TxnMode::kRead);
      if (!r.ok()) {
        errors++;
        continue;
      }
      auto c = (*r)->NewCursor(tree);
      if (!c.ok() || !(*c)->SeekFirst().ok()) {
        errors++;
        continue;
      }
      std::string first((*c)->value());
      int n = 0;
      while ((*c)->Valid()) {
        if ((*c)->value() != first) torn++;
        n++;
        if (!(*c)->Next().ok()) errors++;
      }
      if (n != 500) torn++;
      scans++;
    }
  };
  std::vector<std::thread> readers;
  for (int i = 0; i < 3; i++) readers.emplace_back(reader);
  for (int txn = 1; txn <= 60; txn++) {
    auto t = BeginWrite(*db);
    std::string v = std::to_string(txn) + std::string(txn % 5 == 0 ? 2000 : 10, 'x');
    for (int k = 0; k < 500; k++) S3L_ASSERT_OK(t->Put(tree, TestKey(k), v));
    S3L_ASSERT_OK(t->Commit());
  }
  done = true;
  for (auto& r : readers) r.join();
  EXPECT_EQ(torn.load(), 0);
  EXPECT_EQ(errors.load(), 0);
  EXPECT_GT(scans.load(), 0);
  EXPECT_GT(db->stats().checkpoints, 0u);
}

}  // namespace
}  // namespace s3lite
