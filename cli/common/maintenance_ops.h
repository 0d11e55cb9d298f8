// Maintenance operations as the shell (.compact, .gc) and s3lite-admin
// (compact, gc, verify) run them, with their human and JSON reports.
//
// Compaction, GC and the physical/object checks are the engine's
// (engine/db/maintenance.h, engine/manifest/gc.h, verify_objects.h); this
// file adds the command-line reports and one more check of its own:
//
// LogicalVerify walks every tree of a version through the public engine API
// and checks what only the SQL-level meaning reveals: table keys are rowids
// and values decode as records, index keys decode and point at existing
// rows, and full indexes have as many entries as their table has rows.
//
// VerifyStore runs all three: VerifyObjects (every object a version needs
// exists and is intact), VerifyPages (every reachable page read back, key
// order, bounds, depth) and LogicalVerify.
//
// Thread-safety: each call uses its own transactions; safe to call while
// other connections use the Database.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/db/database.h"
#include "engine/util/status.h"

namespace s3lite {

struct MaintenanceReport {
  std::string text;     // human report, lines ending in '\n'
  nlohmann::json json;  // the same for --json
  bool ok = true;       // false: problems found (verify)
};

struct GcRequest {
  int64_t keep_versions = 10;
  int64_t min_age_ms = 24LL * 3600 * 1000;  // versions younger than this are kept
  int64_t grace_ms = 3600LL * 1000;         // objects younger / superseded more recently are kept
  bool dry_run = false;
};

Result<MaintenanceReport> CompactDatabase(Database& db);
Result<MaintenanceReport> CollectGarbage(Database& db, const GcRequest& request);

struct LogicalVerifyOptions {
  std::optional<uint64_t> version;  // default: the current version
  std::function<void(const std::string&)> progress;
};

struct LogicalVerifyReport {
  uint64_t version = 0;
  uint64_t trees = 0, entries = 0;
  std::vector<std::string> problems;  // empty = clean
};

Result<LogicalVerifyReport> LogicalVerify(Database& db, const LogicalVerifyOptions& options);

struct StoreVerifyOptions {
  std::optional<uint64_t> version;  // default: the current version
  bool all_versions = false;        // object check of every retained manifest
  bool check_pages = true;          // object check fetches whole chunks and checks every page CRC
  std::function<void(const std::string&)> progress;
};

// Objects + pages + logical checks. report.ok is false on any problem; an
// error Status means a check could not run at all.
Result<MaintenanceReport> VerifyStore(Database& db, const StoreVerifyOptions& options);

}  // namespace s3lite
