// s3lite-admin bench [--rows N] [--batch N] [--selects N] [--scans N] [--keep] [--json] STORE
// The built-in benchmark (cli/common/benchmark.h): throughput, latency
// percentiles and store requests per operation.
#include <cstdio>

#include "cli/admin/admin_command.h"
#include "cli/common/benchmark.h"

namespace s3lite {
namespace {

BenchOptions g_options;

void Setup(CLI::App* sub) {
  sub->add_option("--rows", g_options.rows, "Rows to insert")->capture_default_str()->check(CLI::PositiveNumber);
  sub->add_option("--batch", g_options.batch, "Rows per transaction")->capture_default_str()
      ->check(CLI::PositiveNumber);
  sub->add_option("--selects", g_options.point_selects, "Point selects by primary key")->capture_default_str();
  sub->add_option("--scans", g_options.scans, "Full scans with COUNT/AVG")->capture_default_str();
  sub->add_option("--table", g_options.table, "Scratch table name")->capture_default_str();
  sub->add_flag("--keep", g_options.keep, "Keep the scratch table");
}

int Run(AdminContext& ctx) {
  auto opened = AdminOpen(ctx);
  if (!opened) return 1;
  Progress progress(ctx.quiet);
  g_options.progress = [&](const std::string& s) { progress.Update(s); };
  auto report = RunBenchmark(opened->db, g_options);
  progress.Done();
  if (!report.ok()) return AdminFail(report.status().WithContext("bench"));
  if (ctx.json) {
    PrintJson(BenchReportToJson(*report));
  } else {
    std::fputs(FormatBenchReport(*report).c_str(), stdout);
  }
  Status st = opened->db->Close();
  return st.ok() ? 0 : AdminFail(st);
}

AdminCommandRegistration reg{"bench", "Built-in benchmark: inserts, point selects, scan", Setup, Run};

}  // namespace
}  // namespace s3lite
