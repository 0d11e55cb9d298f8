// PageCache: an LRU cache of decoded stored pages, sized in pages.
//
// Keys are stored PageIds, which are never reused (chunk ids are unique
// forever), so a cached page is never stale. Values are immutable nodes held
// by shared_ptr: evicting a page never invalidates a reader that holds it.
//
// Thread-safety: all methods are thread-safe (one mutex).
#pragma once

#include <cstddef>
#include <list>
#include <mutex>
#include <unordered_map>

#include "engine/page/node.h"

namespace s3lite {

class PageCache {
 public:
  explicit PageCache(size_t capacity_pages);

  // nullptr on a miss. A hit moves the page to the front.
  ConstNodePtr Lookup(PageId id);
  // Inserts or replaces; evicts least-recently-used pages beyond capacity.
  void Insert(PageId id, ConstNodePtr node);
  bool Contains(PageId id);
  size_t size();
  size_t capacity() const { return capacity_; }

 private:
  struct Slot {
    ConstNodePtr node;
    std::list<PageId>::iterator lru;
  };
  const size_t capacity_;
  std::mutex mu_;
  std::list<PageId> lru_;                      // guarded by mu_; front = most recent
  std::unordered_map<PageId, Slot> pages_;     // guarded by mu_
};

}  // namespace s3lite
