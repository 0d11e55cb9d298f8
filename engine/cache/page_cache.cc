#include "engine/cache/page_cache.h"

namespace s3lite {

PageCache::PageCache(size_t capacity_pages) : capacity_(capacity_pages < 16 ? 16 : capacity_pages) {}

ConstNodePtr PageCache::Lookup(PageId id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = pages_.find(id);
  if (it == pages_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second.lru);
  return it->second.node;
}

void PageCache::Insert(PageId id, ConstNodePtr node) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = pages_.find(id);
  if (it != pages_.end()) {
    it->second.node = std::move(node);
    lru_.splice(lru_.begin(), lru_, it->second.lru);
    return;
  }
  lru_.push_front(id);
  pages_.emplace(id, Slot{std::move(node), lru_.begin()});
  while (pages_.size() > capacity_) {
    pages_.erase(lru_.back());
    lru_.pop_back();
  }
}

bool PageCache::Contains(PageId id) {
  std::lock_guard<std::mutex> lock(mu_);
  return pages_.count(id) != 0;
}

size_t PageCache::size() {
  std::lock_guard<std::mutex> lock(mu_);
  return pages_.size();
}

}  // namespace s3lite
