// s3lite-admin, run for real on a temporary local store.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>

#include "tests/cli/process_runner.h"

namespace s3lite {
namespace {

using test::AdminBinary;
using test::ProcessResult;
using test::RunProcess;
using test::ShellBinary;
using test::TempDir;

class AdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ProcessResult r = RunProcess({ShellBinary(), store(),
                                  "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, age INT);"
                                  "CREATE INDEX t_age ON t(age);"
                                  "INSERT INTO t VALUES(1,'a',30),(2,'b',40),(3,'c',NULL);"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::string store() const { return dir_.Sub("store"); }
  ProcessResult Admin(std::vector<std::string> args) {
    args.insert(args.begin(), AdminBinary());
    return RunProcess(args);
  }
  TempDir dir_;
};

TEST_F(AdminTest, ManifestTextAndJson) {
  ProcessResult text = Admin({"manifest", store()});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("version:"), std::string::npos);
  EXPECT_NE(text.out.find("epoch:"), std::string::npos);
  EXPECT_NE(text.out.find("table  t "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("index  t_age"), std::string::npos) << text.out;

  ProcessResult json = Admin({"manifest", "--json", store()});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  nlohmann::json j = nlohmann::json::parse(json.out);
  EXPECT_GE(j["version"].get<uint64_t>(), 1u);
  ASSERT_TRUE(j["catalog"].is_array());
  EXPECT_EQ(j["catalog"].size(), 2u);
  uint64_t v = j["version"].get<uint64_t>();
  ProcessResult old = Admin({"manifest", "--json", "--version", std::to_string(v), store()});
  EXPECT_EQ(old.exit_code, 0) << old.err;
  EXPECT_EQ(nlohmann::json::parse(old.out)["version"], v);
  ProcessResult missing = Admin({"manifest", "--version", "999999", store()});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_TRUE(missing.err.rfind("s3lite-admin: ", 0) == 0) << missing.err;
}

TEST_F(AdminTest, CheckpointVersionsStats) {
  ProcessResult before = Admin({"manifest", "--json", store()});
  ASSERT_EQ(RunProcess({ShellBinary(), store(), "INSERT INTO t VALUES(4,'d',50)"}).exit_code, 0);
  ProcessResult cp = Admin({"checkpoint", "--json", store()});
  ASSERT_EQ(cp.exit_code, 0) << cp.err;
  nlohmann::json c = nlohmann::json::parse(cp.out);
  EXPECT_GE(c["version_after"].get<uint64_t>(), c["version_before"].get<uint64_t>());

  ProcessResult versions = Admin({"versions", "--json", store()});
  ASSERT_EQ(versions.exit_code, 0) << versions.err;
  nlohmann::json vs = nlohmann::json::parse(versions.out)["versions"];
  ASSERT_FALSE(vs.empty());
  EXPECT_TRUE(vs.back()["current"].get<bool>());
  ProcessResult vtext = Admin({"versions", store()});
  EXPECT_NE(vtext.out.find("(current)"), std::string::npos) << vtext.out;

  ProcessResult stats = Admin({"stats", "--json", store()});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  nlohmann::json s = nlohmann::json::parse(stats.out);
  EXPECT_TRUE(s["objects"].contains("manifest")) << stats.out;
  EXPECT_GT(s["requests_made"]["LIST"].get<uint64_t>() + s["requests_made"]["GET"].get<uint64_t>(), 0u);
  ProcessResult stext = Admin({"stats", store()});
  EXPECT_NE(stext.out.find("objects in store:"), std::string::npos) << stext.out;
}

TEST_F(AdminTest, VerifyCleanStoreAndDetectsCorruption) {
  ProcessResult ok = Admin({"verify", store()});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("OK"), std::string::npos);
  ProcessResult json = Admin({"verify", "--json", store()});
  EXPECT_TRUE(nlohmann::json::parse(json.out)["ok"].get<bool>());

  // Flip bytes in every chunk object: verify must fail (exit 1), not crash.
  ASSERT_EQ(Admin({"checkpoint", store()}).exit_code, 0);
  ProcessResult corrupt = RunProcess(
      {"sh", "-c",
       "for f in $(find " + store() + " -path '*chunks*' -type f); do "
       "printf 'XXXXXXXXXXXXXXXX' | dd of=$f bs=1 seek=100 conv=notrunc 2>/dev/null; done; "
       "find " + store() + " -path '*chunks*' -type f | wc -l"});
  ASSERT_NE(corrupt.out, "0\n") << "no chunk objects to corrupt";
  ProcessResult bad = Admin({"verify", store()});
  EXPECT_NE(bad.exit_code, 0) << bad.out;
}

TEST_F(AdminTest, BenchPrintsThroughputLatencyAndRequests) {
  ProcessResult r = Admin({"bench", "--rows", "500", "--batch", "100", "--selects", "50", "--scans", "2", store()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* s : {"insert", "point select", "scan", "ops/s", "p50 ms", "p99 ms", "req/op"}) {
    EXPECT_NE(r.out.find(s), std::string::npos) << s << "\n" << r.out;
  }
  ProcessResult j = Admin({"bench", "--json", "--rows", "200", store()});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  nlohmann::json b = nlohmann::json::parse(j.out);
  ASSERT_EQ(b["phases"].size(), 3u);
  EXPECT_EQ(b["phases"][0]["ops"], 200);
  EXPECT_GT(b["phases"][0]["ops_per_second"].get<double>(), 0);
  // The scratch table is gone afterwards.
  EXPECT_EQ(RunProcess({ShellBinary(), store(), ".tables"}).out, "t\n");
}

TEST_F(AdminTest, DoctorOnLocalStore) {
  ProcessResult r = Admin({"doctor", "--rounds", "3", store()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("put-if-absent race"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("verdict: OK"), std::string::npos) << r.out;
  ProcessResult j = Admin({"doctor", "--json", store()});
  nlohmann::json d = nlohmann::json::parse(j.out);
  EXPECT_TRUE(d["ok"].get<bool>());
  // Probe keys are cleaned up.
  EXPECT_EQ(RunProcess({"sh", "-c", "find " + store() + " -path '*doctor*' -type f | wc -l"}).out, "0\n");
}

TEST_F(AdminTest, CompactAndGcKeepTheDataVerifiable) {
  // Many small checkpoints leave many small chunks.
  for (int i = 0; i < 12; ++i) {
    ProcessResult w = RunProcess({ShellBinary(), store(),
                                  "INSERT INTO t(name, age) VALUES('n" + std::to_string(i) + "', " +
                                      std::to_string(i) + ")",
                                  ".commit"});
    ASSERT_EQ(w.exit_code, 0) << w.err;
  }
  std::string before = RunProcess({ShellBinary(), store(), "SELECT * FROM t ORDER BY id"}).out;
  ProcessResult c = Admin({"compact", "--json", store()});
  ASSERT_EQ(c.exit_code, 0) << c.err;
  nlohmann::json cj = nlohmann::json::parse(c.out);
  EXPECT_LE(cj["chunks_after"].get<uint64_t>(), cj["chunks_before"].get<uint64_t>());
  ProcessResult ctext = Admin({"compact", store()});
  EXPECT_EQ(ctext.exit_code, 0) << ctext.err;
  EXPECT_NE(ctext.out.find("chunks"), std::string::npos) << ctext.out;

  ProcessResult dry = Admin({"gc", "--keep", "1", "--min-age", "0s", "--grace", "0s", "--dry-run", "--json", store()});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  nlohmann::json dj = nlohmann::json::parse(dry.out);
  EXPECT_TRUE(dj["dry_run"].get<bool>());
  EXPECT_GT(dj["deleted_objects"].get<uint64_t>(), 0u);
  // A dry run deletes nothing.
  EXPECT_EQ(Admin({"gc", "--keep", "1", "--min-age", "0s", "--grace", "0s", "--dry-run", "--json", store()}).out,
            dry.out);
  ProcessResult gc = Admin({"gc", "--keep", "1", "--min-age", "0s", "--grace", "0s", store()});
  ASSERT_EQ(gc.exit_code, 0) << gc.err;
  EXPECT_NE(gc.out.find("delete"), std::string::npos) << gc.out;
  nlohmann::json vs = nlohmann::json::parse(Admin({"versions", "--json", store()}).out)["versions"];
  EXPECT_EQ(vs.size(), 1u);

  ProcessResult v = Admin({"verify", store()});
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  EXPECT_EQ(RunProcess({ShellBinary(), store(), "SELECT * FROM t ORDER BY id"}).out, before);

  ProcessResult bad = Admin({"gc", "--keep", "2", "--min-age", "soon", store()});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("bad duration"), std::string::npos) << bad.err;
}

TEST_F(AdminTest, HelpAndUsageErrors) {
  ProcessResult h = Admin({"--help"});
  EXPECT_EQ(h.exit_code, 0);
  for (const char* c : {"manifest", "versions", "stats", "checkpoint", "compact", "gc", "verify", "bench", "doctor"}) {
    EXPECT_NE(h.out.find(c), std::string::npos) << c;
    ProcessResult sub = Admin({c, "--help"});
    EXPECT_EQ(sub.exit_code, 0) << c;
    EXPECT_NE(sub.out.find("--json"), std::string::npos) << c;
    EXPECT_NE(sub.out.find("--endpoint-url"), std::string::npos) << c;
  }
  EXPECT_NE(Admin({}).exit_code, 0);
  EXPECT_NE(Admin({"frobnicate"}).exit_code, 0);
  ProcessResult gc = Admin({"gc", store()});  // --keep is required
  EXPECT_NE(gc.exit_code, 0);
  ProcessResult bad = Admin({"manifest", "ftp://x/y"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << bad.err;
}

}  // namespace
}  // namespace s3lite
