// Database tests on a LocalStore: commit/reopen through WAL replay and
// checkpoints, a model test against std::map with reopen in between,
// cursors, large values, snapshot isolation.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "tests/engine/db_test_util.h"

namespace s3lite {
namespace {

DatabaseOptions NoAutoCheckpoint() {
  DatabaseOptions o;
  o.checkpoint_on_close = false;
  o.checkpoint_wal_bytes = 1ull << 40;
  o.checkpoint_interval_ms = 1ll << 40;
  return o;
}

TEST(DbTest, CommitReplayAndCheckpoint) {
  TempDir dir;
  auto store = OpenLocal(dir.path());
  TreeId tree;
  {
    auto db = OpenDb(store, NoAutoCheckpoint());
    auto t = BeginWrite(*db);
    auto id = t->CreateTree(TreeKind::kTable);
    ASSERT_TRUE(id.ok());
    tree = *id;
    SchemaEntry e;
    e.name = "t";
    e.table = "t";
    e.sql = "CREATE TABLE t(a)";
    e.tree = tree;
    S3L_ASSERT_OK(t->PutSchema(e));
    for (int i = 0; i < 1000; i++) S3L_ASSERT_OK(t->Put(tree, TestKey(i), "v" + std::to_string(i)));
    S3L_ASSERT_OK(t->Commit());
    S3L_ASSERT_OK(db->Close());  // no checkpoint: the state lives in the WAL only
  }
  {
    auto db = OpenDb(store, NoAutoCheckpoint());
    auto t = BeginRead(*db);
    ASSERT_NE(t->catalog().Find("T"), nullptr);
    EXPECT_EQ(t->catalog().Find("t")->tree, tree);
    for (int i = 0; i < 1000; i++) {
      auto v = t->Get(tree, TestKey(i));
      ASSERT_TRUE(v.ok()) << i;
      EXPECT_EQ(*v, "v" + std::to_string(i));
    }
    EXPECT_TRUE(t->Get(tree, "nope").status().IsNotFound());
    t.reset();
    S3L_ASSERT_OK(db->Checkpoint());
    EXPECT_EQ(db->stats().checkpoints, 1u);
    auto info = db->CurrentVersion();
    ASSERT_TRUE(info.ok()) << info.status().ToString();
    EXPECT_EQ(info->version, 2u);
    EXPECT_EQ(info->wal_seq, 1u);
    EXPECT_GT(info->chunk_count, 0u);
  }
  {
    DatabaseOptions o = NoAutoCheckpoint();
    o.read_only = true;
    auto db = OpenDb(store, o);
    auto t = BeginRead(*db);
    for (int i = 0; i < 1000; i++) {
      auto v = t->Get(tree, TestKey(i));
      ASSERT_TRUE(v.ok()) << i << v.status().ToString();
      EXPECT_EQ(*v, "v" + std::to_string(i));
    }
    EXPECT_GT(db->stats().chunks_fetched, 0u);
    EXPECT_TRUE(db->Begin(TxnMode::kWrite).status().code() == Status::Code::kReadOnly);
  }
}

// Random puts/deletes in many transactions against std::map; checkpoints,
// rollbacks and reopen (with and without checkpoint) in between; a tiny
// cache so pages really come back from chunks.
TEST(DbTest, ModelTestWithReopen) {
  TempDir dir(/*in_memory=*/true);
  auto store = OpenLocal(dir.path());
  DatabaseOptions o = NoAutoCheckpoint();
  o.cache_pages = 1024;
  auto db = OpenDb(store, o);
  TreeId tree;
  {
    auto t = BeginWrite(*db);
    tree = *t->CreateTree(TreeKind::kIndex);
    S3L_ASSERT_OK(t->Commit());
  }
  std::map<std::string, std::string> model;
  std::mt19937 rng(7);
  int ops = 0;
  for (int round = 0; round < 60; round++) {
    auto t = BeginWrite(*db);
    std::map<std::string, std::string> pending = model;
    for (int i = 0; i < 2000; i++, ops++) {
      std::string k = TestKey(static_cast<int>(rng() % 20000));
      if (rng() % 3) {
        std::string v(rng() % 7 == 0 ? 1500 + rng() % 6000 : rng() % 60, static_cast<char>('a' + rng() % 26));
        S3L_ASSERT_OK(t->Put(tree, k, v));
        pending[k] = v;
      } else {
        S3L_ASSERT_OK(t->Delete(tree, k));
        pending.erase(k);
      }
    }
    if (round % 7 == 3) {
      t->Rollback();
    } else {
      S3L_ASSERT_OK(t->Commit());
      model = std::move(pending);
    }
    if (round % 5 == 4) S3L_ASSERT_OK(db->Checkpoint());
    if (round % 10 == 9) {
      S3L_ASSERT_OK(db->Close());
      db = OpenDb(store, o);
    }
    if (round % 10 == 0 || round == 59) {
      auto r = BeginRead(*db);
      auto c = r->NewCursor(tree);
      ASSERT_TRUE(c.ok());
      S3L_ASSERT_OK((*c)->SeekFirst());
      for (auto& [k, v] : model) {
        ASSERT_TRUE((*c)->Valid()) << "round " << round << " missing " << k;
        ASSERT_EQ((*c)->key(), k);
        ASSERT_EQ((*c)->value(), v);
        S3L_ASSERT_OK((*c)->Next());
      }
      ASSERT_FALSE((*c)->Valid());
      for (int i = 0; i < 300; i++) {
        std::string k = TestKey(static_cast<int>(rng() % 20000));
        auto got = r->Get(tree, k);
        auto it = model.find(k);
        if (it == model.end()) {
          ASSERT_TRUE(got.status().IsNotFound()) << got.status().ToString();
        } else {
          ASSERT_TRUE(got.ok()) << got.status().ToString();
          ASSERT_EQ(*got, it->second);
        }
      }
    }
  }
  EXPECT_GE(ops, 100000);
}

TEST(DbTest, CursorBothDirections) {
  TempDir dir;
  auto db = OpenDb(OpenLocal(dir.path()), NoAutoCheckpoint());
  auto t = BeginWrite(*db);
  TreeId tree = *t->CreateTree(TreeKind::kTable);
  for (int i = 0; i < 5000; i += 5) S3L_ASSERT_OK(t->Put(tree, TestKey(i), std::to_string(i)));
  S3L_ASSERT_OK(t->Commit());
  S3L_ASSERT_OK(db->Checkpoint());
  auto r = BeginRead(*db);
  auto c = r->NewCursor(tree).value();
  S3L_ASSERT_OK(c->Seek(TestKey(12)));
  ASSERT_TRUE(c->Valid());
  EXPECT_EQ(c->key(), TestKey(15));
  S3L_ASSERT_OK(c->Prev());
  EXPECT_EQ(c->key(), TestKey(10));
  S3L_ASSERT_OK(c->SeekForPrev(TestKey(12)));
  EXPECT_EQ(c->key(), TestKey(10));
  S3L_ASSERT_OK(c->SeekLast());
  int n = 0;
  while (c->Valid()) {
    n++;
    S3L_ASSERT_OK(c->Prev());
  }
  EXPECT_EQ(n, 1000);
  S3L_ASSERT_OK(c->SeekForPrev(TestKey(0)));
  EXPECT_EQ(c->key(), TestKey(0));
  S3L_ASSERT_OK(c->Seek(TestKey(4996)));
  EXPECT_FALSE(c->Valid());
}

TEST(DbTest, LargeValuesSurviveCheckpointAndReopen) {
  TempDir dir;
  auto store = OpenLocal(dir.path());
  TreeId tree;
  std::string big(300000, 'x');
  for (size_t i = 0; i < big.size(); i++) big[i] = static_cast<char>('a' + (i * 7919) % 26);
  {
    auto db = OpenDb(store, NoAutoCheckpoint());
    auto t = BeginWrite(*db);
    tree = *t->CreateTree(TreeKind::kTable);
    S3L_ASSERT_OK(t->Put(tree, "a", big));
    S3L_ASSERT_OK(t->Put(tree, "b", std::string(5000, 'b')));
    S3L_ASSERT_OK(t->Put(tree, "c", "small"));
    S3L_ASSERT_OK(t->Commit());
    S3L_ASSERT_OK(db->Checkpoint());
    auto t2 = BeginWrite(*db);
    S3L_ASSERT_OK(t2->Put(tree, "c2", "touches the leaf again"));  // leaf with stored overflow refs
    S3L_ASSERT_OK(t2->Commit());
    S3L_ASSERT_OK(db->Checkpoint());
  }
  auto db = OpenDb(store, NoAutoCheckpoint());
  auto t = BeginRead(*db);
  EXPECT_EQ(*t->Get(tree, "a"), big);
  EXPECT_EQ(*t->Get(tree, "b"), std::string(5000, 'b'));
  EXPECT_EQ(*t->Get(tree, "c"), "small");
  auto c = t->NewCursor(tree).value();
  S3L_ASSERT_OK(c->SeekFirst());
  EXPECT_EQ(c->value(), big);
}

TEST(DbTest, SnapshotIsolation) {
  TempDir dir;
  auto db = OpenDb(OpenLocal(dir.path()), NoAutoCheckpoint());
  TreeId tree;
  {
    auto t = BeginWrite(*db);
    tree = *t->CreateTree(TreeKind::kTable);
    for (int i = 0; i < 3000; i++) S3L_ASSERT_OK(t->Put(tree, TestKey(i), "old"));
    S3L_ASSERT_OK(t->Commit());
  }
  auto reader = BeginRead(*db);
  auto cursor = reader->NewCursor(tree).value();
  S3L_ASSERT_OK(cursor->SeekFirst());
  {
    auto t = BeginWrite(*db);
    for (int i = 0; i < 3000; i += 2) S3L_ASSERT_OK(t->Put(tree, TestKey(i), "new"));
    for (int i = 1; i < 3000; i += 4) S3L_ASSERT_OK(t->Delete(tree, TestKey(i)));
    S3L_ASSERT_OK(t->Put(tree, "zzz", "new"));
    // The reader does not see uncommitted writes...
    EXPECT_EQ(*reader->Get(tree, TestKey(0)), "old");
    S3L_ASSERT_OK(t->Commit());
  }
  S3L_ASSERT_OK(db->Checkpoint());  // ... nor committed and checkpointed ones.
  int n = 0;
  while (cursor->Valid()) {
    EXPECT_EQ(cursor->value(), "old");
    n++;
    S3L_ASSERT_OK(cursor->Next());
  }
  EXPECT_EQ(n, 3000);
  EXPECT_EQ(*reader->Get(tree, TestKey(1)), "old");
  EXPECT_TRUE(reader->Get(tree, "zzz").status().IsNotFound());
  auto fresh = BeginRead(*db);
  EXPECT_EQ(*fresh->Get(tree, TestKey(0)), "new");
  EXPECT_TRUE(fresh->Get(tree, TestKey(1)).status().IsNotFound());
}

}  // namespace
}  // namespace s3lite

