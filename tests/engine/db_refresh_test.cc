// Refresh and lifetime of one Database shared by threads: reads never go
// back in time while another Database writes and checkpoints (refresh loads
// newer manifests), a writable Database used only for reading takes no
// writer epoch or lease (so it fences and blocks nobody),
// and Close() is safe against concurrent readers, commits and refreshes.
#include <atomic>
#include <thread>
#include <vector>

#include "engine/manifest/fence.h"
#include "tests/engine/db_test_util.h"

namespace s3lite {
namespace {

// Rows in `tree` as `t` sees them.
uint64_t CountRows(Transaction& t, TreeId tree) {
  auto c = t.NewCursor(tree, ScanHint{});
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  if (!c.ok()) return 0;
  uint64_t n = 0;
  Status s = (*c)->SeekFirst();
  while (s.ok() && (*c)->Valid()) {
    n++;
    s = (*c)->Next();
  }
  EXPECT_TRUE(s.ok()) << s.ToString();
  return n;
}

TEST(DbRefreshTest, ReadsAreMonotonicWhileAnotherDatabaseCheckpoints) {
  TempDir dir(/*in_memory=*/true);
  DatabaseOptions wo;
  wo.refresh_ms = 0;
  wo.checkpoint_wal_bytes = 2 << 10;  // a new manifest every few commits
  auto writer = OpenDb(OpenLocal(dir.path()), wo);
  ASSERT_TRUE(writer);
  TreeId tree;
  {
    auto t = BeginWrite(*writer);
    tree = *t->CreateTree(TreeKind::kTable);
    S3L_ASSERT_OK(t->Commit());
  }
  Result<uint64_t> epoch_before = CurrentMaxEpoch(*OpenLocal(dir.path()));
  ASSERT_TRUE(epoch_before.ok());

  DatabaseOptions ro;
  ro.refresh_ms = 0;  // every Begin refreshes; the database is writable but only reads
  auto reader = OpenDb(OpenLocal(dir.path()), ro);
  ASSERT_TRUE(reader);

  constexpr int kCommits = 400;
  std::atomic<bool> done{false};
  std::atomic<int> regressions{0};
  std::atomic<uint64_t> reads{0};
  std::thread refresher([&] {
    while (!done) EXPECT_TRUE(reader->Refresh(true).ok());
  });
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; r++) {
    readers.emplace_back([&] {
      uint64_t last = 0;
      while (!done) {
        auto t = reader->Begin(TxnMode::kRead);
        ASSERT_TRUE(t.ok()) << t.status().ToString();
        uint64_t n = CountRows(**t, tree);
        if (n < last) regressions++;
        last = std::max(last, n);
        reads++;
      }
    });
  }
  for (int i = 0; i < kCommits; i++) {
    auto t = BeginWrite(*writer);
    ASSERT_TRUE(t);
    S3L_ASSERT_OK(t->Put(tree, TestKey(i), std::string(100, 'v')));
    S3L_ASSERT_OK(t->Commit());  // the reading Database never fences this writer
  }
  done = true;
  refresher.join();
  for (auto& t : readers) t.join();
  EXPECT_EQ(regressions.load(), 0);
  EXPECT_GT(reads.load(), 0u);
  EXPECT_GT(writer->CurrentVersion()->version, 10u);  // refreshes did load newer manifests

