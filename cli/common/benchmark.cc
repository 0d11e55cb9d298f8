#include "cli/common/benchmark.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

#include "sql/connection.h"

namespace s3lite {
namespace {

using Clock = std::chrono::steady_clock;

double Millis(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// Runs every statement of `sql`, discarding rows.
Status Run(Connection& conn, const std::string& sql) {
  std::string_view rest = sql;
  while (true) {
    std::string_view tail;
    S3LITE_ASSIGN_OR_RETURN(auto stmt, conn.Prepare(rest, &tail));
    if (stmt == nullptr) return Status::OK();
    while (true) {
      S3LITE_ASSIGN_OR_RETURN(bool row, stmt->Step());
      if (!row) break;
    }
    if (tail.size() >= rest.size()) return Status::OK();
    rest = tail;
  }
}

void Percentiles(std::vector<double> samples, BenchPhase* phase) {
  if (samples.empty()) return;
  std::sort(samples.begin(), samples.end());
  auto at = [&](double q) {
    size_t i = static_cast<size_t>(q * static_cast<double>(samples.size() - 1) + 0.5);
    return samples[std::min(i, samples.size() - 1)];
  };
  phase->p50_ms = at(0.50);
  phase->p95_ms = at(0.95);
  phase->p99_ms = at(0.99);
  phase->max_ms = samples.back();
}

}  // namespace

Result<BenchReport> RunBenchmark(std::shared_ptr<Database> db, const BenchOptions& o) {
  if (o.rows <= 0 || o.batch <= 0) return Status::InvalidArgument("bench: row and batch counts must be positive");
  S3LITE_ASSIGN_OR_RETURN(auto conn, Connection::Open(db));
  BenchReport report;
  report.store = db->store().Describe();
  const std::string t = "\"" + o.table + "\"";
  S3LITE_RETURN_IF_ERROR(Run(*conn, "DROP TABLE IF EXISTS " + t));
  S3LITE_RETURN_IF_ERROR(
      Run(*conn, "CREATE TABLE " + t + "(id INTEGER PRIMARY KEY, name TEXT, age INTEGER)"));
  std::mt19937_64 rng(o.seed);

  // Inserts: one transaction per batch.
  {
    BenchPhase phase;
    phase.name = "insert";
    std::vector<double> lat;
    StoreStatsSnapshot before = db->store().stats().Snapshot();
    auto start = Clock::now();
    for (int64_t done = 0; done < o.rows;) {
      int64_t n = std::min(o.batch, o.rows - done);
      std::string sql = "INSERT INTO " + t + " VALUES";
      for (int64_t i = 0; i < n; ++i) {
        int64_t id = done + i + 1;
        sql += (i ? ",(" : "(") + std::to_string(id) + ",'name-" + std::to_string(id) + "'," +
               std::to_string(18 + static_cast<int64_t>(rng() % 80)) + ")";
      }
      auto t0 = Clock::now();
      S3LITE_RETURN_IF_ERROR(Run(*conn, "BEGIN; " + sql + "; COMMIT;"));
      lat.push_back(Millis(Clock::now() - t0));
      done += n;
      if (o.progress) o.progress("insert " + std::to_string(done) + "/" + std::to_string(o.rows));
    }
    phase.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    phase.ops = o.rows;
    phase.store = db->store().stats().Snapshot() - before;
    Percentiles(lat, &phase);
    report.phases.push_back(phase);
  }

  // Point selects by primary key.
  {
    BenchPhase phase;
    phase.name = "point select";
    std::vector<double> lat;
    StoreStatsSnapshot before = db->store().stats().Snapshot();
    auto start = Clock::now();
    for (int64_t i = 0; i < o.point_selects; ++i) {
      int64_t id = 1 + static_cast<int64_t>(rng() % static_cast<uint64_t>(o.rows));
      auto t0 = Clock::now();
      S3LITE_RETURN_IF_ERROR(Run(*conn, "SELECT name, age FROM " + t + " WHERE id = " + std::to_string(id)));
      lat.push_back(Millis(Clock::now() - t0));
      if (o.progress && (i + 1) % 100 == 0) {
        o.progress("point select " + std::to_string(i + 1) + "/" + std::to_string(o.point_selects));
      }
    }
    phase.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    phase.ops = o.point_selects;
    phase.store = db->store().stats().Snapshot() - before;
    Percentiles(lat, &phase);
    report.phases.push_back(phase);
  }

  // Full scans with an aggregate.
  {
    BenchPhase phase;
    phase.name = "scan";
    std::vector<double> lat;
    StoreStatsSnapshot before = db->store().stats().Snapshot();
    auto start = Clock::now();
    for (int64_t i = 0; i < o.scans; ++i) {
      auto t0 = Clock::now();
      S3LITE_RETURN_IF_ERROR(Run(*conn, "SELECT COUNT(*), AVG(age) FROM " + t));
      lat.push_back(Millis(Clock::now() - t0));
      if (o.progress) o.progress("scan " + std::to_string(i + 1) + "/" + std::to_string(o.scans));
    }
    phase.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    phase.ops = o.scans;
    phase.store = db->store().stats().Snapshot() - before;
    Percentiles(lat, &phase);
    report.phases.push_back(phase);
  }

  if (!o.keep) S3LITE_RETURN_IF_ERROR(Run(*conn, "DROP TABLE " + t));
  return report;
}

std::string FormatBenchReport(const BenchReport& r) {
  std::string out = "benchmark on " + r.store + "\n";
  char buf[512];
  std::snprintf(buf, sizeof buf, "%-13s %9s %9s %12s %9s %9s %9s %9s %10s\n", "phase", "ops", "seconds",
                "ops/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "req/op");
  out += buf;
  for (const BenchPhase& p : r.phases) {
    double per_op = p.ops > 0 ? static_cast<double>(p.store.total_requests()) / static_cast<double>(p.ops) : 0;
    std::snprintf(buf, sizeof buf, "%-13s %9lld %9.3f %12.1f %9.3f %9.3f %9.3f %9.3f %10.3f\n", p.name.c_str(),
                  static_cast<long long>(p.ops), p.seconds, p.ops_per_second(), p.p50_ms, p.p95_ms, p.p99_ms,
                  p.max_ms, per_op);
    out += buf;
  }
  out += "store requests per phase:\n";
  for (const BenchPhase& p : r.phases) out += "  " + p.name + ": " + p.store.ToString() + "\n";
  return out;
}

nlohmann::json BenchReportToJson(const BenchReport& r) {
  nlohmann::json phases = nlohmann::json::array();
  for (const BenchPhase& p : r.phases) {
    nlohmann::json req;
    for (int k = 0; k < static_cast<int>(StoreOp::kCount); ++k) {
      req[StoreOpName(static_cast<StoreOp>(k))] = p.store.requests[k];
    }
    phases.push_back({{"phase", p.name},
                      {"ops", p.ops},
                      {"seconds", p.seconds},
                      {"ops_per_second", p.ops_per_second()},
                      {"latency_ms", {{"p50", p.p50_ms}, {"p95", p.p95_ms}, {"p99", p.p99_ms}, {"max", p.max_ms}}},
                      {"store_requests", req},
                      {"store_requests_total", p.store.total_requests()},
                      {"requests_per_op", p.ops > 0 ? static_cast<double>(p.store.total_requests()) /
                                                          static_cast<double>(p.ops)
                                                    : 0.0},
                      {"bytes_read", p.store.bytes_read},
                      {"bytes_written", p.store.bytes_written}});
  }
  return {{"store", r.store}, {"phases", phases}};
}

}  // namespace s3lite
