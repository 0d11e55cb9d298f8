// Dot commands about the store and the engine: .stats .commit .compact .gc
// .bench .manifest
#include <cstdio>
#include <algorithm>
#include <cstdlib>

#include "cli/common/benchmark.h"
#include "cli/common/maintenance_ops.h"
#include "cli/common/manifest_report.h"
#include "cli/shell/dot_command.h"
#include "cli/shell/shell.h"

namespace s3lite {
namespace {

DotResult Fail(Shell& shell, const Status& st) {
  shell.ReportError(st.message());
  return DotResult::kError;
}

DotResult Stats(Shell& shell, const DotArgs& a) {
  if (a.size() == 2) {
    bool on;
    if (!ParseBool(a[1], &on)) {
      std::fprintf(stderr, "Usage: .stats ?on|off?\n");
      return DotResult::kError;
    }
    shell.flags().stats = on;
    return DotResult::kOk;
  }
  std::fputs(FormatStats(shell.last_statement_stats(), "last").c_str(), shell.out());
  std::fputs(FormatStats(shell.total_stats(), "total").c_str(), shell.out());
  return DotResult::kOk;
}

DotResult Commit(Shell& shell, const DotArgs& a) {
  if (a.size() != 1) {
    std::fprintf(stderr, "Usage: .commit\n");
    return DotResult::kError;
  }
  Status st = shell.database().Checkpoint();
  if (!st.ok()) return Fail(shell, st);
  auto v = shell.database().CurrentVersion();
  if (v.ok()) std::fprintf(shell.out(), "checkpointed: version %llu\n", static_cast<unsigned long long>(v->version));
  return DotResult::kOk;
}

DotResult Compact(Shell& shell, const DotArgs& a) {
  if (a.size() != 1) {
    std::fprintf(stderr, "Usage: .compact\n");
    return DotResult::kError;
  }
  auto report = CompactDatabase(shell.database());
  if (!report.ok()) return Fail(shell, report.status());
  std::fputs(report->text.c_str(), shell.out());
  return DotResult::kOk;
}

DotResult Gc(Shell& shell, const DotArgs& a) {
  if (a.size() > 2) {
    std::fprintf(stderr, "Usage: .gc ?KEEP?\n");
    return DotResult::kError;
  }
  GcRequest req;
  if (a.size() == 2) req.keep_versions = std::strtoll(a[1].c_str(), nullptr, 10);
  auto report = CollectGarbage(shell.database(), req);
  if (!report.ok()) return Fail(shell, report.status());
  std::fputs(report->text.c_str(), shell.out());
  return DotResult::kOk;
}

DotResult Bench(Shell& shell, const DotArgs& a) {
  if (a.size() > 2) {
    std::fprintf(stderr, "Usage: .bench ?ROWS?\n");
    return DotResult::kError;
  }
  BenchOptions o;
  if (a.size() == 2) o.rows = std::strtoll(a[1].c_str(), nullptr, 10);
  o.point_selects = std::min<int64_t>(1000, o.rows);
  o.batch = std::min<int64_t>(1000, o.rows);
  // The benchmark needs the shell's Database as a shared_ptr; the shell keeps one.
  auto report = RunBenchmark(shell.database_ptr(), o);
  if (!report.ok()) return Fail(shell, report.status());
  std::fputs(FormatBenchReport(*report).c_str(), shell.out());
  return DotResult::kOk;
}

DotResult Manifest(Shell& shell, const DotArgs& a) {
  if (a.size() > 2) {
    std::fprintf(stderr, "Usage: .manifest ?VERSION?\n");
    return DotResult::kError;
  }
  Result<VersionInfo> v = a.size() == 2
                              ? shell.database().DescribeVersion(std::strtoull(a[1].c_str(), nullptr, 10))
                              : shell.database().CurrentVersion();
  if (!v.ok()) return Fail(shell, v.status());
  std::fputs(FormatVersionInfo(*v).c_str(), shell.out());
  return DotResult::kOk;
}

}  // namespace

const std::vector<DotCommand>& StoreDotCommands() {
  static const std::vector<DotCommand> cmds = {
      {"stats", ".stats ?on|off?",
       "Cache and store-request counters for the last statement and in total (on: after every statement)",
       Stats},
      {"commit", ".commit", "Checkpoint now: write dirty pages as chunks and the next manifest", Commit},
      {"compact", ".compact", "Rewrite chunks with few live pages", Compact},
      {"gc", ".gc ?KEEP?", "Delete versions beyond the newest KEEP and objects no kept version needs", Gc},
      {"bench", ".bench ?ROWS?", "Run the built-in benchmark (inserts, point selects, scan)", Bench},
      {"manifest", ".manifest ?VERSION?", "Describe the current (or given) database version", Manifest},
  };
  return cmds;
}

}  // namespace s3lite
