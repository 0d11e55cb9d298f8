// Store faults in compaction, garbage collection and a writable open: every
// store call these operations make fails in turn, in each way a store call
// can fail (FaultStore::Fault: an error, a timeout, a 503 SlowDown that
// outlived S3Store's retries, and for reads a body cut short that the
// transport did not notice).
//
// Every run starts from a copy of one template store (so each run makes the
// same calls as the dry run that counted them): a table with an index and
// big values written in several small checkpoints, rows updated and a table
// dropped (so compaction has sparse and empty chunks to rewrite and GC has
// superseded versions to delete), and a WAL tail that only open replays.
// Each run then requires:
//   - the operation succeeds, or fails with an error that carries its cause
//     ("injected fault"), or, for a cut-short body, a Corruption naming the
//     object that was read;
//   - the same Database keeps working (an INSERT, a checkpoint and a second
//     compaction / GC without faults succeed);
//   - the store stays consistent: a fresh read-only open shows exactly the
//     acknowledged rows, VerifyObjects over ALL listed versions (every chunk
//     and page checksum) finds no problem -- so GC never deleted an object
//     a retained version references -- and VerifyPages of the newest version
//     is clean.
// (store_fault_test.cc covers commits, transactions, checkpoints and a
// read-only open the same way.)
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>

#include "engine/db/maintenance.h"
#include "engine/manifest/verify_objects.h"
#include "engine/store/fault_store.h"
#include "engine/store/local_store.h"
#include "tests/integration/torture/sql_runner.h"

