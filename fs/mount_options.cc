#include "fs/mount_options.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

namespace s3lite {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

template <typename T>
Result<T> ParseUnsigned(std::string_view key, std::string_view text, int base = 10) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, base);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      v > std::numeric_limits<T>::max()) {
    return Status::InvalidArgument("mount option " + std::string(key) + ": '" + std::string(text) +
                                   "' is not a valid " + (base == 8 ? "octal mode" : "number"));
  }
  return static_cast<T>(v);
}

// Options mount(8), fstab and systemd pass that mean nothing to us.
bool IsIgnoredOption(std::string_view key) {
  static constexpr std::string_view kIgnored[] = {
      "_netdev", "nofail", "auto",  "noauto",   "user",  "nouser", "users",   "defaults",
      "exec",    "noexec", "suid",  "nosuid",   "dev",   "nodev",  "atime",   "noatime",
      "relatime", "strictatime", "nodiratime", "owner", "group", "sync", "async"};
  if (key.substr(0, 2) == "x-") return true;  // x-systemd.*, x-gvfs-*, ...
  return std::find(std::begin(kIgnored), std::end(kIgnored), key) != std::end(kIgnored);
}

bool LooksLikeCredential(std::string_view key) {
  std::string k = Lower(key);
  for (std::string_view word : {"key", "secret", "token", "password", "credential"}) {
    if (k.find(word) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

Result<uint64_t> ParseByteSize(std::string_view text) {
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0) return Status::InvalidArgument("'" + std::string(text) + "' is not a size");
  uint64_t n = 0;
  std::from_chars(text.data(), text.data() + digits, n);
  std::string unit = Lower(text.substr(digits));
  uint64_t mult = 1;
  if (unit.empty() || unit == "b") {
    mult = 1;
  } else if (unit == "k" || unit == "kb" || unit == "kib") {
    mult = 1ull << 10;
  } else if (unit == "m" || unit == "mb" || unit == "mib") {
    mult = 1ull << 20;
  } else if (unit == "g" || unit == "gb" || unit == "gib") {
    mult = 1ull << 30;
  } else {
    return Status::InvalidArgument("'" + std::string(text) + "' is not a size (use K, M or G)");
  }
  return n * mult;
}

Result<int64_t> ParseDurationMs(std::string_view text) {
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0) return Status::InvalidArgument("'" + std::string(text) + "' is not a duration");
  int64_t n = 0;
  std::from_chars(text.data(), text.data() + digits, n);
  std::string unit = Lower(text.substr(digits));
  if (unit == "ms") return n;
  if (unit.empty() || unit == "s") return n * 1000;
  if (unit == "m" || unit == "min") return n * 60'000;
  return Status::InvalidArgument("'" + std::string(text) + "' is not a duration (use ms, s or m)");
}

Status ApplyMountOption(std::string_view key, std::optional<std::string_view> value,
                        MountOptions* o) {
  auto need_value = [&]() -> Status {
    if (!value || value->empty()) {
      return Status::InvalidArgument("mount option " + std::string(key) + " needs a value (" +
                                     std::string(key) + "=...)");
    }
    return Status::OK();
  };
  auto no_value = [&]() -> Status {
    if (value) {
      return Status::InvalidArgument("mount option " + std::string(key) + " takes no value");
    }
    return Status::OK();
  };

  if (IsIgnoredOption(key)) return Status::OK();
  if (key == "ro") {
    S3LITE_RETURN_IF_ERROR(no_value());
    o->read_only = true;
  } else if (key == "rw") {
    S3LITE_RETURN_IF_ERROR(no_value());
    o->read_only = false;
  } else if (key == "allow_other") {
    S3LITE_RETURN_IF_ERROR(no_value());
    o->allow_other = true;
  } else if (key == "allow_root") {
    S3LITE_RETURN_IF_ERROR(no_value());
    o->allow_root = true;
  } else if (key == "writer") {
    S3LITE_RETURN_IF_ERROR(no_value());
    o->writer = true;
  } else if (key == "writer_lease") {
    S3LITE_RETURN_IF_ERROR(need_value());
    auto ms = ParseDurationMs(*value);
    if (!ms.ok()) return ms.status().WithContext("mount option writer_lease");
    if (*ms <= 0) return Status::InvalidArgument("mount option writer_lease must be positive");
    o->writer_lease_ms = *ms;
  } else if (key == "allow_drop") {
    S3LITE_RETURN_IF_ERROR(no_value());
    o->allow_drop = true;
  } else if (key == "force_path_style") {
    S3LITE_RETURN_IF_ERROR(no_value());
    o->force_path_style = true;
  } else if (key == "debug") {
    S3LITE_RETURN_IF_ERROR(no_value());
    o->debug = true;
  } else if (key == "foreground") {
    S3LITE_RETURN_IF_ERROR(no_value());
    o->foreground = true;
  } else if (key == "uid") {
    S3LITE_RETURN_IF_ERROR(need_value());
    S3LITE_ASSIGN_OR_RETURN(o->uid, ParseUnsigned<uid_t>(key, *value));
  } else if (key == "gid") {
    S3LITE_RETURN_IF_ERROR(need_value());
    S3LITE_ASSIGN_OR_RETURN(o->gid, ParseUnsigned<gid_t>(key, *value));
  } else if (key == "file_mode" || key == "dir_mode") {
    S3LITE_RETURN_IF_ERROR(need_value());
    S3LITE_ASSIGN_OR_RETURN(mode_t mode, ParseUnsigned<mode_t>(key, *value, 8));
    if (mode > 07777) {
      return Status::InvalidArgument("mount option " + std::string(key) + ": '" +
                                     std::string(*value) + "' is not a valid octal mode");
    }
    (key == "file_mode" ? o->file_mode : o->dir_mode) = mode;
  } else if (key == "cache") {
    S3LITE_RETURN_IF_ERROR(need_value());
    auto size = ParseByteSize(*value);
    if (!size.ok()) return size.status().WithContext("mount option cache");
    o->cache_bytes = *size;
  } else if (key == "refresh") {
    S3LITE_RETURN_IF_ERROR(need_value());
    auto ms = ParseDurationMs(*value);
    if (!ms.ok()) return ms.status().WithContext("mount option refresh");
    o->refresh_ms = *ms;
  } else if (key == "endpoint_url") {
    S3LITE_RETURN_IF_ERROR(need_value());
    o->endpoint_url = std::string(*value);
  } else if (key == "region") {
    S3LITE_RETURN_IF_ERROR(need_value());
    o->region = std::string(*value);
  } else if (LooksLikeCredential(key)) {
    return Status::InvalidArgument(
        "mount option " + std::string(key) +
        ": credentials are never taken from the command line; set AWS_ACCESS_KEY_ID and "
        "AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with ~/.aws/credentials");
  } else {
    return Status::InvalidArgument("unknown mount option '" + std::string(key) + "'");
  }
  return Status::OK();
}

Status ApplyMountOptionList(std::string_view list, MountOptions* options) {
  size_t pos = 0;
  while (pos <= list.size()) {
    size_t comma = list.find(',', pos);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view item = list.substr(pos, comma - pos);
    pos = comma + 1;
    if (item.empty()) continue;
    size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      S3LITE_RETURN_IF_ERROR(ApplyMountOption(item, std::nullopt, options));
    } else {
      S3LITE_RETURN_IF_ERROR(ApplyMountOption(item.substr(0, eq), item.substr(eq + 1), options));
    }
  }
  return Status::OK();
}

