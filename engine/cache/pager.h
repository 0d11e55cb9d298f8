// Pager: where B+ tree pages come from. Stored pages are read through the
// page cache; a miss fetches the page's whole chunk with one GET (the object
// key is ChunkKey(chunk id), no directory lookup needed), verifies every
// page checksum (ChunkReader), decodes all its pages and caches them, and
// remembers the chunk's bloom filter and zone map (ChunkMeta) for later
// lookups. Concurrent misses on one chunk share one GET. Prefetch() fetches
// chunks in the background through a worker pool (scans).
//
// Thread-safety: all methods are thread-safe.
#pragma once

#include <atomic>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/btree/btree.h"
#include "engine/cache/page_cache.h"
#include "engine/chunk/bloom_filter.h"
#include "engine/chunk/zone_map.h"
#include "engine/db/catalog.h"
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

// What the pager knows about a chunk it has fetched or written.
struct ChunkMeta {
  ChunkId id = 0;
  TreeId tree = 0;
  uint32_t page_count = 0;
  BloomFilter bloom;   // over the keys of its leaf pages
  ZoneMap zone_map;
};

class Pager : public PageSource {
 public:
  Pager(ObjectStore* store, size_t cache_pages, int prefetch_workers);
  ~Pager() override;

  Result<ConstNodePtr> Load(PageId id) override;
  bool MayContain(PageId leaf, std::string_view key) override;

  // Fetches chunk `id` into the cache unless a fetch is already running.
  Status FetchChunk(ChunkId id);
  // Starts a background fetch if the chunk is not cached (best effort).
  void Prefetch(ChunkId id);
  // True if `page` is in the cache.
  bool IsCached(PageId page) { return cache_.Contains(page); }

  // Metadata of a chunk seen by this process; nullptr if unknown.
  std::shared_ptr<const ChunkMeta> Meta(ChunkId id);
  void AddMeta(std::shared_ptr<const ChunkMeta> meta);

  // Checkpoint: cache the pages it just wrote.
  void Insert(PageId id, ConstNodePtr node) { cache_.Insert(id, std::move(node)); }

  PagerCounters& counters() { return counters_; }

 private:
  using Pages = std::shared_ptr<const std::vector<ConstNodePtr>>;
  struct Fetch {
    Status status;
    Pages pages;
  };
  Fetch FetchNow(ChunkId id);
  Fetch FetchShared(ChunkId id);

  ObjectStore* store_;
  PageCache cache_;
  PagerCounters counters_;
  std::mutex mu_;
  std::unordered_map<ChunkId, std::shared_future<Fetch>> inflight_;     // guarded by mu_
  std::unordered_map<ChunkId, std::shared_ptr<const ChunkMeta>> meta_;  // guarded by mu_
  std::unique_ptr<WorkerPool> pool_;  // prefetch; null when prefetch_workers == 0
};

}  // namespace s3lite
