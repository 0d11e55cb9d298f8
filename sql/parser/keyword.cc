#include "sql/parser/keyword.h"

#include <array>

namespace s3lite::sql {

namespace {

using keyword_internal::kNames;

constexpr size_t kMaxLen = 17;  // current_timestamp
constexpr size_t kSlots = 512;  // power of two, > 3x the keyword count

constexpr uint32_t Hash(const char* s, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ static_cast<uint8_t>(s[i])) * 16777619u;
  return h;
}

// Open addressing, linear probing; slot value = keyword id, 0 = empty.
constexpr std::array<uint8_t, kSlots> BuildTable() {
  std::array<uint8_t, kSlots> t{};
  for (size_t k = 1; k < static_cast<size_t>(Keyword::kCount); k++) {
    size_t i = Hash(kNames[k].data(), kNames[k].size()) & (kSlots - 1);
    while (t[i] != 0) i = (i + 1) & (kSlots - 1);
    t[i] = static_cast<uint8_t>(k);
  }
  return t;
}

constexpr std::array<uint8_t, kSlots> kTable = BuildTable();

}  // namespace

Keyword LookupKeyword(std::string_view word) {
  const size_t n = word.size();
  if (n < 2 || n > kMaxLen) return Keyword::kNone;
  char lower[kMaxLen];
  for (size_t i = 0; i < n; i++) {
    char c = word[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
    lower[i] = c;
  }
  size_t i = Hash(lower, n) & (kSlots - 1);
  while (kTable[i] != 0) {
    std::string_view name = kNames[kTable[i]];
    if (name.size() == n && name == std::string_view(lower, n)) return static_cast<Keyword>(kTable[i]);
    i = (i + 1) & (kSlots - 1);
  }
  return Keyword::kNone;
}

}  // namespace s3lite::sql
