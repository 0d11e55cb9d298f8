// Crash safety: a store that dies at every Nth call during commits and
// checkpoints (FaultStore), writes whose acknowledgement is lost, and a real
// process killed with SIGKILL while committing. After each, a fresh open must
// show every acknowledged commit and no partial transaction.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>

#include "engine/store/fault_store.h"
#include "tests/engine/db_test_util.h"

namespace s3lite {
namespace {

constexpr int kKeysPerTxn = 3;

std::string TxnKey(int txn, int part) { return TestKey(txn) + "/" + std::to_string(part); }

// Commits transaction `n` (kKeysPerTxn keys, one of them big).
Status CommitTxn(Database& db, TreeId tree, int n) {
  auto t = db.Begin(TxnMode::kWrite);
  if (!t.ok()) return t.status();
  for (int p = 0; p < kKeysPerTxn; p++) {
    std::string v = p == 0 ? std::string(3000 + n % 7, static_cast<char>('a' + n % 26)) : "v" + std::to_string(n);
    S3LITE_RETURN_IF_ERROR((*t)->Put(tree, TxnKey(n, p), v));
  }
  return (*t)->Commit();
}

// Every acknowledged txn is fully present; every other txn is all or nothing.
void Verify(std::shared_ptr<ObjectStore> store, TreeId tree, const std::set<int>& acked, int attempted) {
  DatabaseOptions o;
  o.read_only = true;
  auto db = OpenDb(store, o);
  ASSERT_NE(db, nullptr);
  auto r = BeginRead(*db);
  for (int n = 0; n < attempted; n++) {
    int present = 0;
    for (int p = 0; p < kKeysPerTxn; p++) {
      auto v = r->Get(tree, TxnKey(n, p));
      ASSERT_TRUE(v.ok() || v.status().IsNotFound()) << v.status().ToString();
      present += v.ok();
    }
    if (acked.count(n)) {
      ASSERT_EQ(present, kKeysPerTxn) << "acknowledged txn " << n << " lost";
    } else {
      ASSERT_TRUE(present == 0 || present == kKeysPerTxn) << "txn " << n << " half visible";
    }
  }
}

TEST(CrashTest, CrashAtEveryNthStoreCall) {
  for (uint64_t nth = 1; nth <= 80; nth++) {
    TempDir dir(/*in_memory=*/true);
    auto base = OpenLocal(dir.path());
    TreeId tree;
    {
      auto db = OpenDb(base);
      auto t = BeginWrite(*db);
      tree = *t->CreateTree(TreeKind::kTable);
      S3L_ASSERT_OK(t->Commit());
      S3L_ASSERT_OK(db->Close());
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
      for (int n = 0; n < 400 && !fault->crashed(); n++) {
        attempted = n + 1;
        if (CommitTxn(*db, tree, n).ok()) acked.insert(n);
        if (n % 4 == 3) (void)db->Checkpoint();  // may die half way
      }
      ASSERT_TRUE(fault->crashed()) << nth;
    }  // the "process" is gone: drop the Database without Close
    Verify(base, tree, acked, attempted);
    if (HasFatalFailure()) {
      ADD_FAILURE() << "crash at call " << nth;
      return;
    }
    // The store still opens for writing and accepts commits (the crashed
    // writer's lease is still live: take over, as after any crash).
    DatabaseOptions takeover;
    takeover.takeover = true;
    auto db = OpenDb(base, takeover);
    S3L_ASSERT_OK(CommitTxn(*db, tree, 1000));
    S3L_ASSERT_OK(db->Close());
  }
}

TEST(CrashTest, LostAcknowledgementIsResolvedByTheNextTransaction) {
  TempDir dir;
  auto base = OpenLocal(dir.path());
  auto fault = std::make_shared<FaultStore>(base);
  DatabaseOptions o;
  o.checkpoint_on_close = false;
  auto db = OpenDb(fault, o);
  TreeId tree;
  {
    auto t = BeginWrite(*db);
    tree = *t->CreateTree(TreeKind::kTable);
    S3L_ASSERT_OK(t->Commit());
  }
  // The WAL object of txn 0 is written but the PUT reports an error.
  fault->Reset();
  fault->PartialPutAt(StoreOp::kPutIfAbsent, 1);
  EXPECT_FALSE(CommitTxn(*db, tree, 0).ok());
  // The next transaction reloads from the store: txn 0 did commit.
  S3L_ASSERT_OK(CommitTxn(*db, tree, 1));
  auto r = BeginRead(*db);
  EXPECT_TRUE(r->Get(tree, TxnKey(0, 1)).ok());
  EXPECT_TRUE(r->Get(tree, TxnKey(1, 1)).ok());
  r.reset();
  // A plain failure (nothing written) leaves no trace.
  fault->FailAt(StoreOp::kPutIfAbsent, fault->calls(StoreOp::kPutIfAbsent) + 1);
  EXPECT_FALSE(CommitTxn(*db, tree, 2).ok());
  S3L_ASSERT_OK(CommitTxn(*db, tree, 3));
  Verify(base, tree, {0, 1, 3}, 4);
  auto r2 = BeginRead(*db);
  EXPECT_TRUE(r2->Get(tree, TxnKey(2, 0)).status().IsNotFound());
}

// A child process commits in a loop and reports each acknowledged commit on a
// pipe; the parent kills it with SIGKILL and checks every reported commit.
TEST(CrashTest, KillDashNineWhileCommitting) {
  TempDir dir;
  TreeId tree;
  {
    auto db = OpenDb(OpenLocal(dir.path()));
    auto t = BeginWrite(*db);
    tree = *t->CreateTree(TreeKind::kTable);
    S3L_ASSERT_OK(t->Commit());
    S3L_ASSERT_OK(db->Close());
  }
  for (int round = 0; round < 3; round++) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    int base_n = round * 100000;
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(fds[0]);
      auto store = LocalStore::Open(dir.path());
      if (!store.ok()) _exit(2);
      DatabaseOptions o;
      o.checkpoint_wal_bytes = 64 << 10;  // checkpoints happen during the loop too
      o.takeover = true;                  // the previous round's child was killed holding the lease
      auto db = Database::Open(*store, o);
      if (!db.ok()) _exit(3);
      for (int n = base_n;; n++) {
        if (!CommitTxn(**db, tree, n).ok()) _exit(4);
        if (write(fds[1], &n, sizeof n) != sizeof n) _exit(5);
      }
    }
    close(fds[1]);
    std::set<int> acked;
    int n;
    while (acked.size() < static_cast<size_t>(30 + 40 * round) && read(fds[0], &n, sizeof n) == sizeof n) {
      acked.insert(n);
    }
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    while (read(fds[0], &n, sizeof n) == sizeof n) acked.insert(n);
    close(fds[0]);
    ASSERT_FALSE(acked.empty());
    auto db = OpenDb(OpenLocal(dir.path()));
    auto r = BeginRead(*db);
    for (int a : acked) {
      for (int p = 0; p < kKeysPerTxn; p++) ASSERT_TRUE(r->Get(tree, TxnKey(a, p)).ok()) << a;
    }
  }
}

}  // namespace
}  // namespace s3lite

