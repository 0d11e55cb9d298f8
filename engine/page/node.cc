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

#include <cstring>

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

uint32_t LeafCellSize(const LeafEntry& e) {
  uint32_t n = VarintLen(e.key.size()) + VarintLen(e.value_len) + 1 + static_cast<uint32_t>(e.key.size()) + 2;
  return n + (e.is_big() ? 8 : e.value_len);
}

uint32_t InternalCellSize(const ChildRef& c) {
  return VarintLen(c.key.size()) + static_cast<uint32_t>(c.key.size()) + 8 + 2;
}

LeafView Node::entry(size_t i) const {
  if (!packed) return LeafView(entries[i]);
  const PackedCell& c = cells[i];
  LeafView v;
  v.key = std::string_view(page.data() + c.key_off, c.key_len);
  v.value_len = c.value_len;
  if (c.big) {
    v.overflow = GetFixed64(page.data() + c.value_off);
  } else {
    v.value = std::string_view(page.data() + c.value_off, c.value_len);
  }
  return v;
}

std::shared_ptr<Node> Node::UnpackedCopy() const {
  auto n = std::make_shared<Node>();
  n->id = id;
  n->leaf = leaf;
  n->bytes = bytes;
  n->is_overflow = is_overflow;
  n->overflow_next = overflow_next;
  n->overflow_data = overflow_data;
  n->children = children;
  if (!packed) {
    n->entries = entries;
    return n;
  }
  n->entries.resize(cells.size());
  for (size_t i = 0; i < cells.size(); i++) {
    LeafView v = entry(i);
    LeafEntry& e = n->entries[i];
    e.key.assign(v.key);
    e.value.assign(v.value);
    e.overflow = v.overflow;
    e.value_len = v.value_len;
  }
  return n;
}

void Node::Recompute() {
  uint32_t b = kPageHeaderSize;
  if (leaf && packed) {
    for (const PackedCell& c : cells) b += PackedCellSize(c);
  } else if (leaf) {
    for (const auto& e : entries) b += LeafCellSize(e);
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
      const LeafEntry& e = node.entries[i];
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