namespace {

// Long flags and the -o key each one sets.
struct LongFlag {
  const char* flag;
  const char* key;
  bool takes_value;
  const char* help;
};
constexpr LongFlag kLongFlags[] = {
    {"--read-only,--ro", "ro", false, "mount read-only (writes fail with EROFS)"},
    {"--read-write,--rw", "rw", false, "mount read-write (the default)"},
    {"--allow-other", "allow_other", false, "let other users access the mount"},
    {"--allow-root", "allow_root", false, "let root access the mount"},
    {"--uid", "uid", true, "owner uid of every file"},
    {"--gid", "gid", true, "owner gid of every file"},
    {"--file-mode", "file_mode", true, "permission bits of files (octal, default 0644)"},
    {"--dir-mode", "dir_mode", true, "permission bits of the directory (octal, default 0755)"},
    {"--cache", "cache", true, "page cache size, e.g. 256M"},
    {"--endpoint-url", "endpoint_url", true, "S3 endpoint URL (radosgw, MinIO, ...)"},
    {"--region", "region", true, "S3 region"},
    {"--force-path-style", "force_path_style", false, "path-style S3 URLs"},
    {"--refresh", "refresh", true, "how stale reads may be, e.g. 1s (0 = always fresh)"},
    {"--allow-drop", "allow_drop", false, "let `rm TABLE.csv` drop the table"},
    {"--writer", "writer", false, "take over as the writer at mount (fences the current writer)"},
    {"--writer-lease", "writer_lease", true, "writer lease ttl, e.g. 30s"},
    {"-f,--foreground", "foreground", false, "stay in the foreground (systemd, debugging)"},
    {"-d,--debug", "debug", false, "log every FUSE request"},
};

void SetUpApp(CLI::App& app, std::string* source, std::string* mountpoint,
              std::vector<std::string>* option_lists,
              std::vector<std::pair<std::string, std::optional<std::string>>>* flags) {
  app.add_option("source", *source, "store: a directory or s3://bucket[/prefix]")->required();
  app.add_option("mountpoint", *mountpoint, "an existing empty directory")->required();
  app.add_option("-o", *option_lists, "comma-separated mount options (see docs/FILESYSTEM.md)");
  // mount(8) may pass these to helpers: no mtab, sloppy, verbose.
  app.add_flag_callback("-n,-s,-v", []() {}, "accepted for mount(8) compatibility; ignored");
  for (const LongFlag& f : kLongFlags) {
    std::string key = f.key;
    if (f.takes_value) {
      app.add_option_function<std::string>(
          f.flag, [flags, key](const std::string& v) { flags->emplace_back(key, v); }, f.help);
    } else {
      app.add_flag_callback(f.flag, [flags, key]() { flags->emplace_back(key, std::nullopt); },
                            f.help);
    }
  }
}

constexpr const char* kDescription =
    "mount.s3lite: mount an s3lite database as a directory of table files";

}  // namespace

