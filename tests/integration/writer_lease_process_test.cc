// The writer lease between real processes (issue 7, docs/SCALE_OUT.md
// "Writer model"), local directory and radosgw:
//  - a long-lived `s3lite` shell (SQL piped into its stdin) writes and so
//    holds the lease; a second shell's write exits with status 5 and the
//    "use --writer" message, and wrote nothing; read-only and reading-only
//    shells work;
//  - `s3lite-admin compact` is refused the same way (exit 5) while the
//    writer is live, and with --writer it takes over;
//  - `s3lite --writer` takes over: the first shell's next commit fails with
//    the "fenced" message (its exit status is 5), and every acknowledged row
//    of both is present;
//  - a clean exit releases the lease at once; a SIGKILLed writer's lease
//    (--writer-lease 1500) is taken over at once by the next shell on this
//    machine (its pid is gone; holders elsewhere are waited out for the ttl);
//  - `s3lite -as-of N` reads a retained version read-only and names a
//    missing one clearly.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "tests/integration/multi/serve_process.h"

namespace s3lite::multi {
namespace {

// s3lite [flags] [store options] LOCATION [SQL]
std::vector<std::string> ShellArgv(const StoreArgs& store, const std::vector<std::string>& flags) {
  std::vector<std::string> argv = {ShellPath()};
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.insert(argv.end(), store.args.begin() + 1, store.args.end());
  argv.push_back(store.location);
  return argv;
}

ProcResult Shell(const StoreArgs& store, const std::vector<std::string>& flags, const std::string& sql) {
  std::vector<std::string> argv = ShellArgv(store, flags);
  argv.push_back(sql);
  return RunProcess(argv);
}

// A shell that stays open, fed SQL through stdin.
class LiveShell {
 public:
  bool Start(const StoreArgs& store, const std::vector<std::string>& flags) {
    std::string error;
    bool ok = p_.Start(ShellArgv(store, flags), {}, &error);
    EXPECT_TRUE(ok) << error;
    return ok;
  }
  // Runs `sql` and waits until the shell has done it (a marker SELECT);
  // returns the stderr text it produced meanwhile.
  std::string Run(const std::string& sql) {
    size_t err_before = p_.stderr_text().size();
    std::string marker = "done-" + std::to_string(++n_);
    EXPECT_TRUE(p_.Write(sql + ";\nSELECT '" + marker + "';\n"));
    auto deadline = Clock::now() + std::chrono::seconds(60);
    bool timed_out = false;
    while (auto line = p_.ReadLine(deadline, &timed_out)) {
      if (*line == marker) break;
    }
    EXPECT_FALSE(timed_out) << "shell did not answer: " << p_.stderr_text();
    // stderr is read in the same poll loop; give a trailing message a moment.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    p_.DrainStdout(Clock::now() + std::chrono::milliseconds(1));
    return p_.stderr_text().substr(err_before);
  }
  int Exit() {
    p_.CloseStdin();
    p_.DrainStdout(Clock::now() + std::chrono::seconds(60));
    return p_.Wait();
  }
  void KillHard() {
    p_.Kill(SIGKILL);
    p_.Wait();
  }

 private:
  ChildProcess p_;
  int n_ = 0;
};

class WriterLeaseProcess : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(std::filesystem::exists(ShellPath())) << ShellPath() << " not built"; }
  void UseLocal() { store_ = LocalStoreArgs(dir_.path() + "/db"); }
  void UseS3(const testing::S3TestEnv& env, const std::string& name) { store_ = S3StoreArgs(env, name); }

  void RefuseThenTakeOver();
  void KilledWriterIsTakenOverAtOnce();

  TempDir dir_;
  StoreArgs store_;
};

