// Security properties of the binaries (issue 9, "Security"):
//   - credentials are never taken from argv: no option accepts a secret, a
//     secret typed into a store URL or an endpoint URL is refused, and the
//     refusal does not repeat it;
//   - a known secret never appears in anything the binaries print (stdout,
//     stderr, the serve log), also when requests fail against radosgw
//     (wrong secret, missing bucket, unreachable endpoint, SQL errors,
//     admin commands, credentials from a file);
//   - a process that loaded credentials is not dumpable (no core file), seen
//     from outside: /proc/<pid> of a non-root process is owned by root only
//     when the process is non-dumpable;
//   - `s3lite serve` rejects oversized bodies also when they arrive chunked,
//     and every form of a wrong bearer token.
// The FUSE mount's uid/gid/modes/allow_other are in tests/fs/mount_permissions_test.cc.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/integration/multi/serve_process.h"
#include "tests/util/s3_test_env.h"

namespace s3lite::multi {
namespace {

std::string MountPath() { return std::string(S3LITE_BINARY_DIR) + "/bin/mount.s3lite"; }

// Runs argv with `env` added, stdin = `input` then closed.
ProcResult RunBinary(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {},
               const std::string& input = "") {
  ProcResult r;
  ChildProcess p;
  std::string error;
  if (!p.Start(argv, env, &error)) {
    r.err = error;
    return r;
  }
  if (!input.empty()) p.Write(input);
  p.CloseStdin();
  r.out = p.DrainStdout(Clock::now() + std::chrono::seconds(120));
  r.exit_code = p.Wait();
  r.err = p.stderr_text();
  return r;
}

// Everything a run printed, for one failure message.
std::string Printed(const ProcResult& r) { return "stdout:\n" + r.out + "\nstderr:\n" + r.err; }

TEST(Security, NoOptionTakesACredential) {
  // The help of every binary lists no option for a key, secret or password.
  std::vector<std::vector<std::string>> helps = {{ShellPath(), "--help"}, {AdminPath(), "--help"},
                                                 {ShellPath(), "serve", "--help"}};
  for (const char* cmd : {"verify", "gc", "doctor", "compact", "manifest"}) helps.push_back({AdminPath(), cmd, "--help"});
  if (std::filesystem::exists(MountPath())) helps.push_back({MountPath(), "--help"});
  for (const auto& argv : helps) {
    ProcResult r = RunBinary(argv);
    std::istringstream lines(r.out + r.err);
    for (std::string line; std::getline(lines, line);) {
      size_t dash = line.find_first_not_of(' ');
      if (dash == std::string::npos || line[dash] != '-') continue;  // option lines only
      std::string option = line.substr(dash, line.find("  ", dash) - dash);
      for (const char* word : {"secret", "password", "access-key", "access_key", "session-token", "credential"}) {
        EXPECT_EQ(option.find(word), std::string::npos) << argv[0] << " " << argv[1] << ": option " << option;
      }
    }
  }
  // Options a user might guess are refused (unknown), never used.
  const std::string secret = "GuessedSecretValue0123456789";
  for (const char* opt : {"--secret-access-key", "--aws-secret-access-key", "--access-key"}) {
    ProcResult r = RunBinary({ShellPath(), opt, secret, "/nonexistent-dir/x", "SELECT 1"});
    EXPECT_NE(r.exit_code, 0) << opt << "\n" << Printed(r);
  }
  // mount.s3lite -o secret=... is refused without repeating the value.
  if (std::filesystem::exists(MountPath())) {
    for (const char* opt : {"secret_access_key=", "aws_secret_access_key=", "access_key=", "password="}) {
      ProcResult r = RunBinary({MountPath(), "/tmp/s3lite-no-store", "/tmp/s3lite-no-mnt", "-f", "-o", opt + secret});
      EXPECT_NE(r.exit_code, 0) << opt;
      EXPECT_NE(r.err.find("credentials are never taken from the command line"), std::string::npos) << Printed(r);
      EXPECT_EQ((r.out + r.err).find(secret), std::string::npos) << Printed(r);
    }
  }
}

TEST(Security, CredentialsInUrlsAreRefusedWithoutRepeatingThem) {
  const std::string secret = "UrlSecretValue0123456789abcdef";
  std::vector<std::vector<std::string>> runs = {
      {ShellPath(), "s3://AKIDEXAMPLE:" + secret + "@bucket/prefix", "SELECT 1"},
      {ShellPath(), "--endpoint-url", "http://AKIDEXAMPLE:" + secret + "@127.0.0.1:9", "s3://bucket/prefix", "SELECT 1"},
      {AdminPath(), "verify", "s3://AKIDEXAMPLE:" + secret + "@bucket"},
      {AdminPath(), "verify", "--endpoint-url", "https://user:" + secret + "@s3.example.com", "s3://bucket"},
      {ShellPath(), "serve", "--listen", "127.0.0.1:0", "s3://AKIDEXAMPLE:" + secret + "@bucket/x"},
  };
  TempDir mnt;  // an empty mount point, so mount.s3lite gets to the store URL
  if (std::filesystem::exists(MountPath())) {
    runs.push_back({MountPath(), "s3://AKIDEXAMPLE:" + secret + "@bucket", mnt.path(), "-f"});
  }
  // Credentials in the environment, so only the URL is wrong.
  const std::map<std::string, std::string> env = {{"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"},
                                                  {"AWS_SECRET_ACCESS_KEY", "EnvSecretNotInUrl000000000000"}};
  for (const auto& argv : runs) {
    ProcResult r = RunBinary(argv, env);
    EXPECT_NE(r.exit_code, 0) << argv[0] << "\n" << Printed(r);
    EXPECT_NE((r.out + r.err).find("credentials are never taken from"), std::string::npos) << Printed(r);
    EXPECT_EQ((r.out + r.err).find(secret), std::string::npos) << "the secret is repeated:\n" << Printed(r);
  }
}

// Collects everything the binaries print while errors are provoked against
// radosgw, and checks no secret is in it.
TEST(Security, SecretsNeverPrintedOnS3Errors) {
  S3LITE_REQUIRE_S3(env);
  const StoreArgs store = S3StoreArgs(env, "security");
  const std::string wrong_secret = "WrongSecretForSecurityTest0123456789abcd";
  const std::string file_secret = "FileSecretForSecurityTest0123456789abcde";
  std::vector<ProcResult> printed;
  auto shell = [&](const std::vector<std::string>& store_args, const std::string& script,
                   const std::map<std::string, std::string>& extra = {}) {
    std::vector<std::string> argv = {ShellPath()};
    argv.insert(argv.end(), store_args.begin(), store_args.end());
    printed.push_back(RunBinary(argv, extra, script));
    return printed.back();
  };
  auto admin = [&](std::vector<std::string> args, const std::vector<std::string>& store_args,
                   const std::map<std::string, std::string>& extra = {}) {
    std::vector<std::string> argv = {AdminPath()};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), store_args.begin(), store_args.end());
    printed.push_back(RunBinary(argv, extra));
    return printed.back();
  };

