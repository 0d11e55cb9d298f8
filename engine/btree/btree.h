// BTree: copy-on-write B+ tree operations over decoded nodes (node.h).
//
// A tree is named by its root ChildRef (id kInvalidPageId = empty tree).
// Reads load stored pages through a PageSource (the pager: page cache, chunk
// fetch); memory pages are reached through their parents' pointers.
//
// Writes never change a page that a snapshot may see: a TreeWriter copies
// every page on the path it changes into a new memory page, except pages that
// are already private to the writer (memory pages whose number is at least
// `mutable_floor`, i.e. created by this transaction since its last
// savepoint), which are changed in place. Split points favour appends: a
// node overflowing because of an insert at its end keeps everything but the
// new entry, so loading keys in increasing order fills pages to ~100%.
// Deletes free empty pages and merge a node that drops under a quarter page
// into a neighbour when the two fit in one page.
//
// Thread-safety: reads of a committed tree may run in many threads; a
// TreeWriter is used by one thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/page/node.h"
#include "engine/util/status.h"

namespace s3lite {

// Loads stored pages (never memory pages).
class PageSource {
 public:
  virtual ~PageSource() = default;
  virtual Result<ConstNodePtr> Load(PageId id) = 0;
  // Optional: may the leaf chunk that holds `id` contain `key`? (bloom filter)
  virtual bool MayContain(PageId /*leaf*/, std::string_view /*key*/) { return true; }
};

// Loads the node a ChildRef points at.
Result<ConstNodePtr> LoadNode(PageSource& source, const ChildRef& ref);

// Reads the full value of a leaf entry (following overflow pages).
Status ReadValue(PageSource& source, const LeafView& entry, std::string* out);

struct TreeWriter {
  PageSource* source = nullptr;
  std::atomic<uint64_t>* next_memory_page = nullptr;  // shared counter of memory page numbers
  uint64_t mutable_floor = 0;  // memory pages numbered >= this are private, mutable in place
  bool inserted = false;       // set by every BTreePut: true if the key was new (entry counts)
  std::vector<NodePtr> pieces;  // BTreePut's scratch (kept for its capacity; empty between calls)

  PageId NewMemoryId() { return kMemoryBit | next_memory_page->fetch_add(1); }
  bool IsPrivate(PageId id) const { return IsMemoryPage(id) && (id & ~kMemoryBit) >= mutable_floor; }
};

// NotFound if `key` is absent.
Status BTreeGet(PageSource& source, const ChildRef& root, std::string_view key, std::string* value);
// The first key >= `target` into *key; NotFound if there is none. Copies
// only the key (no value, no cursor).
Status BTreeLowerBound(PageSource& source, const ChildRef& root, std::string_view target, std::string* key);
// Insert or replace. If `old` is given, it receives the previous value
// (nullopt if the key was absent), for undo logs.
Status BTreePut(TreeWriter& w, ChildRef* root, std::string_view key, std::string_view value,
                std::optional<std::string>* old = nullptr);
// *found tells whether the key existed. Absent keys change nothing. If `old`
// is given and the key existed, it receives the deleted value.
Status BTreeDelete(TreeWriter& w, ChildRef* root, std::string_view key, bool* found,
                   std::string* old = nullptr);

// Index of the child of internal node `n` that covers `key`.
size_t ChildIndex(const Node& n, std::string_view key);
// First leaf entry index with key >= `key`.
size_t LeafLowerBound(const Node& n, std::string_view key);

}  // namespace s3lite
