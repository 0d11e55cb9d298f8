// Opening a store from what a user typed, shared by every binary
// (s3lite, s3lite-admin, mount.s3lite) so they accept the same locations and
// say the same thing when a store cannot be used.
//
// Locations:
//   "dir", "./dir", "/abs/dir"   a local directory (created when missing)
//   "file:///abs/dir"            the same, as a URL
//   "s3://bucket" or "s3://bucket/prefix/..."   S3 (see s3_store.h for
//                                 endpoint, region and credential lookup)
// Anything else with "://" is rejected: InvalidArgument "invalid store URL ...".
//
// Thread-safety: pure functions; the returned store is thread-safe.
#pragma once

#include <memory>
#include <string>

#include "engine/store/object_store.h"

namespace s3lite {

struct StoreOptions {
  std::string location;      // see above
  std::string endpoint_url;  // S3: --endpoint-url (else AWS_ENDPOINT_URL)
  std::string region;        // S3: --region (else AWS_REGION / AWS_DEFAULT_REGION / us-east-1)
  std::string profile;       // S3: --profile (else AWS_PROFILE / default)
  bool force_path_style = false;  // S3: --force-path-style
  int max_connections = 16;       // S3: curl handle pool size
  int connect_timeout_ms = 5000;
  int request_timeout_ms = 120000;
  int max_attempts = 6;           // S3: first try + retries of transient failures
};

struct StoreLocation {
  enum class Kind { kLocal, kS3 };
  Kind kind = Kind::kLocal;
  std::string path;    // kLocal: the directory as given (relative paths stay relative)
  std::string bucket;  // kS3
  std::string prefix;  // kS3: without leading/trailing '/'
};

Result<StoreLocation> ParseStoreLocation(const std::string& location);

// Parses and opens; local directories are created when missing. Does not
// contact an S3 server (see CheckStoreReachable).
Result<std::shared_ptr<ObjectStore>> OpenStore(const StoreOptions& options);

// One cheap request proving the store answers with these credentials; the
// error is one line: "... bucket \"b\" does not exist ...", "... credentials
// rejected ...", "cannot reach endpoint ...".
Status CheckStoreReachable(ObjectStore& store);

}  // namespace s3lite