  // Working store: writes, SQL errors, dot commands that describe the store.
  ProcResult ok = shell(store.args,
                        "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);\nINSERT INTO t VALUES (1, 'x');\n"
                        "SELECT * FROM nope;\nINSERT INTO t VALUES (1, 'dup');\n.stats on\nSELECT * FROM t;\n"
                        ".show\n.databases\n.commit\n.compact\n.gc\nSELECT 'done';\n");
  EXPECT_NE(ok.out.find("done"), std::string::npos) << Printed(ok);
  EXPECT_NE(ok.err.find("no such table"), std::string::npos) << Printed(ok);
  for (const char* cmd : {"verify", "manifest", "versions", "stats", "doctor"}) admin({cmd}, store.args);
  admin({"gc", "--keep", "1", "--dry-run"}, store.args);

  // Wrong secret from the environment: refused by radosgw.
  ProcResult denied = shell(store.args, "SELECT 1;\n", {{"AWS_SECRET_ACCESS_KEY", wrong_secret}});
  EXPECT_NE(denied.exit_code, 0);
  EXPECT_FALSE(denied.err.empty());
  admin({"verify"}, store.args, {{"AWS_SECRET_ACCESS_KEY", wrong_secret}});
  admin({"doctor"}, store.args, {{"AWS_SECRET_ACCESS_KEY", wrong_secret}});