  auto t = BeginRead(*reader);
  EXPECT_EQ(CountRows(*t, tree), static_cast<uint64_t>(kCommits));
  t.reset();
  S3L_ASSERT_OK(reader->Close());  // wrote nothing: no checkpoint, no epoch
  EXPECT_EQ(*CurrentMaxEpoch(*OpenLocal(dir.path())), *epoch_before);
  S3L_ASSERT_OK(writer->Close());
}

TEST(DbRefreshTest, WritableOpenTakesEpochAtFirstWrite) {
  TempDir dir;
  auto a = OpenDb(OpenLocal(dir.path()));
  TreeId tree;
  {
    auto t = BeginWrite(*a);
    tree = *t->CreateTree(TreeKind::kTable);
    S3L_ASSERT_OK(t->Commit());
  }
  auto store = OpenLocal(dir.path());
  uint64_t e1 = *CurrentMaxEpoch(*store);
  {
    auto b = OpenDb(OpenLocal(dir.path()));
    auto r = BeginRead(*b);
    EXPECT_EQ(CountRows(*r, tree), 0u);
    r.reset();
    auto w = BeginWrite(*b);  // a write transaction that writes nothing
    S3L_ASSERT_OK(w->Commit());
    S3L_ASSERT_OK(b->Close());
  }
  EXPECT_EQ(*CurrentMaxEpoch(*store), e1);
  {
    auto t = BeginWrite(*a);  // a was not fenced
    S3L_ASSERT_OK(t->Put(tree, "a", "1"));
    S3L_ASSERT_OK(t->Commit());
  }
  auto b = OpenDb(OpenLocal(dir.path()));
  {
    auto t = BeginWrite(*b);
    S3L_ASSERT_OK(t->Put(tree, "b", "1"));
    Status refused = t->Commit();  // first write: a holds the writer lease
    ASSERT_TRUE(refused.IsConflict()) << refused.ToString();
    EXPECT_NE(refused.message().find("use --writer to take over"), std::string::npos) << refused.message();
  }
  EXPECT_EQ(*CurrentMaxEpoch(*store), e1);
  DatabaseOptions takeover;
  takeover.takeover = true;
  b = OpenDb(OpenLocal(dir.path()), takeover);  // --writer: a new, higher epoch at open
  {
    auto t = BeginWrite(*b);
    S3L_ASSERT_OK(t->Put(tree, "b", "1"));
    S3L_ASSERT_OK(t->Commit());
  }
  EXPECT_GT(*CurrentMaxEpoch(*store), e1);
  auto t = BeginWrite(*a);
  S3L_ASSERT_OK(t->Put(tree, "c", "1"));
  Status s = t->Commit();
  ASSERT_TRUE(s.IsConflict()) << s.ToString();
  EXPECT_NE(s.message().find("fenced"), std::string::npos) << s.message();
  auto t2 = BeginWrite(*a);
  S3L_ASSERT_OK(t2->Put(tree, "c", "1"));
  s = t2->Commit();
  ASSERT_TRUE(s.IsConflict()) << s.ToString();
  EXPECT_NE(s.message().find("fenced"), std::string::npos) << s.message();
}

// Close() while readers refresh and a writer commits (checkpoints included):
// no crash, no sanitizer report; operations after Close fail cleanly.
TEST(DbRefreshTest, CloseWhileReadersAndCommitsRun) {
  for (int round = 0; round < 5; round++) {
    TempDir dir(/*in_memory=*/true);
    DatabaseOptions o;
    o.refresh_ms = 0;
    o.checkpoint_wal_bytes = 1 << 10;
    auto db = OpenDb(OpenLocal(dir.path()), o);
    ASSERT_TRUE(db);
    TreeId tree;
    {
      auto t = BeginWrite(*db);
      tree = *t->CreateTree(TreeKind::kTable);
      S3L_ASSERT_OK(t->Commit());
    }
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    threads.emplace_back([&] {
      for (int i = 0; !stop; i++) {
        auto t = db->Begin(TxnMode::kWrite);
        if (!t.ok()) return;
        if (!(*t)->Put(tree, TestKey(i), std::string(200, 'x')).ok()) return;
        (void)(*t)->Commit();
      }
    });
    for (int r = 0; r < 2; r++) {
      threads.emplace_back([&] {
        while (!stop) {
          auto t = db->Begin(TxnMode::kRead);
          if (!t.ok()) return;
          CountRows(**t, tree);
          (void)db->Refresh(true);
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50 + 30 * round));
    S3L_ASSERT_OK(db->Close());
    stop = true;
    for (auto& t : threads) t.join();
    EXPECT_FALSE(db->Begin(TxnMode::kRead).ok());
    db.reset();
  }
}

}  // namespace
}  // namespace s3lite
