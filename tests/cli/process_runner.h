// RunProcess: runs a real binary with arguments and stdin text, and captures
// its stdout, stderr and exit status (fork + exec with pipes). The shell and
// admin tests use it to drive s3lite, s3lite-admin and sqlite3 exactly as a
// user's script would.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace s3lite::test {

struct ProcessResult {
  int exit_code = -1;  // exit status, or 128 + signal
  std::string out;
  std::string err;
};

// argv[0] is the program path (searched in PATH if it has no '/').
// `env` entries are added to (or override) the inherited environment.
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& stdin_text = "",
                         const std::map<std::string, std::string>& env = {},
                         const std::string& cwd = "");

// Paths of the binaries under test.
std::string ShellBinary();  // <build>/bin/s3lite
std::string AdminBinary();  // <build>/bin/s3lite-admin

// A fresh temporary directory, removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

void WriteFile(const std::string& path, const std::string& content);
std::string ReadFile(const std::string& path);

}  // namespace s3lite::test
