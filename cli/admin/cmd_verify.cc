// s3lite-admin verify [--version N] [--json] STORE
// Reads every reachable page (checksums are checked on read), checks tree
// order and index references; exit status 1 on any problem.
#include <cstdio>

#include "cli/admin/admin_command.h"
#include "cli/common/maintenance_ops.h"

namespace s3lite {
namespace {

int64_t g_version = -1;

void Setup(CLI::App* sub) {
  sub->add_option("--version", g_version, "Verify this retained version instead of the current one")
      ->type_name("N");
}

int Run(AdminContext& ctx) {
  ctx.store.read_only = true;
  auto opened = AdminOpen(ctx);
  if (!opened) return 1;
  Progress progress(ctx.quiet);
  VerifyOptions options;
  if (g_version >= 0) options.version = static_cast<uint64_t>(g_version);
  options.progress = [&](const std::string& s) { progress.Update(s); };
  auto report = VerifyDatabase(*opened->db, options);
  progress.Done();
  if (!report.ok()) return AdminFail(report.status().WithContext("verify"));
  MaintenanceReport r = report->ToReport();
  if (ctx.json) {
    r.json["store"] = opened->location;
    PrintJson(r.json);
  } else {
    std::fputs(r.text.c_str(), stdout);
  }
  Status st = opened->db->Close();
  if (!st.ok()) return AdminFail(st);
  return report->problems.empty() ? 0 : 1;
}

AdminCommandRegistration reg{"verify", "Read every reachable page; check checksums, order and references", Setup,
                             Run};

}  // namespace
}  // namespace s3lite
