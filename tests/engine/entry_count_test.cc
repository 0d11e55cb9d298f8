// TreeRoot::entry_count / Transaction::EntryCount: exact through puts,
// updates, deletes, savepoint rollbacks, commits, checkpoints, WAL replay
// and reopen.
#include <gtest/gtest.h>

#include "engine/value/key_codec.h"
#include "tests/engine/db_test_util.h"

namespace s3lite {
namespace {

TEST(EntryCountTest, ExactThroughWritesRollbackCheckpointAndReplay) {
  TempDir dir;
  TreeId tree;
  {
    DatabaseOptions o;
    o.checkpoint_on_close = false;  // the last commits come back by WAL replay
    auto db = OpenDb(OpenLocal(dir.path()), o);
    auto t = BeginWrite(*db);
    tree = *t->CreateTree(TreeKind::kTable);
    EXPECT_EQ(t->EntryCount(tree), 0u);
    EXPECT_EQ(t->EntryCount(tree + 100), std::nullopt);
    for (int i = 0; i < 1000; i++) S3L_ASSERT_OK(t->Put(tree, EncodeRowid(i), "v"));
    for (int i = 0; i < 100; i++) S3L_ASSERT_OK(t->Put(tree, EncodeRowid(i), "updated"));  // no change
    S3L_ASSERT_OK(t->Delete(tree, EncodeRowid(5000)));                                   // absent
    EXPECT_EQ(t->EntryCount(tree), 1000u);
    uint64_t sp = t->Savepoint();
    for (int i = 1000; i < 1100; i++) S3L_ASSERT_OK(t->Put(tree, EncodeRowid(i), "v"));
    for (int i = 0; i < 50; i++) S3L_ASSERT_OK(t->Delete(tree, EncodeRowid(i)));
    EXPECT_EQ(t->EntryCount(tree), 1050u);
    S3L_ASSERT_OK(t->RollbackTo(sp));
    EXPECT_EQ(t->EntryCount(tree), 1000u);
    S3L_ASSERT_OK(t->Commit());
    S3L_ASSERT_OK(db->Checkpoint());
    auto r = BeginRead(*db);
    EXPECT_EQ(r->EntryCount(tree), 1000u);
    auto t2 = BeginWrite(*db);
    for (int i = 0; i < 10; i++) S3L_ASSERT_OK(t2->Delete(tree, EncodeRowid(i)));
    S3L_ASSERT_OK(t2->Commit());
    EXPECT_EQ(r->EntryCount(tree), 1000u);  // the reader's snapshot
    EXPECT_EQ(BeginRead(*db)->EntryCount(tree), 990u);
  }
  auto db = OpenDb(OpenLocal(dir.path()));  // manifest (1000) + replayed delete of 10
  EXPECT_EQ(BeginRead(*db)->EntryCount(tree), 990u);
  S3L_ASSERT_OK(db->Checkpoint());
  S3L_ASSERT_OK(db->Close());
  auto again = OpenDb(OpenLocal(dir.path()));
  auto r = BeginRead(*again);
  EXPECT_EQ(r->EntryCount(tree), 990u);
  auto c = r->NewCursor(tree).value();
  uint64_t n = 0;
  S3L_ASSERT_OK(c->SeekFirst());
  while (c->Valid()) {
    n++;
    S3L_ASSERT_OK(c->Next());
  }
  EXPECT_EQ(n, 990u);
}

}  // namespace
}  // namespace s3lite
