// Crash torture: a real `s3lite` shell process doing acknowledged writes is
// killed with SIGKILL at random moments, again and again; after every kill
// the database must hold every acknowledged write and no part of an
// unacknowledged transaction (DESIGN.md section 4: a crash at any point loses
// no acknowledged commit and never leaves the store unreadable).
//
// One round: start `s3lite STORE`, write a random script of ops (workload.h:
// autocommit inserts, multi-statement transactions, big values, range
// deletes, transactional DDL, DROP TABLE, CREATE/DROP INDEX, `.commit`
// checkpoints, `.compact`, `.gc`), each followed by `SELECT 'ack', n;`. Wait for a random number
// of acks, then a random fraction of one op's duration, then SIGKILL (some
// rounds close stdin first, so the kill can also land in the clean-exit
// checkpoint; a target of 0 acks kills during open/recovery). A fresh process
// then dumps the database, which must equal the model after the acked ops,
// or after one more op (committed, ack not yet printed). Every few rounds
// (and at the end) `s3lite-admin verify` must pass, when that tool exists.
//
// Environment:
//   S3LITE_TORTURE_KILLS   kills per test (default 50; CrashTortureSlow: 1000)
//   S3LITE_TORTURE_SEED    random seed (default: random, printed)
// The S3 variant runs against the test radosgw (tests/util/s3_test_env.h).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>

#include "tests/integration/torture/child_process.h"
#include "tests/integration/torture/sql_runner.h"
#include "tests/integration/torture/workload.h"
#include "tests/util/s3_test_env.h"

