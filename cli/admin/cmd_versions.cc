// s3lite-admin versions [--json] STORE
// Every retained version, oldest first, with its parent, epoch, creation time and size.
#include <cstdio>

#include "cli/admin/admin_command.h"
#include "cli/common/manifest_report.h"

namespace s3lite {
namespace {

void Setup(CLI::App*) {}

int Run(AdminContext& ctx) {
  ctx.store.read_only = true;
  auto opened = AdminOpen(ctx);
  if (!opened) return 1;
  Progress progress(ctx.quiet);
  auto versions = opened->db->ListVersions();
  if (!versions.ok()) return AdminFail(versions.status());
  auto current = opened->db->CurrentVersion();
  nlohmann::json list = nlohmann::json::array();
  if (!ctx.json) {
    std::printf("%10s %10s %8s %-24s %8s %12s %s\n", "version", "parent", "epoch", "created", "chunks", "bytes",
                "");
  }
  size_t done = 0;
  for (uint64_t n : *versions) {
    progress.Update("reading version " + std::to_string(n) + " (" + std::to_string(++done) + "/" +
                    std::to_string(versions->size()) + ")");
    auto v = opened->db->DescribeVersion(n);
    if (!v.ok()) return AdminFail(v.status());
    bool is_current = current.ok() && current->version == n;
    if (ctx.json) {
      nlohmann::json j = VersionInfoToJson(*v);
      j.erase("catalog");
      j["current"] = is_current;
      list.push_back(j);
    } else {
      progress.Done();
      std::printf("%10llu %10llu %8llu %-24s %8llu %12s %s\n", static_cast<unsigned long long>(v->version),
                  static_cast<unsigned long long>(v->parent_version), static_cast<unsigned long long>(v->epoch),
                  FormatUnixMillis(v->created_unix_ms).c_str(), static_cast<unsigned long long>(v->chunk_count),
                  FormatBytes(v->chunk_bytes).c_str(), is_current ? "(current)" : "");
    }
  }
  progress.Done();
  if (ctx.json) PrintJson({{"store", opened->location}, {"versions", list}});
  Status st = opened->db->Close();
  return st.ok() ? 0 : AdminFail(st);
}

AdminCommandRegistration reg{"versions", "List the retained database versions", Setup, Run};

}  // namespace
}  // namespace s3lite
