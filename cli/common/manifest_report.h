// Human and JSON renderings of a database version (VersionInfo), shared by
// the shell's .manifest and `s3lite-admin manifest` / `versions`.
//
// Thread-safety: stateless functions.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "engine/db/database.h"

namespace s3lite {

// "2026-11-21T05:40:00.123Z" (UTC), or "-" for 0.
std::string FormatUnixMillis(int64_t unix_ms);
// "1.5 MiB"
std::string FormatBytes(uint64_t bytes);

// Multi-line report: version, parent, epoch, WAL position, creation time,
// chunk count and bytes, live/total pages, then tables and indexes.
std::string FormatVersionInfo(const VersionInfo& v);
nlohmann::json VersionInfoToJson(const VersionInfo& v);

}  // namespace s3lite
