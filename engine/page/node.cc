// Page encoding (docs/FORMAT.md "Pages and B+ tree nodes").
//
//   leaf/internal page (4096 bytes):
//     u8 type | u8 flags (0) | u16 count | u32 reserved (0)
//     u16 slot[count]            offsets of the cells from the page start
//     cells...                   then zero padding to 4096
//   leaf cell:     varint klen | varint vlen | u8 flags | key | value or u64 first overflow page
//                  (flags bit 0: value stored in overflow pages)
//   internal cell: varint klen | key | u64 child page id
//   overflow page: u8 type | 3 pad | u32 used | u64 next page (0 = last) | data
// Integers are little-endian.
#include "engine/page/node.h"

#include <algorithm>
#include <cstring>
#include <functional>

namespace s3lite {
namespace {

inline uint32_t VarintLen(uint64_t v) {
  uint32_t n = 1;
  while (v >= 128) {
    v >>= 7;
    n++;
  }
  return n;
}

void PutVarint(std::string* out, uint64_t v) {
  while (v >= 128) {
    out->push_back(static_cast<char>((v & 127) | 128));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

bool GetVarint(std::string_view* in, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift <= 63 && !in->empty(); shift += 7) {
    uint8_t b = static_cast<uint8_t>((*in)[0]);
    in->remove_prefix(1);
    result |= static_cast<uint64_t>(b & 127) << shift;
    if (b < 128) {
      *v = result;
      return true;
    }
  }
  return false;
}

// GetVarint over [*q, end) with a fast path for one-byte values; advances *q.
inline bool ReadVarint(const char** q, const char* end, uint64_t* v) {
  if (*q < end && static_cast<uint8_t>(**q) < 128) {
    *v = static_cast<uint8_t>(**q);
    ++*q;
    return true;
  }
  std::string_view in(*q, static_cast<size_t>(end - *q));
  if (!GetVarint(&in, v)) return false;
  *q = in.data();
  return true;
}

void PutFixed16(char* p, uint16_t v) {
  p[0] = static_cast<char>(v);
  p[1] = static_cast<char>(v >> 8);
}
void PutFixed32(char* p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = static_cast<char>(v >> (8 * i));
}
void PutFixed64(char* p, uint64_t v) {
  for (int i = 0; i < 8; i++) p[i] = static_cast<char>(v >> (8 * i));
}
void AppendFixed64(std::string* out, uint64_t v) {
  char b[8];
  PutFixed64(b, v);
  out->append(b, 8);
}
uint16_t GetFixed16(const char* p) {
  return static_cast<uint16_t>(static_cast<uint8_t>(p[0]) | (static_cast<uint8_t>(p[1]) << 8));
}
uint32_t GetFixed32(const char* p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; i--) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}
uint64_t GetFixed64(const char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

Status Bad(const std::string& object, PageId id, const char* what) {
  return Status::Corruption("corrupt page " + std::to_string(PageSlot(id)) + " in " + object + ": " + what);
}

// LeafCellSize of the entry a packed cell holds.
inline uint32_t PackedCellSize(const PackedCell& c) {
  bool big = c.big || LeafEntry::IsBigValue(c.key_len, c.value_len);
  return VarintLen(c.key_len) + VarintLen(c.value_len) + 1 + c.key_len + 2 + (big ? 8 : c.value_len);
}

}  // namespace

bool LeafEntry::IsBigValue(size_t key_len, size_t value_len) {
  return key_len + value_len + 12 > kMaxInlineCell;
}

uint32_t LeafCellSize(const LeafView& e) {
  uint32_t n = VarintLen(e.key.size()) + VarintLen(e.value_len) + 1 + static_cast<uint32_t>(e.key.size()) + 2;
  return n + (e.is_big() ? 8 : e.value_len);
}

uint32_t InternalCellSize(const ChildRef& c) {
  return VarintLen(c.key.size()) + static_cast<uint32_t>(c.key.size()) + 8 + 2;
}

LeafView Node::entry(size_t i) const {
  LeafView v;
  if (!packed) {
    const LeafSlot& s = slots[i];
    v.key = std::string_view(arena.data() + s.key_off, s.key_len);
    v.value_len = s.value_len;
    v.overflow = s.overflow;
    if (s.in_big) {
      v.value = big_values[s.value_off];
    } else if (s.overflow == 0) {
      v.value = std::string_view(arena.data() + s.value_off, s.value_len);
    }
    return v;
  }
  const PackedCell& c = cells[i];
  v.key = std::string_view(page.data() + c.key_off, c.key_len);
  v.value_len = c.value_len;
  if (c.big) {
    v.overflow = GetFixed64(page.data() + c.value_off);
  } else {
    v.value = std::string_view(page.data() + c.value_off, c.value_len);
  }
  return v;
}

uint32_t Node::CellSize(size_t i) const {
  if (packed) return PackedCellSize(cells[i]);
  const LeafSlot& s = slots[i];
  bool big = s.overflow != 0 || s.in_big || LeafEntry::IsBigValue(s.key_len, s.value_len);
  return VarintLen(s.key_len) + VarintLen(s.value_len) + 1 + s.key_len + 2 + (big ? 8 : s.value_len);
}

namespace {

// Rebuilds the arena from the live slots (their bytes, in slot order),
// with room for `add` more bytes.
void CompactArena(Node* n, size_t add) {
  std::string fresh;
  fresh.reserve(n->arena.size() - n->garbage + add);
  for (LeafSlot& s : n->slots) {
    uint32_t key_off = static_cast<uint32_t>(fresh.size());
    fresh.append(n->arena, s.key_off, s.key_len);
    s.key_off = key_off;
    if (!s.in_big && s.overflow == 0) {
      uint32_t value_off = static_cast<uint32_t>(fresh.size());
      fresh.append(n->arena, s.value_off, s.value_len);
      s.value_off = value_off;
    }
  }
  n->arena.swap(fresh);
  n->garbage = 0;
}

// Makes room for `add` more arena bytes: drops the garbage first when the
// arena would otherwise grow; grows towards one page's worth (a leaf's
// live bytes fit in a page, except for a moment before a split).
void ReserveArena(Node* n, size_t add) {
  size_t need = n->arena.size() + add;
  if (need <= n->arena.capacity()) return;
  if (n->garbage > 0) {
    CompactArena(n, add);
    need = n->arena.size() + add;
    if (need <= n->arena.capacity()) return;
  }
  size_t cap = std::min<size_t>(std::max<size_t>(2 * n->arena.capacity(), need), kPageSize);
  if (cap < need) cap = need + need / 8;
  n->arena.reserve(cap);
}

// The arena bytes slot `s` uses.
inline uint32_t ArenaBytes(const LeafSlot& s) {
  return s.key_len + (s.in_big || s.overflow != 0 ? 0 : s.value_len);
}

// Stores `value` for slot `s` (whose key is already stored).
void StoreValue(Node* n, LeafSlot* s, std::string_view value) {
  s->value_len = static_cast<uint32_t>(value.size());
  s->overflow = 0;
  if (LeafEntry::IsBigValue(s->key_len, value.size())) {
    s->in_big = 1;
    s->value_off = static_cast<uint32_t>(n->big_values.size());
    n->big_values.emplace_back(value);
    return;
  }
  s->in_big = 0;
  s->value_off = static_cast<uint32_t>(n->arena.size());
  n->arena.append(value);
}

// True if `v` points into n's arena (a caller passing a key or value it
// read from this very node): growing or compacting the arena would free it.
bool Within(std::string_view v, const char* begin, size_t n) {
  std::less<const char*> before;
  return !v.empty() && !before(v.data(), begin) && before(v.data(), begin + n);
}
bool InArena(const Node& n, std::string_view v) { return Within(v, n.arena.data(), n.arena.capacity()); }

// Releases what slot `s` holds (its arena bytes become garbage).
void DropSlot(Node* n, const LeafSlot& s) {
  n->garbage += ArenaBytes(s);
  if (s.in_big) std::string().swap(n->big_values[s.value_off]);
}

}  // namespace

void Node::InsertEntry(size_t i, const LeafView& e) {
  if (InArena(*this, e.key) || InArena(*this, e.value)) {
    std::string key(e.key), value(e.value);
    LeafView copy = e;
    copy.key = key;
    copy.value = value;
    InsertEntry(i, copy);
    return;
  }
  LeafSlot s;
  ReserveArena(this, e.key.size() + (e.is_big() ? 0 : e.value.size()));
  s.key_off = static_cast<uint32_t>(arena.size());
  s.key_len = static_cast<uint16_t>(e.key.size());
  arena.append(e.key);
  if (e.overflow != 0) {
    s.overflow = e.overflow;
    s.value_len = e.value_len;
  } else {
    StoreValue(this, &s, e.value);
  }
  slots.insert(slots.begin() + i, s);
  bytes += CellSize(i);
}

void Node::SetValue(size_t i, std::string_view value) {
  const LeafSlot& at = slots[i];
  if (InArena(*this, value) ||
      (at.in_big && Within(value, big_values[at.value_off].data(), big_values[at.value_off].size()))) {
    std::string copy(value);  // the old bytes are about to be released
    SetValue(i, copy);
    return;
  }
  bytes -= CellSize(i);
  LeafSlot& s = slots[i];
  if (s.in_big) {
    std::string().swap(big_values[s.value_off]);
  } else if (s.overflow == 0) {
    garbage += s.value_len;
  }
  s.in_big = 0;  // no value bytes now (a compaction below must not copy them)
  s.overflow = 0;
  s.value_off = 0;
  s.value_len = 0;
  if (!LeafEntry::IsBigValue(s.key_len, value.size())) ReserveArena(this, value.size());
  StoreValue(this, &slots[i], value);
  bytes += CellSize(i);
}

void Node::EraseEntry(size_t i) {
  bytes -= CellSize(i);
  DropSlot(this, slots[i]);
  slots.erase(slots.begin() + i);
}

void Node::TruncateEntries(size_t n) {
  while (slots.size() > n) EraseEntry(slots.size() - 1);
  // A node that just lost half its entries (a split) gives the memory back.
  if (garbage > 0 && garbage * 2 >= arena.size()) CompactArena(this, 0);
}

void Node::AppendEntries(const Node& src, size_t from, size_t to) {
  size_t add = 0;
  for (size_t i = from; i < to; i++) {
    LeafView v = src.entry(i);
    add += v.key.size() + (v.is_big() ? 0 : v.value.size());
  }
  ReserveArena(this, add);
  slots.reserve(slots.size() + (to - from));
  for (size_t i = from; i < to; i++) InsertEntry(slots.size(), src.entry(i));
}

std::shared_ptr<Node> Node::UnpackedCopy() const {
  auto n = std::make_shared<Node>();
  n->id = id;
  n->leaf = leaf;
  n->is_overflow = is_overflow;
  n->overflow_next = overflow_next;
  n->overflow_data = overflow_data;
  n->children = children;
  if (leaf && !is_overflow) {
    n->AppendEntries(*this, 0, size());  // recomputes bytes
  } else {
    n->bytes = bytes;
  }
  return n;
}

void Node::Recompute() {
  uint32_t b = kPageHeaderSize;
  if (leaf) {
    for (size_t i = 0; i < size(); i++) b += CellSize(i);
  } else {
    for (const auto& c : children) b += InternalCellSize(c);
  }
  bytes = b;
}

Status EncodePage(const Node& node, std::string* out) { return EncodePageWithIds(node, {}, out); }

Status EncodePageWithIds(const Node& node, const std::vector<PageId>& ids, std::string* out) {
  if (node.packed) return Status::Internal("packed leaf at encode");
  if (!ids.empty() && ids.size() != node.size()) return Status::Internal("id list does not match the node at encode");
  if (node.bytes > kPageSize) return Status::Internal("node too large to encode: " + std::to_string(node.bytes));
  size_t base = out->size();
  size_t count = node.size();
  out->append(kPageHeaderSize + 2 * count, '\0');
  (*out)[base] = static_cast<char>(node.leaf ? PageType::kLeaf : PageType::kInternal);
  PutFixed16(&(*out)[base + 2], static_cast<uint16_t>(count));
  for (size_t i = 0; i < count; i++) {
    PutFixed16(&(*out)[base + kPageHeaderSize + 2 * i], static_cast<uint16_t>(out->size() - base));
    if (node.leaf) {
      const LeafView e = node.entry(i);
      bool big = e.is_big();
      PageId overflow = !ids.empty() && ids[i] != 0 ? ids[i] : e.overflow;
      if (big && overflow == 0) return Status::Internal("big value without overflow page at encode");
      PutVarint(out, e.key.size());
      PutVarint(out, e.value_len);
      out->push_back(big ? 1 : 0);
      out->append(e.key);
      if (big) {
        AppendFixed64(out, overflow);
      } else {
        out->append(e.value);
      }
    } else {
      const ChildRef& c = node.children[i];
      PageId child = !ids.empty() && ids[i] != 0 ? ids[i] : c.id;
      if (IsMemoryPage(child)) return Status::Internal("memory child at encode");
      PutVarint(out, c.key.size());
      out->append(c.key);
      AppendFixed64(out, child);
    }
  }
  if (out->size() - base > kPageSize) return Status::Internal("page overflowed at encode");
  out->resize(base + kPageSize, '\0');
  return Status::OK();
}

void EncodeOverflowPage(std::string_view data, PageId next, std::string* out) {
  size_t base = out->size();
  out->append(kOverflowHeaderSize, '\0');
  (*out)[base] = static_cast<char>(PageType::kOverflow);
  PutFixed32(&(*out)[base + 4], static_cast<uint32_t>(data.size()));
  PutFixed64(&(*out)[base + 8], next);
  out->append(data);
  out->resize(base + kPageSize, '\0');
}

Result<NodePtr> DecodePage(std::string_view page, PageId id, const std::string& object, LeafForm form) {
  if (page.size() != kPageSize) return Bad(object, id, "wrong page size");
  auto node = std::make_shared<Node>();
  node->id = id;
  const char* p = page.data();
  auto type = static_cast<PageType>(p[0]);
  if (type == PageType::kOverflow) {
    uint32_t used = GetFixed32(p + 4);
    if (used > kOverflowDataSize) return Bad(object, id, "overflow length out of range");
    node->is_overflow = true;
    node->leaf = false;
    node->overflow_next = GetFixed64(p + 8);
    node->overflow_data.assign(p + kOverflowHeaderSize, used);
    return node;
  }
  if (type != PageType::kLeaf && type != PageType::kInternal) return Bad(object, id, "unknown page type");
  node->leaf = type == PageType::kLeaf;
  uint32_t count = GetFixed16(p + 2);
  if (kPageHeaderSize + 2 * count > kPageSize) return Bad(object, id, "slot count out of range");
  if (!node->leaf && count == 0) return Bad(object, id, "internal page without children");
  if (node->leaf) {
    // Parse every cell into the packed table first (this validates the
    // page); the entries form is built from it.
    node->cells.resize(count);
    PackedCell* cells = node->cells.data();
    const char* end = p + kPageSize;
    const uint32_t min_off = kPageHeaderSize + 2 * count;
    uint32_t bytes = kPageHeaderSize;
    for (uint32_t i = 0; i < count; i++) {
      uint32_t off = GetFixed16(p + kPageHeaderSize + 2 * i);
      if (off < min_off || off >= kPageSize) return Bad(object, id, "cell offset out of range");
      const char* q = p + off;
      uint64_t klen = 0;
      if (!ReadVarint(&q, end, &klen) || klen > static_cast<uint64_t>(end - q)) {
        return Bad(object, id, "bad key length");
      }
      uint64_t vlen = 0;
      if (!ReadVarint(&q, end, &vlen) || q == end) return Bad(object, id, "bad value length");
      bool big = (*q & 1) != 0;
      q++;
      if (klen > static_cast<uint64_t>(end - q)) return Bad(object, id, "key past page end");
      PackedCell& c = cells[i];
      c.key_off = static_cast<uint16_t>(q - p);
      c.key_len = static_cast<uint16_t>(klen);
      q += klen;
      c.value_off = static_cast<uint16_t>(q - p);  // <= kPageSize
      c.value_len = static_cast<uint32_t>(vlen);
      c.big = big ? 1 : 0;
      if (big) {
        if (end - q < 8) return Bad(object, id, "overflow ref past page end");
        if (GetFixed64(q) == 0) return Bad(object, id, "null overflow ref");
      } else if (vlen > static_cast<uint64_t>(end - q)) {
        return Bad(object, id, "value past page end");
      }
      bytes += PackedCellSize(c);
    }
    if (bytes > kPageSize) return Bad(object, id, "cells exceed page");
    node->bytes = bytes;
    node->page.assign(p, kPageSize);
    node->packed = true;
    if (form == LeafForm::kPacked) return node;
    NodePtr out = node->UnpackedCopy();
    return out;
  }
  node->children.resize(count);
  for (uint32_t i = 0; i < count; i++) {
    uint32_t off = GetFixed16(p + kPageHeaderSize + 2 * i);
    if (off < kPageHeaderSize + 2 * count || off >= kPageSize) return Bad(object, id, "cell offset out of range");
    std::string_view in = page.substr(off);
    uint64_t klen = 0;
    if (!GetVarint(&in, &klen) || klen > in.size()) return Bad(object, id, "bad key length");
    ChildRef& c = node->children[i];
    c.key.assign(in.data(), klen);
    in.remove_prefix(klen);
    if (in.size() < 8) return Bad(object, id, "child ref past page end");
    c.id = GetFixed64(in.data());
    if (c.id == kInvalidPageId || IsMemoryPage(c.id)) return Bad(object, id, "bad child page id");
  }
  node->Recompute();
  if (node->bytes > kPageSize) return Bad(object, id, "cells exceed page");
  return node;
}

}  // namespace s3lite
