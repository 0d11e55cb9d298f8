// MountOptions: what `mount.s3lite` was asked to do, parsed in one place.
//
// mount(8) runs a helper as `mount.s3lite SOURCE TARGET [-n] [-s] [-v] -o opts`
// for an /etc/fstab entry of type `s3lite`; people run it the same way or with
// long flags. Both spellings reach the same setter, so `-o file_mode=0640` and
// `--file-mode 0640` mean exactly the same thing.
//
//   -o list          ro, rw, allow_other, allow_root, uid=N, gid=N,
//                    file_mode=OCTAL, dir_mode=OCTAL, cache=SIZE (e.g. 256M),
//                    endpoint_url=URL, region=R, force_path_style,
//                    refresh=DURATION (e.g. 500ms, 2s, 0), allow_drop, debug,
//                    writer (take over as the writer at mount),
//                    writer_lease=DURATION (writer lease ttl, default 30s)
//                    ignored: _netdev nofail auto noauto user nouser users
//                    defaults exec noexec suid nosuid dev nodev atime noatime
//                    relatime x-systemd.* x-*
//   long flags       --read-only --read-write --allow-other --allow-root --uid
//                    --gid --file-mode --dir-mode --cache --endpoint-url
//                    --region --force-path-style --refresh --allow-drop
//                    --writer --writer-lease
//                    -f/--foreground -d/--debug
//
// Credentials are never accepted here (only the AWS environment/profile chain);
// an option that looks like one is refused with a message saying so.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/util/status.h"

namespace s3lite {

struct MountOptions {
  std::string source;      // a directory or s3://bucket[/prefix]
  std::string mountpoint;  // an existing, empty directory

  bool read_only = false;
  bool allow_other = false;
  bool allow_root = false;
  std::optional<uid_t> uid;  // owner shown for every file (default: the mounting user)
  std::optional<gid_t> gid;
  mode_t file_mode = 0644;
  mode_t dir_mode = 0755;
  std::optional<uint64_t> cache_bytes;  // page cache size
  std::string endpoint_url;             // S3 endpoint (radosgw, MinIO, ...)
  std::string region;
  bool force_path_style = false;
  std::optional<int64_t> refresh_ms;  // how stale a reader's view may get
  bool allow_drop = false;            // `rm table.csv` drops the table
  bool writer = false;                // take over as the writer at mount (DatabaseOptions::takeover)
  std::optional<int64_t> writer_lease_ms;  // writer lease ttl
  bool foreground = false;
  bool debug = false;
};

// Parses the arguments after argv[0]. Errors name the offending option.
Result<MountOptions> ParseMountArgs(const std::vector<std::string>& args);

// Applies one `-o` list ("ro,uid=1000,x-systemd.automount") to `options`.
Status ApplyMountOptionList(std::string_view list, MountOptions* options);

// Applies one option: key with optional value ("uid", "1000"). `has_value`
// distinguishes "uid" (an error) from "uid=" (also an error, but a different one).
Status ApplyMountOption(std::string_view key, std::optional<std::string_view> value,
                        MountOptions* options);

// "256M", "1G", "4096" (bytes), "64KiB" -> bytes.
Result<uint64_t> ParseByteSize(std::string_view text);
// "500ms", "2s", "1m", "0", "3" (seconds) -> milliseconds.
Result<int64_t> ParseDurationMs(std::string_view text);

// The usage text printed for --help and after argument errors.
std::string MountUsage();

}  // namespace s3lite
