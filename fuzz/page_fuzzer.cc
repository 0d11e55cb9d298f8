// Fuzz target: B+ tree page decoding (engine/page/node.h, DecodePage).
//
// Input: the bytes of one page as read from a chunk slot (whose checksum
// already matched: this is the decoder behind the CRC). Inputs shorter than
// a page are also tried zero-padded to kPageSize. Properties:
//  - DecodePage never crashes; errors are Corruption naming the object.
//  - A decoded node fits a page, and when it re-encodes, the page decodes to
//    the same node (keys, values, overflow refs, children).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/page/node.h"
#include "fuzz/fuzz_check.h"

namespace {

using namespace s3lite;

const std::string kObject = "chunks/00/0000000001-0000000007";
constexpr PageId kId = MakePageId(MakeChunkId(1, 7), 3);

bool SameNode(const Node& a, const Node& b) {
  if (a.leaf != b.leaf || a.is_overflow != b.is_overflow) return false;
  if (a.is_overflow) return a.overflow_data == b.overflow_data && a.overflow_next == b.overflow_next;
  if (a.size() != b.size() || a.children.size() != b.children.size()) return false;
  for (size_t i = 0; a.leaf && i < a.size(); i++) {
    const LeafView x = a.entry(i), y = b.entry(i);
    if (x.key != y.key || x.value != y.value || x.overflow != y.overflow || x.value_len != y.value_len) return false;
  }
  for (size_t i = 0; i < a.children.size(); i++) {
    if (a.children[i].key != b.children[i].key || a.children[i].id != b.children[i].id) return false;
  }
  return true;
}

void DecodeOne(std::string_view page) {
  Result<NodePtr> node = DecodePage(page, kId, kObject);
  if (!node.ok()) {
    CheckDecodeError(node.status(), kObject);
    return;
  }
  FUZZ_CHECK(page.size() == kPageSize, "decoded a %zu-byte page", page.size());
  const Node& n = **node;
  FUZZ_CHECK(n.id == kId, "node id not kept");
  if (n.is_overflow) {
    FUZZ_CHECK(n.overflow_data.size() <= kOverflowDataSize, "overflow data %zu", n.overflow_data.size());
  } else {
    FUZZ_CHECK(n.bytes <= kPageSize, "decoded node claims %u bytes", n.bytes);
  }
  std::string again;
  if (n.is_overflow) {
    EncodeOverflowPage(n.overflow_data, n.overflow_next, &again);
  } else if (!EncodePage(n, &again).ok()) {
    return;  // the encoder may be stricter (e.g. key order); not a decoder bug
  }
  FUZZ_CHECK(again.size() == kPageSize, "re-encoded page is %zu bytes", again.size());
  Result<NodePtr> back = DecodePage(again, kId, kObject);
  FUZZ_CHECK(back.ok(), "re-encoded page does not decode: %s", back.status().ToString().c_str());
  FUZZ_CHECK(SameNode(n, **back), "page round trip changed the node");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  DecodeOne(input);
  if (size < kPageSize) {
    std::string padded(input);
    padded.resize(kPageSize, '\0');
    DecodeOne(padded);
  }
  return 0;
}
