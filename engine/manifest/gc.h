// Garbage collection of a store (DESIGN.md section 6): which objects no
// retained database version needs, and deleting them.
//
// Retention. Manifest versions are listed (one LIST per prefix). A version is
// RETAINED when any of these holds:
//   - it is one of the newest `keep_versions` versions;
//   - it was created less than `min_age_ms` ago;
//   - it was superseded (its successor version was created) less than
//     `grace_ms` ago: a reader that loaded it before the successor appeared
//     may still be reading its chunks.
// Everything a retained version references is kept: its manifest, its
// chunk-directory segments, every chunk listed in them, and every WAL object
// with a sequence above the smallest wal_seq of the retained versions.
//
// Deletion candidates are the other objects under manifest/, chunkdir/,
// chunks/, wal/ (and fence/ objects below the highest epoch, with their
// writer-lease markers, and stray lease clock probes) whose own age,
// by the store's last-modified time, exceeds grace_ms. The grace protects
// objects a live writer has just written but not yet referenced (chunks and
// segments of a checkpoint in progress). Objects whose keys do not parse as
// s3lite names, objects with an unknown last-modified time, and objects
// created after the LIST are never touched.
//
// PlanGc is a dry run: it reads (LIST, manifests, segments) but never writes.
// ExecuteGc deletes a plan's objects, manifests first, so an interrupted run
// never leaves a listed manifest whose chunks are gone.
//
// Thread-safety: stateless functions; the store is thread-safe. Running GC
// concurrently with a writer is safe under the rules above as long as
// grace_ms exceeds the longest checkpoint and the longest reader refresh
// interval.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/store/object_store.h"
#include "engine/util/status.h"

namespace s3lite {

struct GcOptions {
  uint32_t keep_versions = 10;            // newest versions always kept (at least 1 is)
  int64_t min_age_ms = 24 * 3600 * 1000;  // versions younger than this are kept
  int64_t grace_ms = 3600 * 1000;         // never delete what is younger / superseded more recently
  int64_t now_unix_ms = 0;                // 0 = the system clock (tests pin it)
};

struct GcPlan {
  std::vector<uint64_t> retained_versions;  // sorted
  std::vector<uint64_t> deleted_versions;   // sorted
  // Objects to delete, manifests first (oldest first), then the rest sorted.
  std::vector<std::string> delete_keys;
  uint64_t delete_bytes = 0;
  // Counts of delete_keys by kind.
  uint64_t manifests = 0, segments = 0, chunks = 0, wal = 0, fences = 0;
  // Unreferenced objects kept only because they are within the grace period
  // (or their age is unknown).
  uint64_t kept_young = 0;

  // One line: "delete 3 manifests, 2 segments, 40 chunks, 17 WAL, 1 fence (41.2 MiB); keep versions 8..17; 5 young objects kept"
  std::string Summary() const;
};

Result<GcPlan> PlanGc(ObjectStore& store, const GcOptions& options);

// Deletes plan.delete_keys (DeleteMany, in the plan's order). Deleting an
// object that is already gone is not an error.
Status ExecuteGc(ObjectStore& store, const GcPlan& plan);

}  // namespace s3lite
