// Object names: the keys of every object s3lite writes in a store
// (DESIGN.md section 3, docs/FORMAT.md "Object names"). The ObjectStore is
// already scoped to the database prefix, so keys are relative.
//
//   manifest/<20-digit version>               Manifest (manifest.h)
//   chunkdir/<20-digit version>-<6-digit n>-<16 hex>
//                                             chunk-directory segment n written for
//                                             manifest `version` (chunk_directory.h);
//                                             the hex is Hash64 of the contents, so a
//                                             retried write of the same segment is
//                                             idempotent and a different one never
//                                             collides with debris of a failed attempt
//   chunks/<hh>/<10-digit epoch>-<10-digit counter>
//                                             chunk object (chunk_format.h);
//                                             hh = 2 hex digits of a hash of the
//                                             chunk id, spreading chunks over 256
//                                             S3 key prefixes (partitions)
//   wal/<20-digit sequence>                   WAL batch (wal/wal_batch.h)
//   fence/<20-digit epoch>                    writer epoch marker (fence.h)
//
// Zero-padded decimal numbers make lexicographic LIST order numeric order.
// Names are never reused; objects are never overwritten.
//
// Thread-safety: stateless functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/page/page_id.h"

namespace s3lite {

inline constexpr std::string_view kManifestPrefix = "manifest/";
inline constexpr std::string_view kChunkDirPrefix = "chunkdir/";
inline constexpr std::string_view kChunkPrefix = "chunks/";
inline constexpr std::string_view kWalPrefix = "wal/";
inline constexpr std::string_view kFencePrefix = "fence/";

// "00000000000000000042" (20 digits, enough for any uint64).
std::string FormatNumber20(uint64_t n);

std::string ManifestKey(uint64_t version);
std::string ChunkDirSegmentKey(uint64_t version, uint32_t n, uint64_t content_hash);
std::string ChunkKey(ChunkId id);
std::string WalKey(uint64_t seq);
std::string FenceKey(uint64_t epoch);

// Inverses: the number in a key (full key, e.g. "manifest/000...42"), or
// nullopt if the key is not of that form (foreign objects are ignored).
std::optional<uint64_t> ParseManifestKey(std::string_view key);
std::optional<uint64_t> ParseWalKey(std::string_view key);
std::optional<uint64_t> ParseFenceKey(std::string_view key);
std::optional<ChunkId> ParseChunkKey(std::string_view key);
// Segment key -> (version, n).
std::optional<std::pair<uint64_t, uint32_t>> ParseChunkDirSegmentKey(std::string_view key);

}  // namespace s3lite