namespace s3lite {
namespace {

TEST(DbTest, AutomaticCheckpointTriggers) {
  TempDir dir;
  {
    DatabaseOptions o;
    o.checkpoint_wal_bytes = 4096;  // by size
    auto db = OpenDb(OpenLocal(dir.path()), o);
    auto t = BeginWrite(*db);
    TreeId tree = *t->CreateTree(TreeKind::kTable);
    S3L_ASSERT_OK(t->Put(tree, "small", "1"));
    S3L_ASSERT_OK(t->Commit());
    EXPECT_EQ(db->stats().checkpoints, 0u);
    auto t2 = BeginWrite(*db);
    S3L_ASSERT_OK(t2->Put(tree, "big", std::string(5000, 'b')));
    S3L_ASSERT_OK(t2->Commit());
    EXPECT_EQ(db->stats().checkpoints, 1u);
    EXPECT_EQ(db->CurrentVersion()->wal_seq, 2u);
  }
  {
    DatabaseOptions o;
    o.checkpoint_interval_ms = 0;  // by age: every commit
    auto db = OpenDb(OpenLocal(dir.path()), o);
    auto t = BeginWrite(*db);
    TreeId tree = *t->CreateTree(TreeKind::kTable);
    S3L_ASSERT_OK(t->Put(tree, "k", "v"));
    S3L_ASSERT_OK(t->Commit());
    EXPECT_EQ(db->stats().checkpoints, 1u);
    S3L_ASSERT_OK(db->Checkpoint());  // clean: no new version
    EXPECT_EQ(db->stats().checkpoints, 1u);
    S3L_ASSERT_OK(db->Close());
    EXPECT_FALSE(db->Begin(TxnMode::kRead).ok());
  }
}

TEST(DbTest, OpenOptionsAndErrors) {
  TempDir dir;
  DatabaseOptions o;
  o.create_if_missing = false;
  auto missing = Database::Open(OpenLocal(dir.path()), o);
  EXPECT_TRUE(missing.status().IsNotFound()) << missing.status().ToString();
  DatabaseOptions ro;
  ro.read_only = true;
  auto empty = OpenDb(OpenLocal(dir.path()), ro);  // empty, unwritable view; writes nothing
  auto r = BeginRead(*empty);
  EXPECT_TRUE(r->catalog().entries().empty());
  EXPECT_TRUE(empty->Checkpoint().code() == Status::Code::kReadOnly);
  auto listed = empty->store().List("");
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty());
  auto db = OpenDb(OpenLocal(dir.path()));
  auto t = BeginWrite(*db);
  TreeId tree = *t->CreateTree(TreeKind::kTable);
  EXPECT_EQ(t->Put(tree, std::string(2000, 'k'), "v").code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(t->Put(tree + 100, "k", "v").code(), Status::Code::kInvalidArgument);
  EXPECT_TRUE(t->DeleteSchema("nope").IsNotFound());
  S3L_ASSERT_OK(t->Delete(tree, "absent"));
  S3L_ASSERT_OK(t->Commit());
  EXPECT_EQ(db->stats().wal_objects_written, 1u);
  EXPECT_FALSE(t->Put(tree, "k", "v").ok());  // finished
  auto rt = BeginRead(*db);
  EXPECT_EQ(rt->Put(tree, "k", "v").code(), Status::Code::kReadOnly);
}

}  // namespace
}  // namespace s3lite
