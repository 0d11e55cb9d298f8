// Chunk directory: chunk id -> object key, tree, page counts, size, key range.
// It is the page directory of the database (page ids are (chunk, slot)).
//
// To keep the manifest small at any database size (~1M chunks for 1 TB), the
// directory is stored as immutable SEGMENT objects, chunkdir/<version>-<n>,
// each holding up to kChunkDirSegmentCapacity entries sorted by chunk id,
// covering disjoint, increasing id ranges. The manifest lists only segment
// refs (key, id range, count). A new version rewrites only the segments its
// changes touch and reuses the others by reference: new chunks always have
// the highest ids, so a checkpoint normally rewrites just the last segment
// (plus segments whose chunks lost live pages or were removed by compaction).
// A reader loads a segment only when it needs a chunk in its range.
//
// Segment format (docs/FORMAT.md "Chunk directory segments"):
//   fixed64 kChunkDirMagic, varint32 format version, varint32 entry count,
//   per entry: varint64 id, lp key, varint32 tree, varint32 page_count,
//              varint32 live_pages, varint64 bytes, lp min_key, lp max_key,
//              column zones (version 2: varint32 n, per column u8 flags,
//              [lp min, lp max]; bounds longer than 64 bytes widened),
//   fixed32 crc32c(all preceding bytes)
// Entries must be strictly increasing by id (checked on decode).
//
// Thread-safety: stateless functions; values.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <cereal/cereal.hpp>

#include "engine/chunk/zone_map.h"
#include "engine/db/catalog.h"
#include "engine/page/page_id.h"
#include "engine/store/object_store.h"
#include "engine/util/status.h"

namespace s3lite {

constexpr uint64_t kChunkDirMagic = 0x5249444b4e484333ull;  // "3CHNKDIR" little-endian
constexpr uint32_t kChunkDirFormatVersion = 2;  // 1 (no column zones) is still read
constexpr uint32_t kChunkDirSegmentCapacity = 4096;

struct ChunkEntry {
  ChunkId id = 0;
  std::string key;          // object key, ChunkKey(id)
  TreeId tree = 0;
  uint32_t page_count = 0;  // pages in the chunk (footer at page_count * kPageSize)
  uint32_t live_pages = 0;  // pages still referenced by this version's trees
  uint64_t bytes = 0;       // object size
  std::string min_key, max_key;  // zone map key range (empty if no leaf keys)
  // Per-column zones of table-leaf chunks (empty: not tracked, never
  // prunes). SetChunkEntryZoneMap widens bounds to at most 64 bytes.
  std::vector<ColumnZone> columns;

  bool operator==(const ChunkEntry&) const = default;
};

// The chunk's zone map as the directory records it (key range + columns).
ZoneMap ChunkEntryZoneMap(const ChunkEntry& e);
// The entry fields of a chunk's footer zone map, with column bounds widened
// to what a segment stores (so that entries compare equal after a round trip).
void SetChunkEntryZoneMap(const ZoneMap& z, ChunkEntry* e);

// A reference from a manifest to one segment object.
struct ChunkSegmentRef {
  std::string key;       // chunkdir/<version>-<n>-<hash>
  ChunkId first_id = 0;  // id of its first entry
  ChunkId last_id = 0;   // id of its last entry
  uint32_t count = 0;

  template <class Archive>
  void serialize(Archive& ar);
  bool operator==(const ChunkSegmentRef&) const = default;
};

std::string EncodeChunkSegment(const std::vector<ChunkEntry>& entries);
Result<std::vector<ChunkEntry>> DecodeChunkSegment(std::string_view bytes, std::string_view object_key);

// Get + decode one segment; checks its count and id range match the ref.
Result<std::vector<ChunkEntry>> ReadChunkSegment(ObjectStore& store, const ChunkSegmentRef& ref);

// All entries of all segments, in id order (reads every segment: for admin
// tools, verify and GC; the pager should load segments lazily instead).
Result<std::vector<ChunkEntry>> LoadChunkDirectory(ObjectStore& store,
                                                   const std::vector<ChunkSegmentRef>& segments);

// Index into `segments` of the segment whose id range contains id, or -1.
// Binary search (segments are sorted by id range).
int FindChunkSegment(const std::vector<ChunkSegmentRef>& segments, ChunkId id);

// Changes from one version's directory to the next.
struct ChunkDirectoryDelta {
  std::vector<ChunkEntry> added;    // new chunks (ids not present yet)
  std::vector<ChunkId> removed;     // chunks dropped (e.g. compacted, tree dropped)
  std::map<ChunkId, uint32_t> live_pages;  // new live_pages of existing chunks
};

struct SegmentWrite {
  std::string key;
  std::string bytes;
};

struct ChunkDirectoryUpdate {
  std::vector<ChunkSegmentRef> segments;  // the new version's full ref list
  std::vector<SegmentWrite> writes;       // new segment objects to create
  uint64_t chunk_count = 0;               // total entries in `segments`
};

// Loads the entries of one segment (e.g. from a cache, or ReadChunkSegment).
using ChunkSegmentLoader = std::function<Result<std::vector<ChunkEntry>>(const ChunkSegmentRef&)>;
ChunkSegmentLoader StoreSegmentLoader(ObjectStore& store);

// Computes the directory of `new_version` from `current` plus `delta`,
// loading only the segments the delta touches. Untouched segments keep their
// refs (same keys); touched ones are rewritten as chunkdir/<new_version>-<n>-<hash>.
// Segments that become empty disappear; adjacent touched segments that fit in
// one are merged; added entries fill the last segment up to `capacity`, then
// start new ones. Errors: InvalidArgument if delta adds an existing id or
// removes/updates an unknown one; loader errors pass through.
Result<ChunkDirectoryUpdate> UpdateChunkDirectory(const std::vector<ChunkSegmentRef>& current,
                                                  const ChunkDirectoryDelta& delta,
                                                  uint64_t new_version,
                                                  const ChunkSegmentLoader& load,
                                                  uint32_t capacity = kChunkDirSegmentCapacity);

// PutIfAbsent every write. Segment keys embed a hash of their contents, so
// AlreadyExists means the identical segment is already stored (an earlier
// attempt of the same commit): treated as success.
Status WriteChunkSegments(ObjectStore& store, const std::vector<SegmentWrite>& writes);

template <class Archive>
void ChunkSegmentRef::serialize(Archive& ar) {
  ar(cereal::make_nvp("key", key), cereal::make_nvp("first_id", first_id),
     cereal::make_nvp("last_id", last_id), cereal::make_nvp("count", count));
}

}  // namespace s3lite
