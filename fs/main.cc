// mount.s3lite: mounts an s3lite database as a directory of table files.
//
//   mount.s3lite STORE MOUNTPOINT [-o opt[,opt...]] [--long-flags]
//
// STORE is a directory or s3://bucket[/prefix]. The argv is the one mount(8)
// uses for /etc/fstab entries of type `s3lite`. See docs/FILESYSTEM.md.
#include <cstdio>
#include <string>
#include <vector>

#include "fs/mount_options.h"
#include "fs/mount_runner.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  for (const std::string& a : args) {
    if (a == "-h" || a == "--help") {
      std::fputs(s3lite::MountUsage().c_str(), stdout);
      return 0;
    }
  }
  auto options = s3lite::ParseMountArgs(args);
  if (!options.ok()) {
    std::fprintf(stderr, "mount.s3lite: %s\n(run mount.s3lite --help for usage)\n",
                 options.status().message().c_str());
    return 1;
  }
  return s3lite::RunMount(*options);
}
