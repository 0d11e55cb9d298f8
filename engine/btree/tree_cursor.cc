#include "engine/btree/tree_cursor.h"

namespace s3lite {

TreeCursor::TreeCursor(PageSource* source, std::function<ChildRef()> root_fn, const uint64_t* version)
    : source_(source), root_fn_(std::move(root_fn)), version_(version) {}

Status TreeCursor::Descend(bool front) {
  while (!stack_.back().node->leaf) {
    const Level& top = stack_.back();
    S3LITE_ASSIGN_OR_RETURN(ConstNodePtr child, LoadNode(*source_, top.node->children[top.index]));
    size_t n = child->size();
    stack_.push_back({child, front ? 0 : (n == 0 ? 0 : n - 1)});
  }
  return Status::OK();
}

Status TreeCursor::Load() {
  const Level& top = stack_.back();
  if (top.index >= top.node->entries.size()) {
    valid_ = false;
    return Status::OK();
  }
  const LeafEntry& e = top.node->entries[top.index];
  key_ = e.key;
  valid_ = true;
  return ReadValue(*source_, e, &value_);
}

Status TreeCursor::StepForward() {
  Level* top = &stack_.back();
  if (top->index + 1 < top->node->entries.size()) {
    top->index++;
    return Load();
  }
  while (true) {
    stack_.pop_back();
    if (stack_.empty()) {
      valid_ = false;
      return Status::OK();
    }
    top = &stack_.back();
    if (top->index + 1 < top->node->children.size()) {
      top->index++;
      S3LITE_RETURN_IF_ERROR(Descend(true));
      if (stack_.back().node->entries.empty()) return StepForward();
      return Load();
    }
  }
}

Status TreeCursor::StepBackward() {
  Level* top = &stack_.back();
  if (top->index > 0 && !top->node->entries.empty()) {
    top->index--;
    return Load();
  }
  while (true) {
    stack_.pop_back();
    if (stack_.empty()) {
      valid_ = false;
      return Status::OK();
    }
    top = &stack_.back();
    if (top->index > 0) {
      top->index--;
      S3LITE_RETURN_IF_ERROR(Descend(false));
      if (stack_.back().node->entries.empty()) return StepBackward();
      return Load();
    }
  }
}

Status TreeCursor::StartAt(std::string_view target, bool for_prev) {
  stack_.clear();
  valid_ = false;
  if (version_) seen_version_ = *version_;
  ChildRef root = root_fn_();
  if (root.id == kInvalidPageId) return Status::OK();
  ChildRef ref = root;
  while (true) {
    S3LITE_ASSIGN_OR_RETURN(ConstNodePtr n, LoadNode(*source_, ref));
    if (n->leaf) {
      size_t i = LeafLowerBound(*n, target);
      if (!for_prev) {
        stack_.push_back({n, i});
        if (i >= n->entries.size()) {
          if (n->entries.empty()) stack_.back().index = 0;
          else stack_.back().index = n->entries.size() - 1;
          return StepForward();
        }
        return Load();
      }
      // Last entry <= target.
      if (i < n->entries.size() && n->entries[i].key == target) {
        stack_.push_back({n, i});
        return Load();
      }
      if (i == 0) {
        stack_.push_back({n, 0});
        return StepBackward();
      }
      stack_.push_back({n, i - 1});
      return Load();
    }
    size_t i = ChildIndex(*n, target);
    stack_.push_back({n, i});
    ref = n->children[i];
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
  S3LITE_RETURN_IF_ERROR(Descend(false));
  if (stack_.back().node->entries.empty()) return StepBackward();
  return Load();
}

Status TreeCursor::Seek(std::string_view target) { return StartAt(target, false); }

Status TreeCursor::SeekForPrev(std::string_view target) { return StartAt(target, true); }

Status TreeCursor::Restore(bool forward) {
  std::string at = key_;
  S3LITE_RETURN_IF_ERROR(StartAt(at, !forward));
  if (valid_ && key_ == at) return forward ? StepForward() : StepBackward();
  return Status::OK();
}

Status TreeCursor::Next() {
  if (!valid_) return Status::InvalidArgument("cursor is not positioned");
  if (version_ && *version_ != seen_version_) return Restore(true);
  return StepForward();
}

Status TreeCursor::Prev() {
  if (!valid_) return Status::InvalidArgument("cursor is not positioned");
  if (version_ && *version_ != seen_version_) return Restore(false);
  return StepBackward();
}

}  // namespace s3lite
