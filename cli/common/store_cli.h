// StoreCli: the store options every binary accepts (s3lite, s3lite-admin,
// mount.s3lite), registered on a CLI11 App in one place so they are spelled,
// defaulted and documented the same everywhere, and OpenDatabase(), which
// opens the store and the Database and turns any failure into ONE line.
//
// Options:
//   --data DIR            local directory store (same as a STORE argument)
//   --s3-bucket B --s3-prefix P --s3-endpoint URL --s3-region R
//                         the original s3lite's spellings, kept as aliases
//   --endpoint-url URL --region R --force-path-style --profile NAME
//   --cache PAGES (4096)  --prefetch-workers N (4)  --refresh MS (1000)
//   --read-only
//   --writer              take over as the writer at open (fences the current
//                         writer; docs/SCALE_OUT.md "Writer model")
//   --writer-lease MS (30000)  writer lease ttl (tests use short ones)
// The location is the STORE argument if the binary has one and it was
// given, else --data, else s3://<--s3-bucket>/<--s3-prefix>, else the
// default local directory "s3lite-data". Credentials come from the AWS
// chain (environment, ~/.aws/credentials), never from argv.
//
// Thread-safety: plain configuration; OpenDatabase may run on any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "engine/db/database.h"
#include "engine/store/store_location.h"
#include "engine/util/status.h"

namespace s3lite {

inline constexpr const char* kDefaultStoreLocation = "s3lite-data";

struct StoreCli {
  std::string store;  // positional STORE (bound by the binary), may be empty
  std::string data_dir;
  std::string s3_bucket, s3_prefix;
  std::string endpoint_url, region, profile;
  bool force_path_style = false;
  int64_t cache_pages = 4096;
  int prefetch_workers = 4;
  int64_t refresh_ms = 1000;
  bool read_only = false;
  bool writer = false;                // DatabaseOptions::takeover
  int64_t writer_lease_ms = 30'000;   // DatabaseOptions::writer_lease_ms

  // Adds the options above to `app` (in option group `group`).
  void AddOptions(CLI::App* app, const std::string& group = "Store options");

  // The effective location (see the file comment). InvalidArgument when
  // the spellings contradict each other (e.g. STORE and --data).
  Result<std::string> Location() const;
  Result<StoreOptions> BuildStoreOptions() const;
  DatabaseOptions BuildDatabaseOptions() const;
};

struct OpenedDatabase {
  std::shared_ptr<ObjectStore> store;
  std::shared_ptr<Database> db;
  std::string location;  // as resolved, for messages and banners
};

// Opens the store (for S3: one request proving bucket, credentials and
// endpoint) and the Database. Errors carry one human line naming the
// location and the cause.
Result<OpenedDatabase> OpenDatabase(const StoreCli& cli);
// Only the store (admin commands that do not need a Database, e.g. doctor).
Result<std::shared_ptr<ObjectStore>> OpenStoreOnly(const StoreCli& cli, std::string* location);

// Prints "<program>: <message>" to stderr (one line). For callers' failures.
void PrintFatal(const char* program, const Status& status);

}  // namespace s3lite
