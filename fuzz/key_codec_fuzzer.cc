// Fuzz target: the memcomparable key codec (engine/value/key_codec.h).
//
// Input: arbitrary bytes, read as a sequence of encoded key values (an index
// key), with the last 8 bytes also read as a rowid. Properties checked:
//  - DecodeKey never crashes or reads out of bounds; on error it stops.
//  - Every decoded value re-encodes and decodes back to itself.
//  - For neighbouring decoded values a, b: memcmp order of their canonical
//    encodings equals CompareValues(a, b) (the codec's defining property).
//  - DecodeRowid(EncodeRowid(x)) == x, and EncodeRowid is big-endian order.
//  - PrefixSuccessor(p) is greater than p and than p plus any suffix.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/value/key_codec.h"
#include "engine/value/value.h"
#include "fuzz/fuzz_check.h"

namespace {

int Sign(int x) { return (x > 0) - (x < 0); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace s3lite;
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  std::vector<Value> values;
  std::string_view in = input;
  while (!in.empty() && values.size() < 64) {
    Value v;
    const size_t before = in.size();
    Status s = DecodeKey(&in, &v);
    if (!s.ok()) {
      FUZZ_CHECK(s.IsCorruption(), "DecodeKey error is not Corruption: %s", s.ToString().c_str());
      break;
    }
    FUZZ_CHECK(in.size() < before, "DecodeKey consumed nothing");
    values.push_back(std::move(v));
  }

  for (size_t i = 0; i < values.size(); i++) {
    const Value& v = values[i];
    std::string enc = EncodeKey(v);
    std::string_view view = enc;
    Value back;
    Status s = DecodeKey(&view, &back);
    FUZZ_CHECK(s.ok(), "re-decode of %s failed: %s", v.DebugString().c_str(), s.ToString().c_str());
    FUZZ_CHECK(view.empty(), "re-decode of %s left %zu bytes", v.DebugString().c_str(), view.size());
    FUZZ_CHECK(back == v, "round trip %s -> %s", v.DebugString().c_str(), back.DebugString().c_str());
    if (i > 0) {
      const Value& a = values[i - 1];
      int by_bytes = Sign(EncodeKey(a).compare(enc));
      int by_value = Sign(CompareValues(a, v));
      FUZZ_CHECK(by_bytes == by_value, "order of %s vs %s: bytes %d, values %d",
                 a.DebugString().c_str(), v.DebugString().c_str(), by_bytes, by_value);
    }
  }

  if (size >= 8) {
    std::string_view tail = input.substr(size - 8);
    Result<int64_t> rowid = DecodeRowid(tail);
    FUZZ_CHECK(rowid.ok(), "DecodeRowid of 8 bytes failed");
    FUZZ_CHECK(EncodeRowid(*rowid) == tail, "rowid %lld does not re-encode", static_cast<long long>(*rowid));
    if (size >= 16) {
      Result<int64_t> other = DecodeRowid(input.substr(size - 16, 8));
      FUZZ_CHECK(other.ok(), "DecodeRowid of 8 bytes failed");
      int by_bytes = Sign(input.substr(size - 16, 8).compare(tail));
      int by_value = (*other > *rowid) - (*other < *rowid);
      FUZZ_CHECK(by_bytes == by_value, "rowid order %lld vs %lld", static_cast<long long>(*other),
                 static_cast<long long>(*rowid));
    }
  } else {
    FUZZ_CHECK(!DecodeRowid(input).ok(), "DecodeRowid accepted %zu bytes", size);
  }

  std::string succ = PrefixSuccessor(input);
  if (!succ.empty()) {
    FUZZ_CHECK(succ > input, "PrefixSuccessor not greater than its prefix");
    FUZZ_CHECK(succ > std::string(input) + "\xff\xff\xff", "PrefixSuccessor not above an extension");
  } else {
    FUZZ_CHECK(input.find_first_not_of('\xff') == std::string_view::npos,
               "empty PrefixSuccessor for a prefix that has one");
  }
  return 0;
}
