// s3lite-admin gc --keep N [--min-age DURATION] [--dry-run] [--json] STORE
// Deletes versions beyond the newest N and the objects no kept version
// needs, only when older than the grace period.
#include <cctype>
#include <cstdio>

#include "cli/admin/admin_command.h"
#include "cli/common/maintenance_ops.h"

namespace s3lite {
namespace {

int64_t g_keep = -1;
std::string g_min_age = "24h";
std::string g_grace = "1h";
bool g_dry_run = false;

// "90", "90s", "15m", "2h", "7d" -> milliseconds; -1 if malformed.
int64_t ParseDuration(const std::string& s) {
  if (s.empty()) return -1;
  size_t i = 0;
  int64_t n = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) n = n * 10 + (s[i++] - '0');
  if (i == 0) return -1;
  std::string unit = s.substr(i);
  if (unit.empty() || unit == "s") return n * 1000;
  if (unit == "ms") return n;
  if (unit == "m") return n * 60'000;
  if (unit == "h") return n * 3'600'000;
  if (unit == "d") return n * 86'400'000;
  return -1;
}

void Setup(CLI::App* sub) {
  sub->add_option("--keep", g_keep, "Keep the newest N versions")->required()->type_name("N")
      ->check(CLI::PositiveNumber);
  sub->add_option("--min-age", g_min_age, "Also keep every version younger than this (90s, 15m, 2h, 7d)")
      ->type_name("DURATION")->capture_default_str();
  sub->add_option("--grace", g_grace,
                  "Never delete an object younger than this, nor a version superseded more recently "
                  "(must exceed the longest reader refresh and checkpoint)")
      ->type_name("DURATION")->capture_default_str();
  sub->add_flag("--dry-run", g_dry_run, "Report what would be deleted, delete nothing");
}

int Run(AdminContext& ctx) {
  int64_t min_age = ParseDuration(g_min_age);
  int64_t grace = ParseDuration(g_grace);
  if (min_age < 0 || grace < 0) {
    const std::string& bad = min_age < 0 ? g_min_age : g_grace;
    return AdminFail(Status::InvalidArgument(std::string(min_age < 0 ? "--min-age" : "--grace") +
                                             ": bad duration \"" + bad + "\" (use e.g. 90s, 15m, 2h, 7d)"));
  }
  // GC only lists, reads and deletes store objects: it never takes the
  // writer epoch, so it does not fence a live writer.
  ctx.store.read_only = true;
  auto opened = AdminOpen(ctx);
  if (!opened) return 1;
  GcRequest req;
  req.keep_versions = g_keep;
  req.min_age_ms = min_age;
  req.grace_ms = grace;
  req.dry_run = g_dry_run;
  auto report = CollectGarbage(*opened->db, req);
  if (!report.ok()) return AdminFail(report.status());
  if (ctx.json) {
    PrintJson(report->json);
  } else {
    std::fputs(report->text.c_str(), stdout);
  }
  Status st = opened->db->Close();
  return st.ok() ? 0 : AdminFail(st);
}

AdminCommandRegistration reg{"gc",
                             "Delete old versions and unreferenced objects (--keep N, --min-age, --grace, --dry-run)",
                             Setup, Run};

}  // namespace
}  // namespace s3lite