namespace s3lite::torture {
namespace {

using Fault = FaultStore::Fault;

const char* FaultName(Fault f) {
  switch (f) {
    case Fault::kError: return "error";
    case Fault::kTimeout: return "timeout";
    case Fault::kSlowDown: return "503 SlowDown";
    case Fault::kPartialBody: return "partial body";
  }
  return "?";
}

// Rows in key order (then, through the index, the template's rows with v >= 'm'), and the schema.
constexpr const char* kDump =
    "SELECT id, length(v), substr(v, 1, 12), length(big) FROM t ORDER BY id;"
    " SELECT id FROM t WHERE v >= 'm' AND id < 1500 ORDER BY v, id;"
    " SELECT name FROM sqlite_master ORDER BY name;";

std::string Id(int n) { return std::to_string(n); }

// The indexed column (index keys stay small).
std::string Value(int id, int round) {
  return std::string(1, static_cast<char>('a' + id % 26)) + "r" + Id(round) + "-" + Id(id) + std::string(120, 'y');
}

// Every 7th row also has a big value (overflow pages).
std::string Big(int id) { return id % 7 == 0 ? std::string(5000, 'x') : ""; }

// "(id, 'v', 'big')"
std::string Tuple(int id, int round) { return "(" + Id(id) + ", '" + Value(id, round) + "', '" + Big(id) + "')"; }

// Row `id` as the first statement of kDump prints it.
std::string RowLine(int id, int round) {
  const std::string v = Value(id, round);
  return Id(id) + "|" + Id(static_cast<int>(v.size())) + "|" + v.substr(0, 12) + "|" + Id(static_cast<int>(Big(id).size())) +
         "\n";
}

DatabaseOptions WriterOptions() {
  DatabaseOptions o;
  o.checkpoint_on_close = false;
  o.checkpoint_interval_ms = 3'600'000;  // only explicit checkpoints
  o.refresh_ms = 0;
  o.cache_pages = 64;                    // small: compaction and scans really read chunks
  return o;
}

Status Must(Status s, const std::string& what) {
  if (!s.ok()) return Status(s.code(), what + ": " + s.ToString());
  return s;
}

// Builds the template store in `dir` (see the file comment).
Status BuildTemplate(const std::string& dir) {
  S3LITE_ASSIGN_OR_RETURN(auto store, LocalStore::Open(dir));
  S3LITE_ASSIGN_OR_RETURN(SqlSession s, SqlSession::Open(store, WriterOptions()));
  Connection& c = *s.conn;
  S3LITE_RETURN_IF_ERROR(RunSql(c, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT, big TEXT); CREATE INDEX t_v ON t(v);"));
  for (int batch = 0; batch < 6; batch++) {
    std::string sql = "BEGIN;";
    for (int i = batch * 60; i < (batch + 1) * 60; i++) {
      sql += " INSERT INTO t VALUES " + Tuple(i, 0) + ";";
    }
    S3LITE_RETURN_IF_ERROR(Must(RunSql(c, sql + " COMMIT;"), "template batch"));
    S3LITE_RETURN_IF_ERROR(s.db->Checkpoint());
  }
  // Updates make the first chunks sparse; a dropped table empties chunks.
  for (int round = 1; round <= 2; round++) {
    std::string sql = "BEGIN;";
    for (int i = 0; i < 240; i += 2) sql += " UPDATE t SET v = '" + Value(i, round) + "' WHERE id = " + Id(i) + ";";
    S3LITE_RETURN_IF_ERROR(Must(RunSql(c, sql + " COMMIT;"), "template update"));
    S3LITE_RETURN_IF_ERROR(s.db->Checkpoint());
  }
  std::string sql = "BEGIN; CREATE TABLE gone(a INTEGER PRIMARY KEY, b TEXT);";
  for (int i = 0; i < 150; i++) sql += " INSERT INTO gone VALUES (" + Id(i) + ", '" + std::string(100, 'g') + "');";
  S3LITE_RETURN_IF_ERROR(Must(RunSql(c, sql + " COMMIT;"), "template gone"));
  S3LITE_RETURN_IF_ERROR(s.db->Checkpoint());
  S3LITE_RETURN_IF_ERROR(RunSql(c, "DROP TABLE gone; DELETE FROM t WHERE id BETWEEN 300 AND 330;"));
  S3LITE_RETURN_IF_ERROR(s.db->Checkpoint());
  // A WAL tail of three objects that only open replays.
  for (int i = 1000; i < 1003; i++) {
    S3LITE_RETURN_IF_ERROR(RunSql(c, "INSERT INTO t VALUES " + Tuple(i, 0) + ";"));
  }
  return s.db->Close();
}

// What a fresh read-only open of `store` shows.
Result<std::string> Dump(std::shared_ptr<ObjectStore> store) {
  DatabaseOptions o;
  o.read_only = true;
  S3LITE_ASSIGN_OR_RETURN(SqlSession s, SqlSession::Open(std::move(store), o));
  std::string out;
  S3LITE_RETURN_IF_ERROR(RunSql(*s.conn, kDump, &out));
  return out;
}

class MaintenanceFaultTest : public ::testing::Test {
 protected:
  // An operation under test. `run` does it on `db` (opened on the fault
  // store, without faults) -- or, for open, opens the database itself;
  // `after` exercises the same Database once the faults are cleared.
  struct Operation {
    std::string name;
    bool opens = false;  // run() opens the database itself (db is null)
    std::function<Status(FaultStore& store, SqlSession* session)> run;
    // Rows the operation adds when acknowledged ("" = none).
    std::string acked_rows;
  };

  static void SetUpTestSuite() {
    template_dir_ = new ScratchDir();
    expected_ = new std::string();
    Status st = BuildTemplate(template_dir_->path() + "/db");
    ASSERT_TRUE(st.ok()) << st.ToString();
    auto base = LocalStore::Open(template_dir_->path() + "/db");
    ASSERT_TRUE(base.ok());
    auto dump = Dump(*base);
    ASSERT_TRUE(dump.ok()) << dump.status().ToString();
    *expected_ = *dump;
  }
  static void TearDownTestSuite() {
    delete template_dir_;
    delete expected_;
    template_dir_ = nullptr;
    expected_ = nullptr;
  }

  struct Run {
    std::shared_ptr<LocalStore> base;
    std::shared_ptr<FaultStore> fault;
    SqlSession session;
  };

  // A fresh copy of the template and, unless op.opens, a writable session on it.
  void Prepare(const Operation& op, const std::string& dir, Run* r) {
    std::filesystem::copy(template_dir_->path() + "/db", dir, std::filesystem::copy_options::recursive);
    auto base = LocalStore::Open(dir);
    ASSERT_TRUE(base.ok()) << base.status().ToString();
    r->base = *base;
    r->fault = std::make_shared<FaultStore>(r->base);
    if (!op.opens) {
      auto s = SqlSession::Open(r->fault, WriterOptions());
      ASSERT_TRUE(s.ok()) << s.status().ToString();
      r->session = std::move(*s);
    }
  }

  uint64_t Calls(FaultStore& f, std::optional<StoreOp> op) {
    if (op) return f.calls(*op);
    uint64_t n = 0;
    for (int k = 0; k < static_cast<int>(StoreOp::kCount); k++) n += f.calls(static_cast<StoreOp>(k));
    return n;
  }

  // Runs `op` with the nth call (of kind `kind`, or of any kind) failing as `fault`.
  void RunOnce(const Operation& op, Fault fault, std::optional<StoreOp> kind, uint64_t nth) {
    ScratchDir dir;
    Run r;
    Prepare(op, dir.path() + "/db", &r);
    if (HasFatalFailure()) return;
    r.fault->Reset();
    r.fault->FailWith(kind, nth, fault);
    Status st = op.run(*r.fault, &r.session);
    const std::string injected = r.fault->last_injected();
    r.fault->Reset();
    const std::string where = op.name + " with " + FaultName(fault) + " at " +
                              (kind ? std::string(StoreOpName(*kind)) + " " : std::string("call ")) +
                              std::to_string(nth) + " [" + (injected.empty() ? "not reached" : injected) + "]";
    runs_++;
    fired_ += !injected.empty();
    if (st.ok()) {
      succeeded_++;
    } else if (st.message().find("injected fault") != std::string::npos) {
      failed_with_cause_++;
      EXPECT_NE(fault, Fault::kPartialBody) << where << ": a cut-short body was reported as a store error";
    } else {
      // A body cut short must be caught by a checksum naming the object.
      corruption_named_++;
      EXPECT_EQ(fault, Fault::kPartialBody) << where << " lost the cause: " << st.ToString();
      EXPECT_EQ(st.code(), Status::Code::kCorruption) << where << ": " << st.ToString();
      const size_t of = injected.find(") of ");
      const std::string key = of == std::string::npos ? injected : injected.substr(of + 5);
      EXPECT_NE(st.message().find(key), std::string::npos)
          << where << ": the error does not name the object read: " << st.ToString();
    }
    outcomes_[op.name + " / " + FaultName(fault) + (st.ok() ? " / ok" : " / failed")]++;
    // Right after the fault, before anything repairs it: every listed
    // version is complete and intact (GC deleted nothing still referenced).
    VerifyAll(*r.base, "right after " + where);

    // The same Database keeps working (for open: open again, now without faults).
    std::string expected = *expected_;
    bool acked = st.ok() && !op.acked_rows.empty();
    if (op.opens) {
      r.session = {};
      // A fault in the lease release at close leaves the writer lease live
      // for its ttl; the next writer takes over, as `s3lite --writer` does.
      DatabaseOptions o = WriterOptions();
      o.takeover = true;
      auto s = SqlSession::Open(r.fault, o);
      ASSERT_TRUE(s.ok()) << "open after " << where << ": " << s.status().ToString();
      r.session = std::move(*s);
    }
    ASSERT_TRUE(r.session.db != nullptr);
    Status next = RunSql(*r.session.conn, "INSERT INTO t VALUES " + Tuple(5000, 9) + ";");
    EXPECT_TRUE(next.ok()) << "the database is unusable after " << where << ": " << next.ToString();
    if (next.ok()) next = r.session.db->Checkpoint();
    EXPECT_TRUE(next.ok()) << "checkpoint after " << where << ": " << next.ToString();
    auto again = Compact(*r.session.db);
    EXPECT_TRUE(again.ok()) << "compaction after " << where << ": " << again.status().ToString();
    GcOptions g = AggressiveGc();
    auto gc = GarbageCollect(*r.session.db, g, /*dry_run=*/false);
    EXPECT_TRUE(gc.ok()) << "gc after " << where << ": " << gc.status().ToString();
    Status closed = r.session.db->Close();
    EXPECT_TRUE(closed.ok()) << closed.ToString();
    r.session = {};

    // The store is consistent and holds exactly the acknowledged rows.
    auto now = Dump(r.base);
    ASSERT_TRUE(now.ok()) << "after " << where << ": " << now.status().ToString();
    std::string added = acked ? op.acked_rows : "";
    if (next.ok()) added += RowLine(5000, 9);
    EXPECT_TRUE(SameRows(*now, expected, added)) << "after " << where << ": wrong rows\n--- got ---\n"
                                                  << now->substr(0, 3000);
    VerifyAll(*r.base, "after " + where + " and a clean compaction + gc");
    DatabaseOptions ro;
    ro.read_only = true;
    auto db = Database::Open(r.base, ro);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    auto pages = VerifyPages(**db);
    ASSERT_TRUE(pages.ok()) << pages.status().ToString();
    EXPECT_TRUE(pages->problems.empty()) << "after " << where << ": " << pages->Summary() << "\n"
                                         << (pages->problems.empty() ? "" : pages->problems.front());
    if (HasFailure()) ADD_FAILURE() << "stopping at: " << where;
  }

  // VerifyObjects over every listed version, every page checksum.
  void VerifyAll(ObjectStore& store, const std::string& when) {
    VerifyOptions vo;
    vo.all_versions = true;
    vo.check_pages = true;
    auto verify = VerifyObjects(store, vo);
    ASSERT_TRUE(verify.ok()) << when << ": " << verify.status().ToString();
    EXPECT_TRUE(verify->ok()) << when << ": " << verify->Summary();
    verified_versions_ += verify->manifests;
  }

  // `now` equals `expected` with the id-ordered lines of `added` merged in
  // (they all have ids above the template's).
  static bool SameRows(const std::string& now, const std::string& expected, const std::string& added) {
    // The template's first section ends at the last line starting with 1002|.
    const std::string last = "1002|";
    size_t at = expected.find("\n" + last);
    if (at == std::string::npos) return false;
    size_t end = expected.find('\n', at + 1) + 1;
    std::string want = expected.substr(0, end) + added + expected.substr(end);
    return now == want;
  }

  static GcOptions AggressiveGc() {
    GcOptions g;
    g.keep_versions = 1;
    g.min_age_ms = 0;
    g.grace_ms = 0;
    g.now_unix_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch()).count() + 60'000;
    return g;
  }

  // Dry run, then every call failing in turn with each fault.
  void Sweep(const Operation& op) {
    std::map<std::optional<StoreOp>, uint64_t> counts;
    {
      ScratchDir dir;
      Run r;
      Prepare(op, dir.path() + "/db", &r);
      if (HasFatalFailure()) return;
      r.fault->Reset();
      Status st = op.run(*r.fault, &r.session);
      ASSERT_TRUE(st.ok()) << op.name << " fails without faults: " << st.ToString();
      counts[std::nullopt] = Calls(*r.fault, std::nullopt);
      counts[StoreOp::kGet] = r.fault->calls(StoreOp::kGet);
      counts[StoreOp::kRangeGet] = r.fault->calls(StoreOp::kRangeGet);
      ASSERT_GT(counts[std::nullopt], 0u);
      if (r.session.db) (void)r.session.db->Close();
    }
    std::cout << "[store-fault] " << op.name << ": " << counts[std::nullopt] << " store calls ("
              << counts[StoreOp::kGet] << " GET, " << counts[StoreOp::kRangeGet] << " range GET)\n";
    for (Fault f : {Fault::kError, Fault::kTimeout, Fault::kSlowDown}) {
      for (uint64_t nth = 1; nth <= counts[std::nullopt]; nth++) {
        RunOnce(op, f, std::nullopt, nth);
        if (HasFailure()) return;
      }
    }
    for (StoreOp kind : {StoreOp::kGet, StoreOp::kRangeGet}) {
      for (uint64_t nth = 1; nth <= counts[kind]; nth++) {
        RunOnce(op, Fault::kPartialBody, kind, nth);
        if (HasFailure()) return;
      }
    }
  }

  void Report(const std::string& name) {
    std::cout << "[store-fault] " << name << ": " << runs_ << " runs, " << fired_ << " faults injected, "
              << succeeded_ << " succeeded anyway, " << failed_with_cause_ << " failed with the cause, "
              << corruption_named_ << " failed as Corruption naming the object; " << verified_versions_
              << " versions verified\n";
    for (const auto& [k, v] : outcomes_) std::cout << "[store-fault]   " << k << ": " << v << "\n";
  }

  static ScratchDir* template_dir_;
  static std::string* expected_;
  uint64_t verified_versions_ = 0;
  int runs_ = 0, fired_ = 0, succeeded_ = 0, failed_with_cause_ = 0, corruption_named_ = 0;
  std::map<std::string, int> outcomes_;
};

ScratchDir* MaintenanceFaultTest::template_dir_ = nullptr;
std::string* MaintenanceFaultTest::expected_ = nullptr;

TEST_F(MaintenanceFaultTest, Compaction) {
  Operation op{"compaction", false,
               [](FaultStore&, SqlSession* s) -> Status {
                 auto report = Compact(*s->db);
                 if (!report.ok()) return report.status();
                 if (report->chunks_rewritten + report->chunks_dropped == 0) {
                   return Status::Internal("compaction found nothing to do: " + report->Summary());
                 }
                 return Status::OK();
               },
               ""};
  Sweep(op);
  Report(op.name);
}

TEST_F(MaintenanceFaultTest, GarbageCollection) {
  Operation op{"gc", false,
               [](FaultStore&, SqlSession* s) -> Status {
                 auto plan = GarbageCollect(*s->db, AggressiveGc(), /*dry_run=*/false);
                 if (!plan.ok()) return plan.status();
                 if (plan->delete_keys.empty()) return Status::Internal("gc found nothing to delete: " + plan->Summary());
                 return Status::OK();
               },
               ""};
  Sweep(op);
  Report(op.name);
}

TEST_F(MaintenanceFaultTest, WritableOpenAndFirstCommit) {
  const std::string row = RowLine(2000, 1);
  Operation op{"writable open + first commit", true,
               [](FaultStore& store, SqlSession* s) -> Status {
                 auto opened = SqlSession::Open(std::shared_ptr<FaultStore>(&store, [](FaultStore*) {}), WriterOptions());
                 if (!opened.ok()) return opened.status();
                 Status st = RunSql(*opened->conn, "INSERT INTO t VALUES " + Tuple(2000, 1) + ";");
                 (void)opened->db->Close();
                 (void)s;
                 return st;
               },
               row};
  Sweep(op);
  Report(op.name);
}

}  // namespace
}  // namespace s3lite::torture