std::string MountUsage() {
  std::string source, mountpoint;
  std::vector<std::string> lists;
  std::vector<std::pair<std::string, std::optional<std::string>>> flags;
  CLI::App app(kDescription, "mount.s3lite");
  SetUpApp(app, &source, &mountpoint, &lists, &flags);
  return app.help();
}

Result<MountOptions> ParseMountArgs(const std::vector<std::string>& args) {
  MountOptions options;
  std::vector<std::string> option_lists;
  std::vector<std::pair<std::string, std::optional<std::string>>> flags;
  CLI::App app(kDescription, "mount.s3lite");
  SetUpApp(app, &options.source, &options.mountpoint, &option_lists, &flags);
  // CLI11 parses a reversed vector of arguments.
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    return Status::InvalidArgument(MountUsage());
  } catch (const CLI::ParseError& e) {
    return Status::InvalidArgument(e.what());
  }
  for (const std::string& list : option_lists) {
    S3LITE_RETURN_IF_ERROR(ApplyMountOptionList(list, &options));
  }
  for (const auto& [key, value] : flags) {
    std::optional<std::string_view> v;
    if (value) v = *value;
    S3LITE_RETURN_IF_ERROR(ApplyMountOption(key, v, &options));
  }
  if (options.source.empty()) return Status::InvalidArgument("missing store (SOURCE)");
  if (options.mountpoint.empty()) return Status::InvalidArgument("missing mount point (TARGET)");
  return options;
}

}  // namespace s3lite
