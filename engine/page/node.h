// Node: one B+ tree page, decoded.
//
// The B+ tree works on decoded nodes; a node is encoded into a 4 KiB page
// (page.h) only when a checkpoint writes it to a chunk, and decoded when it
// is first used after its chunk is fetched (the page cache holds decoded
// nodes; leaves in the cheap packed form, see Node). `bytes` tracks
// the encoded size at all times so that a node that is split or merged
// always fits in one page.
//
// A leaf holds (key, value) entries in key order. Values whose cell would be
// larger than kMaxInlineCell are stored in a chain of overflow pages; the leaf
// cell then holds the value length and the first overflow page. A value that
// is big but not yet checkpointed is kept in memory (its bytes in the node,
// `overflow` 0) and is accounted as if it were already an overflow ref.
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

// An owned leaf entry (for building nodes: Node::AppendEntry(LeafView(e))).
struct LeafEntry {
  std::string key;
  std::string value;        // inline bytes, or the in-memory bytes of a big value
  PageId overflow = 0;      // first overflow page when the value is stored out of line
  uint32_t value_len = 0;   // total value length (== value.size() unless stored overflow)

  bool is_big() const { return overflow != 0 || IsBigValue(key.size(), value_len); }
  static bool IsBigValue(size_t key_len, size_t value_len);
};

// One leaf entry seen in place (either form of leaf, see Node). The views
// stay valid while the node lives and is not changed.
struct LeafView {
  std::string_view key;
  std::string_view value;  // inline bytes, or in-memory bytes of a big value; empty when in overflow pages
  PageId overflow = 0;     // first overflow page when the value is stored out of line
  uint32_t value_len = 0;  // total value length

  LeafView() = default;
  LeafView(const LeafEntry& e) : key(e.key), value(e.value), overflow(e.overflow), value_len(e.value_len) {}
  // An entry whose value is `v` in memory (not in overflow pages).
  LeafView(std::string_view k, std::string_view v)
      : key(k), value(v), value_len(static_cast<uint32_t>(v.size())) {}

  // Stored out of line (or will be, once checkpointed).
  bool is_big() const { return overflow != 0 || LeafEntry::IsBigValue(key.size(), value_len); }
};

struct ChildRef {
  std::string key;   // lower bound of the child's keys ("" for the first child)
  PageId id = kInvalidPageId;
  ConstNodePtr mem;  // set iff IsMemoryPage(id)
};

// Where a packed leaf's cell lives in its page bytes.
struct PackedCell {
  uint16_t key_off = 0;
  uint16_t key_len = 0;
  uint16_t value_off = 0;  // inline value, or the u64 first overflow page when `big`
  uint8_t big = 0;
  uint32_t value_len = 0;
};

// Where an entry of a leaf in entries form keeps its bytes.
struct LeafSlot {
  uint32_t key_off = 0;    // key bytes in Node::arena
  uint16_t key_len = 0;    // <= kMaxKeySize
  uint8_t in_big = 0;      // value bytes are Node::big_values[value_off]
  uint32_t value_off = 0;  // value bytes in Node::arena (unless in_big or overflow)
  uint32_t value_len = 0;  // total value length
  PageId overflow = 0;     // first overflow page when stored out of line (no bytes here)
};

// A leaf comes in one of two forms:
//  - entries: mutable. `slots` (24 bytes per entry) point into `arena`,
//    one buffer holding the keys and values (big values not yet stored
//    live in `big_values`), so a dirty leaf costs about its page size
//    plus the slots, with a handful of allocations. Changes leave dead
//    bytes in the arena (`garbage`); they are dropped once they are half
//    of it. Memory pages (the write path) always use this form; only it
//    may be changed, through InsertEntry/SetValue/EraseEntry/
//    TruncateEntries/AppendEntries, which keep `bytes` up to date.
//  - packed: a stored leaf as the pager caches it: `page` is a copy of the
//    4 KiB page and `cells` says where each key and value is (two
//    allocations per leaf instead of two per entry). Read-only.
// Readers use size(), key(i) and entry(i), which work on both forms.
// UnpackedCopy() turns a node into a private copy in entries form.
struct Node {
  PageId id = kInvalidPageId;
  bool leaf = true;
  std::vector<LeafSlot> slots;      // leaf, entries form
  std::string arena;                // leaf, entries form: bytes of slots (and garbage)
  std::vector<std::string> big_values;  // leaf, entries form: in-memory big values
  uint32_t garbage = 0;             // arena bytes no slot uses
  std::vector<ChildRef> children;   // internal
  uint32_t bytes = kPageHeaderSize; // encoded size
  // Overflow pages only: the raw bytes of this page's part of a value.
  std::string overflow_data;
  PageId overflow_next = 0;
  bool is_overflow = false;
  // Leaf, packed form: the page bytes and one cell per entry.
  std::string page;
  std::vector<PackedCell> cells;
  bool packed = false;

  size_t size() const { return leaf ? (packed ? cells.size() : slots.size()) : children.size(); }
  // Leaves only (either form); i < size().
  std::string_view key(size_t i) const {
    if (!packed) return std::string_view(arena.data() + slots[i].key_off, slots[i].key_len);
    const PackedCell& c = cells[i];
    return std::string_view(page.data() + c.key_off, c.key_len);
  }
  LeafView entry(size_t i) const;
  // Leaves only (either form): the encoded size of entry i's cell.
  uint32_t CellSize(size_t i) const;

  // Leaves in entries form only. `e` (or `value`) may point into this node
  // (it is copied first then). InsertEntry stores e's value bytes, or only
  // its overflow ref when e.overflow != 0; SetValue replaces entry i's value
  // by in-memory bytes.
  void InsertEntry(size_t i, const LeafView& e);
  void AppendEntry(const LeafView& e) { InsertEntry(slots.size(), e); }
  void SetValue(size_t i, std::string_view value);
  void EraseEntry(size_t i);
  void TruncateEntries(size_t n);  // keeps the first n
  // Appends entries [from, to) of `src` (either form, not this node).
  void AppendEntries(const Node& src, size_t from, size_t to);
  void Recompute();  // recompute `bytes` from the entries (or cells)
  // A copy in entries form (any form in, same id), for copy-on-write.
  std::shared_ptr<Node> UnpackedCopy() const;
};

// Encoded size of one cell including its 2-byte slot.
uint32_t LeafCellSize(const LeafView& e);
uint32_t InternalCellSize(const ChildRef& c);

// Encodes `node` into exactly kPageSize bytes appended to *out. Children must
// all be stored pages and big values must already have overflow refs.
Status EncodePage(const Node& node, std::string* out);
// Encodes one overflow page.
void EncodeOverflowPage(std::string_view data, PageId next, std::string* out);
// Encodes like EncodePage, but with stored ids substituted without copying
// the node: leaf entry i gets overflow ref `ids[i]` when that is nonzero
// (its in-memory big value has just been given a chain); internal child i
// gets page id `ids[i]` when nonzero (a memory child just given a stored id).
Status EncodePageWithIds(const Node& node, const std::vector<PageId>& ids, std::string* out);

enum class LeafForm { kEntries, kPacked };
// Decodes a page read from chunk object `object` (named in errors). Leaves
// come in the requested form (both forms accept and reject the same bytes).
Result<NodePtr> DecodePage(std::string_view page, PageId id, const std::string& object,
                           LeafForm form = LeafForm::kEntries);

}  // namespace s3lite
