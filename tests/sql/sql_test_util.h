// Helpers for SQL layer tests: a Connection over a real Database on a
// LocalStore in a temporary directory, a runner that prints results the way
// `sqlite3` does in list mode, and an oracle that runs the same script in
// `sqlite3 :memory:` so expected values come from sqlite3 itself.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>

#include "engine/db/database.h"
#include "engine/store/local_store.h"
#include "sql/connection.h"
#include "sql/function/value_ops.h"

namespace s3lite::sqltest {

class ScratchDir {
 public:
  ScratchDir() {
    std::filesystem::path base = std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : "/tmp";
    std::string tmpl = (base / "s3lite-sql-XXXXXX").string();
    char* p = mkdtemp(tmpl.data());
    EXPECT_NE(p, nullptr);
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline std::string RenderValue(const Value& v) {
  if (v.is_null()) return "";
  if (v.is_blob()) return v.blob();
  return ValueToText(v);
}

class SqlFixture : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen() {
    conn_.reset();
    if (db_) (void)db_->Close();
    db_.reset();
    auto store = LocalStore::Open(dir_.path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto db = Database::Open(std::shared_ptr<ObjectStore>(*store), DatabaseOptions{});
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = *db;
    auto c = Connection::Open(db_);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    conn_ = std::move(*c);
  }

  void TearDown() override {
    conn_.reset();
    if (db_) (void)db_->Close();
  }

  // Runs every statement; rows as "a|b" lines, errors as "Error: msg".
  std::string Run(const std::string& script) {
    std::string out;
    std::string_view rest = script;
    while (true) {
      std::string_view tail;
      auto st = conn_->Prepare(rest, &tail);
      if (!st.ok()) {
        out += "Error: " + st.status().message() + "\n";
        if (tail.size() >= rest.size()) break;
        rest = tail;
        continue;
      }
      rest = tail;
      if (!*st) break;
      while (true) {
        auto r = (*st)->Step();
        if (!r.ok()) {
          std::string m = r.status().message();
          if (m.rfind("Runtime error: ", 0) == 0) m = m.substr(15);
          out += "Error: " + m + "\n";
          break;
        }
        if (!*r) break;
        const Row& row = (*st)->row();
        for (size_t i = 0; i < row.size(); i++) out += (i ? "|" : "") + RenderValue(row[i]);
        out += "\n";
      }
    }
    return out;
  }

  // Column names of a query.
  std::vector<std::string> Columns(const std::string& sql) {
    auto st = conn_->Prepare(sql, nullptr);
    EXPECT_TRUE(st.ok()) << st.status().ToString();
    if (!st.ok() || !*st) return {};
    return (*st)->column_names();
  }

  // EXPLAIN QUERY PLAN details joined by "\n".
  std::string Plan(const std::string& sql) {
    std::string out = Run("EXPLAIN QUERY PLAN " + sql);
    std::string details;
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line)) {
      size_t p = line.find('|');
      p = line.find('|', p + 1);
      p = line.find('|', p + 1);
      details += line.substr(p + 1) + "\n";
    }
    return details;
  }

  ScratchDir dir_;
  std::shared_ptr<Database> db_;
  std::unique_ptr<Connection> conn_;
};

// Runs `script` in sqlite3 and normalizes its output to Run()'s format.
inline std::string Sqlite3(const std::string& script) {
  ScratchDir d;
  std::string path = d.path() + "/in.sql";
  {
    std::ofstream f(path);
    f << script;
  }
  std::string cmd = "sqlite3 :memory: < " + path + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return "popen failed";
  std::string raw;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) raw.append(buf.data(), n);
  pclose(p);
  std::string out;
  std::istringstream in(raw);
  std::string line;
  static const std::regex err(R"(^(Parse|Runtime) error near line \d+: (.*?)( \(\d+\))?$)");
  bool after_error = false;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, err)) {
      out += "Error: " + m[2].str() + "\n";
      after_error = true;
      continue;
    }
    if (after_error && line.rfind("  ", 0) == 0) continue;  // error context lines
    after_error = false;
    out += line + "\n";
  }
  return out;
}

}  // namespace s3lite::sqltest
