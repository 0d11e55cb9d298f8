// Store faults at the Database level: every store call made by a commit, a
// checkpoint and an open fails in turn (FaultStore, engine/store/fault_store.h).
//
// For each operation (autocommit INSERT, multi-statement transaction with
// DDL, checkpoint, open) the test first runs it once to count its store
// calls, then for n = 1..calls runs it again with the n-th call failing:
//   - error:     the call returns IOError("injected fault ...");
//   - lost ack:  a PUT reaches the store and then reports an error;
//   - slow:      the call takes 30 ms longer (must simply succeed).
// The operation must either succeed, or fail with an error that carries the
// cause ("injected fault"); the same Database must keep working for the next
// operation (no restart needed after a transient store error); and a clean
// reopen of the underlying store must show exactly the acknowledged state
// (a failed commit leaves no trace; a lost-ack commit is all or nothing).
//
// (tests/engine/crash_test.cc kills the store for good at every Nth call;
// this test injects single transient faults and checks the engine recovers
// in-process, at the SQL level, including DDL, checkpoint and open.)
#include <gtest/gtest.h>

#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <vector>

#include "engine/store/fault_store.h"
#include "engine/store/local_store.h"
#include "tests/integration/torture/sql_runner.h"

namespace s3lite::torture {
namespace {

enum class Fault { kError, kLostAck, kSlow };
const char* FaultName(Fault f) { return f == Fault::kError ? "error" : f == Fault::kLostAck ? "lost-ack" : "slow"; }

constexpr const char* kDump = "SELECT id, v FROM t ORDER BY id; SELECT name FROM sqlite_master ORDER BY name;";

class StoreFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    auto base = LocalStore::Open(dir_.path());
    ASSERT_TRUE(base.ok()) << base.status().ToString();
    base_ = *base;
    fault_ = std::make_shared<FaultStore>(base_);
    Reopen();
    ASSERT_TRUE(RunSql(*session_.conn, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);").ok());
    Acknowledge();
  }

