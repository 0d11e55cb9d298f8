// Manifest: the root object of one database version (DESIGN.md sections 3-4).
//
// manifest/<20-digit version> is created with put-if-absent; that create is
// the only switch between versions. A manifest holds the catalog, the root
// page of every tree, the WAL position it includes, the writer epoch and the
// list of chunk-directory segments (chunk_directory.h) - never per-page or
// per-chunk data, so its size does not grow with the database.
//
// Object format (docs/FORMAT.md "Manifest"):
//   fixed64 kManifestMagic, fixed32 crc32c(json), fixed32 json length,
//   json: a cereal JSON archive of Manifest (field names below).
// JSON because a manifest is small, readable with `s3lite-admin manifest`,
// and its text holds no binary data; the magic + CRC detect any corruption,
// which is reported as Corruption naming the object.
//
// Thread-safety: values and stateless functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/db/catalog.h"
#include "engine/manifest/chunk_directory.h"
#include "engine/manifest/object_names.h"
#include "engine/page/page_id.h"
#include "engine/store/object_store.h"
#include "engine/util/status.h"

namespace s3lite {

constexpr uint64_t kManifestMagic = 0x54534e4d4554494cull;  // "LITEMNST" little-endian
constexpr uint32_t kManifestFormatVersion = 1;
// Decoders refuse manifests larger than this (never allocated).
constexpr size_t kMaxManifestSize = 64u << 20;

struct TreeRoot {
  TreeId tree = 0;
  TreeKind kind = TreeKind::kTable;
  PageId root = kInvalidPageId;  // kInvalidPageId = empty tree
  uint64_t entry_count = 0;      // number of keys (statistics; maintained by the engine)
  bool operator==(const TreeRoot&) const = default;
};

struct Manifest {
  uint32_t format_version = kManifestFormatVersion;
  std::string database_id;      // 32 hex digits, fixed at creation (NewDatabaseId)
  uint64_t version = 0;         // the N of manifest/N (first version: 1)
  uint64_t parent_version = 0;  // version this one was derived from (0: none)
  uint64_t epoch = 0;           // writer epoch that wrote it (fence.h)
  uint64_t wal_seq = 0;         // last WAL sequence whose effects are included
  int64_t created_unix_ms = 0;
  TreeId next_tree_id = 1;      // next unused tree id
  uint32_t next_chunk_counter = 0;  // next unused chunk counter in `epoch`
  std::vector<SchemaEntry> catalog;
  std::vector<TreeRoot> trees;  // sorted by tree id
  std::vector<ChunkSegmentRef> chunk_segments;
  uint64_t chunk_count = 0;     // entries over all segments

  const TreeRoot* FindTree(TreeId tree) const;
};

// 32 random hex digits (128 bits from std::random_device).
std::string NewDatabaseId();

std::string EncodeManifest(const Manifest& m);
// Corruption naming object_key for bad magic/length/checksum/JSON/version.
Result<Manifest> DecodeManifest(std::string_view bytes, std::string_view object_key);

// PutIfAbsent manifest/<m.version>. AlreadyExists -> Conflict (kConflictMessage
// from wal_store.h, with the store's message as context).
Status WriteManifest(ObjectStore& store, const Manifest& m);
// NotFound if absent; Corruption if damaged; checks the stored version matches.
Result<Manifest> ReadManifest(ObjectStore& store, uint64_t version);

// Sorted versions of all manifest/ objects (one LIST; foreign keys ignored).
Result<std::vector<uint64_t>> ListManifestVersions(ObjectStore& store);
// The largest version, or 0 for a store without manifests.
Result<uint64_t> FindNewestManifestVersion(ObjectStore& store);

}  // namespace s3lite
