// RunMount: the life of a mount.s3lite process.
//
//  1. Check the mount point (exists, is a directory, is empty, is not already
//     a mount point).
//  2. Unless -f: fork. The parent waits on a pipe for the child's first line,
//     "ok" or an error, and exits 0 or prints the error and exits 1 -- so a
//     caller (mount(8), systemd, a script) learns whether the mount worked.
//     The fork happens before any thread exists (the engine starts workers).
//  3. Open the store and the database; create the FUSE session; mount.
//  4. Report success: the pipe (daemon), sd_notify READY=1 (foreground under
//     systemd Type=notify); then stdio moves to /dev/null and logs to syslog.
//  5. Serve with fuse_session_loop_mt until `fusermount3 -u`/`umount`, SIGTERM,
//     SIGINT or SIGHUP; unmount; Database::Close() (the final checkpoint).
//
// Returns the process exit status: 0, or 1 after printing one line
// "mount.s3lite: <what failed>" to stderr.
//
// Thread-safety: call once, from main().
#pragma once

#include <string>

#include "engine/util/status.h"
#include "fs/mount_options.h"

namespace s3lite {

int RunMount(const MountOptions& options);

// The mount point check of step 1 (exposed for tests).
Status CheckMountPoint(const std::string& path);

}  // namespace s3lite
