#include "engine/cache/pager.h"

#include <algorithm>

#include "engine/chunk/chunk_reader.h"
#include "engine/manifest/object_names.h"

namespace s3lite {
namespace {
constexpr size_t kMaxMetaEntries = 1 << 16;
constexpr size_t kMaxCachedSegments = 16;  // up to 64k chunks' directory entries
}  // namespace

Pager::Pager(ObjectStore* store, size_t cache_pages, int prefetch_workers)
    : store_(store),
      cache_(cache_pages),
      max_queued_prefetches_(prefetch_workers > 0 ? static_cast<size_t>(prefetch_workers) : 0) {
  if (prefetch_workers > 0) pool_ = std::make_unique<WorkerPool>(static_cast<size_t>(prefetch_workers));
}

Pager::~Pager() { pool_.reset(); }  // finish prefetches before members go away

Result<ConstNodePtr> Pager::Load(PageId id) {
  CachedPage c = cache_.LookupPage(id);
  if (c.node) {
    counters_.cache_hits.fetch_add(1, std::memory_order_relaxed);
    return c.node;
  }
  if (c.chunk) {
    counters_.cache_hits.fetch_add(1, std::memory_order_relaxed);
    return DecodeSlot(*c.chunk, id);
  }
  counters_.cache_misses.fetch_add(1, std::memory_order_relaxed);
  // Another thread may finish a fetch of this chunk between our lookup and
  // our fetch; FetchShared then returns no chunk and we look again.
  for (int attempt = 0; attempt < 3; attempt++) {
    Fetch f = FetchShared(PageChunk(id), id);
    if (!f.status.ok()) return f.status;
    if (f.chunk) return DecodeSlot(*f.chunk, id);
    c = cache_.LookupPage(id);
    if (c.node) return c.node;
    if (c.chunk) return DecodeSlot(*c.chunk, id);
  }
  Fetch f = FetchNow(PageChunk(id));  // evicted three times in a row: fetch for ourselves
  if (!f.status.ok()) return f.status;
  return DecodeSlot(*f.chunk, id);
}

Result<ConstNodePtr> Pager::DecodeSlot(const ChunkReader& chunk, PageId id) {
  uint32_t slot = PageSlot(id);
  if (slot >= chunk.page_count()) {
    return Status::Corruption("page " + std::to_string(slot) + " referenced but chunk " + chunk.key() + " has " +
                              std::to_string(chunk.page_count()) + " pages");
  }
  S3LITE_ASSIGN_OR_RETURN(std::string_view bytes, chunk.page(slot));  // checksum
  S3LITE_ASSIGN_OR_RETURN(NodePtr node, DecodePage(bytes, id, chunk.key(), LeafForm::kPacked));
  ConstNodePtr out = std::move(node);
  cache_.Insert(id, out);
  return out;
}

bool Pager::MayContain(PageId leaf, std::string_view key) {
  std::shared_ptr<const ChunkMeta> meta = Meta(PageChunk(leaf));
  // Only leaf chunks (which have keys) answer; internal-page chunks have none.
  if (!meta || !meta->zone_map.has_keys || meta->bloom.empty() || meta->bloom.MayContain(key)) return true;
  counters_.bloom_skips.fetch_add(1, std::memory_order_relaxed);
  return false;
}

Status Pager::FetchChunk(ChunkId id) { return FetchShared(id, MakePageId(id, 0)).status; }

void Pager::Prefetch(ChunkId id) {
  if (!pool_) return;
  PageId first = MakePageId(id, 0);
  if (cache_.Contains(first)) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (inflight_.count(id) || queued_.count(id)) return;
    // Never more waiting chunks than workers: Submit must not block a scan.
    if (queued_.size() >= max_queued_prefetches_) return;
    queued_.insert(id);
  }
  pool_->Submit([this, id, first] {
    {
      std::lock_guard<std::mutex> lock(mu_);
      queued_.erase(id);
    }
    FetchShared(id, first);
  });
}

std::shared_ptr<const ChunkMeta> Pager::Meta(ChunkId id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = meta_.find(id);
  return it == meta_.end() ? nullptr : it->second;
}

void Pager::AddMeta(std::shared_ptr<const ChunkMeta> meta) {
  std::lock_guard<std::mutex> lock(mu_);
  if (meta_.size() >= kMaxMetaEntries) meta_.clear();
  meta_[meta->id] = std::move(meta);
}

