// s3lite_slt: runs sqllogictest files against s3lite, each file on a fresh
// local-store database in a child process (a crash or hang costs one file).
//
//   s3lite_slt [-v] [--max-failures N] [--timeout SEC] [--errors]
//              [--hash-threshold N] FILE...
//
// Prints one line per file (records, passed, failed, skipped), the first
// failures with expected vs actual, and totals; --errors adds a histogram of
// failure kinds over all files. Exit status 0 only if every record passed.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "tests/sql/slt/slt_runner.h"

namespace {

struct Totals {
  long records = 0, passed = 0, failed = 0, skipped = 0, crashed_files = 0;
  std::map<std::string, long> errors;
};

std::string OneLine(std::string s, size_t max) {
  for (char& c : s) {
    if (c == '\n') c = ' ';
  }
  if (s.size() > max) s = s.substr(0, max) + "...";
  return s;
}

// Child: run the file, print its report, send counts to `fd`.
[[noreturn]] void RunChild(const std::string& path, const s3lite::slt::RunOptions& options,
                           bool verbose, int fd, int timeout) {
  if (timeout > 0) alarm(static_cast<unsigned>(timeout));
  auto r = s3lite::slt::RunFile(path, options);
  std::string msg;
  if (!r.ok()) {
    printf("%s: ERROR %s\n", path.c_str(), r.status().ToString().c_str());
    msg = "0 0 0 0\n";
  } else {
    const auto& f = *r;
    printf("%s: %d records, %d passed, %d failed, %d skipped%s\n", path.c_str(), f.records,
           f.passed, f.failed, f.skipped, f.halted ? " (halt)" : "");
    size_t shown = verbose ? f.failures.size() : std::min<size_t>(f.failures.size(), 3);
    for (size_t i = 0; i < shown; i++) {
      const auto& x = f.failures[i];
      printf("  line %d: %s\n    expected: %s\n    actual:   %s\n", x.line,
             OneLine(x.sql, 300).c_str(), OneLine(x.expected, 200).c_str(),
             OneLine(x.actual, 200).c_str());
    }
    msg = std::to_string(f.records) + " " + std::to_string(f.passed) + " " +
          std::to_string(f.failed) + " " + std::to_string(f.skipped) + "\n";
    for (const auto& [k, n] : f.error_counts) msg += std::to_string(n) + "\t" + k + "\n";
  }
  fflush(stdout);
  size_t off = 0;
  while (off < msg.size()) {
    ssize_t w = write(fd, msg.data() + off, msg.size() - off);
    if (w <= 0) break;
    off += static_cast<size_t>(w);
  }
  _exit(0);
}

void RunOne(const std::string& path, const s3lite::slt::RunOptions& options, bool verbose,
            int timeout, Totals* totals) {
  int fds[2];
  if (pipe(fds) != 0) {
    perror("pipe");
    exit(2);
  }
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    RunChild(path, options, verbose, fds[1], timeout);
  }
  close(fds[1]);
  std::string data;
  char buf[4096];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) data.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || data.empty()) {
    printf("%s: CRASHED (%s %d)\n", path.c_str(), WIFSIGNALED(status) ? "signal" : "exit",
           WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
    totals->crashed_files++;
    totals->errors["(file crashed or timed out)"]++;
    return;
  }
  long rec = 0, pass = 0, fail = 0, skip = 0;
  size_t nl = data.find('\n');
  sscanf(data.substr(0, nl).c_str(), "%ld %ld %ld %ld", &rec, &pass, &fail, &skip);
  totals->records += rec;
  totals->passed += pass;
  totals->failed += fail;
  totals->skipped += skip;
  size_t pos = nl + 1;
  while (pos < data.size()) {
    size_t end = data.find('\n', pos);
    if (end == std::string::npos) end = data.size();
    std::string line = data.substr(pos, end - pos);
    size_t tab = line.find('\t');
    if (tab != std::string::npos) totals->errors[line.substr(tab + 1)] += atol(line.c_str());
    pos = end + 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  s3lite::slt::RunOptions options;
  bool verbose = false, errors = false;
  int timeout = 600;
  std::vector<std::string> files;
  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    if (a == "-v") {
      verbose = true;
      options.max_failures = 50;
    } else if (a == "--errors") {
      errors = true;
    } else if (a == "--max-failures" && i + 1 < argc) {
      options.max_failures = static_cast<size_t>(atol(argv[++i]));
    } else if (a == "--timeout" && i + 1 < argc) {
      timeout = atoi(argv[++i]);
    } else if (a == "--hash-threshold" && i + 1 < argc) {
      options.hash_threshold = atoi(argv[++i]);
    } else if (a == "-h" || a == "--help" || (!a.empty() && a[0] == '-')) {
      fprintf(stderr,
              "usage: %s [-v] [--errors] [--max-failures N] [--timeout SEC] "
              "[--hash-threshold N] FILE...\n",
              argv[0]);
      return 2;
    } else {
      files.push_back(a);
    }
  }
  if (files.empty()) {
    fprintf(stderr, "%s: no test files given\n", argv[0]);
    return 2;
  }
  Totals totals;
  for (const auto& f : files) RunOne(f, options, verbose, timeout, &totals);
  printf("TOTAL: %zu files, %ld records, %ld passed, %ld failed, %ld skipped, %ld files crashed",
         files.size(), totals.records, totals.passed, totals.failed, totals.skipped,
         totals.crashed_files);
  if (totals.records > 0) printf(" (%.2f%% pass)", 100.0 * totals.passed / totals.records);
  printf("\n");
  if (errors) {
    std::vector<std::pair<long, std::string>> sorted;
    for (const auto& [k, n] : totals.errors) sorted.emplace_back(n, k);
    std::sort(sorted.rbegin(), sorted.rend());
    for (const auto& [n, k] : sorted) printf("%8ld  %s\n", n, k.c_str());
  }
  return (totals.failed == 0 && totals.crashed_files == 0) ? 0 : 1;
}