  // Wrong secret from a credentials file (--profile).
  TempDir dir;
  const std::string creds = dir.path() + "/credentials";
  std::ofstream(creds) << "[sec]\naws_access_key_id = " << env.access_key << "\naws_secret_access_key = " << file_secret
                       << "\n";
  std::vector<std::string> with_profile = store.args;
  with_profile.insert(with_profile.end(), {"--profile", "sec"});
  ProcResult file_denied = shell(with_profile, "SELECT 1;\n", {{"AWS_SHARED_CREDENTIALS_FILE", creds}});
  EXPECT_NE(file_denied.exit_code, 0) << Printed(file_denied);
  admin({"verify"}, with_profile, {{"AWS_SHARED_CREDENTIALS_FILE", creds}});

  // Missing bucket, unreachable endpoint.
  shell({"s3://no-such-bucket-s3lite-sec/x", "--endpoint-url", env.endpoint, "--force-path-style"}, "SELECT 1;\n");
  shell({store.location, "--endpoint-url", "http://127.0.0.1:9", "--force-path-style"}, "SELECT 1;\n");

  // The HTTP service: a failing and a working query; its log.
  {
    ServeProcess server;
    ASSERT_TRUE(server.Start(store));
    EXPECT_EQ(server.Query("SELECT * FROM nope").status, 400);
    EXPECT_EQ(server.Query("SELECT count(*) FROM t").status, 200);
    server.Stop();
    printed.push_back(ProcResult{0, "", server.log()});
  }

  ASSERT_GE(printed.size(), 14u);
  for (const ProcResult& r : printed) {
    for (const std::string& s : {env.secret_key, wrong_secret, file_secret}) {
      EXPECT_EQ((r.out + r.err).find(s), std::string::npos) << "a secret was printed:\n" << Printed(r);
    }
  }
}

// True when /proc/<pid>/status is owned by root although the process runs
// as another user: the kernel does that only for non-dumpable processes.
bool ProcOwnedByRoot(pid_t pid) {
  struct stat st;
  if (::stat(("/proc/" + std::to_string(pid) + "/status").c_str(), &st) != 0) return false;
  return st.st_uid == 0;
}

// Starts `s3lite <store args>` as user nobody, waits until it answered a
// query, and reports whether its /proc entry is root's (non-dumpable).
std::optional<bool> NonDumpableAsNobody(const std::vector<std::string>& store_args,
                                        const std::map<std::string, std::string>& env) {
  std::vector<std::string> argv = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                                   ShellPath()};
  argv.insert(argv.end(), store_args.begin(), store_args.end());
  ChildProcess p;
  std::string error;
  if (!p.Start(argv, env, &error)) {
    ADD_FAILURE() << error;
    return std::nullopt;
  }
  p.Write("SELECT 'ready';\n");
  bool timed_out = false;
  auto line = p.ReadLine(Clock::now() + std::chrono::seconds(60), &timed_out);
  if (!line || *line != "ready") {
    ADD_FAILURE() << "shell did not answer: " << (line ? *line : "<eof>") << "\n" << p.stderr_text();
    return std::nullopt;
  }
  const bool root_owned = ProcOwnedByRoot(p.pid());
  p.CloseStdin();
  p.Wait();
  return root_owned;
}

