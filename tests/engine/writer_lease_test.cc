// Writer lease (engine/manifest/writer_lease.h) through the Database API:
// a second writer is refused while the first holds a live lease, a clean
// close releases at once, a crashed writer's lease expires after its ttl, a
// live lease is renewed, and takeover (--writer) fences the old writer at
// its next commit without losing anything acknowledged.
#include <gtest/gtest.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "engine/manifest/fence.h"
#include "engine/manifest/object_names.h"
#include "engine/manifest/writer_lease.h"
#include "engine/store/fault_store.h"
#include "tests/engine/db_test_util.h"

namespace s3lite {
namespace {

DatabaseOptions Opts(int64_t ttl_ms, bool takeover = false) {
  DatabaseOptions o;
  o.refresh_ms = 0;
  o.writer_lease_ms = ttl_ms;
  o.takeover = takeover;
  return o;
}

TreeId MakeTable(Database& db) {
  auto t = BeginWrite(db);
  TreeId tree = *t->CreateTree(TreeKind::kTable);
  EXPECT_TRUE(t->Commit().ok());
  return tree;
}

Status PutOne(Database& db, TreeId tree, const std::string& key) {
  auto t = db.Begin(TxnMode::kWrite);
  if (!t.ok()) return t.status();
  S3LITE_RETURN_IF_ERROR((*t)->Put(tree, key, "v"));
  return (*t)->Commit();
}

size_t WalObjects(ObjectStore& store) { return store.List("wal/")->size(); }

TEST(WriterLeaseTest, SecondWriterIsRefusedWhileTheFirstHoldsTheLease) {
  TempDir dir;
  auto a = OpenDb(OpenLocal(dir.path()), Opts(30'000));
  TreeId tree = MakeTable(*a);
  auto b = OpenDb(OpenLocal(dir.path()), Opts(30'000));  // opening is fine
  auto store = OpenLocal(dir.path());
  size_t wal_before = WalObjects(*store);
  Status s = PutOne(*b, tree, "from b");
  ASSERT_TRUE(s.IsConflict()) << s.ToString();
  EXPECT_NE(s.message().find("being written by another instance (epoch 1, owner "), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("lease renewed"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("use --writer to take over"), std::string::npos) << s.message();
  EXPECT_EQ(WalObjects(*store), wal_before);  // b wrote nothing
  EXPECT_EQ(*CurrentMaxEpoch(*store), 1u);
  // b can still read, and a goes on writing.
  auto r = BeginRead(*b);
  EXPECT_TRUE(r->Get(tree, "x").status().IsNotFound());
  S3L_ASSERT_OK(PutOne(*a, tree, "from a"));
  // Maintenance that writes is refused too (the lease, not a lost race).
  Status c = b->Checkpoint();
  EXPECT_TRUE(c.IsConflict()) << c.ToString();
  // No clock probe objects are left behind.
  auto fences = store->List("fence/");
  ASSERT_TRUE(fences.ok());
  for (const ObjectInfo& o : *fences) EXPECT_EQ(o.key.find("clock"), std::string::npos) << o.key;
}

TEST(WriterLeaseTest, CleanCloseReleasesAtOnce) {
  TempDir dir;
  auto a = OpenDb(OpenLocal(dir.path()), Opts(30'000));
  TreeId tree = MakeTable(*a);
  auto b = OpenDb(OpenLocal(dir.path()), Opts(30'000));
  S3L_ASSERT_OK(a->Close());
  auto store = OpenLocal(dir.path());
  EXPECT_TRUE(store->Head(ReleasedKey(1)).ok());
  S3L_ASSERT_OK(b->Refresh(true));
  S3L_ASSERT_OK(PutOne(*b, tree, "b"));  // no waiting for the ttl
  EXPECT_EQ(*CurrentMaxEpoch(*store), 2u);
}

TEST(WriterLeaseTest, DroppedWithoutCloseReleasesToo) {
  TempDir dir;
  TreeId tree;
  {
    auto a = OpenDb(OpenLocal(dir.path()), Opts(30'000));
    tree = MakeTable(*a);
  }
  auto b = OpenDb(OpenLocal(dir.path()), Opts(30'000));
  S3L_ASSERT_OK(PutOne(*b, tree, "b"));
}

TEST(WriterLeaseTest, CrashedWritersLeaseExpiresAfterTheTtl) {
  TempDir dir;
  const int64_t ttl = 600;
  TreeId tree;
  {
    auto fault = std::make_shared<FaultStore>(OpenLocal(dir.path()));
    auto a = OpenDb(fault, Opts(ttl));
    tree = MakeTable(*a);
    S3L_ASSERT_OK(PutOne(*a, tree, "acked"));
    fault->CrashNow();  // every later store call fails: no renewal, no release (like kill -9)
  }
  auto b = OpenDb(OpenLocal(dir.path()), Opts(ttl));
  auto start = std::chrono::steady_clock::now();
  Status s = PutOne(*b, tree, "b");
  ASSERT_TRUE(s.IsConflict()) << s.ToString();
  std::this_thread::sleep_for(std::chrono::milliseconds(ttl + 200));
  S3L_ASSERT_OK(PutOne(*b, tree, "b"));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(ttl));
  auto r = BeginRead(*b);
  EXPECT_EQ(*r->Get(tree, "acked"), "v");
}

// A writer process on this machine that died without releasing (kill -9) is
// taken over at once: its pid no longer exists, so its lease is not waited out.
TEST(WriterLeaseTest, ExitedHolderOnThisMachineIsTakenOverAtOnce) {
  TempDir dir;
  const int64_t ttl = 600'000;  // would block the next writer for 10 minutes
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto a = OpenDb(OpenLocal(dir.path()), Opts(ttl));
    TreeId tree = MakeTable(*a);
    bool ok = PutOne(*a, tree, "acked").ok() && tree > 0 && tree < 255;
    _exit(ok ? static_cast<int>(tree) : 255);  // no Close, no release: like a SIGKILL after the commit
  }
  int wstatus = 0;
  ASSERT_EQ(waitpid(child, &wstatus, 0), child);
  ASSERT_TRUE(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) != 255);
  TreeId tree = static_cast<TreeId>(WEXITSTATUS(wstatus));

  auto store = OpenLocal(dir.path());
  auto state = ReadWriterLease(*store, ttl);
  S3L_ASSERT_OK(state.status());
  EXPECT_EQ(state->epoch, 1u);
  EXPECT_TRUE(state->holder_exited);
  EXPECT_FALSE(state->live);
  EXPECT_NE(state->Describe().find("holder process has exited"), std::string::npos) << state->Describe();

  auto b = OpenDb(OpenLocal(dir.path()), Opts(ttl));
  S3L_ASSERT_OK(PutOne(*b, tree, "b"));  // at once, not after 10 minutes
  EXPECT_EQ(*CurrentMaxEpoch(*store), 2u);
  auto r = BeginRead(*b);
  EXPECT_EQ(*r->Get(tree, "acked"), "v");  // the dead writer's acknowledged commit
  EXPECT_EQ(*r->Get(tree, "b"), "v");
}

TEST(WriterLeaseTest, LiveLeaseIsRenewedPastItsTtl) {
  TempDir dir;
  const int64_t ttl = 300;
  auto a = OpenDb(OpenLocal(dir.path()), Opts(ttl));
  TreeId tree = MakeTable(*a);
  uint64_t puts_before = a->stats().store.requests[static_cast<int>(StoreOp::kPut)];
  std::this_thread::sleep_for(std::chrono::milliseconds(4 * ttl));  // idle, holding the lease
  uint64_t renewals = a->stats().store.requests[static_cast<int>(StoreOp::kPut)] - puts_before;
  EXPECT_GE(renewals, 8u);   // every ttl/3 = 100 ms: ~12
  EXPECT_LE(renewals, 14u);
  auto b = OpenDb(OpenLocal(dir.path()), Opts(ttl));
  Status s = PutOne(*b, tree, "b");
  EXPECT_TRUE(s.IsConflict()) << s.ToString();
  auto store = OpenLocal(dir.path());
  EXPECT_TRUE(store->Head(LeaseKey(1)).ok());
}

TEST(WriterLeaseTest, TakeoverFencesTheOldWriterAtItsNextCommit) {
  TempDir dir;
  auto a = OpenDb(OpenLocal(dir.path()), Opts(30'000));
  TreeId tree = MakeTable(*a);
  S3L_ASSERT_OK(PutOne(*a, tree, "a1"));
  auto b = OpenDb(OpenLocal(dir.path()), Opts(30'000, /*takeover=*/true));  // epoch 2 at open
  auto store = OpenLocal(dir.path());
  EXPECT_EQ(*CurrentMaxEpoch(*store), 2u);
  // a has not noticed anything yet; its very next commit fails.
  Status s = PutOne(*a, tree, "a2");
  ASSERT_TRUE(s.IsConflict()) << s.ToString();
  EXPECT_NE(s.message().find("fenced: another instance took over as the writer (epoch 2, owner "),
            std::string::npos)
      << s.message();
  s = PutOne(*a, tree, "a3");  // and stays fenced
  EXPECT_NE(s.message().find("fenced"), std::string::npos) << s.message();
  EXPECT_TRUE(a->Checkpoint().IsConflict());
  S3L_ASSERT_OK(PutOne(*b, tree, "b1"));
  S3L_ASSERT_OK(a->Close());  // a fenced writer closes without writing
  S3L_ASSERT_OK(b->Close());
  auto c = OpenDb(OpenLocal(dir.path()), Opts(30'000));
  auto r = BeginRead(*c);
  EXPECT_EQ(*r->Get(tree, "a1"), "v");
  EXPECT_EQ(*r->Get(tree, "b1"), "v");
  EXPECT_TRUE(r->Get(tree, "a2").status().IsNotFound());
  EXPECT_TRUE(r->Get(tree, "a3").status().IsNotFound());
}

// The old writer's commits that land while the new one takes over are
// replayed below the takeover marker, not lost.
TEST(WriterLeaseTest, TakeoverRacingCommitsLosesNothing) {
  TempDir dir(/*in_memory=*/true);
  auto a = OpenDb(OpenLocal(dir.path()), Opts(30'000));
  TreeId tree = MakeTable(*a);
  std::vector<std::string> acked;
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int n = 0; !stop && n < 100'000; n++) {
      std::string key = "a" + std::to_string(n);
      Status s = PutOne(*a, tree, key);
      if (s.ok()) {
        acked.push_back(key);
      } else {
        EXPECT_TRUE(s.IsConflict()) << s.ToString();
        if (s.message().find("fenced") != std::string::npos) return;
      }
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto b = OpenDb(OpenLocal(dir.path()), Opts(30'000, /*takeover=*/true));
  writer.join();
  stop = true;
  S3L_ASSERT_OK(PutOne(*b, tree, "b"));
  S3L_ASSERT_OK(b->Close());
  auto c = OpenDb(OpenLocal(dir.path()), Opts(30'000));
  auto r = BeginRead(*c);
  for (const std::string& k : acked) EXPECT_TRUE(r->Get(tree, k).ok()) << "acknowledged " << k << " lost";
  EXPECT_GT(acked.size(), 0u);
}

TEST(WriterLeaseTest, ReadOnlyDatabasesNeverTakeTheLease) {
  TempDir dir;
  auto a = OpenDb(OpenLocal(dir.path()), Opts(30'000));
  TreeId tree = MakeTable(*a);
  DatabaseOptions ro = Opts(30'000);
  ro.read_only = true;
  auto r = OpenDb(OpenLocal(dir.path()), ro);
  EXPECT_TRUE(BeginRead(*r)->Get(tree, "x").status().IsNotFound());
  S3L_ASSERT_OK(r->Close());
  S3L_ASSERT_OK(PutOne(*a, tree, "still mine"));
  ro.takeover = true;
  auto both = Database::Open(OpenLocal(dir.path()), ro);
  EXPECT_EQ(both.status().code(), Status::Code::kInvalidArgument) << both.status().ToString();
}

// Lease age is measured on the store's clock: a lease whose store-side
// mtime is old has expired even though nobody released it.
TEST(WriterLeaseTest, AgeComesFromStoreMtimes) {
  TempDir dir;
  auto store = OpenLocal(dir.path());
  WriterLeaseOptions o;
  o.ttl_ms = 60'000;
  o.owner = "elsewhere pid 1";
  ASSERT_EQ(*AcquireWriterEpoch(*store, 1, o), 1u);
  auto st = ReadWriterLease(*store, 60'000);
  ASSERT_TRUE(st.ok());
  EXPECT_TRUE(st->live);
  EXPECT_EQ(st->owner, "elsewhere pid 1");
  EXPECT_LT(st->age_ms, 5'000);
  Status refused = AcquireWriterEpoch(*store, 1, o).status();
  EXPECT_TRUE(refused.IsConflict()) << refused.ToString();
  // Age the fence object by two minutes (store-side mtime).
  // LocalStore maps directory segments of a key to "<name>%d".
  std::string path = dir.path() + "/fence%d/" + FenceKey(1).substr(6);
  struct timeval old[2];
  gettimeofday(&old[0], nullptr);
  old[0].tv_sec -= 120;
  old[1] = old[0];
  ASSERT_EQ(utimes(path.c_str(), old), 0) << path;
  st = ReadWriterLease(*store, 60'000);
  EXPECT_FALSE(st->live);
  EXPECT_GE(st->age_ms, 119'000);
  EXPECT_EQ(*AcquireWriterEpoch(*store, 1, o), 2u);
}

}  // namespace
}  // namespace s3lite
