// s3lite-admin checkpoint [--json] STORE
// Writes the WAL tail into chunks and commits the next manifest.
#include <cstdio>

#include "cli/admin/admin_command.h"

namespace s3lite {
namespace {

void Setup(CLI::App*) {}

int Run(AdminContext& ctx) {
  auto opened = AdminOpen(ctx);
  if (!opened) return 1;
  auto before = opened->db->CurrentVersion();
  if (!before.ok()) return AdminFail(before.status());
  Status st = opened->db->Checkpoint();
  if (!st.ok()) return AdminFail(WithWriterHint(st.WithContext("checkpoint"), ".commit"));
  auto after = opened->db->CurrentVersion();
  if (!after.ok()) return AdminFail(after.status());
  if (ctx.json) {
    PrintJson({{"store", opened->location}, {"version_before", before->version}, {"version_after", after->version}});
  } else if (after->version == before->version) {
    std::printf("nothing to checkpoint: version %llu is current\n", static_cast<unsigned long long>(after->version));
  } else {
    std::printf("checkpointed: version %llu -> %llu\n", static_cast<unsigned long long>(before->version),
                static_cast<unsigned long long>(after->version));
  }
  st = opened->db->Close();
  return st.ok() ? 0 : AdminFail(st);
}

AdminCommandRegistration reg{"checkpoint", "Write the WAL tail as chunks and commit the next manifest", Setup, Run};

}  // namespace
}  // namespace s3lite
