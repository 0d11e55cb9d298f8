// PageCache: an LRU cache of stored pages, sized in pages.
//
// A cached page is either decoded (a Node) or still raw: a reference to the
// verified-footer ChunkReader its chunk was fetched into (the pager decodes
// and checksums a raw page on its first use, then replaces the entry with
// the decoded node). A chunk's object bytes stay alive while any of its
// pages is cached raw; once all of them are decoded or evicted, they go.
//
// Internal B+ tree pages are kept in a separate LRU list and evicted only
// when leaves cannot make room (or internal pages exceed half the
// capacity): a scan holds its path in the cursor and never touches upper
// levels again, so plain LRU would evict them and refetch their chunk.
//
// Keys are stored PageIds, which are never reused (chunk ids are unique
// forever), so a cached page is never stale. Values are immutable and held
// by shared_ptr: evicting a page never invalidates a reader that holds it.
//
// Thread-safety: all methods are thread-safe (one mutex).
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "engine/chunk/chunk_reader.h"
#include "engine/page/node.h"

namespace s3lite {

// One cache entry: exactly one of `node` (decoded) and `chunk` (raw) is set;
// both are null for a miss.
struct CachedPage {
  ConstNodePtr node;
  std::shared_ptr<const ChunkReader> chunk;
  bool found() const { return node || chunk; }
};

class PageCache {
 public:
  explicit PageCache(size_t capacity_pages);

  // The decoded node, or nullptr on a miss or a raw entry. A decoded hit
  // moves the page to the front.
  ConstNodePtr Lookup(PageId id);
  // Any entry; a hit (raw or decoded) moves the page to the front.
  CachedPage LookupPage(PageId id);
  // Inserts or replaces with a decoded node; evicts least-recently-used
  // pages beyond capacity.
  void Insert(PageId id, ConstNodePtr node);
  // Inserts a raw page of `chunk` unless `id` is already cached (a decoded
  // page is never replaced by a raw one). `internal`: an internal tree page.
  void InsertRaw(PageId id, std::shared_ptr<const ChunkReader> chunk, bool internal);
  bool Contains(PageId id);
  size_t size();
  size_t capacity() const { return capacity_; }

 private:
  struct Slot {
    CachedPage page;
    bool internal = false;
    std::list<PageId>::iterator lru;  // in internal_lru_ if internal, else lru_
  };
  std::list<PageId>& ListOf(const Slot& s) { return s.internal ? internal_lru_ : lru_; }
  void AddLocked(PageId id, CachedPage page, bool internal);
  void EvictLocked();
  const size_t capacity_;
  std::mutex mu_;
  std::list<PageId> lru_;                      // guarded by mu_; leaves, overflow; front = most recent
  std::list<PageId> internal_lru_;             // guarded by mu_; internal pages
  std::unordered_map<PageId, Slot> pages_;     // guarded by mu_
};

}  // namespace s3lite