namespace s3lite::torture {
namespace {

using Clock = std::chrono::steady_clock;

std::string ShellPath() { return std::string(S3LITE_BINARY_DIR) + "/bin/s3lite"; }
std::string AdminPath() { return std::string(S3LITE_BINARY_DIR) + "/bin/s3lite-admin"; }

int EnvInt(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

struct Target {
  std::vector<std::string> store_args;       // STORE argument and store options
  std::map<std::string, std::string> env;    // extra environment for the binaries
};

struct Figures {
  int kills = 0;
  int kills_at_open = 0;          // killed before the first ack of the round
  int clean_exits = 0;            // rounds whose process finished by itself first
  int64_t acked_ops = 0;
  int unacked_committed = 0;      // the op in flight had committed before the kill
  int verify_runs = 0;
  std::map<std::string, int> ops_by_kind;
};

class CrashTorture {
 public:
  CrashTorture(Target target, uint64_t seed) : target_(std::move(target)), workload_(seed), seed_(seed) {}

  // Runs `kills` rounds; records gtest failures and stops at the first one.
  void Run(int kills) {
    ASSERT_TRUE(std::filesystem::exists(ShellPath())) << ShellPath() << " not built";
    Setup();
    if (::testing::Test::HasFatalFailure()) return;
    const auto start = Clock::now();
    for (int round = 0; round < kills; round++) {
      Round(round);
      if (::testing::Test::HasFatalFailure()) {
        ADD_FAILURE() << "crash torture failed in round " << round << " (S3LITE_TORTURE_SEED=" << seed_ << ")";
        return;
      }
      if (round % 10 == 9 || round + 1 == kills) AdminVerify(round);
      if (::testing::Test::HasFatalFailure()) return;
    }
    const double secs = std::chrono::duration<double>(Clock::now() - start).count();
    std::ostringstream kinds;
    for (const auto& [k, c] : figures_.ops_by_kind) kinds << " " << k << "=" << c;
    std::cout << "[torture] seed " << seed_ << ": " << figures_.kills << " kills (" << figures_.kills_at_open
              << " during open, " << figures_.clean_exits << " after a clean exit), " << figures_.acked_ops
              << " acknowledged ops," << kinds.str() << "; " << figures_.unacked_committed
              << " unacked-but-committed ops; " << figures_.verify_runs << " admin verify runs; " << secs << " s\n";
  }

 private:
  std::vector<std::string> ShellArgv() const {
    // --writer: each shell takes over from the one killed before it (whose
    // writer lease would otherwise stay live for its ttl; docs/SCALE_OUT.md).
    std::vector<std::string> argv = {ShellPath(), "--writer"};
    argv.insert(argv.end(), target_.store_args.begin(), target_.store_args.end());
    return argv;
  }

  // Runs a script to completion in a fresh shell; returns stdout.
  std::string RunScript(const std::string& script, std::string* err, int* exit_code) {
    ChildProcess p;
    std::string why;
    if (!p.Start(ShellArgv(), target_.env, &why)) {
      ADD_FAILURE() << why;
      return "";
    }
    p.Write(script);
    p.CloseStdin();
    std::string out = p.DrainStdout(Clock::now() + std::chrono::seconds(120));
    *exit_code = p.Wait();
    *err = p.stderr_text();
    return out;
  }

  void Setup() {
    std::string err;
    int code = 0;
    RunScript(kSetupSql, &err, &code);
    ASSERT_EQ(code, 0) << "setup failed: " << err;
    std::string out = RunScript(DumpScript({}), &err, &code);
    ASSERT_EQ(out, ExpectedDump(model_, {})) << err;
  }

  void Round(int round) {
    const int batch = workload_.Uniform(5, 40);
    std::vector<Op> ops;
    Model plan = model_;
    for (int i = 0; i < batch; i++) {
      ops.push_back(workload_.Next(next_op_++, &plan));
      figures_.ops_by_kind[ops.back().kind]++;
    }
    const int target_acks = workload_.Uniform(0, batch);
    const bool close_stdin = workload_.Uniform(0, 9) == 0;

    ChildProcess p;
    std::string why;
    ASSERT_TRUE(p.Start(ShellArgv(), target_.env, &why)) << why;
    const auto started = Clock::now();
    std::string script;
    for (const Op& op : ops) script += op.script;
    ASSERT_TRUE(p.Write(script)) << "shell exited before reading its input: " << p.stderr_text();
    if (close_stdin) p.CloseStdin();

    int acks = 0;
    bool exited = false;
    auto take_ack = [&](const std::string& line) {
      if (line.rfind("ack|", 0) != 0) return;  // reports of .commit/.compact/.gc
      ASSERT_LT(acks, batch) << "unexpected output: " << line;
      ASSERT_EQ(line, "ack|" + std::to_string(ops[acks].n)) << "round " << round;
      acks++;
    };
    const auto deadline = started + std::chrono::seconds(60);
    while (acks < target_acks) {
      bool timed_out = false;
      auto line = p.ReadLine(deadline, &timed_out);
      ASSERT_FALSE(timed_out) << "no ack within 60 s; stderr: " << p.stderr_text();
      if (!line) {
        exited = true;
        break;
      }
      take_ack(*line);
      if (::testing::Test::HasFatalFailure()) return;
    }
    // Kill somewhere inside the next op (or the exit checkpoint).
    if (!exited) {
      const auto per_op = acks > 0 ? (Clock::now() - started) / acks : std::chrono::milliseconds(20);
      const auto us = std::chrono::duration_cast<std::chrono::microseconds>(per_op).count();
      std::this_thread::sleep_for(std::chrono::microseconds(workload_.Uniform(0, static_cast<int>(std::min<int64_t>(us * 2, 2'000'000)))));
      p.Kill(SIGKILL);
    }
    std::string rest = p.DrainStdout(Clock::now() + std::chrono::seconds(30));
    const int code = p.Wait();
    std::istringstream lines(rest);
    for (std::string line; std::getline(lines, line);) {
      take_ack(line);
      if (::testing::Test::HasFatalFailure()) return;
    }
    ASSERT_TRUE(code == 128 + SIGKILL || (code == 0 && acks == batch && close_stdin))
        << "shell exited with " << code << " (not by our SIGKILL); stderr:\n" << p.stderr_text();
    ASSERT_EQ(p.stderr_text().find("Error"), std::string::npos) << "shell reported an error:\n" << p.stderr_text();

    figures_.kills += code == 128 + SIGKILL;
    figures_.clean_exits += code == 0;
    figures_.kills_at_open += acks == 0;
    figures_.acked_ops += acks;

    // Acked ops must all be there; the op in flight is all-or-nothing.
    const Model& acked = acks == 0 ? model_ : ops[acks - 1].after;
    const Model* in_flight = acks < batch ? &ops[acks].after : nullptr;
    std::set<int64_t> tables;
    for (const auto& [k, rows] : acked.d) tables.insert(k);
    if (in_flight) {
      for (const auto& [k, rows] : in_flight->d) tables.insert(k);
    }
    std::string err;
    int dump_code = 0;
    const std::string dump = RunScript(DumpScript(tables), &err, &dump_code);
    if (dump == ExpectedDump(acked, tables)) {
      model_ = acked;
    } else if (in_flight && dump == ExpectedDump(*in_flight, tables)) {
      model_ = *in_flight;
      figures_.unacked_committed++;
    } else {
      std::string expected = ExpectedDump(acked, tables);
      FAIL() << "round " << round << ": state after SIGKILL matches neither the " << acks
             << " acknowledged ops nor one more.\nlast acked op: " << (acks ? ops[acks - 1].kind : "-")
             << ", op in flight: " << (in_flight ? ops[acks].kind + ": " + ops[acks].script.substr(0, 300) : "-")
             << "\n--- expected (acked) ---\n" << expected.substr(0, 4000) << "\n--- actual ---\n"
             << dump.substr(0, 4000) << "\n--- stderr ---\n" << err.substr(0, 2000);
    }
    // Ops after the kill point never ran. Op numbers (and so table names)
    // stay unique; row ids continue from the surviving model.
  }

  void AdminVerify(int round) {
    if (!std::filesystem::exists(AdminPath())) return;
    ChildProcess p;
    std::string why;
    std::vector<std::string> argv = {AdminPath(), "verify"};
    argv.insert(argv.end(), target_.store_args.begin(), target_.store_args.end());
    ASSERT_TRUE(p.Start(argv, target_.env, &why)) << why;
    p.CloseStdin();
    std::string out = p.DrainStdout(Clock::now() + std::chrono::seconds(120));
    int code = p.Wait();
    figures_.verify_runs++;
    ASSERT_EQ(code, 0) << "s3lite-admin verify failed after round " << round << ":\n" << out << p.stderr_text();
  }

  Target target_;
  Workload workload_;
  uint64_t seed_;
  Model model_;
  int64_t next_op_ = 1;
  Figures figures_;
};

uint64_t Seed() {
  const char* s = std::getenv("S3LITE_TORTURE_SEED");
  if (s && *s) return std::strtoull(s, nullptr, 10);
  return std::random_device{}();
}

TEST(CrashTorture, LocalStoreKillNine) {
  ScratchDir dir;
  ASSERT_FALSE(dir.path().empty());
  CrashTorture t(Target{{dir.path() + "/db"}, {}}, Seed());
  t.Run(EnvInt("S3LITE_TORTURE_KILLS", 50));
}

TEST(CrashTorture, S3StoreKillNine) {
  S3LITE_REQUIRE_S3(env);
  StoreOptions o = s3lite::testing::TestStoreOptions(env, "torture");
  CrashTorture t(Target{{o.location, "--endpoint-url", o.endpoint_url, "--region", o.region, "--force-path-style"}, {}},
                 Seed());
  t.Run(EnvInt("S3LITE_TORTURE_KILLS", 20));
}

// The long run (scripts/test with S3LITE_SLOW=1): 1000 kills on each store.
TEST(CrashTortureSlow, LocalStoreThousandKills) {
  ScratchDir dir;
  ASSERT_FALSE(dir.path().empty());
  CrashTorture t(Target{{dir.path() + "/db"}, {}}, Seed());
  t.Run(EnvInt("S3LITE_TORTURE_KILLS", 1000));
}

TEST(CrashTortureSlow, S3StoreThousandKills) {
  S3LITE_REQUIRE_S3(env);
  StoreOptions o = s3lite::testing::TestStoreOptions(env, "torture-slow");
  CrashTorture t(Target{{o.location, "--endpoint-url", o.endpoint_url, "--region", o.region, "--force-path-style"}, {}},
                 Seed());
  t.Run(EnvInt("S3LITE_TORTURE_KILLS", 1000));
}

}  // namespace
}  // namespace s3lite::torture
