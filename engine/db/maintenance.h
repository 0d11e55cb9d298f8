// Maintenance: compaction and garbage collection of a database (DESIGN.md
// section 6), for s3lite-admin and the shell's .compact / .gc.
//
// Compact(db) first checkpoints, then walks every tree of the current version
// to count the live pages of each chunk exactly (this reads the whole
// database: one GET per chunk), and rewrites into new, full chunks (key order)
// every page that lives in a chunk whose live ratio is below
// `min_live_ratio`, or in a small chunk (fewer than `small_chunk_pages`
// pages) when there are several. Moving a page rewrites its ancestors (page
// ids are physical). The result is committed like any checkpoint: new chunks,
// then manifest N+1 whose chunk directory drops the emptied chunks and
// records exact live-page counts. Old chunks stay in the store until GC finds
// no retained version that needs them. Needs a writable Database; holds its
// writer slot for the whole run (commits wait, readers do not).
//
// GarbageCollect(db, ...) plans with engine/manifest/gc.h and, unless
// dry_run, deletes the plan's objects.
//
// Thread-safety: both functions may be called from any thread; they take
// the Database's writer slot (Compact) or only read/delete store objects (GC).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/db/database.h"
#include "engine/manifest/gc.h"

namespace s3lite {

struct CompactOptions {
  double min_live_ratio = 0.5;      // rewrite chunks with live/total pages below this
  uint32_t small_chunk_pages = 32;  // ... and chunks smaller than this, when there are at least two
};

struct CompactReport {
  uint64_t version_before = 0;
  uint64_t version_after = 0;       // == version_before when nothing was rewritten
  uint64_t chunks_before = 0, chunks_after = 0;
  uint64_t chunks_rewritten = 0;    // had live pages, moved
  uint64_t chunks_dropped = 0;      // no live pages at all
  uint64_t pages_moved = 0;         // live pages copied out of rewritten chunks
  uint64_t live_pages = 0, total_pages_before = 0;
  // "compacted version 7 -> 8: rewrote 3 chunks (120 pages), dropped 2 empty chunks; chunks 12 -> 9, live 80.1% -> 100%"
  std::string Summary() const;
};

Result<CompactReport> Compact(Database& db, const CompactOptions& options = {});

// Physical check of one stored version (default: the newest manifest):
// reads every page reachable from its roots through a private pager (so
// every chunk is fetched again and every page checksum verified), and
// checks key order inside and across pages, separator bounds, equal leaf
// depth, page kinds, overflow chain lengths, and that every referenced chunk
// is in the version's chunk directory. Problems are collected (at most 100),
// not returned as errors; an error Status means the check could not run.
struct PageVerifyReport {
  uint64_t version = 0;
  uint64_t trees = 0, entries = 0;
  uint64_t leaf_pages = 0, internal_pages = 0, overflow_pages = 0, chunks = 0;
  std::vector<std::string> problems;  // empty = clean
  // "version 8: 3 trees, 20000 entries, 130 leaf / 2 internal / 2000 overflow pages in 11 chunks: OK"
  std::string Summary() const;
};
Result<PageVerifyReport> VerifyPages(Database& db, std::optional<uint64_t> version = {});

// Plans GC (gc.h) on db's store; executes it unless dry_run.
Result<GcPlan> GarbageCollect(Database& db, const GcOptions& options, bool dry_run);

}  // namespace s3lite
