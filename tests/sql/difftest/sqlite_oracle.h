// Test helper: runs SQL through Debian's sqlite3 binary, the reference for
// s3lite's results. Header-only because tests/sql globs only top-level .cc.
//
// AskSqlite() takes one "line" of SQL per question (it may hold several
// statements; the last is expected to print exactly one row of one column)
// and returns, per line, either that output row or the error sqlite3
// reported for the line. Lines must not contain newlines.
//
// Thread-safety: each call uses its own temporary directory.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace s3lite::difftest {

struct OracleAnswer {
  bool error = false;
  std::string text;  // the output row, or the error message
};

// A temporary directory removed on destruction.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "s3lite-difftest-XXXXXX").string();
    char* p = mkdtemp(tmpl.data());
    path_ = p ? p : "";
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs `script` with `sqlite3 -batch <db>`; returns false if sqlite3 could
// not be started at all.
inline bool RunSqlite3(const std::string& db, const std::string& script, std::string* out,
                       std::string* err) {
  TempDir dir;
  if (dir.path().empty()) return false;
  const std::string in_path = dir.path() + "/in.sql";
  const std::string out_path = dir.path() + "/out.txt";
  const std::string err_path = dir.path() + "/err.txt";
  {
    std::ofstream f(in_path, std::ios::binary);
    f << script;
  }
  std::string cmd = "sqlite3 -batch '" + db + "' < '" + in_path + "' > '" + out_path + "' 2> '" +
                    err_path + "'";
  int rc = std::system(cmd.c_str());
  *out = ReadWholeFile(out_path);
  *err = ReadWholeFile(err_path);
  return rc != -1 && WIFEXITED(rc) && WEXITSTATUS(rc) != 127;
}

inline std::vector<OracleAnswer> AskSqlite(const std::vector<std::string>& lines) {
  std::string script;
  for (const std::string& line : lines) script += line + "\n";
  std::string out, err;
  std::vector<OracleAnswer> answers(lines.size());
  if (!RunSqlite3(":memory:", script, &out, &err)) {
    for (auto& a : answers) a = {true, "could not run sqlite3"};
    return answers;
  }
  // "Runtime error near line 3: integer overflow"
  std::map<size_t, std::string> errors;
  static const std::regex kErrorLine(R"(^(?:\w+ )?[Ee]rror:? near line (\d+): (.*)$)");
  std::istringstream err_lines(err);
  std::string line;
  while (std::getline(err_lines, line)) {
    std::smatch m;
    if (std::regex_match(line, m, kErrorLine)) {
      size_t n = std::stoul(m[1].str());
      // The shell appends the numeric result code to some messages: " (18)".
      static const std::regex kCode(R"( \(\d+\)$)");
      if (!errors.count(n)) errors[n] = std::regex_replace(m[2].str(), kCode, "");
    }
  }
  std::istringstream out_lines(out);
  for (size_t i = 0; i < lines.size(); i++) {
    auto e = errors.find(i + 1);
    if (e != errors.end()) {
      answers[i] = {true, e->second};
      continue;
    }
    std::getline(out_lines, line);
    answers[i] = {false, line};
  }
  return answers;
}

}  // namespace s3lite::difftest
