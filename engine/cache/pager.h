// Pager: where B+ tree pages come from. Stored pages are read through the
// page cache; a miss fetches the page's whole chunk with one GET (the object
// key is ChunkKey(chunk id), no directory lookup needed), checks the chunk's
// trailer and footer (ChunkReader::Open) and caches all its pages RAW. A
// page is checksummed (CRC32C from the footer) and decoded only when it is
// first used (Load), so a cold point lookup decodes one leaf, not 256; the
// decoded node then replaces the raw entry. Nothing reaches a caller without
// its checksum verified. The chunk's bloom filter and zone map are kept
// (ChunkMeta) for later lookups and scans.
//
// Concurrent misses on one chunk share one GET. Prefetch() fetches chunks in
// the background through a worker pool (scans); a chunk is queued at most
// once, the queue never holds more chunks than there are workers (the
// caller never blocks on it), and a prefetch whose chunk has meanwhile been
// cached does nothing.
//
// Zone maps for chunks never fetched come from the chunk directory of the
// newest manifest this process knows (NoteChunkSegments): PruningMeta()
// loads the directory segment that lists the chunk (one GET per 4096
// chunks, cached) so that a cold range scan prunes before fetching.
//
// Thread-safety: all methods are thread-safe.
#pragma once

#include <atomic>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/btree/btree.h"
#include "engine/cache/page_cache.h"
#include "engine/chunk/bloom_filter.h"
#include "engine/chunk/zone_map.h"
#include "engine/db/catalog.h"
#include "engine/manifest/chunk_directory.h"
#include "engine/store/object_store.h"
#include "engine/util/worker_pool.h"

namespace s3lite {

struct PagerCounters {
  std::atomic<uint64_t> cache_hits{0};
  std::atomic<uint64_t> cache_misses{0};
  std::atomic<uint64_t> chunks_fetched{0};
  std::atomic<uint64_t> bloom_skips{0};
  std::atomic<uint64_t> chunks_pruned{0};
};

// What the pager knows about a chunk it has fetched or written (or, without
// a bloom filter, read from the chunk directory).
struct ChunkMeta {
  ChunkId id = 0;
  TreeId tree = 0;
  uint32_t page_count = 0;
  BloomFilter bloom;   // over the keys of its leaf pages (empty: unknown)
  ZoneMap zone_map;
};

class Pager : public PageSource {
 public:
  Pager(ObjectStore* store, size_t cache_pages, int prefetch_workers);
  ~Pager() override;

  Result<ConstNodePtr> Load(PageId id) override;
  bool MayContain(PageId leaf, std::string_view key) override;

  // Fetches chunk `id` into the cache (one GET) unless its first page is
  // cached or a fetch is already running.
  Status FetchChunk(ChunkId id);
  // Starts a background fetch if the chunk is not cached (best effort).
  void Prefetch(ChunkId id);
  // True if `page` is in the cache (raw or decoded).
  bool IsCached(PageId page) { return cache_.Contains(page); }

  // Metadata of a chunk fetched or written by this process; nullptr if unknown.
  std::shared_ptr<const ChunkMeta> Meta(ChunkId id);
  void AddMeta(std::shared_ptr<const ChunkMeta> meta);
  // Meta(id), else the zone map recorded for `id` in the chunk directory of
  // the newest known manifest (may GET one segment); nullptr if unknown.
  std::shared_ptr<const ChunkMeta> PruningMeta(ChunkId id);
  // The directory of the newest manifest this process knows (called when a
  // manifest is loaded or committed).
  void NoteChunkSegments(const std::vector<ChunkSegmentRef>& segments);

  // Checkpoint: cache the pages it just wrote.
  void Insert(PageId id, ConstNodePtr node) { cache_.Insert(id, std::move(node)); }

  PagerCounters& counters() { return counters_; }

 private:
  using ChunkPtr = std::shared_ptr<const ChunkReader>;
  struct Fetch {
    Status status;
    ChunkPtr chunk;  // null with an OK status: `want` was cached meanwhile, nothing fetched
  };
  Fetch FetchNow(ChunkId id);
  // One GET per chunk however many threads ask; `want` is the page the
  // caller needs (checked again once this caller owns the fetch).
  Fetch FetchShared(ChunkId id, PageId want);
  // Verifies and decodes page `id` of `chunk`, caches the node.
  Result<ConstNodePtr> DecodeSlot(const ChunkReader& chunk, PageId id);
  std::shared_ptr<const std::vector<ChunkEntry>> Segment(const ChunkSegmentRef& ref);

  ObjectStore* store_;
  PageCache cache_;
  PagerCounters counters_;
  const size_t max_queued_prefetches_;
  std::mutex mu_;
  std::unordered_map<ChunkId, std::shared_future<Fetch>> inflight_;     // guarded by mu_
  std::unordered_set<ChunkId> queued_;                                  // guarded by mu_: prefetches not started
  std::unordered_map<ChunkId, std::shared_ptr<const ChunkMeta>> meta_;  // guarded by mu_
  std::mutex dir_mu_;  // held while a segment loads: one GET per segment
  std::vector<ChunkSegmentRef> dir_segments_;                                          // guarded by dir_mu_
  std::map<std::string, std::shared_ptr<const std::vector<ChunkEntry>>> dir_cache_;  // guarded by dir_mu_
  std::unique_ptr<WorkerPool> pool_;  // prefetch; null when prefetch_workers == 0
};

}  // namespace s3lite
