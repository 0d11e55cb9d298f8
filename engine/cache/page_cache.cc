#include "engine/cache/page_cache.h"

namespace s3lite {
namespace {
bool IsInternal(const Node& n) { return !n.leaf && !n.is_overflow; }
}  // namespace

PageCache::PageCache(size_t capacity_pages) : capacity_(capacity_pages < 16 ? 16 : capacity_pages) {}

ConstNodePtr PageCache::Lookup(PageId id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = pages_.find(id);
  if (it == pages_.end() || !it->second.page.node) return nullptr;
  std::list<PageId>& l = ListOf(it->second);
  l.splice(l.begin(), l, it->second.lru);
  return it->second.page.node;
}

CachedPage PageCache::LookupPage(PageId id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = pages_.find(id);
  if (it == pages_.end()) return {};
  std::list<PageId>& l = ListOf(it->second);
  l.splice(l.begin(), l, it->second.lru);
  return it->second.page;
}

void PageCache::Insert(PageId id, ConstNodePtr node) {
  std::lock_guard<std::mutex> lock(mu_);
  bool internal = node && IsInternal(*node);
  auto it = pages_.find(id);
  if (it != pages_.end()) {
    ListOf(it->second).erase(it->second.lru);
    pages_.erase(it);
  }
  AddLocked(id, CachedPage{std::move(node), nullptr}, internal);
}

void PageCache::InsertRaw(PageId id, std::shared_ptr<const ChunkReader> chunk, bool internal) {
  std::lock_guard<std::mutex> lock(mu_);
  if (pages_.count(id)) return;
  AddLocked(id, CachedPage{nullptr, std::move(chunk)}, internal);
}

void PageCache::AddLocked(PageId id, CachedPage page, bool internal) {
  std::list<PageId>& l = internal ? internal_lru_ : lru_;
  l.push_front(id);
  pages_.emplace(id, Slot{std::move(page), internal, l.begin()});
  EvictLocked();
}

void PageCache::EvictLocked() {
  while (pages_.size() > capacity_) {
    // Leaves go first unless internal pages hold more than half the cache.
    bool from_internal = lru_.empty() || internal_lru_.size() > capacity_ / 2;
    std::list<PageId>& l = from_internal ? internal_lru_ : lru_;
    pages_.erase(l.back());
    l.pop_back();
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
