// Node: one B+ tree page, decoded.
//
// The B+ tree works on decoded nodes; a node is encoded into a 4 KiB page
// (page.h) only when a checkpoint writes it to a chunk, and decoded once when
// its chunk is fetched (the page cache holds decoded nodes). `bytes` tracks
// the encoded size at all times so that a node that is split or merged
// always fits in one page.
//
// A leaf holds (key, value) entries in key order. Values whose cell would be
// larger than kMaxInlineCell are stored in a chain of overflow pages; the leaf
// cell then holds the value length and the first overflow page. A value that
// is big but not yet checkpointed is kept in memory (`value` holds the bytes,
// `overflow` is 0) and is accounted as if it were already an overflow ref.
//
// An internal node holds children c0..cn with separator keys: entry i covers
// keys >= children[i].key (children[0].key is empty and means "-infinity").
// A child is a stored page (id, mem == nullptr) or an in-memory page
// (IsMemoryPage(id), mem holds it). Memory children are reachable only
// through their parents' shared_ptrs, so a snapshot that holds a root keeps
// every memory page below it alive.
//
// Thread-safety: a node reachable from a committed snapshot is immutable.
// A node created by the current write transaction (after its last
// savepoint) is private to it and may be changed in place.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/page/page_id.h"
#include "engine/util/status.h"

namespace s3lite {

// Page types (first byte of a page).
enum class PageType : uint8_t { kLeaf = 1, kInternal = 2, kOverflow = 3 };

constexpr uint32_t kPageHeaderSize = 8;        // type, flags, count(2), reserved(4)
constexpr uint32_t kMaxKeySize = 1024;          // longer keys are rejected
constexpr uint32_t kMaxInlineCell = 1024;       // larger leaf cells go to overflow
constexpr uint32_t kOverflowHeaderSize = 16;    // type, pad(3), used(4), next(8)
constexpr uint32_t kOverflowDataSize = kPageSize - kOverflowHeaderSize;

struct Node;
using NodePtr = std::shared_ptr<Node>;
using ConstNodePtr = std::shared_ptr<const Node>;

struct LeafEntry {
  std::string key;
  std::string value;        // inline bytes, or the in-memory bytes of a big value
  PageId overflow = 0;      // first overflow page when the value is stored out of line
  uint32_t value_len = 0;   // total value length (== value.size() unless stored overflow)

  bool is_big() const { return overflow != 0 || IsBigValue(key.size(), value_len); }
  static bool IsBigValue(size_t key_len, size_t value_len);
};

struct ChildRef {
  std::string key;   // lower bound of the child's keys ("" for the first child)
  PageId id = kInvalidPageId;
  ConstNodePtr mem;  // set iff IsMemoryPage(id)
};

struct Node {
  PageId id = kInvalidPageId;
  bool leaf = true;
  std::vector<LeafEntry> entries;   // leaf
  std::vector<ChildRef> children;   // internal
  uint32_t bytes = kPageHeaderSize; // encoded size
  // Overflow pages only: the raw bytes of this page's part of a value.
  std::string overflow_data;
  PageId overflow_next = 0;
  bool is_overflow = false;

  size_t size() const { return leaf ? entries.size() : children.size(); }
  void Recompute();  // recompute `bytes` from the entries
};

// Encoded size of one cell including its 2-byte slot.
uint32_t LeafCellSize(const LeafEntry& e);
uint32_t InternalCellSize(const ChildRef& c);

// Encodes `node` into exactly kPageSize bytes appended to *out. Children must
// all be stored pages and big values must already have overflow refs.
Status EncodePage(const Node& node, std::string* out);
// Encodes one overflow page.
void EncodeOverflowPage(std::string_view data, PageId next, std::string* out);
// Decodes a page read from chunk object `object` (named in errors).
Result<NodePtr> DecodePage(std::string_view page, PageId id, const std::string& object);

}  // namespace s3lite
