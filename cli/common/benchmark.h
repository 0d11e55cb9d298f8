// The built-in benchmark behind `.bench N` and `s3lite-admin bench`: on a
// scratch table it measures inserts (in transactions of `batch` rows), point
// selects by primary key, and a full scan with an aggregate, and reports
// throughput, latency percentiles and store requests per operation (the
// machine-independent figure, DESIGN.md section 5). The scratch table is
// dropped at the end unless `keep`.
//
// Thread-safety: runs on the caller's thread with its own Connection.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/db/database.h"
#include "engine/util/status.h"

namespace s3lite {

struct BenchOptions {
  int64_t rows = 10000;          // rows inserted
  int64_t batch = 1000;          // rows per transaction (one multi-row INSERT)
  int64_t point_selects = 1000;  // random primary-key lookups
  int64_t scans = 3;             // full scans with COUNT/AVG
  std::string table = "s3lite_bench";
  bool keep = false;
  uint64_t seed = 42;
  // Called now and then with a short status line ("insert 3000/10000").
  std::function<void(const std::string&)> progress;
};

struct BenchPhase {
  std::string name;     // "insert", "point select", "scan"
  int64_t ops = 0;      // rows inserted, lookups or scans
  double seconds = 0;
  double p50_ms = 0, p95_ms = 0, p99_ms = 0, max_ms = 0;  // per transaction/lookup/scan
  StoreStatsSnapshot store;
  double ops_per_second() const { return seconds > 0 ? static_cast<double>(ops) / seconds : 0; }
};

struct BenchReport {
  std::string store;
  std::vector<BenchPhase> phases;
};

Result<BenchReport> RunBenchmark(std::shared_ptr<Database> db, const BenchOptions& options);

std::string FormatBenchReport(const BenchReport& report);
nlohmann::json BenchReportToJson(const BenchReport& report);

}  // namespace s3lite
