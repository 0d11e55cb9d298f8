// Maintenance operations as the shell (.compact, .gc) and s3lite-admin
// (compact, gc, verify) run them, with their reports.
//
// Compaction and GC are the engine's work (engine/db/maintenance.h). When
// this build's engine does not provide them, they fail with NotSupported
// "... not available in this build ..." rather than pretending.
//
// VerifyDatabase is a logical check through the public engine API only: it
// walks every tree of a version with a cursor (the engine checks every page
// checksum as it reads), checks that keys are strictly increasing, that
// table keys are rowids and values decode as records, that index keys
// decode and point at existing rows, and that full indexes have as many
// entries as their table has rows. It also reads every retained version's
// description.
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
  std::string text;     // human report, one or more lines ending in '\n'
  nlohmann::json json;  // the same for --json
};

struct GcRequest {
  int64_t keep_versions = 10;
  int64_t min_age_ms = 3600 * 1000;  // grace period for unreferenced objects
  bool dry_run = false;
};

bool MaintenanceAvailable();
Result<MaintenanceReport> CompactDatabase(Database& db);
Result<MaintenanceReport> CollectGarbage(Database& db, const GcRequest& request);

struct VerifyOptions {
  std::optional<uint64_t> version;  // default: the current version
  std::function<void(const std::string&)> progress;
};

struct VerifyReport {
  uint64_t version = 0;
  uint64_t trees = 0, entries = 0;
  std::vector<std::string> problems;  // empty = clean
  MaintenanceReport ToReport() const;
};

Result<VerifyReport> VerifyDatabase(Database& db, const VerifyOptions& options);

}  // namespace s3lite
