#include "engine/btree/tree_cursor.h"

namespace s3lite {

TreeCursor::TreeCursor(PageSource* source, std::function<ChildRef()> root_fn, const uint64_t* version)
    : source_(source), root_fn_(std::move(root_fn)), version_(version) {}

Status TreeCursor::Load() {
  const Level& top = stack_.back();
  const Node& n = *top.node;
  LeafView e = n.entry(top.index);
  valid_ = true;
  // A stored page never changes, nor does any page in a read-only cursor's
  // snapshot: point into it (stack_ keeps it alive). A write transaction may
  // change its own memory pages in place, so copy those.
  bool stable = !version_ || !IsMemoryPage(n.id);
  if (stable) {
    key_ = e.key;
  } else {
    key_buf_.assign(e.key);
    key_ = key_buf_;
  }
  if (stable && e.overflow == 0) {
    value_ = e.value;
    return Status::OK();
  }
  Status s = ReadValue(*source_, e, &value_buf_);
  value_ = value_buf_;
  return s;
}

void TreeCursor::AdvanceIndex(bool forward) {
  while (!stack_.empty()) {
    Level& top = stack_.back();
    size_t n = top.node->size();
    if (forward && top.index + 1 < n) {
      top.index++;
      return;
    }
    if (!forward && top.index > 0 && n > 0) {
      top.index--;
      return;
    }
    stack_.pop_back();
  }
}

Status TreeCursor::MoveToLeaf(bool forward) {
  while (!stack_.empty()) {
    Level& top = stack_.back();
    if (top.node->leaf) {
      if (top.node->size() == 0) {
        AdvanceIndex(forward);
        continue;
      }
      leaf_depth_ = stack_.size();
      return Load();
    }
    const ChildRef& child = top.node->children[top.index];
    // Before the leaf depth is known, any stored child may be asked about:
    // Skip answers false for chunks without leaf keys (internal pages).
    bool leaf_level = leaf_depth_ == stack_.size() + 1;
    if (policy_ && leaf_level) policy_->Entering(*top.node, top.index, forward);
    if (policy_ && (leaf_level || leaf_depth_ == 0) && !child.mem && policy_->Skip(child.id)) {
      AdvanceIndex(forward);
      continue;
    }
    S3LITE_ASSIGN_OR_RETURN(ConstNodePtr n, LoadNode(*source_, child));
    size_t count = n->size();
    stack_.push_back({n, forward || count == 0 ? 0 : count - 1});
  }
  valid_ = false;
  return Status::OK();
}

Status TreeCursor::StartAt(std::string_view target, bool for_prev) {
  stack_.clear();
  valid_ = false;
  if (version_) seen_version_ = *version_;
  ChildRef ref = root_fn_();
  if (ref.id == kInvalidPageId) return Status::OK();
  while (true) {
    S3LITE_ASSIGN_OR_RETURN(ConstNodePtr n, LoadNode(*source_, ref));
    if (!n->leaf) {
      size_t i = ChildIndex(*n, target);
      stack_.push_back({n, i});
      if (policy_ && leaf_depth_ == stack_.size() + 1) policy_->Entering(*n, i, !for_prev);
      ref = n->children[i];
      if (policy_ && !ref.mem && policy_->Skip(ref.id)) {
        // The target's leaf is in a pruned chunk: go on with the next leaf
        // in scan direction (forward: all its keys are > target).
        AdvanceIndex(!for_prev);
        return MoveToLeaf(!for_prev);
      }
      continue;
    }
    leaf_depth_ = stack_.size() + 1;
    size_t i = LeafLowerBound(*n, target);
    if (!for_prev) {
      stack_.push_back({n, i});
      if (i < n->size()) return Load();
      stack_.pop_back();  // past this leaf: first entry of the next one
      AdvanceIndex(true);
      return MoveToLeaf(true);
    }
    if (i < n->size() && n->key(i) == target) {
      stack_.push_back({n, i});
      return Load();
    }
    if (i > 0) {
      stack_.push_back({n, i - 1});
      return Load();
    }
    AdvanceIndex(false);  // before this leaf: last entry of the previous one
    return MoveToLeaf(false);
  }
}

Status TreeCursor::SeekFirst() { return StartAt(std::string_view(), false); }

Status TreeCursor::SeekLast() {
  stack_.clear();
  valid_ = false;
  if (version_) seen_version_ = *version_;
  ChildRef root = root_fn_();
  if (root.id == kInvalidPageId) return Status::OK();
  S3LITE_ASSIGN_OR_RETURN(ConstNodePtr n, LoadNode(*source_, root));
  size_t count = n->size();
  stack_.push_back({n, count == 0 ? 0 : count - 1});
  return MoveToLeaf(false);
}

Status TreeCursor::Seek(std::string_view target) { return StartAt(target, false); }

Status TreeCursor::SeekForPrev(std::string_view target) { return StartAt(target, true); }

Status TreeCursor::Restore(bool forward) {
  std::string at(key_);
  S3LITE_RETURN_IF_ERROR(StartAt(at, !forward));
  if (valid_ && key_ == at) return forward ? Next() : Prev();
  return Status::OK();
}

Status TreeCursor::Next() {
  if (!valid_) return Status::InvalidArgument("cursor is not positioned");
  if (version_ && *version_ != seen_version_) return Restore(true);
  // Fast path: the next entry is in the same leaf (a valid cursor's top
  // level is always a leaf).
  Level& top = stack_.back();
  if (top.index + 1 < top.node->size()) {
    top.index++;
    return Load();
  }
  AdvanceIndex(true);
  return MoveToLeaf(true);
}

Status TreeCursor::Prev() {
  if (!valid_) return Status::InvalidArgument("cursor is not positioned");
  if (version_ && *version_ != seen_version_) return Restore(false);
  Level& top = stack_.back();
  if (top.index > 0) {
    top.index--;
    return Load();
  }
  AdvanceIndex(false);
  return MoveToLeaf(false);
}

}  // namespace s3lite
