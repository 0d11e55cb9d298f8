// PageId: the physical address of a page, LMDB-style (DESIGN.md section 3).
//
// A stored page lives in slot `slot` (0..255) of chunk `chunk`. The chunk id
// is unique in the database forever (names are never reused): the writer's
// epoch in the high 24 bits, a per-epoch counter in the low 32 bits. The
// manifest's chunk directory maps chunk ids to object keys.
//
// Pages that exist only in memory (dirty, not yet checkpointed) carry
// kMemoryBit; their low bits are an in-process counter. They never reach the
// store: a checkpoint assigns stored addresses first.
#pragma once

#include <cstdint>

namespace s3lite {

constexpr uint32_t kPageSize = 4096;
constexpr uint32_t kPagesPerChunk = 256;

using ChunkId = uint64_t;  // (epoch << 32) | counter, 56 bits used
using PageId = uint64_t;   // (chunk << 8) | slot, or kMemoryBit | n

constexpr PageId kInvalidPageId = 0;
constexpr PageId kMemoryBit = 1ull << 63;

constexpr ChunkId MakeChunkId(uint64_t epoch, uint32_t counter) { return (epoch << 32) | counter; }
constexpr uint64_t ChunkEpoch(ChunkId c) { return c >> 32; }
constexpr uint32_t ChunkCounter(ChunkId c) { return static_cast<uint32_t>(c); }

constexpr PageId MakePageId(ChunkId chunk, uint32_t slot) { return (chunk << 8) | (slot & 0xff); }
constexpr ChunkId PageChunk(PageId p) { return p >> 8; }
constexpr uint32_t PageSlot(PageId p) { return static_cast<uint32_t>(p & 0xff); }
constexpr bool IsMemoryPage(PageId p) { return (p & kMemoryBit) != 0; }

}  // namespace s3lite