void WriterLeaseProcess::RefuseThenTakeOver() {
  LiveShell a;
  ASSERT_TRUE(a.Start(store_, {}));
  EXPECT_EQ(a.Run("CREATE TABLE t(id INTEGER PRIMARY KEY, who TEXT); INSERT INTO t VALUES (1, 'a')"), "");

  // A second writer is refused, clearly, with exit status 5; nothing written.
  ProcResult b = Shell(store_, {}, "INSERT INTO t VALUES (2, 'b')");
  EXPECT_EQ(b.exit_code, 5) << b.err;
  EXPECT_NE(b.err.find("being written by another instance (epoch "), std::string::npos) << b.err;
  EXPECT_NE(b.err.find("use --writer to take over"), std::string::npos) << b.err;
  // Readers are never refused (read-only, or writable that only reads).
  ProcResult ro = Shell(store_, {"-readonly"}, "SELECT group_concat(id) FROM t");
  EXPECT_EQ(ro.exit_code, 0) << ro.err;
  EXPECT_EQ(ro.out, "1\n");
  ProcResult rw_reader = Shell(store_, {}, "SELECT count(*) FROM t");
  EXPECT_EQ(rw_reader.exit_code, 0) << rw_reader.err;
  // Maintenance that writes is refused too, with a hint.
  ProcResult compact = Admin(store_, "compact");
  EXPECT_EQ(compact.exit_code, 5) << compact.err;
  EXPECT_NE(compact.err.find(".compact"), std::string::npos) << compact.err;
  // The first writer never noticed.
  EXPECT_EQ(a.Run("INSERT INTO t VALUES (3, 'a')"), "");

  // --writer takes over: the first shell's next commit fails.
  ProcResult c = Shell(store_, {"--writer"}, "INSERT INTO t VALUES (4, 'c')");
  EXPECT_EQ(c.exit_code, 0) << c.err;
  std::string fenced = a.Run("INSERT INTO t VALUES (5, 'a')");
  EXPECT_NE(fenced.find("fenced: another instance took over as the writer"), std::string::npos) << fenced;
  EXPECT_EQ(a.Run("SELECT 1"), "");  // it still reads
  EXPECT_EQ(a.Exit(), 5);

  // c exited cleanly: the lease is free at once for a plain writer.
  ProcResult d = Shell(store_, {}, "INSERT INTO t VALUES (6, 'd')");
  EXPECT_EQ(d.exit_code, 0) << d.err;
  // compact --writer runs while nobody writes, and while somebody does.
  LiveShell e;
  ASSERT_TRUE(e.Start(store_, {}));
  EXPECT_EQ(e.Run("INSERT INTO t VALUES (7, 'e')"), "");
  ProcResult forced = Admin(store_, "compact", {"--writer"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NE(e.Run("INSERT INTO t VALUES (8, 'e')").find("fenced"), std::string::npos);
  EXPECT_EQ(e.Exit(), 5);

  ProcResult all = Shell(store_, {"-readonly"}, "SELECT group_concat(id) FROM t");
  EXPECT_EQ(all.out, "1,3,4,6,7\n") << all.err;  // every acknowledged row, nothing refused
  ProcResult verify = Admin(store_, "verify");
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;

  // -as-of N: read-only at a retained version.
  ProcResult versions = Admin(store_, "versions", {"--json"});
  ASSERT_EQ(versions.exit_code, 0) << versions.err;
  ProcResult v1 = Shell(store_, {"-as-of", "1"}, "SELECT name FROM sqlite_master");
  EXPECT_EQ(v1.exit_code, 0) << v1.err;  // version 1: the empty database
  EXPECT_EQ(v1.out, "");
  ProcResult now = Shell(store_, {"-as-of", "2"}, "SELECT count(*) > 0 FROM t");
  EXPECT_EQ(now.exit_code, 0) << now.err;
  ProcResult write_past = Shell(store_, {"-as-of", "2"}, "INSERT INTO t VALUES (9, 'x')");
  EXPECT_EQ(write_past.exit_code, 8) << write_past.err;  // SQLITE_READONLY, as sqlite3 -readonly exits
  ProcResult missing = Shell(store_, {"-as-of", "999"}, "SELECT 1");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("version 999 is not retained"), std::string::npos) << missing.err;
  ProcResult bad = Shell(store_, {"-as-of", "x"}, "SELECT 1");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("-as-of wants a version number"), std::string::npos) << bad.err;
}

void WriterLeaseProcess::KilledWriterIsTakenOverAtOnce() {
  const std::vector<std::string> lease = {"--writer-lease", "1500"};
  LiveShell a;
  ASSERT_TRUE(a.Start(store_, lease));
  EXPECT_EQ(a.Run("CREATE TABLE t(id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1)"), "");
  // Renewed while alive: still refused well after one ttl.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  ProcResult early = Shell(store_, lease, "INSERT INTO t VALUES (2)");
  EXPECT_EQ(early.exit_code, 5) << early.err;
  a.KillHard();
  auto killed = Clock::now();
  int attempts = 0;
  ProcResult b;
  while (Clock::now() - killed < std::chrono::seconds(20)) {
    b = Shell(store_, lease, "INSERT INTO t VALUES (2)");
    attempts++;
    if (b.exit_code != 5) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  double waited = std::chrono::duration<double>(Clock::now() - killed).count();
  EXPECT_EQ(b.exit_code, 0) << b.err;
  std::cout << "[ lease ] SIGKILLed writer (ttl 1.5 s) taken over after " << waited << " s, " << attempts
            << " attempts\n";
  // The killed shell ran on this machine: its pid is gone, so the next writer
  // does not wait out the ttl (a holder on another machine is waited out:
  // WriterLeaseTest.CrashedWritersLeaseExpiresAfterTheTtl).
  EXPECT_EQ(attempts, 1) << b.err;
  EXPECT_LT(waited, 1.5);
  ProcResult all = Shell(store_, {"-readonly"}, "SELECT group_concat(id) FROM t");
  EXPECT_EQ(all.out, "1,2\n") << all.err;
}

TEST_F(WriterLeaseProcess, RefuseThenTakeOverLocal) {
  UseLocal();
  RefuseThenTakeOver();
}

TEST_F(WriterLeaseProcess, RefuseThenTakeOverS3) {
  S3LITE_REQUIRE_S3(env);
  UseS3(env, "lease-takeover");
  RefuseThenTakeOver();
}

TEST_F(WriterLeaseProcess, KilledWriterIsTakenOverAtOnceLocal) {
  UseLocal();
  KilledWriterIsTakenOverAtOnce();
}

TEST_F(WriterLeaseProcess, KilledWriterIsTakenOverAtOnceS3) {
  S3LITE_REQUIRE_S3(env);
  UseS3(env, "lease-killed");
  KilledWriterIsTakenOverAtOnce();
}

}  // namespace
}  // namespace s3lite::multi
