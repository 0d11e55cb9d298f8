// s3lite-admin stats [--json] STORE
// What the store holds (objects and bytes per kind: manifests, chunks, WAL,
// fences), the current version's size, and the requests this command made.
#include <cstdio>
#include <map>

#include "cli/admin/admin_command.h"
#include "cli/common/manifest_report.h"

namespace s3lite {
namespace {

void Setup(CLI::App*) {}

int Run(AdminContext& ctx) {
  ctx.store.read_only = true;
  auto opened = AdminOpen(ctx);
  if (!opened) return 1;
  auto current = opened->db->CurrentVersion();
  if (!current.ok()) return AdminFail(current.status());
  auto objects = opened->store->List("");
  if (!objects.ok()) return AdminFail(objects.status());
  struct Totals {
    uint64_t count = 0, bytes = 0;
  };
  std::map<std::string, Totals> kinds;
  for (const ObjectInfo& o : *objects) {
    std::string kind = o.key.substr(0, o.key.find('/'));
    kinds[kind].count++;
    kinds[kind].bytes += o.size;
  }
  EngineStats es = opened->db->stats();
  if (ctx.json) {
    nlohmann::json k;
    for (const auto& [name, t] : kinds) k[name] = {{"objects", t.count}, {"bytes", t.bytes}};
    nlohmann::json req;
    for (int i = 0; i < static_cast<int>(StoreOp::kCount); ++i) {
      req[StoreOpName(static_cast<StoreOp>(i))] = es.store.requests[i];
    }
    PrintJson({{"store", opened->location},
               {"version", current->version},
               {"epoch", current->epoch},
               {"chunk_count", current->chunk_count},
               {"chunk_bytes", current->chunk_bytes},
               {"live_pages", current->live_pages},
               {"total_pages", current->total_pages},
               {"objects", k},
               {"requests_made", req}});
  } else {
    std::printf("store:         %s\n", opened->location.c_str());
    std::printf("version:       %llu (epoch %llu)\n", static_cast<unsigned long long>(current->version),
                static_cast<unsigned long long>(current->epoch));
    std::printf("live data:     %llu chunks, %s, %llu of %llu pages live\n",
                static_cast<unsigned long long>(current->chunk_count), FormatBytes(current->chunk_bytes).c_str(),
                static_cast<unsigned long long>(current->live_pages),
                static_cast<unsigned long long>(current->total_pages));
    std::printf("objects in store:\n");
    for (const auto& [name, t] : kinds) {
      std::printf("  %-10s %8llu objects %12s\n", name.c_str(), static_cast<unsigned long long>(t.count),
                  FormatBytes(t.bytes).c_str());
    }
    std::printf("requests made by this command: %s\n", es.store.ToString().c_str());
  }
  Status st = opened->db->Close();
  return st.ok() ? 0 : AdminFail(st);
}

AdminCommandRegistration reg{"stats", "Objects and bytes in the store, size of the current version", Setup, Run};

}  // namespace
}  // namespace s3lite
