// s3lite-admin: maintenance of an s3lite store (docs/CLI.md).
//
//   s3lite-admin COMMAND [OPTIONS] STORE
//
// Every command accepts the shared store options (cli/common/store_cli.h),
// --json (machine-readable output) and --quiet (no progress line). Commands
// register themselves (admin_command.h); this file only wires CLI11.
#include <algorithm>
#include <cstdio>

#include "cli/admin/admin_command.h"

namespace s3lite {
namespace {

int AdminMain(int argc, char** argv) {
  CLI::App app{"s3lite-admin: maintenance of an s3lite store (local directory or s3://bucket/prefix)",
               "s3lite-admin"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "s3lite-admin 0.1.0");
  AdminContext ctx;
  std::vector<AdminCommand> commands = AdminCommands();
  std::sort(commands.begin(), commands.end(),
            [](const AdminCommand& a, const AdminCommand& b) { return std::string(a.name) < b.name; });
  std::vector<std::pair<CLI::App*, const AdminCommand*>> subs;
  for (const AdminCommand& cmd : commands) {
    CLI::App* sub = app.add_subcommand(cmd.name, cmd.help);
    ctx.store.AddOptions(sub);
    sub->add_flag("--json", ctx.json, "Machine-readable JSON output");
    sub->add_flag("-q,--quiet", ctx.quiet, "No progress line on stderr");
    sub->add_option("store", ctx.store.store, "Local directory or s3://bucket[/prefix]")->type_name("STORE");
    cmd.setup(sub);
    subs.emplace_back(sub, &cmd);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  for (auto& [sub, cmd] : subs) {
    if (sub->parsed()) return cmd->run(ctx);
  }
  return 1;
}

}  // namespace
}  // namespace s3lite

int main(int argc, char** argv) { return s3lite::AdminMain(argc, argv); }
