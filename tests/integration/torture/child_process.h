// ChildProcess (test helper, header-only): a real binary started with pipes on
// stdin, stdout and stderr, that the test can feed, read line by line with a
// deadline, kill with SIGKILL at any moment, and reap.
//
// Used by the crash torture test to drive `s3lite` the way a script piping
// SQL into it would, and to kill it mid-write. stdin's pipe is enlarged so a
// round's whole script can be written up front without blocking.
//
// Thread-safety: one thread uses a ChildProcess. The destructor kills and
// reaps a child that is still running (never leaves zombies or orphans).
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

extern char** environ;

namespace s3lite::torture {

class ChildProcess {
 public:
  ChildProcess() = default;
  ~ChildProcess() {
    Kill();
    Wait();
    CloseFd(&in_);
    CloseFd(&out_);
    CloseFd(&err_);
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Starts argv[0] (a path) with `env` added to the inherited environment.
  // Returns false with *error set when the process cannot be started.
  bool Start(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
             std::string* error) {
    int in[2], out[2], err[2];
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
      *error = std::string("pipe: ") + std::strerror(errno);
      return false;
    }
    fcntl(in[1], F_SETPIPE_SZ, 1 << 20);  // best effort: scripts are written up front
    std::vector<std::string> env_strings;
    for (char** e = environ; *e != nullptr; e++) {
      std::string s = *e;
      if (!env.count(s.substr(0, s.find('=')))) env_strings.push_back(s);
    }
    for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
    std::vector<char*> cargv, cenv;
    for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
    cargv.push_back(nullptr);
    for (const auto& e : env_strings) cenv.push_back(const_cast<char*>(e.c_str()));
    cenv.push_back(nullptr);

    pid_ = fork();
    if (pid_ < 0) {
      *error = std::string("fork: ") + std::strerror(errno);
      return false;
    }
    if (pid_ == 0) {
      dup2(in[0], 0);
      dup2(out[1], 1);
      dup2(err[1], 2);
      execve(cargv[0], cargv.data(), cenv.data());
      _exit(127);
    }
    close(in[0]);
    close(out[1]);
    close(err[1]);
    in_ = in[1];
    out_ = out[0];
    err_ = err[0];
    fcntl(out_, F_SETFL, O_NONBLOCK);
    fcntl(err_, F_SETFL, O_NONBLOCK);
    signal(SIGPIPE, SIG_IGN);  // a killed child must not kill the test on write
    return true;
  }

  // Writes all of `data` to the child's stdin; false if the child is gone.
  bool Write(const std::string& data) {
    size_t done = 0;
    while (done < data.size()) {
      ssize_t n = write(in_, data.data() + done, data.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    return true;
  }
  void CloseStdin() { CloseFd(&in_); }

  // The next complete stdout line (without '\n'), waiting until `deadline`.
  // nullopt at end of output (the child closed stdout) or at the deadline
  // (then *timed_out is set).
  std::optional<std::string> ReadLine(std::chrono::steady_clock::time_point deadline, bool* timed_out) {
    *timed_out = false;
    for (;;) {
      size_t nl = out_buf_.find('\n');
      if (nl != std::string::npos) {
        std::string line = out_buf_.substr(0, nl);
        out_buf_.erase(0, nl + 1);
        return line;
      }
      if (out_ < 0) return std::nullopt;
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        *timed_out = true;
        return std::nullopt;
      }
      Pump(static_cast<int>(left.count()));
    }
  }

  // Everything the child writes until it closes stdout and stderr (after a
  // kill or its exit), with a deadline. Returns the unread stdout.
  std::string DrainStdout(std::chrono::steady_clock::time_point deadline) {
    while ((out_ >= 0 || err_ >= 0) && std::chrono::steady_clock::now() < deadline) Pump(50);
    std::string rest = std::move(out_buf_);
    out_buf_.clear();
    return rest;
  }
  const std::string& stderr_text() const { return err_buf_; }

  void Kill(int sig = SIGKILL) {
    if (pid_ > 0 && !reaped_) ::kill(pid_, sig);
  }

  // Reaps the child: its exit code, or 128 + signal number.
  int Wait() {
    if (pid_ <= 0) return -1;
    if (!reaped_) {
      int status = 0;
      while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      reaped_ = true;
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    return exit_code_;
  }
  pid_t pid() const { return pid_; }

 private:
  static void CloseFd(int* fd) {
    if (*fd >= 0) close(*fd);
    *fd = -1;
  }

  // Waits up to timeout_ms for output on stdout/stderr and appends it.
  void Pump(int timeout_ms) {
    pollfd fds[2];
    int n = 0;
    if (out_ >= 0) fds[n++] = {out_, POLLIN, 0};
    if (err_ >= 0) fds[n++] = {err_, POLLIN, 0};
    if (n == 0) return;
    if (poll(fds, n, timeout_ms) <= 0) return;
    for (int i = 0; i < n; i++) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      int* fd = fds[i].fd == out_ ? &out_ : &err_;
      std::string* buf = fds[i].fd == out_ ? &out_buf_ : &err_buf_;
      char chunk[65536];
      for (;;) {
        ssize_t r = read(*fd, chunk, sizeof chunk);
        if (r > 0) {
          buf->append(chunk, static_cast<size_t>(r));
          continue;
        }
        if (r < 0 && (errno == EAGAIN || errno == EINTR)) break;
        CloseFd(fd);  // EOF or error
        break;
      }
    }
  }

  pid_t pid_ = -1;
  bool reaped_ = false;
  int exit_code_ = -1;
  int in_ = -1, out_ = -1, err_ = -1;
  std::string out_buf_, err_buf_;
};

}  // namespace s3lite::torture