  void Reopen() {
    session_ = {};
    DatabaseOptions o;
    o.checkpoint_on_close = false;
    o.checkpoint_interval_ms = 3'600'000;  // only explicit checkpoints
    o.refresh_ms = 0;
    auto s = SqlSession::Open(fault_, o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    session_ = std::move(*s);
  }

  // The state a fresh process sees on the undamaged store.
  std::string CleanDump() {
    DatabaseOptions o;
    o.read_only = true;
    auto s = SqlSession::Open(base_, o);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    if (!s.ok()) return "<open failed: " + s.status().ToString() + ">";
    std::string out;
    Status st = RunSql(*s->conn, kDump, &out);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
  }

  // Records the current store state as acknowledged.
  void Acknowledge() { acked_ = CleanDump(); }

  uint64_t TotalCalls() const {
    uint64_t n = 0;
    for (int op = 0; op < static_cast<int>(StoreOp::kCount); op++) n += fault_->calls(static_cast<StoreOp>(op));
    return n;
  }

  static std::set<std::string> Lines(const std::string& dump) {
    std::set<std::string> lines;
    size_t pos = 0;
    while (pos < dump.size()) {
      size_t nl = dump.find('\n', pos);
      lines.insert(dump.substr(pos, nl - pos));
      pos = nl == std::string::npos ? dump.size() : nl + 1;
    }
    return lines;
  }

  // An operation under test: run(n) does it with a fresh number n; rows(n)
  // are the dump lines it adds when it commits (all of them or none).
  struct Operation {
    std::string name;
    std::function<Status(int)> run;
    std::function<std::vector<std::string>(int)> rows;
  };

  // Runs `op` under every single fault of kind `f` in turn.
  void Sweep(const Operation& op, Fault f) {
    // Dry run: how many store calls (or PUTs, for lost acks) does it make?
    fault_->Reset();
    ASSERT_TRUE(op.run(next_++).ok()) << op.name << " fails without faults";
    const uint64_t calls = f == Fault::kLostAck ? fault_->calls(StoreOp::kPutIfAbsent) : TotalCalls();
    Acknowledge();
    ASSERT_GT(calls, 0u) << op.name << " made no store calls";
    for (uint64_t nth = 1; nth <= calls; nth++) {
      const std::set<std::string> before = Lines(acked_);
      fault_->Reset();
      if (f == Fault::kError) fault_->FailAt(std::nullopt, nth);
      if (f == Fault::kSlow) fault_->DelayAt(std::nullopt, nth, std::chrono::milliseconds(30));
      if (f == Fault::kLostAck) fault_->PartialPutAt(StoreOp::kPutIfAbsent, nth);
      const int n = next_++;
      Status st = op.run(n);
      runs_++;
      fired_++;
      const std::string where = op.name + " with " + FaultName(f) + " at call " + std::to_string(nth);
      if (!st.ok()) {
        failed_cleanly_++;
        EXPECT_NE(st.message().find("injected fault"), std::string::npos) << where << " lost the cause: " << st.ToString();
        EXPECT_NE(f, Fault::kSlow) << where << ": " << st.ToString();
      } else {
        succeeded_++;
      }
      fault_->Reset();
      // The same Database keeps working after the fault.
      const int after = next_++;
      const std::string after_row = std::to_string(5'000'000 + after) + "|after fault";
      Status next = RunSql(*session_.conn, "INSERT INTO t VALUES (" + std::to_string(5'000'000 + after) + ", 'after fault');");
      EXPECT_TRUE(next.ok()) << "the database is unusable after " << where << ": " << next.ToString();
      // A fresh open shows every acknowledged row, the operation all or
      // nothing (all if it was acknowledged), and nothing else.
      const std::set<std::string> now = Lines(CleanDump());
      for (const std::string& line : before) {
        EXPECT_TRUE(now.count(line)) << "after " << where << " lost: " << line;
      }
      std::set<std::string> allowed = before;
      int present = 0;
      const std::vector<std::string> rows = op.rows(n);
      for (const std::string& r : rows) {
        present += now.count(r) > 0;
        allowed.insert(r);
      }
      if (st.ok()) {
        EXPECT_EQ(present, static_cast<int>(rows.size())) << where << ": acknowledged but not (all) in the store";
      } else {
        EXPECT_TRUE(present == 0 || present == static_cast<int>(rows.size()))
            << where << ": failed operation is partly visible (" << present << " of " << rows.size() << ")";
      }
      if (next.ok()) {
        EXPECT_TRUE(now.count(after_row)) << "after " << where << ": later commit lost";
      }
      allowed.insert(after_row);
      for (const std::string& line : now) {
        EXPECT_TRUE(allowed.count(line)) << "after " << where << ": unexpected " << line;
      }
      acked_ = CleanDump();
      if (HasFailure()) {
        ADD_FAILURE() << "stopping at: " << where;
        return;
      }
    }
  }

  void Report(const std::string& name) {
    std::cout << "[store-fault] " << name << ": " << runs_ << " runs, " << fired_ << " faults injected, "
              << succeeded_ << " succeeded anyway, " << failed_cleanly_ << " failed with the cause\n";
  }

  ScratchDir dir_;
  std::shared_ptr<LocalStore> base_;
  std::shared_ptr<FaultStore> fault_;
  SqlSession session_;
  std::string acked_;
  int next_ = 1;
  int runs_ = 0, fired_ = 0, succeeded_ = 0, failed_cleanly_ = 0;
};

Status Rollback(Connection& c, Status s) {
  if (!s.ok() && c.in_transaction()) (void)RunSql(c, "ROLLBACK;");
  return s;
}

std::string Id(int n) { return std::to_string(n); }

TEST_F(StoreFaultTest, AutocommitInsert) {
  Operation op{"autocommit insert",
               [&](int n) { return RunSql(*session_.conn, "INSERT INTO t VALUES (" + Id(n) + ", 'v" + Id(n) + "');"); },
               [](int n) { return std::vector<std::string>{Id(n) + "|v" + Id(n)}; }};
  for (Fault f : {Fault::kError, Fault::kLostAck, Fault::kSlow}) {
    Sweep(op, f);
    if (HasFailure()) return;
  }
  Report(op.name);
}

TEST_F(StoreFaultTest, TransactionWithDdl) {
  Operation op{"transaction with DDL",
               [&](int n) {
                 return Rollback(*session_.conn,
                                 RunSql(*session_.conn, "BEGIN; CREATE TABLE d" + Id(n) +
                                                            "(a INTEGER PRIMARY KEY); INSERT INTO t VALUES (" + Id(2 * n) +
                                                            ", 'a'); INSERT INTO t VALUES (" + Id(2 * n + 1) +
                                                            ", 'b'); COMMIT;"));
               },
               [](int n) { return std::vector<std::string>{"d" + Id(n), Id(2 * n) + "|a", Id(2 * n + 1) + "|b"}; }};
  for (Fault f : {Fault::kError, Fault::kLostAck}) {
    Sweep(op, f);
    if (HasFailure()) return;
  }
  Report(op.name);
}

TEST_F(StoreFaultTest, Checkpoint) {
  // Enough dirty pages for several chunks in two trees (table + index).
  ASSERT_TRUE(RunSql(*session_.conn, "CREATE INDEX t_v ON t(v);").ok());
  constexpr int kRows = 150;
  auto rows_sql = [](int n) {
    std::string sql = "BEGIN;";
    for (int i = 0; i < kRows; i++) {
      sql += " INSERT INTO t VALUES (" + Id(n * 1000 + i) + ", '" + std::string(200, static_cast<char>('a' + i % 26)) +
             Id(n) + "');";
    }
    return sql + " COMMIT;";
  };
  // The op commits the rows and checkpoints: faults hit both.
  Operation op{"commit + checkpoint",
               [&](int n) {
                 Status s = Rollback(*session_.conn, RunSql(*session_.conn, rows_sql(n)));
                 if (!s.ok()) return s;
                 return session_.db->Checkpoint();
               },
               [](int n) {
                 std::vector<std::string> rows;
                 for (int i = 0; i < kRows; i++) {
                   rows.push_back(Id(n * 1000 + i) + "|" + std::string(200, static_cast<char>('a' + i % 26)) + Id(n));
                 }
                 return rows;
               }};
  for (Fault f : {Fault::kError, Fault::kLostAck, Fault::kSlow}) {
    Sweep(op, f);
    if (HasFailure()) return;
    fault_->Reset();
    ASSERT_TRUE(session_.db->Checkpoint().ok()) << "checkpoint after the faults";
  }
  Report(op.name);
}

TEST_F(StoreFaultTest, Open) {
  // Two checkpointed versions and a WAL tail of several objects to replay.
  ASSERT_TRUE(RunSql(*session_.conn, "INSERT INTO t VALUES (1, 'one'), (2, 'two');").ok());
  ASSERT_TRUE(session_.db->Checkpoint().ok());
  ASSERT_TRUE(RunSql(*session_.conn, "CREATE INDEX t_v ON t(v); INSERT INTO t VALUES (3, 'three');").ok());
  ASSERT_TRUE(session_.db->Checkpoint().ok());
  for (int i = 4; i < 8; i++) {
    ASSERT_TRUE(RunSql(*session_.conn, "INSERT INTO t VALUES (" + Id(i) + ", 'tail');").ok());
  }
  session_ = {};
  const std::string expected = CleanDump();
  for (Fault f : {Fault::kError, Fault::kSlow}) {
    fault_->Reset();
    {
      DatabaseOptions o;
      o.read_only = true;
      auto s = SqlSession::Open(fault_, o);
      ASSERT_TRUE(s.ok());
    }
    const uint64_t calls = TotalCalls();
    for (uint64_t nth = 1; nth <= calls; nth++) {
      fault_->Reset();
      if (f == Fault::kError) fault_->FailAt(std::nullopt, nth);
      if (f == Fault::kSlow) fault_->DelayAt(std::nullopt, nth, std::chrono::milliseconds(30));
      DatabaseOptions o;
      o.read_only = true;
      auto s = SqlSession::Open(fault_, o);
      runs_++;
      fired_++;
      if (!s.ok()) {
        failed_cleanly_++;
        EXPECT_NE(s.status().message().find("injected fault"), std::string::npos)
            << "open with " << FaultName(f) << " at call " << nth << " lost the cause: " << s.status().ToString();
        EXPECT_NE(f, Fault::kSlow) << s.status().ToString();
        continue;
      }
      std::string out;
      Status st = RunSql(*s->conn, kDump, &out);
      if (st.ok()) {
        succeeded_++;
        EXPECT_EQ(out, expected) << "open with " << FaultName(f) << " at call " << nth << " shows a wrong state";
      } else {
        failed_cleanly_++;
        EXPECT_NE(st.message().find("injected fault"), std::string::npos) << st.ToString();
      }
      if (HasFailure()) return;
    }
  }
  EXPECT_EQ(CleanDump(), expected);
  Report("open");
}

}  // namespace
}  // namespace s3lite::torture
