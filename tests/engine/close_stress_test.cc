// Close under load: readers, a writer, checkpoints and compactions run on
// other threads while Database::Close() runs, then the Database is dropped.
// Meant for ASan/TSan builds (scripts/sanitize): a use-after-free of
// checkpoint/compaction state (e.g. the pending chunk-directory delta) at
// teardown shows up here. Errors after Close ("database is closed") are
// expected; wrong data or a crash is not.
#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>

#include "engine/db/maintenance.h"
#include "engine/value/key_codec.h"
#include "tests/engine/db_test_util.h"

namespace s3lite {
namespace {

TEST(CloseStressTest, CloseWhileReadersWriterAndCheckpointsRun) {
  TempDir dir(/*in_memory=*/true);
  TreeId tree = 0;
  {
    auto db = OpenDb(OpenLocal(dir.path()));
    auto t = BeginWrite(*db);
    tree = *t->CreateTree(TreeKind::kTable);
    for (int i = 0; i < 3000; i++) S3L_ASSERT_OK(t->Put(tree, EncodeRowid(i), std::string(80, 'a')));
    S3L_ASSERT_OK(t->Commit());
    S3L_ASSERT_OK(db->Close());
  }
  for (int round = 0; round < 8; round++) {
    DatabaseOptions o;
    o.cache_pages = 64;  // evictions and refetches during the run
    o.prefetch_workers = round % 3;
    o.checkpoint_wal_bytes = 64 * 1024;
    auto db = OpenDb(OpenLocal(dir.path()), o);
    ASSERT_NE(db, nullptr);
    std::atomic<bool> stop{false};
    std::atomic<int> bad{0};
    std::vector<std::thread> threads;
    for (int r = 0; r < 2; r++) {
      threads.emplace_back([&, r, db] {  // own reference: the last one may drop here
        std::mt19937 rng(r * 7 + round);
        while (!stop.load()) {
          auto txn = db->Begin(TxnMode::kRead);
          if (!txn.ok()) continue;  // closed
          auto c = (*txn)->NewCursor(tree, ScanHint{});
          if (!c.ok()) continue;
          Status s = (*c)->SeekFirst();
          std::string prev;
          for (int n = 0; s.ok() && (*c)->Valid() && n < 500; n++) {
            if (!prev.empty() && std::string((*c)->key()) <= prev) bad++;
            prev = std::string((*c)->key());
            s = (*c)->Next();
          }
          auto v = (*txn)->Get(tree, EncodeRowid(static_cast<int64_t>(rng() % 3000)));
          if (!v.ok() && !v.status().IsNotFound()) bad++;
        }
      });
    }
    threads.emplace_back([&, db] {  // writer
      std::mt19937 rng(round);
      while (!stop.load()) {
        auto txn = db->Begin(TxnMode::kWrite);
        if (!txn.ok()) continue;
        for (int i = 0; i < 50; i++) {
          int64_t k = static_cast<int64_t>(rng() % 4000);
          if (rng() % 4 == 0) {
            (void)(*txn)->Delete(tree, EncodeRowid(k));
          } else {
            (void)(*txn)->Put(tree, EncodeRowid(k), std::string(60 + rng() % 60, 'w'));
          }
        }
        (void)(*txn)->Commit();
      }
    });
    threads.emplace_back([&, db] {  // maintenance
      int i = 0;
      while (!stop.load()) {
        if (i++ % 3 == 2) {
          (void)Compact(*db);
        } else {
          (void)db->Checkpoint();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100 + 50 * round));
    Status closed = db->Close();
    EXPECT_TRUE(closed.ok()) << closed.ToString();
    // Odd rounds drop our reference at once: the Database is destroyed by
    // whichever worker thread lets go last (possibly inside a transaction's
    // destructor). Even rounds tear down after every thread is done.
    if (round % 2 == 1) db.reset();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // threads keep using the closed Database
    stop = true;
    for (auto& t : threads) t.join();
    EXPECT_EQ(bad.load(), 0);
    db.reset();
  }
  // Everything committed is readable and consistent after all that.
  auto db = OpenDb(OpenLocal(dir.path()));
  auto txn = BeginRead(*db);
  auto c = txn->NewCursor(tree).value();
  S3L_ASSERT_OK(c->SeekFirst());
  int n = 0;
  while (c->Valid()) {
    n++;
    S3L_ASSERT_OK(c->Next());
  }
  EXPECT_GT(n, 1000);
  auto report = VerifyPages(*db);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->problems.empty()) << report->Summary();
}

}  // namespace
}  // namespace s3lite
