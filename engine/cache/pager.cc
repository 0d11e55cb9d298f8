#include "engine/cache/pager.h"

#include "engine/chunk/chunk_reader.h"
#include "engine/manifest/object_names.h"

namespace s3lite {
namespace {
constexpr size_t kMaxMetaEntries = 1 << 16;
}

Pager::Pager(ObjectStore* store, size_t cache_pages, int prefetch_workers)
    : store_(store), cache_(cache_pages) {
  if (prefetch_workers > 0) pool_ = std::make_unique<WorkerPool>(static_cast<size_t>(prefetch_workers));
}

Pager::~Pager() { pool_.reset(); }  // finish prefetches before members go away

Result<ConstNodePtr> Pager::Load(PageId id) {
  if (ConstNodePtr n = cache_.Lookup(id)) {
    counters_.cache_hits.fetch_add(1, std::memory_order_relaxed);
    return n;
  }
  counters_.cache_misses.fetch_add(1, std::memory_order_relaxed);
  Fetch f = FetchShared(PageChunk(id));
  if (!f.status.ok()) return f.status;
  uint32_t slot = PageSlot(id);
  if (slot >= f.pages->size()) {
    return Status::Corruption("page " + std::to_string(slot) + " referenced but chunk " + ChunkKey(PageChunk(id)) +
                              " has " + std::to_string(f.pages->size()) + " pages");
  }
  return (*f.pages)[slot];
}

bool Pager::MayContain(PageId leaf, std::string_view key) {
  std::shared_ptr<const ChunkMeta> meta = Meta(PageChunk(leaf));
  // Only leaf chunks (which have keys) answer; internal-page chunks have none.
  if (!meta || !meta->zone_map.has_keys || meta->bloom.empty() || meta->bloom.MayContain(key)) return true;
  counters_.bloom_skips.fetch_add(1, std::memory_order_relaxed);
  return false;
}

Status Pager::FetchChunk(ChunkId id) { return FetchShared(id).status; }

void Pager::Prefetch(ChunkId id) {
  if (!pool_) return;
  if (cache_.Contains(MakePageId(id, 0))) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (inflight_.count(id)) return;
  }
  pool_->Submit([this, id] { FetchShared(id); });
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

Pager::Fetch Pager::FetchShared(ChunkId id) {
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
  Fetch result = FetchNow(id);
  promise.set_value(result);
  std::lock_guard<std::mutex> lock(mu_);
  inflight_.erase(id);
  return result;
}

Pager::Fetch Pager::FetchNow(ChunkId id) {
  Fetch out;
  std::string key = ChunkKey(id);
  Result<std::string> object = store_->Get(key);
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
  auto pages = std::make_shared<std::vector<ConstNodePtr>>();
  pages->reserve(reader->page_count());
  for (uint32_t slot = 0; slot < reader->page_count(); slot++) {
    Result<std::string_view> bytes = reader->page(slot);
    if (!bytes.ok()) {
      out.status = bytes.status();
      return out;
    }
    Result<NodePtr> node = DecodePage(*bytes, MakePageId(id, slot), key);
    if (!node.ok()) {
      out.status = node.status();
      return out;
    }
    pages->push_back(std::move(node).value());
  }
  for (uint32_t slot = 0; slot < pages->size(); slot++) cache_.Insert(MakePageId(id, slot), (*pages)[slot]);
  auto meta = std::make_shared<ChunkMeta>();
  meta->id = id;
  meta->tree = reader->footer().tree;
  meta->page_count = reader->page_count();
  meta->bloom = reader->footer().bloom;
  meta->zone_map = reader->footer().zone_map;
  AddMeta(std::move(meta));
  out.pages = std::move(pages);
  return out;
}

}  // namespace s3lite
