// s3lite-admin manifest [--version N] [--json] STORE
// The current (or a retained older) version: number, epoch, WAL position,
// chunk count and sizes, pages, tables and indexes.
#include <cstdio>

#include "cli/admin/admin_command.h"
#include "cli/common/manifest_report.h"

namespace s3lite {
namespace {

int64_t g_version = -1;

void Setup(CLI::App* sub) {
  sub->add_option("--version", g_version, "Describe this retained version instead of the current one")
      ->type_name("N");
}

int Run(AdminContext& ctx) {
  ctx.store.read_only = true;
  auto opened = AdminOpen(ctx);
  if (!opened) return 1;
  Result<VersionInfo> v = g_version >= 0 ? opened->db->DescribeVersion(static_cast<uint64_t>(g_version))
                                         : opened->db->CurrentVersion();
  if (!v.ok()) return AdminFail(v.status());
  if (ctx.json) {
    nlohmann::json j = VersionInfoToJson(*v);
    j["store"] = opened->location;
    PrintJson(j);
  } else {
    std::printf("store:         %s\n%s", opened->location.c_str(), FormatVersionInfo(*v).c_str());
  }
  Status st = opened->db->Close();
  return st.ok() ? 0 : AdminFail(st);
}

AdminCommandRegistration reg{"manifest", "Describe the current (or --version N) database version", Setup, Run};

}  // namespace
}  // namespace s3lite
