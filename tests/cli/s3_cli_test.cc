// The shell and the admin tool against a real S3 server (radosgw, started
// by scripts/test; see tests/util/s3_test_env.h): same behaviour as on a
// local directory, and one clear line for a missing bucket, wrong
// credentials or an unreachable endpoint.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/process_runner.h"
#include "tests/util/s3_test_env.h"

namespace s3lite {
namespace {

using test::ProcessResult;
using test::RunProcess;

class S3CliTest : public ::testing::Test {
 protected:
  // argv for `binary` on a fresh prefix of the test bucket.
  std::vector<std::string> Args(const std::string& binary, const testing::S3TestEnv& env,
                                const std::string& location, std::vector<std::string> rest) {
    std::vector<std::string> argv = {binary};
    argv.insert(argv.end(), rest.begin(), rest.end());
    argv.insert(argv.end(), {"--endpoint-url", env.endpoint, "--region", env.region, "--force-path-style",
                             location});
    return argv;
  }
};

TEST_F(S3CliTest, ShellWritesAndAnotherProcessReads) {
  S3LITE_REQUIRE_S3(env);
  std::string loc = testing::TestStoreOptions(env, "cli-shell").location;
  std::string script =
      "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, score REAL);\n"
      "INSERT INTO t VALUES(1,'alice',1.5),(2,'bob',NULL),(3,'line\ntwo',0.1);\n";
  ProcessResult w = RunProcess(Args(test::ShellBinary(), env, loc, {}), script);
  ASSERT_EQ(w.exit_code, 0) << w.err;

  const std::string query = "SELECT * FROM t ORDER BY id;\nSELECT count(*), avg(score) FROM t;\n";
  ProcessResult sq = RunProcess({"sqlite3", "-json", ":memory:"}, script + query);
  ProcessResult r = RunProcess(Args(test::ShellBinary(), env, loc, {"-json"}), query);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, sq.out);

  ProcessResult csv = RunProcess(Args(test::ShellBinary(), env, loc, {"-csv", "-header"}), query);
  ProcessResult sqcsv = RunProcess({"sqlite3", "-csv", "-header", ":memory:"}, script + query);
  EXPECT_EQ(csv.out, sqcsv.out);

  ProcessResult err = RunProcess(Args(test::ShellBinary(), env, loc, {}), "select 1;\nselect * from nope;\n");
  EXPECT_EQ(err.exit_code, 1);
  EXPECT_EQ(err.err, "Parse error near line 2: no such table: nope\n");

  ProcessResult dots = RunProcess(Args(test::ShellBinary(), env, loc, {}), ".tables\n.commit\n.stats\n");
  EXPECT_EQ(dots.exit_code, 0) << dots.err;
  EXPECT_EQ(dots.out.rfind("t\n", 0), 0u) << dots.out;
  EXPECT_NE(dots.out.find("store: GET"), std::string::npos) << dots.out;
}

TEST_F(S3CliTest, AdminCommandsOnS3) {
  S3LITE_REQUIRE_S3(env);
  std::string loc = testing::TestStoreOptions(env, "cli-admin").location;
  ASSERT_EQ(RunProcess(Args(test::ShellBinary(), env, loc,
                            {"-c", "CREATE TABLE t(a INTEGER PRIMARY KEY, b); CREATE INDEX tb ON t(b);"
                                   "INSERT INTO t VALUES(1,'x'),(2,'y')"}))
                .exit_code,
            0);
  ProcessResult m = RunProcess(Args(test::AdminBinary(), env, loc, {"manifest", "--json"}));
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_EQ(nlohmann::json::parse(m.out)["catalog"].size(), 2u);
  ProcessResult v = RunProcess(Args(test::AdminBinary(), env, loc, {"verify"}));
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  ProcessResult d = RunProcess(Args(test::AdminBinary(), env, loc, {"doctor", "--json", "--rounds", "3"}));
  EXPECT_EQ(d.exit_code, 0) << d.out << d.err;
  EXPECT_TRUE(nlohmann::json::parse(d.out)["ok"].get<bool>()) << d.out;
  ProcessResult b = RunProcess(Args(test::AdminBinary(), env, loc, {"bench", "--json", "--rows", "200",
                                                                     "--selects", "20", "--scans", "1"}));
  ASSERT_EQ(b.exit_code, 0) << b.err;
  nlohmann::json bj = nlohmann::json::parse(b.out);
  EXPECT_GT(bj["phases"][0]["store_requests_total"].get<uint64_t>(), 0u);
}

TEST_F(S3CliTest, BadBucketCredentialsAndEndpointAreOneLine) {
  S3LITE_REQUIRE_S3(env);
  ProcessResult nob = RunProcess(
      Args(test::ShellBinary(), env, "s3://no-such-bucket-s3lite-cli/x", {"-c", "select 1"}));
  EXPECT_EQ(nob.exit_code, 1);
  EXPECT_EQ(std::count(nob.err.begin(), nob.err.end(), '\n'), 1) << nob.err;
  EXPECT_NE(nob.err.find("no-such-bucket-s3lite-cli"), std::string::npos) << nob.err;

  std::string loc = testing::TestStoreOptions(env, "cli-creds").location;
  ProcessResult creds = RunProcess(Args(test::ShellBinary(), env, loc, {"-c", "select 1"}), "",
                                   {{"AWS_SECRET_ACCESS_KEY", "wrong-secret-wrong-secret"}});
  EXPECT_EQ(creds.exit_code, 1);
  EXPECT_EQ(std::count(creds.err.begin(), creds.err.end(), '\n'), 1) << creds.err;
  EXPECT_EQ(creds.err.find("wrong-secret"), std::string::npos) << "secret leaked: " << creds.err;

  std::vector<std::string> argv = {test::ShellBinary(), "--endpoint-url", "http://127.0.0.1:1",
                                   "--force-path-style", loc, "select 1"};
  ProcessResult unreachable = RunProcess(argv);
  EXPECT_EQ(unreachable.exit_code, 1);
  EXPECT_EQ(std::count(unreachable.err.begin(), unreachable.err.end(), '\n'), 1) << unreachable.err;
}

}  // namespace
}  // namespace s3lite
