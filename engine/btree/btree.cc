#include "engine/btree/btree.h"

#include <algorithm>
#include <vector>

namespace s3lite {
namespace {

ChildRef RefTo(const NodePtr& n) {
  ChildRef r;
  r.id = n->id;
  r.mem = n;
  return r;
}

// A mutable node for `ref`: the node itself when private, else a copy.
Result<NodePtr> Writable(TreeWriter& w, const ChildRef& ref) {
  if (w.IsPrivate(ref.id)) return std::const_pointer_cast<Node>(ref.mem);
  S3LITE_ASSIGN_OR_RETURN(ConstNodePtr n, LoadNode(*w.source, ref));
  NodePtr copy = n->UnpackedCopy();
  copy->id = w.NewMemoryId();
  return copy;
}

// New private node holding entries [from, to) of `n`.
NodePtr Slice(TreeWriter& w, const Node& n, size_t from, size_t to) {
  auto s = std::make_shared<Node>();
  s->id = w.NewMemoryId();
  s->leaf = n.leaf;
  if (n.leaf) {
    s->AppendEntries(n, from, to);
  } else {
    s->children.assign(n.children.begin() + from, n.children.begin() + to);
  }
  s->Recompute();
  return s;
}

uint32_t CellSize(const Node& n, size_t i) {
  return n.leaf ? n.CellSize(i) : InternalCellSize(n.children[i]);
}

// Splits an overfull node into pieces that fit. `hint` is the index just
// written; appends keep the left side full. Returns the pieces (the first
// reuses `n`). Internal pieces after the first have children[0].key still
// set: the caller moves it up as the separator.
void Split(TreeWriter& w, const NodePtr& n, size_t hint, std::vector<NodePtr>* out) {
  out->clear();
  if (n->bytes <= kPageSize) {
    out->push_back(n);
    return;
  }
  size_t count = n->size();
  std::vector<uint32_t> prefix(count + 1, 0);
  for (size_t i = 0; i < count; i++) prefix[i + 1] = prefix[i] + CellSize(*n, i);
  auto fits = [&](size_t from, size_t to) { return kPageHeaderSize + prefix[to] - prefix[from] <= kPageSize; };
  size_t at = 0;
  if (hint + 1 == count && count >= 2 && fits(0, count - 1) && fits(count - 1, count)) {
    at = count - 1;
  } else if (hint == 0 && count >= 2 && fits(0, 1) && fits(1, count)) {
    at = 1;
  } else {
    at = 1;
    while (at < count - 1 && prefix[at] * 2 < prefix[count]) at++;
  }
  std::vector<NodePtr>& pieces = *out;
  if (fits(0, at) && fits(at, count)) {
    pieces.push_back(n);
    pieces.push_back(Slice(w, *n, at, count));
  } else {
    // Rare (very uneven cells): greedy packing into as many pages as needed.
    size_t from = 0;
    while (from < count) {
      size_t to = from + 1;
      while (to < count && fits(from, to + 1)) to++;
      pieces.push_back(Slice(w, *n, from, to));
      from = to;
    }
    pieces[0]->id = n->id;
    *n = std::move(*pieces[0]);
    pieces[0] = n;
    return;
  }
  if (n->leaf) {
    n->TruncateEntries(at);
  } else {
    n->children.resize(at);
  }
  n->Recompute();
}

// Inserts the pieces of child `idx` into internal node `parent`.
void ReplaceChild(Node* parent, size_t idx, std::vector<NodePtr>& pieces) {
  ChildRef first = RefTo(pieces[0]);
  first.key = std::move(parent->children[idx].key);
  parent->children[idx] = std::move(first);
  std::vector<ChildRef> extra;
  for (size_t i = 1; i < pieces.size(); i++) {
    Node& p = *pieces[i];
    ChildRef r = RefTo(pieces[i]);
    if (p.leaf) {
      r.key = std::string(p.key(0));
    } else {
      r.key = std::move(p.children.front().key);
      p.children.front().key.clear();
      p.Recompute();
    }
    extra.push_back(std::move(r));
  }
  parent->children.insert(parent->children.begin() + idx + 1, std::make_move_iterator(extra.begin()),
                          std::make_move_iterator(extra.end()));
  parent->Recompute();
}

// Inserts into the subtree at `ref`; *pieces receives its pieces after
// splitting (one vector reused by all levels: no allocation per level).
Status PutRec(TreeWriter& w, const ChildRef& ref, std::string_view key, std::string_view value,
              std::optional<std::string>* old, std::vector<NodePtr>* pieces) {
  S3LITE_ASSIGN_OR_RETURN(NodePtr n, Writable(w, ref));
  size_t hint = 0;
  if (n->leaf) {
    size_t i = LeafLowerBound(*n, key);
    w.inserted = !(i < n->size() && n->key(i) == key);
    if (!w.inserted) {
      if (old) {
        old->emplace();
        S3LITE_RETURN_IF_ERROR(ReadValue(*w.source, n->entry(i), &**old));
      }
      n->SetValue(i, value);
    } else {
      n->InsertEntry(i, LeafView(key, value));
    }
    hint = i;
  } else {
    size_t i = ChildIndex(*n, key);
    S3LITE_RETURN_IF_ERROR(PutRec(w, n->children[i], key, value, old, pieces));
    if (pieces->size() == 1 && (*pieces)[0].get() == n->children[i].mem.get()) {
      (*pieces)[0] = n;
      return Status::OK();
    }
    ReplaceChild(n.get(), i, *pieces);
    hint = pieces->size() == 1 ? i : i + pieces->size() - 1;
  }
  Split(w, n, hint, pieces);
  return Status::OK();
}

// Merges node `b` into `a` (a precedes b); `sep` is b's separator in the parent.
void MergeInto(Node* a, Node* b, std::string sep) {
  if (a->leaf) {
    a->AppendEntries(*b, 0, b->size());
  } else {
    b->children.front().key = std::move(sep);
    for (auto& c : b->children) a->children.push_back(std::move(c));
  }
  a->Recompute();
}

struct DeleteResult {
  bool changed = false;
  NodePtr node;  // null when the subtree became empty
};

Result<DeleteResult> DeleteRec(TreeWriter& w, const ChildRef& ref, std::string_view key, std::string* old) {
  S3LITE_ASSIGN_OR_RETURN(ConstNodePtr cur, LoadNode(*w.source, ref));
  DeleteResult r;
  if (cur->leaf) {
    size_t i = LeafLowerBound(*cur, key);
    if (i == cur->size() || cur->key(i) != key) return r;
    if (old) S3LITE_RETURN_IF_ERROR(ReadValue(*w.source, cur->entry(i), old));
    S3LITE_ASSIGN_OR_RETURN(NodePtr n, Writable(w, ref));
    n->EraseEntry(i);
    r.changed = true;
    if (n->size() > 0) r.node = n;
    return r;
  }
  size_t i = ChildIndex(*cur, key);
  S3LITE_ASSIGN_OR_RETURN(DeleteResult child, DeleteRec(w, cur->children[i], key, old));
  if (!child.changed) return r;
  S3LITE_ASSIGN_OR_RETURN(NodePtr n, Writable(w, ref));
  r.changed = true;
  if (!child.node) {
    n->children.erase(n->children.begin() + i);
    if (i == 0 && !n->children.empty()) n->children.front().key.clear();
    n->Recompute();
  } else {
    ChildRef cr = RefTo(child.node);
    cr.key = std::move(n->children[i].key);
    n->children[i] = std::move(cr);
    // Merge an underfull child with a neighbour when both fit in one page.
    if (child.node->bytes < kPageSize / 4 && n->children.size() > 1) {
      size_t left = i > 0 ? i - 1 : i;  // merge children[left] and children[left + 1]
      S3LITE_ASSIGN_OR_RETURN(ConstNodePtr a0, LoadNode(*w.source, n->children[left]));
      S3LITE_ASSIGN_OR_RETURN(ConstNodePtr b0, LoadNode(*w.source, n->children[left + 1]));
      uint32_t sep_extra = a0->leaf ? 0 : InternalCellSize(ChildRef{n->children[left + 1].key, 0, nullptr}) -
                                              InternalCellSize(ChildRef{});
      if (a0->bytes + b0->bytes - kPageHeaderSize + sep_extra <= kPageSize) {
        S3LITE_ASSIGN_OR_RETURN(NodePtr a, Writable(w, n->children[left]));
        S3LITE_ASSIGN_OR_RETURN(NodePtr b, Writable(w, n->children[left + 1]));
        MergeInto(a.get(), b.get(), n->children[left + 1].key);
        ChildRef ar = RefTo(a);
        ar.key = std::move(n->children[left].key);
        n->children[left] = std::move(ar);
        n->children.erase(n->children.begin() + left + 1);
      }
    }
    n->Recompute();
  }
  if (!n->children.empty()) r.node = n;
  return r;
}

}  // namespace

Result<ConstNodePtr> LoadNode(PageSource& source, const ChildRef& ref) {
  if (ref.mem) return ref.mem;
  if (ref.id == kInvalidPageId || IsMemoryPage(ref.id)) return Status::Internal("dangling page reference");
  return source.Load(ref.id);
}

Status ReadValue(PageSource& source, const LeafView& entry, std::string* out) {
  if (entry.overflow == 0) {
    out->assign(entry.value);
    return Status::OK();
  }
  out->clear();
  out->reserve(entry.value_len);
  PageId next = entry.overflow;
  while (next != 0 && out->size() < entry.value_len) {
    S3LITE_ASSIGN_OR_RETURN(ConstNodePtr page, source.Load(next));
    if (!page->is_overflow) return Status::Corruption("overflow chain points at a non-overflow page");
    out->append(page->overflow_data);
    next = page->overflow_next;
  }
  if (out->size() != entry.value_len) return Status::Corruption("overflow chain length mismatch");
  return Status::OK();
}

size_t ChildIndex(const Node& n, std::string_view key) {
  // Last child whose lower bound is <= key (children[0] is -infinity).
  // Appends (increasing rowids, a bulk load) go to the last child: one
  // comparison instead of a binary search.
  if (n.children.size() > 1 && std::string_view(n.children.back().key) <= key) return n.children.size() - 1;
  auto it = std::upper_bound(n.children.begin() + 1, n.children.end(), key,
                             [](std::string_view k, const ChildRef& c) { return k < std::string_view(c.key); });
  return static_cast<size_t>(it - n.children.begin()) - 1;
}

size_t LeafLowerBound(const Node& n, std::string_view key) {
  size_t lo = 0, hi = n.size();
  if (hi > 0 && n.key(hi - 1) < key) return hi;  // an append: past the last key
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (n.key(mid) < key) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

Status BTreeGet(PageSource& source, const ChildRef& root, std::string_view key, std::string* value) {
  if (root.id == kInvalidPageId) return Status::NotFound("key not found");
  // `ref` points into `n` (or is the root): n keeps it alive while the
  // child loads, then the child replaces n. No ChildRef copies per level.
  const ChildRef* ref = &root;
  ConstNodePtr n;
  while (true) {
    S3LITE_ASSIGN_OR_RETURN(ConstNodePtr child, LoadNode(source, *ref));
    n = std::move(child);
    if (n->leaf) break;
    const ChildRef& next = n->children[ChildIndex(*n, key)];
    // One level above the leaves: ask the leaf chunk's bloom filter first.
    if (!next.mem && !IsMemoryPage(next.id) && !source.MayContain(next.id, key)) {
      return Status::NotFound("key not found");
    }
    ref = &next;
  }
  size_t i = LeafLowerBound(*n, key);
  if (i == n->size() || n->key(i) != key) return Status::NotFound("key not found");
  return ReadValue(source, n->entry(i), value);
}

Status BTreeLowerBound(PageSource& source, const ChildRef& root, std::string_view target, std::string* key) {
  std::string restart;  // lower bound of the next subtree, when the target's leaf has nothing >= target
  while (true) {
    if (root.id == kInvalidPageId) return Status::NotFound("no key at or after the target");
    const ChildRef* ref = &root;
    ConstNodePtr n;
    ConstNodePtr next_holder;         // keeps next_sep alive
    std::string_view next_sep;        // separator of the subtree after the one descended into
    bool has_next = false;
    while (true) {
      S3LITE_ASSIGN_OR_RETURN(ConstNodePtr child, LoadNode(source, *ref));
      n = std::move(child);
      if (n->leaf) break;
      size_t i = ChildIndex(*n, target);
      if (i + 1 < n->children.size()) {
        next_holder = n;
        next_sep = n->children[i + 1].key;
        has_next = true;
      }
      ref = &n->children[i];
    }
    size_t i = LeafLowerBound(*n, target);
    if (i < n->size()) {
      std::string_view k = n->key(i);
      key->assign(k.data(), k.size());
      return Status::OK();
    }
    if (!has_next) return Status::NotFound("no key at or after the target");
    // Every key >= target is in a later subtree, whose keys are all >= its
    // separator (> target): descend again from there. Rare (a target past
    // the end of its leaf), and each round moves strictly right.
    restart.assign(next_sep.data(), next_sep.size());
    target = restart;
  }
}

Status BTreePut(TreeWriter& w, ChildRef* root, std::string_view key, std::string_view value,
                std::optional<std::string>* old) {
  if (old) old->reset();
  if (key.size() > kMaxKeySize) {
    return Status::InvalidArgument("key too large: " + std::to_string(key.size()) + " bytes (max " +
                                   std::to_string(kMaxKeySize) + ")");
  }
  if (value.size() > 0xFFFFFFF0u) return Status::InvalidArgument("value too large");
  if (root->id == kInvalidPageId) {
    auto leaf = std::make_shared<Node>();
    leaf->id = w.NewMemoryId();
    *root = RefTo(leaf);
  }
  std::vector<NodePtr>& pieces = w.pieces;  // reused: no allocation per put
  pieces.clear();
  struct Clear {
    std::vector<NodePtr>* v;
    ~Clear() { v->clear(); }  // do not keep nodes alive between puts
  } clear{&pieces};
  S3LITE_RETURN_IF_ERROR(PutRec(w, *root, key, value, old, &pieces));
  while (pieces.size() > 1) {
    auto top = std::make_shared<Node>();
    top->id = w.NewMemoryId();
    top->leaf = false;
    top->children.push_back(RefTo(pieces[0]));
    ReplaceChild(top.get(), 0, pieces);
    Split(w, top, top->children.size() - 1, &pieces);
  }
  *root = RefTo(pieces[0]);
  return Status::OK();
}

Status BTreeDelete(TreeWriter& w, ChildRef* root, std::string_view key, bool* found, std::string* old) {
  *found = false;
  if (root->id == kInvalidPageId) return Status::OK();
  S3LITE_ASSIGN_OR_RETURN(DeleteResult r, DeleteRec(w, *root, key, old));
  if (!r.changed) return Status::OK();
  *found = true;
  if (!r.node) {
    *root = ChildRef{};
    return Status::OK();
  }
  NodePtr n = r.node;
  // Collapse internal roots with a single child.
  ChildRef top = RefTo(n);
  while (true) {
    S3LITE_ASSIGN_OR_RETURN(ConstNodePtr t, LoadNode(*w.source, top));
    if (t->leaf || t->children.size() != 1) break;
    top = t->children[0];
    top.key.clear();
  }
  *root = top;
  return Status::OK();
}

}  // namespace s3lite
