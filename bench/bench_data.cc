#include "bench/bench_data.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>

#include <time.h>

namespace s3lite::bench {

std::vector<BenchRow> MakeRows(int64_t first, int64_t count, uint64_t seed) {
  std::mt19937_64 rng(seed * 1000003 + static_cast<uint64_t>(first));
  std::vector<BenchRow> rows;
  rows.reserve(static_cast<size_t>(count));
  char name[32];
  for (int64_t i = 0; i < count; i++) {
    std::snprintf(name, sizeof(name), "name%06d", static_cast<int>(rng() % 1000000));
    rows.push_back({first + i, name, 18 + static_cast<int64_t>(rng() % 72)});
  }
  return rows;
}

uint64_t CsvBytes(const std::vector<BenchRow>& rows) {
  uint64_t total = 0;
  for (const BenchRow& r : rows) total += std::to_string(r.id).size() + r.name.size() + std::to_string(r.age).size() + 3;
  return total;
}

std::vector<std::string> InsertStatements(const std::vector<BenchRow>& rows, size_t batch) {
  std::vector<std::string> out;
  std::string sql;
  size_t in_batch = 0;
  for (const BenchRow& r : rows) {
    sql += in_batch == 0 ? "INSERT INTO t VALUES " : ",";
    sql += "(" + std::to_string(r.id) + ",'" + r.name + "'," + std::to_string(r.age) + ")";
    if (++in_batch == batch) {
      out.push_back(std::move(sql) + ";");
      sql.clear();
      in_batch = 0;
    }
  }
  if (in_batch > 0) out.push_back(std::move(sql) + ";");
  return out;
}

Status RunSql(Connection& conn, std::string_view sql, int64_t* rows, Row* first) {
  int64_t n = 0;
  while (true) {
    std::string_view tail;
    S3LITE_ASSIGN_OR_RETURN(std::unique_ptr<Statement> stmt, conn.Prepare(sql, &tail));
    if (!stmt) break;
    while (true) {
      S3LITE_ASSIGN_OR_RETURN(bool has_row, stmt->Step());
      if (!has_row) break;
      if (n == 0 && first) *first = stmt->row();
      n++;
    }
    sql = tail;
  }
  if (rows) *rows = n;
  return Status::OK();
}

double ProcessCpuSeconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

ScratchDir::ScratchDir(const std::string& tag) {
  const char* tmp = std::getenv("TMPDIR");
  std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/s3lite-bench-" + tag + "-XXXXXX";
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data()) == nullptr) {
    std::perror("mkdtemp");
    std::abort();
  }
  path_ = buf.data();
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace s3lite::bench
