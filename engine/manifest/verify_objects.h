// Store verification: every object a database version needs exists and is
// intact (`s3lite-admin verify`).
//
// For each checked manifest version (the newest, or all):
//   - the manifest decodes (magic, CRC, JSON, version matches its key);
//   - every chunk-directory segment exists, decodes and matches its ref;
//   - every chunk in the directory exists; its footer (one range GET of
//     [page_count * kPageSize, bytes)) decodes with a good checksum and agrees
//     with the directory (tree, page count, object size); with check_pages the
//     whole chunk is fetched and every page checksum verified;
//   - every tree root points into a listed chunk and an existing slot;
//   - all manifests share one database id.
// For the WAL after the newest manifest: sequences are consecutive from
// wal_seq + 1, each batch decodes, names the database id and its own seq.
// Segments and chunks shared between versions are checked once.
//
// Problems are collected as issues naming the object; only a failure to
// LIST the store is returned as an error status.
//
// Thread-safety: stateless; the store is thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/store/object_store.h"
#include "engine/util/status.h"

namespace s3lite {

struct VerifyOptions {
  bool all_versions = false;  // every listed manifest, not just the newest
  bool check_pages = false;   // GET whole chunks and verify every page CRC
};

struct VerifyIssue {
  std::string object;   // key of the damaged or missing object
  std::string problem;  // human description
};

struct VerifyReport {
  uint64_t manifests = 0, segments = 0, chunks = 0, pages = 0, wal_objects = 0;
  std::vector<VerifyIssue> issues;

  bool ok() const { return issues.empty(); }
  // "ok: 3 manifests, 4 segments, 120 chunks (30720 pages), 5 WAL objects"
  // or "2 problems: ..." followed by one line per issue.
  std::string Summary() const;
};

Result<VerifyReport> VerifyObjects(ObjectStore& store, const VerifyOptions& options);

}  // namespace s3lite
