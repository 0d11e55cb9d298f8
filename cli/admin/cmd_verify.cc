// s3lite-admin verify [--version N] [--all-versions] [--no-page-check] [--json] STORE
// Every object a version needs exists and is intact (whole chunks fetched,
// every page checksum checked), every reachable page is read back in key
// order with correct bounds and depth, index entries point at existing rows.
// Exit status 1 on any problem.
#include <cstdio>

#include "cli/admin/admin_command.h"
#include "cli/common/maintenance_ops.h"

namespace s3lite {
namespace {

int64_t g_version = -1;
bool g_all_versions = false;
bool g_no_page_check = false;

void Setup(CLI::App* sub) {
  sub->add_option("--version", g_version, "Walk this retained version instead of the current one")
      ->type_name("N");
  sub->add_flag("--all-versions", g_all_versions, "Check the objects of every retained version");
  sub->add_flag("--no-page-check", g_no_page_check,
                "Object check reads chunk footers only (faster; the page walk still reads every reachable page)");
}

int Run(AdminContext& ctx) {
  ctx.store.read_only = true;
  auto opened = AdminOpen(ctx);
  if (!opened) return 1;
  Progress progress(ctx.quiet);
  StoreVerifyOptions options;
  if (g_version >= 0) options.version = static_cast<uint64_t>(g_version);
  options.all_versions = g_all_versions;
  options.check_pages = !g_no_page_check;
  options.progress = [&](const std::string& s) { progress.Update(s); };
  auto report = VerifyStore(*opened->db, options);
  progress.Done();
  if (!report.ok()) return AdminFail(report.status().WithContext("verify"));
  if (ctx.json) {
    report->json["store"] = opened->location;
    PrintJson(report->json);
  } else {
    std::fputs(report->text.c_str(), stdout);
  }
  Status st = opened->db->Close();
  if (!st.ok()) return AdminFail(st);
  return report->ok ? 0 : 1;
}

AdminCommandRegistration reg{"verify", "Check every needed object, every reachable page, order and references",
                             Setup, Run};

}  // namespace
}  // namespace s3lite