namespace s3lite {
namespace {

// A checkpoint that fails half way (a chunk, segment or manifest PUT fails)
// leaves the database usable: later commits and checkpoints succeed, and a
// reopen sees everything.
TEST(CrashTest, FailedCheckpointIsHarmless) {
  for (uint64_t nth = 1; nth <= 6; nth++) {
    TempDir dir(/*in_memory=*/true);
    auto base = OpenLocal(dir.path());
    auto fault = std::make_shared<FaultStore>(base);
    DatabaseOptions o;
    o.checkpoint_on_close = false;
    auto db = OpenDb(fault, o);
    auto t = BeginWrite(*db);
    TreeId tree = *t->CreateTree(TreeKind::kTable);
    S3L_ASSERT_OK(t->Commit());
    for (int n = 0; n < 5; n++) S3L_ASSERT_OK(CommitTxn(*db, tree, n));
    fault->Reset();
    fault->FailAt(StoreOp::kPutIfAbsent, nth);
    Status s = db->Checkpoint();  // some PUT of it fails (or it succeeds, when it has fewer PUTs)
    (void)s;
    fault->Reset();
    for (int n = 5; n < 10; n++) S3L_ASSERT_OK(CommitTxn(*db, tree, n));
    S3L_ASSERT_OK(db->Checkpoint());
    std::set<int> all;
    for (int n = 0; n < 10; n++) all.insert(n);
    Verify(base, tree, all, 10);
  }
}

}  // namespace
}  // namespace s3lite
