// TreeCursor: ordered iteration over one B+ tree, in both directions.
//
// The cursor keeps the path from the root to its leaf (shared pointers, so
// the pages stay alive whatever happens to the cache or the tree).
// key()/value() stay valid while the cursor stays put, even if the owning
// transaction changes the tree: they point into the leaf when it is
// immutable (a stored page, or any page when there is no `version`
// counter, i.e. the tree cannot change) and into copies otherwise.
//
// If the tree may change under the cursor (a write transaction writing to
// the tree it iterates), give the cursor a `version` counter: whenever it
// differs from the value at positioning, the cursor re-seeks from the
// current root (`root_fn`) to the key it was on before moving.
//
// Thread-safety: one thread at a time.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/btree/btree.h"

namespace s3lite {

// Optional scan policy: zone-map pruning and prefetch of leaves.
class LeafPolicy {
 public:
  virtual ~LeafPolicy() = default;
  // True if stored leaf `leaf` cannot hold anything the scan needs; the
  // cursor then moves past it without loading it. The cursor may also ask
  // about internal pages (before it knows the leaf depth): the answer must
  // be false for pages in chunks without leaf keys.
  virtual bool Skip(PageId leaf) = 0;
  // The cursor moves into child `index` of `parent`, whose children are
  // leaves, going forward or backward (a chance to prefetch what follows).
  virtual void Entering(const Node& parent, size_t index, bool forward) = 0;
};

class TreeCursor {
 public:
  TreeCursor(PageSource* source, std::function<ChildRef()> root_fn, const uint64_t* version);

  Status SeekFirst();
  Status SeekLast();
  Status Seek(std::string_view target);
  Status SeekForPrev(std::string_view target);
  bool Valid() const { return valid_; }
  Status Next();
  Status Prev();
  std::string_view key() const { return key_; }
  std::string_view value() const { return value_; }
  void set_policy(std::unique_ptr<LeafPolicy> p) { policy_ = std::move(p); }

 private:
  struct Level {
    ConstNodePtr node;
    size_t index;
  };
  // From the position on top of the stack, descend to the first (forward)
  // or last entry of the next non-empty, non-skipped leaf and load it.
  Status MoveToLeaf(bool forward);
  // Moves the top level one step; pops levels that are exhausted.
  void AdvanceIndex(bool forward);
  Status Load();  // copy the entry at the top of the stack; sets valid_
  // Re-seek after the tree changed: to the entry after (forward) or before
  // the key the cursor was on.
  Status Restore(bool forward);
  Status StartAt(std::string_view target, bool for_prev);

  PageSource* source_;
  std::function<ChildRef()> root_fn_;
  const uint64_t* version_;
  uint64_t seen_version_ = 0;
  std::vector<Level> stack_;
  size_t leaf_depth_ = 0;  // stack size with a leaf on top; 0 = not known yet
  std::unique_ptr<LeafPolicy> policy_;
  bool valid_ = false;
  std::string_view key_, value_;
  std::string key_buf_, value_buf_;  // copies, when the leaf may change or the value is in overflow pages
};

}  // namespace s3lite
