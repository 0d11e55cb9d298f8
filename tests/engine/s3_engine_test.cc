// The engine against a real S3 server (radosgw from tests/servers/): commit,
// checkpoint, cold reads and their request counts, racing writers, crashes.
// Needs S3LITE_TEST_S3_* (see tests/util/s3_test_env.h).
#include <gtest/gtest.h>

#include <set>

#include "engine/store/fault_store.h"
#include "engine/value/key_codec.h"
#include "tests/engine/db_test_util.h"
#include "tests/util/s3_test_env.h"

namespace s3lite {
namespace {

using testing::OpenTestS3Store;
using testing::TestS3Options;

std::shared_ptr<ObjectStore> SameStore(const testing::S3TestEnv& env, ObjectStore& like) {
  auto* s3 = dynamic_cast<S3Store*>(&like);
  EXPECT_NE(s3, nullptr);
  std::string d = like.Describe();  // s3://bucket/prefix
  std::string prefix = d.substr(d.find('/', 5) + 1);
  auto r = S3Store::Open(TestS3Options(env, prefix));
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return *r;
}

TEST(EngineS3Test, CommitCheckpointColdLookups) {
  S3LITE_REQUIRE_S3(env);
  auto store = OpenTestS3Store(env, "engine-basic");
  TreeId tree;
  {
    auto db = OpenDb(store);
    auto t = BeginWrite(*db);
    tree = *t->CreateTree(TreeKind::kTable);
    for (int i = 0; i < 20000; i++) S3L_ASSERT_OK(t->Put(tree, EncodeRowid(i), "row" + std::to_string(i)));
    S3L_ASSERT_OK(t->Commit());
    auto t2 = BeginWrite(*db);
    S3L_ASSERT_OK(t2->Put(tree, EncodeRowid(-1), "after"));
    S3L_ASSERT_OK(t2->Commit());
    S3L_ASSERT_OK(db->Close());  // checkpoint
  }
  DatabaseOptions ro;
  ro.read_only = true;
  auto reopened = SameStore(env, *store);
  auto db = OpenDb(reopened, ro);
  auto r = BeginRead(*db);
  auto s0 = db->stats().store;
  ASSERT_EQ(*r->Get(tree, EncodeRowid(12345)), "row12345");
  auto s1 = db->stats().store;
  ASSERT_EQ(*r->Get(tree, EncodeRowid(12346)), "row12346");
  auto s2 = db->stats().store;
  EXPECT_LE((s1 - s0).gets(), 3u);
  EXPECT_EQ((s2 - s1).gets(), 0u);
  EXPECT_EQ(*r->Get(tree, EncodeRowid(-1)), "after");
  auto c = r->NewCursor(tree).value();
  int n = 0;
  S3L_ASSERT_OK(c->SeekFirst());
  while (c->Valid()) {
    n++;
    S3L_ASSERT_OK(c->Next());
  }
  EXPECT_EQ(n, 20001);
  testing::DeleteAllObjects(*store);
}

TEST(EngineS3Test, SecondWriterGetsConflict) {
  S3LITE_REQUIRE_S3(env);
  auto store = OpenTestS3Store(env, "engine-conflict");
  DatabaseOptions o;
  o.refresh_ms = 0;
  auto a = OpenDb(store, o);
  TreeId tree;
  {
    auto t = BeginWrite(*a);
    tree = *t->CreateTree(TreeKind::kTable);
    S3L_ASSERT_OK(t->Commit());
  }
  auto b = OpenDb(SameStore(env, *store), o);
  {
    // While a holds the writer lease, b's commit is refused outright.
    auto refused = BeginWrite(*b);
    S3L_ASSERT_OK(refused->Put(tree, "k", "refused"));
    Status s = refused->Commit();
    ASSERT_TRUE(s.IsConflict()) << s.ToString();
    EXPECT_NE(s.message().find("being written by another instance"), std::string::npos) << s.message();
  }
  auto ta = BeginWrite(*a);
  auto tb = BeginWrite(*b);
  S3L_ASSERT_OK(ta->Put(tree, "k", "a"));
  S3L_ASSERT_OK(tb->Put(tree, "k", "b"));
  S3L_ASSERT_OK(ta->Commit());
  S3L_ASSERT_OK(a->Close());  // releases the lease; b's snapshot is now stale
  Status s = tb->Commit();
  ASSERT_TRUE(s.IsConflict()) << s.ToString();
  EXPECT_NE(s.message().find("conflict: the database was changed by another writer; retry"), std::string::npos)
      << s.message();
  auto tb2 = BeginWrite(*b);  // reloads: sees a's commit, retries on top of it
  EXPECT_EQ(*tb2->Get(tree, "k"), "a");
  S3L_ASSERT_OK(tb2->Put(tree, "k", "b"));
  S3L_ASSERT_OK(tb2->Commit());
  auto r = BeginRead(*OpenDb(SameStore(env, *store), o));
  EXPECT_EQ(*r->Get(tree, "k"), "b");
  testing::DeleteAllObjects(*store);
}

TEST(EngineS3Slow, CrashAtEveryNthCall) {
  S3LITE_REQUIRE_S3(env);
  for (uint64_t nth = 1; nth <= 40; nth += 3) {
    auto base = OpenTestS3Store(env, "engine-crash");
    TreeId tree;
    {
      auto db = OpenDb(base);
      auto t = BeginWrite(*db);
      tree = *t->CreateTree(TreeKind::kTable);
      S3L_ASSERT_OK(t->Commit());
    }
    auto fault = std::make_shared<FaultStore>(base);
    DatabaseOptions o;
    o.checkpoint_on_close = false;
    std::set<int> acked;
    int attempted = 0;
    {
      auto db = OpenDb(fault, o);
      fault->Reset();
      fault->CrashAt(std::nullopt, nth);
      for (int n = 0; n < 200 && !fault->crashed(); n++) {
        attempted = n + 1;
        auto t = db->Begin(TxnMode::kWrite);
        if (!t.ok()) break;
        if ((*t)->Put(tree, TestKey(n) + "a", "1").ok() && (*t)->Put(tree, TestKey(n) + "b", "2").ok() &&
            (*t)->Commit().ok()) {
          acked.insert(n);
        }
        if (n % 3 == 2) (void)db->Checkpoint();
      }
    }
    DatabaseOptions ro;
    ro.read_only = true;
    auto db = OpenDb(base, ro);
    auto r = BeginRead(*db);
    for (int n = 0; n < attempted; n++) {
      bool a = r->Get(tree, TestKey(n) + "a").ok(), b = r->Get(tree, TestKey(n) + "b").ok();
      ASSERT_EQ(a, b) << "txn " << n << " half visible, crash at " << nth;
      if (acked.count(n)) {
        ASSERT_TRUE(a) << "acknowledged txn " << n << " lost, crash at " << nth;
      }
    }
    testing::DeleteAllObjects(*base);
  }
}

}  // namespace
}  // namespace s3lite
