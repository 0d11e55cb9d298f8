// Test helpers (header-only) for tests that run real s3lite processes on one
// store: one-shot commands with a deadline, `s3lite serve` instances on free
// ports, and HTTP requests made with the real curl binary.
//
//   StoreArgs store = LocalStoreArgs(dir);            // or S3StoreArgs(env, "name")
//   ServeProcess a;  ASSERT_TRUE(a.Start(store, {"--refresh", "0"}));
//   HttpReply r = a.Query("SELECT 1");                 // POST /query via curl
//   a.Stop();                                          // SIGTERM, must exit 0
//
// Thread-safety: a ServeProcess is driven by one thread, but Query()/Curl()
// may be called from many threads at once (each runs its own curl process).
// Destructors kill what is still running (no orphans).
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/integration/torture/child_process.h"
#include "tests/util/s3_test_env.h"

namespace s3lite::multi {

using Clock = std::chrono::steady_clock;
using torture::ChildProcess;

inline std::string ShellPath() { return std::string(S3LITE_BINARY_DIR) + "/bin/s3lite"; }
inline std::string AdminPath() { return std::string(S3LITE_BINARY_DIR) + "/bin/s3lite-admin"; }

// The STORE argument and options every binary gets for one store.
struct StoreArgs {
  std::vector<std::string> args;  // location first, then store options
  std::string location;
};

inline StoreArgs LocalStoreArgs(const std::string& dir) { return StoreArgs{{dir}, dir}; }

inline StoreArgs S3StoreArgs(const testing::S3TestEnv& env, const std::string& name) {
  StoreOptions o = testing::TestStoreOptions(env, name);
  return StoreArgs{{o.location, "--endpoint-url", o.endpoint_url, "--region", o.region, "--force-path-style"},
                   o.location};
}

struct ProcResult {
  int exit_code = -1;  // 128+signal when killed; -2 when it did not finish in time
  std::string out, err;
};

// Runs argv to completion (killed after `timeout`), stdin closed.
inline ProcResult RunProcess(const std::vector<std::string>& argv,
                             std::chrono::milliseconds timeout = std::chrono::seconds(120)) {
  ProcResult r;
  ChildProcess p;
  std::string error;
  if (!p.Start(argv, {}, &error)) {
    r.err = error;
    return r;
  }
  p.CloseStdin();
  const Clock::time_point deadline = Clock::now() + timeout;
  r.out = p.DrainStdout(deadline);
  bool late = Clock::now() >= deadline;  // output still open: it is still running
  if (late) p.Kill();
  r.exit_code = p.Wait();
  if (late) r.exit_code = -2;
  r.err = p.stderr_text();
  return r;
}

// s3lite-admin <command> [args] <store>.
inline ProcResult Admin(const StoreArgs& store, const std::string& command, std::vector<std::string> extra = {}) {
  std::vector<std::string> argv = {AdminPath(), command, "-q"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.insert(argv.end(), store.args.begin(), store.args.end());
  return RunProcess(argv);
}

struct HttpReply {
  int status = 0;        // 0: curl failed (see body)
  std::string body;
  nlohmann::json json;   // parsed body (discarded when not JSON)
};

// One HTTP request with the curl binary. `body` (if any) goes through a file
// so any size works.
inline HttpReply Curl(int port, const std::string& method, const std::string& path, const std::string& body = "",
                      const std::vector<std::string>& headers = {}) {
  static std::atomic<int> counter{0};
  std::vector<std::string> argv = {"/usr/bin/curl", "-sS", "--max-time", "120", "-X", method, "-w", "\n%{http_code}"};
  std::string body_file;
  if (!body.empty()) {
    body_file = (std::filesystem::temp_directory_path() /
                 ("s3lite-curl-" + std::to_string(getpid()) + "-" + std::to_string(counter++)))
                    .string();
    std::ofstream(body_file, std::ios::binary) << body;
    argv.insert(argv.end(), {"-H", "Content-Type: application/json", "--data-binary", "@" + body_file});
  }
  for (const std::string& h : headers) argv.insert(argv.end(), {"-H", h});
  argv.push_back("http://127.0.0.1:" + std::to_string(port) + path);
  ProcResult r = RunProcess(argv, std::chrono::seconds(130));
  if (!body_file.empty()) std::filesystem::remove(body_file);
  HttpReply reply;
  size_t nl = r.out.rfind('\n');
  if (r.exit_code != 0 || nl == std::string::npos) {
    reply.body = "curl failed (exit " + std::to_string(r.exit_code) + "): " + r.err;
    return reply;
  }
  reply.status = std::atoi(r.out.c_str() + nl + 1);
  reply.body = r.out.substr(0, nl);
  reply.json = nlohmann::json::parse(reply.body, nullptr, false);
  return reply;
}

inline std::string QueryBody(const std::string& sql, const nlohmann::json& params = nullptr,
                             const std::string& session = "") {
  nlohmann::json j = {{"sql", sql}};
  if (!params.is_null()) j["params"] = params;
  if (!session.empty()) j["session"] = session;
  return j.dump();
}

// A running `s3lite serve` on 127.0.0.1 and a free port.
class ServeProcess {
 public:
  ServeProcess() = default;
  ~ServeProcess() {
    if (running_) {
      proc_->Kill();
      proc_->Wait();
    }
  }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  // Starts the server and waits for its "listening on" line.
  bool Start(const StoreArgs& store, const std::vector<std::string>& options = {}) {
    proc_ = std::make_unique<ChildProcess>();
    std::vector<std::string> argv = {ShellPath(), "serve", "--listen", "127.0.0.1:0"};
    argv.insert(argv.end(), options.begin(), options.end());
    argv.insert(argv.end(), store.args.begin(), store.args.end());
    std::string error;
    if (!proc_->Start(argv, {}, &error)) {
      ADD_FAILURE() << "cannot start s3lite serve: " << error;
      return false;
    }
    running_ = true;
    bool timed_out = false;
    std::optional<std::string> line = proc_->ReadLine(Clock::now() + std::chrono::seconds(60), &timed_out);
    const std::string prefix = "listening on http://127.0.0.1:";
    if (!line || line->rfind(prefix, 0) != 0) {
      proc_->Kill();
      int rc = proc_->Wait();
      running_ = false;
      proc_->DrainStdout(Clock::now() + std::chrono::seconds(2));
      ADD_FAILURE() << "s3lite serve did not start (exit " << rc << "): " << proc_->stderr_text();
      return false;
    }
    port_ = std::atoi(line->c_str() + prefix.size());
    return port_ > 0;
  }

  // SIGTERM and wait (graceful shutdown); returns the exit code, or -2 when
  // it did not stop within `timeout` (then it is killed).
  int Stop(std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
    if (!running_) return exit_code_;
    proc_->Kill(SIGTERM);
    const Clock::time_point deadline = Clock::now() + timeout;
    proc_->DrainStdout(deadline);
    bool late = Clock::now() >= deadline;
    if (late) proc_->Kill();
    exit_code_ = proc_->Wait();
    if (late) exit_code_ = -2;
    running_ = false;
    return exit_code_;
  }
  void KillHard() {
    if (!running_) return;
    proc_->Kill();
    proc_->Wait();
    running_ = false;
  }

  int port() const { return port_; }
  bool running() const { return running_; }
  // stderr so far (complete after Stop()).
  std::string log() const { return proc_ ? proc_->stderr_text() : ""; }

  HttpReply Query(const std::string& sql, const nlohmann::json& params = nullptr, const std::string& session = "",
                  const std::vector<std::string>& headers = {}) const {
    return Curl(port_, "POST", "/query", QueryBody(sql, params, session), headers);
  }

 private:
  std::unique_ptr<ChildProcess> proc_;
  bool running_ = false;
  int port_ = 0;
  int exit_code_ = -1;
};

// A fresh local directory, removed at scope exit.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "s3lite-multi-XXXXXX").string();
    if (mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace s3lite::multi
