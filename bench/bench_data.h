// Shared helpers for the benchmark programs: deterministic rows, the SQL
// that loads them, running SQL to completion, scratch directories, a clock.
//
// Rows are those of TESTING.md's table t(id INTEGER PRIMARY KEY, name TEXT,
// age INT): id 1..n in key order, name "name%06d" (random), age 18..89.
//
// Thread-safety: plain functions; a ScratchDir belongs to one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/util/status.h"
#include "engine/value/value.h"
#include "sql/connection.h"

namespace s3lite::bench {

struct BenchRow {
  int64_t id;
  std::string name;
  int64_t age;
};

// Rows first..first+count-1 of the deterministic data set.
std::vector<BenchRow> MakeRows(int64_t first, int64_t count, uint64_t seed = 1);

// Bytes of the rows as CSV lines ("1,name123456,42\n"): the "row data" that
// MB/s and write amplification are measured against.
uint64_t CsvBytes(const std::vector<BenchRow>& rows);

// "INSERT INTO t VALUES (..),(..);" statements of `batch` rows each.
std::vector<std::string> InsertStatements(const std::vector<BenchRow>& rows, size_t batch = 1000);

constexpr const char* kCreateTable = "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, age INT)";

// Runs every statement of `sql`, stepping through all rows. *rows (optional)
// receives the number of result rows, *first (optional) the first row.
Status RunSql(Connection& conn, std::string_view sql, int64_t* rows = nullptr, Row* first = nullptr);

// A fresh directory under $TMPDIR (or /tmp), removed with its contents.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& tag);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Wall time and CPU time of the whole process (all threads) since
// construction. On a loaded machine CPU time is the steadier figure.
double ProcessCpuSeconds();

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()), cpu_start_(ProcessCpuSeconds()) {}
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  double cpu_seconds() const { return ProcessCpuSeconds() - cpu_start_; }

 private:
  std::chrono::steady_clock::time_point start_;
  double cpu_start_;
};

}  // namespace s3lite::bench