TEST(Security, ProcessHoldingCredentialsIsNotDumpable) {
  if (::geteuid() != 0 || !std::filesystem::exists("/usr/bin/setpriv")) {
    GTEST_SKIP() << "needs root and setpriv to run the shell as another user";
  }
  S3LITE_REQUIRE_S3(env);
  // Control: a local store, no credentials loaded: dumpable.
  TempDir dir;
  std::filesystem::permissions(dir.path(), std::filesystem::perms::all);
  auto local = NonDumpableAsNobody({dir.path() + "/db"}, {{"HOME", dir.path()}});
  ASSERT_TRUE(local.has_value());
  EXPECT_FALSE(*local) << "a process without credentials should stay dumpable (debuggable)";
  const StoreArgs store = S3StoreArgs(env, "dumpable");
  auto s3 = NonDumpableAsNobody(store.args, {{"HOME", dir.path()}});
  ASSERT_TRUE(s3.has_value());
  EXPECT_TRUE(*s3) << "a process holding S3 credentials must not be dumpable (core files)";
  auto allowed = NonDumpableAsNobody(store.args, {{"HOME", dir.path()}, {"S3LITE_ALLOW_CORE_DUMPS", "1"}});
  ASSERT_TRUE(allowed.has_value());
  EXPECT_FALSE(*allowed) << "S3LITE_ALLOW_CORE_DUMPS=1 keeps core dumps for debugging";
}

TEST(Security, ServeRejectsChunkedOversizedBodiesAndEveryWrongToken) {
  TempDir dir;
  const std::string token = "serve-token-0123456789";
  const std::string token_file = dir.path() + "/token";
  std::ofstream(token_file) << token << "\n";
  ServeProcess server;
  ASSERT_TRUE(server.Start(LocalStoreArgs(dir.path() + "/db"), {"--token-file", token_file, "--max-body-bytes", "4096"}));
  const std::string auth = "Authorization: Bearer " + token;
  // Oversized, sent chunked (no Content-Length up front): cpp-httplib would
  // read it whole whatever --max-body-bytes says, so chunked bodies are refused.
  HttpReply chunked = Curl(server.port(), "POST", "/query", QueryBody("SELECT '" + std::string(100'000, 'x') + "'"),
                           {auth, "Transfer-Encoding: chunked"});
  EXPECT_EQ(chunked.status, 411) << chunked.body.substr(0, 300);
  HttpReply small_chunked = Curl(server.port(), "POST", "/query", QueryBody("SELECT 1"), {auth, "Transfer-Encoding: chunked"});
  EXPECT_EQ(small_chunked.status, 411) << small_chunked.body.substr(0, 300);
  HttpReply too_big = Curl(server.port(), "POST", "/query", QueryBody("SELECT '" + std::string(100'000, 'x') + "'"), {auth});
  EXPECT_EQ(too_big.status, 413) << too_big.body.substr(0, 300);
  // Wrong tokens in every shape.
  for (const std::string& h : {std::string("Authorization: Basic ") + token, std::string("Authorization: bearer"),
                               std::string("Authorization: Bearer"), std::string("Authorization: Bearer  ") + token,
                               std::string("Authorization: Bearer ") + token.substr(1),
                               std::string("X-Token: ") + token}) {
    HttpReply r = Curl(server.port(), "POST", "/query", QueryBody("SELECT 1"), {h});
    EXPECT_EQ(r.status, 401) << h << ": " << r.body;
  }
  HttpReply in_url = Curl(server.port(), "POST", "/query?token=" + token, QueryBody("SELECT 1"));
  EXPECT_EQ(in_url.status, 401) << in_url.body;
  // Still serving, and the right token works.
  HttpReply good = Curl(server.port(), "POST", "/query", QueryBody("SELECT 6 * 7"), {auth});
  EXPECT_EQ(good.status, 200) << good.body;
  EXPECT_EQ(server.Stop(), 0);
  EXPECT_EQ(server.log().find(token), std::string::npos) << server.log();
}

}  // namespace
}  // namespace s3lite::multi
