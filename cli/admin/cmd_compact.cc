// s3lite-admin compact [--json] STORE
// Rewrites chunks with few live pages (and merges small ones) into full
// chunks; prints the store's size before and after.
#include <cstdio>

#include "cli/admin/admin_command.h"
#include "cli/common/maintenance_ops.h"

namespace s3lite {
namespace {

void Setup(CLI::App*) {}

int Run(AdminContext& ctx) {
  auto opened = AdminOpen(ctx);
  if (!opened) return 1;
  auto report = CompactDatabase(*opened->db);
  if (!report.ok()) return AdminFail(WithWriterHint(report.status(), ".compact"));
  if (ctx.json) {
    PrintJson(report->json);
  } else {
    std::fputs(report->text.c_str(), stdout);
  }
  Status st = opened->db->Close();
  return st.ok() ? 0 : AdminFail(st);
}

AdminCommandRegistration reg{"compact", "Rewrite chunks with a low live-page ratio; prints before/after", Setup,
                             Run};

}  // namespace
}  // namespace s3lite
