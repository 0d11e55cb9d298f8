// MountFixture: really mounts mount.s3lite in a temporary directory for a
// test and always unmounts it in TearDown, also when the test failed.
//
// The daemon runs in the foreground (-f) as a child process, so a test can
// signal it (SIGTERM, SIGKILL) and see its exit status; MountDaemonized()
// runs it the way fstab does instead. Helpers run shell commands and SQL
// through `/.query` (same-handle write, then read).
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/common/store_cli.h"
#include "sql/connection.h"

namespace s3lite::testing {

inline std::string MountBinary() { return std::string(S3LITE_BINARY_DIR) + "/bin/mount.s3lite"; }

struct ShellResult {
  int exit_code = -1;
  std::string out;
};

// Runs `cmd` with /bin/sh; captures stdout (stderr goes to the test log).
inline ShellResult Sh(const std::string& cmd) {
  ShellResult r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), p)) > 0) r.out.append(buf, n);
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline std::string MakeTempDir(const char* what) {
  std::string tmpl = std::string("/tmp/s3lite-fs-") + what + "-XXXXXX";
  char* dir = ::mkdtemp(tmpl.data());
  EXPECT_NE(dir, nullptr);
  return tmpl;
}

inline bool IsMounted(const std::string& path) {
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string a, b, c, d, mp;
    f >> a >> b >> c >> d >> mp;
    if (mp == path) return true;
  }
  return false;
}

// Writes `sql` to `file` (e.g. ".query") and reads the result on the same
// handle. *write_errno gets the errno of a failed write (0 if it worked).
inline std::string QueryOnHandle(const std::string& mnt, const std::string& sql,
                                 int* write_errno = nullptr, const char* file = ".query") {
  int fd = ::open((mnt + "/" + file).c_str(), O_RDWR);
  if (fd < 0) return "open failed: " + std::string(std::strerror(errno));
  ssize_t w = ::write(fd, sql.data(), sql.size());
  if (write_errno) *write_errno = w < 0 ? errno : 0;
  ::lseek(fd, 0, SEEK_SET);
  std::string out;
  char buf[65536];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof(buf))) > 0) out.append(buf, static_cast<size_t>(n));
  ::close(fd);
  return out;
}

// Appends `data` in one open/write/close; returns 0 or the errno of the
// first failing step (*failed_at says which: "open", "write", "close").
inline int AppendFile(const std::string& path, const std::string& data, int flags = O_APPEND,
                      std::string* failed_at = nullptr) {
  int fd = ::open(path.c_str(), O_WRONLY | flags);
  if (fd < 0) {
    if (failed_at) *failed_at = "open";
    return errno;
  }
  int err = 0;
  size_t off = 0;
  while (off < data.size()) {
    ssize_t w = ::write(fd, data.data() + off, data.size() - off);
    if (w < 0) {
      err = errno;
      if (failed_at) *failed_at = "write";
      break;
    }
    off += static_cast<size_t>(w);
  }
  if (::close(fd) != 0 && err == 0) {
    err = errno;
    if (failed_at) *failed_at = "close";
  }
  return err;
}

class MountFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = MakeTempDir("store");
    mnt_ = MakeTempDir("mnt");
  }

  void TearDown() override {
    Unmount();
    std::error_code ec;
    std::filesystem::remove_all(store_, ec);
    ::rmdir(mnt_.c_str());
  }

  // Mounts in the foreground (child process) and waits until it serves.
  void MountAt(const std::string& source, const std::string& options = "") {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      std::vector<std::string> args = {MountBinary(), source, mnt_, "-f"};
      if (!options.empty()) {
        args.push_back("-o");
        args.push_back(options);
      }
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      std::_Exit(127);
    }
    daemon_ = pid;
    for (int i = 0; i < 600; ++i) {
      if (IsMounted(mnt_)) return;
      int status;
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        daemon_ = -1;
        FAIL() << "mount.s3lite exited with status " << status << " before mounting";
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL() << "mount.s3lite did not mount within 30 s";
  }
  void Mount(const std::string& options = "") { MountAt(store_, options); }

  // Unmounts (lazily, so a dead daemon's mount goes too) and reaps the daemon.
  // Returns the daemon's exit status (or -1).
  int Unmount() {
    if (IsMounted(mnt_)) Sh("fusermount3 -u -z " + mnt_ + " 2>/dev/null");
    int code = -1;
    if (daemon_ > 0) {
      int status = 0;
      for (int i = 0; i < 600; ++i) {
        if (::waitpid(daemon_, &status, WNOHANG) == daemon_) {
          code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
          daemon_ = -1;
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      if (daemon_ > 0) {
        ::kill(daemon_, SIGKILL);
        ::waitpid(daemon_, &status, 0);
        daemon_ = -1;
      }
    }
    return code;
  }

  // Runs SQL directly on the store (no mount may be active on it).
  Status DirectSql(const std::string& sql) {
    StoreCli cli;
    cli.store = store_;
    S3LITE_ASSIGN_OR_RETURN(OpenedDatabase opened, OpenDatabase(cli));
    S3LITE_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, Connection::Open(opened.db));
    S3LITE_RETURN_IF_ERROR(conn->ExecuteScript(sql));
    conn.reset();
    return opened.db->Close();
  }

  // A table t(id INTEGER PRIMARY KEY, name TEXT, age INT) with `rows` rows
  // (i, 'name<i>', i % 100) for i in 1..rows; returns its CSV file text.
  std::string CreateTable(int rows) {
    std::string sql = "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, age INT);BEGIN;";
    std::string csv = "id,name,age\n";
    for (int i = 1; i <= rows; ++i) {
      if ((i - 1) % 500 == 0) sql += (i == 1 ? "" : ";") + std::string("INSERT INTO t VALUES");
      else sql += ",";
      std::string id = std::to_string(i), age = std::to_string(i % 100);
      sql += "(" + id + ",'name" + id + "'," + age + ")";
      csv += id + ",name" + id + "," + age + "\n";
    }
    sql += ";COMMIT;";
    Status s = DirectSql(sql);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return csv;
  }

  std::string Path(const std::string& name) const { return mnt_ + "/" + name; }

  // The single value of a one-row, one-column query (the CSV body line).
  std::string Scalar(const std::string& sql) {
    std::string out = QueryOnHandle(mnt_, sql);
    size_t nl = out.find('\n');
    if (nl == std::string::npos) return "no result: " + out;
    std::string rest = out.substr(nl + 1);
    while (!rest.empty() && rest.back() == '\n') rest.pop_back();
    return rest;
  }

  std::string store_;
  std::string mnt_;
  pid_t daemon_ = -1;
};

}  // namespace s3lite::testing