void Pager::NoteChunkSegments(const std::vector<ChunkSegmentRef>& segments) {
  std::lock_guard<std::mutex> lock(dir_mu_);
  dir_segments_ = segments;
  // Segments are immutable and keyed by content: cached ones stay valid;
  // drop those the new directory no longer lists.
  for (auto it = dir_cache_.begin(); it != dir_cache_.end();) {
    bool listed = std::any_of(segments.begin(), segments.end(),
                              [&](const ChunkSegmentRef& r) { return r.key == it->first; });
    it = listed ? std::next(it) : dir_cache_.erase(it);
  }
}

std::shared_ptr<const std::vector<ChunkEntry>> Pager::Segment(const ChunkSegmentRef& ref) {
  // dir_mu_ held by the caller.
  auto it = dir_cache_.find(ref.key);
  if (it != dir_cache_.end()) return it->second;
  Result<std::vector<ChunkEntry>> entries = ReadChunkSegment(*store_, ref);
  // A segment that cannot be read prunes nothing (reads stay correct: the
  // chunks themselves are fetched and verified); it is not retried.
  auto seg = std::make_shared<const std::vector<ChunkEntry>>(
      entries.ok() ? std::move(entries).value() : std::vector<ChunkEntry>{});
  if (dir_cache_.size() >= kMaxCachedSegments) dir_cache_.erase(dir_cache_.begin());
  dir_cache_.emplace(ref.key, seg);
  return seg;
}

std::shared_ptr<const ChunkMeta> Pager::PruningMeta(ChunkId id) {
  if (std::shared_ptr<const ChunkMeta> m = Meta(id)) return m;
  std::shared_ptr<const std::vector<ChunkEntry>> seg;
  {
    std::lock_guard<std::mutex> lock(dir_mu_);
    int s = FindChunkSegment(dir_segments_, id);
    if (s < 0) return nullptr;
    seg = Segment(dir_segments_[static_cast<size_t>(s)]);
  }
  auto it = std::lower_bound(seg->begin(), seg->end(), id,
                             [](const ChunkEntry& e, ChunkId v) { return e.id < v; });
  if (it == seg->end() || it->id != id) return nullptr;
  auto meta = std::make_shared<ChunkMeta>();
  meta->id = id;
  meta->tree = it->tree;
  meta->page_count = it->page_count;
  meta->zone_map = ChunkEntryZoneMap(*it);
  AddMeta(meta);  // replaced by the footer's (with the bloom filter) when fetched
  return meta;
}

Pager::Fetch Pager::FetchShared(ChunkId id, PageId want) {
  std::promise<Fetch> promise;
  {
    std::unique_lock<std::mutex> lock(mu_);
    auto it = inflight_.find(id);
    if (it != inflight_.end()) {
      std::shared_future<Fetch> f = it->second;
      lock.unlock();
      return f.get();
    }
    inflight_.emplace(id, promise.get_future().share());
  }
  // A fetch of this chunk may have completed since the caller looked.
  Fetch result = cache_.Contains(want) ? Fetch{} : FetchNow(id);
  promise.set_value(result);
  std::lock_guard<std::mutex> lock(mu_);
  inflight_.erase(id);
  return result;
}

Pager::Fetch Pager::FetchNow(ChunkId id) {
  Fetch out;
  std::string key = ChunkKey(id);
  // GetShared: a local store maps the chunk instead of copying it (a cold
  // 1 MiB read cost ~0.7 ms of CPU in zero-filled page faults, W3/W5).
  Result<std::shared_ptr<const ObjectBytes>> object = store_->GetShared(key);
  if (!object.ok()) {
    out.status = object.status().IsNotFound()
                     ? Status::Corruption("chunk " + key + " is referenced but missing from the store")
                     : object.status().WithContext("reading chunk " + key);
    return out;
  }
  counters_.chunks_fetched.fetch_add(1, std::memory_order_relaxed);
  Result<ChunkReader> reader = ChunkReader::Open(key, std::move(object).value());
  if (!reader.ok()) {
    out.status = reader.status();
    return out;
  }
  auto chunk = std::make_shared<const ChunkReader>(std::move(reader).value());
  for (uint32_t slot = 0; slot < chunk->page_count(); slot++) {
    cache_.InsertRaw(MakePageId(id, slot), chunk, chunk->page_kind(slot) == PageKind::kInternal);
  }
  auto meta = std::make_shared<ChunkMeta>();
  meta->id = id;
  meta->tree = chunk->footer().tree;
  meta->page_count = chunk->page_count();
  meta->bloom = chunk->footer().bloom;
  meta->zone_map = chunk->footer().zone_map;
  AddMeta(std::move(meta));
  out.chunk = std::move(chunk);
  return out;
}

}  // namespace s3lite
