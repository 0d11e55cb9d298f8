// TreeCursor: ordered iteration over one B+ tree, in both directions.
//
// The cursor keeps the path from the root to its leaf (shared pointers, so
// the pages stay alive whatever happens to the cache or the tree). It copies
// the current key and value, so key()/value() stay valid while the cursor
// stays put, even if the owning transaction changes the tree.
//
// If the tree may change under the cursor (a write transaction writing to
// the tree it iterates), give the cursor a `version` counter: whenever it
// differs from the value at positioning, the cursor re-seeks from the
// current root (`root_fn`) to the key it was on before moving.
//
// Thread-safety: one thread at a time.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/btree/btree.h"

namespace s3lite {

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
  const std::string& key() const { return key_; }
  const std::string& value() const { return value_; }

 private:
  struct Level {
    ConstNodePtr node;
    size_t index;
  };
  // Descend from stack_.back() (an internal node at its index) to a leaf,
  // taking the first (front=true) or last entry of each node below.
  Status Descend(bool front);
  Status Load();           // copy the entry at the top of the stack; valid_
  Status StepForward();    // stack-level move to the next entry
  Status StepBackward();
  // Re-seek after the tree changed: to the entry after (forward) or before
  // the key the cursor was on.
  Status Restore(bool forward);
  Status StartAt(std::string_view target, bool for_prev);

  PageSource* source_;
  std::function<ChildRef()> root_fn_;
  const uint64_t* version_;
  uint64_t seen_version_ = 0;
  std::vector<Level> stack_;
  bool valid_ = false;
  std::string key_, value_;
};

}  // namespace s3lite
