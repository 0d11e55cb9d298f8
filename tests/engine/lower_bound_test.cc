// Transaction::LowerBoundKey: the first key >= target, on stored (packed)
// pages after a checkpoint, with the transaction's own writes on top, and
// on read transactions; always the same answer as a cursor Seek.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "tests/engine/db_test_util.h"

namespace s3lite {
namespace {

void ExpectSameAsCursor(Transaction& t, TreeId tree, const std::string& target) {
  Result<std::string> lb = t.LowerBoundKey(tree, target);
  auto c = t.NewCursor(tree);
  ASSERT_TRUE(c.ok());
  S3L_ASSERT_OK((*c)->Seek(target));
  if (!(*c)->Valid()) {
    ASSERT_TRUE(lb.status().IsNotFound()) << target << ": " << lb.status().ToString();
  } else {
    ASSERT_TRUE(lb.ok()) << lb.status().ToString();
    ASSERT_EQ(*lb, (*c)->key()) << target;
  }
}

TEST(LowerBoundKeyTest, MatchesCursorOnStoredAndOwnWrites) {
  TempDir dir;
  auto db = OpenDb(OpenLocal(dir.path()));
  TreeId tree;
  {
    auto t = BeginWrite(*db);
    tree = *t->CreateTree(TreeKind::kIndex);
    for (int i = 0; i < 20000; i += 2) S3L_ASSERT_OK(t->Put(tree, TestKey(i), "v"));
    S3L_ASSERT_OK(t->Commit());
  }
  S3L_ASSERT_OK(db->Checkpoint());
  {
    auto r = BeginRead(*db);
    EXPECT_EQ(*r->LowerBoundKey(tree, TestKey(5)), TestKey(6));
    EXPECT_EQ(*r->LowerBoundKey(tree, TestKey(6)), TestKey(6));
    EXPECT_TRUE(r->LowerBoundKey(tree, TestKey(19999)).status().IsNotFound());
    EXPECT_FALSE(r->LowerBoundKey(tree + 100, "x").ok());
    for (int i = -1; i < 20001; i += 97) ExpectSameAsCursor(*r, tree, i < 0 ? "" : TestKey(i));
  }
  auto t = BeginWrite(*db);
  std::mt19937 rng(3);
  for (int i = 0; i < 3000; i++) {
    int k = static_cast<int>(rng() % 20000);
    if (rng() % 3 == 0) {
      S3L_ASSERT_OK(t->Delete(tree, TestKey(k)));
    } else {
      S3L_ASSERT_OK(t->Put(tree, TestKey(k), "w"));
    }
  }
  // Delete a long run so that targets fall past the end of a leaf.
  for (int i = 8000; i < 12000; i++) S3L_ASSERT_OK(t->Delete(tree, TestKey(i)));
  for (int i = -1; i < 20001; i += 13) ExpectSameAsCursor(*t, tree, i < 0 ? "" : TestKey(i));
  t->Rollback();
}

}  // namespace
}  // namespace s3lite
