// UTF-8 stepping as SQLite does it: a lead byte >= 0xC0 owns the 0x80-0xBF
// continuation bytes after it; every other byte is a character of its own.
// Malformed text is therefore never an error, just counted leniently.
//
// Thread-safety: stateless inline functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace s3lite {

// Byte length of the character starting at s[i] (i < s.size()).
inline size_t Utf8CharLength(std::string_view s, size_t i) {
  size_t j = i + 1;
  if (static_cast<unsigned char>(s[i]) >= 0xC0) {
    while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) j++;
  }
  return j - i;
}

// Decodes the character at s[*i] and advances *i (sqlite3Utf8Read).
// Overlong or surrogate encodings decode to U+FFFD.
inline uint32_t Utf8Read(std::string_view s, size_t* i) {
  unsigned char lead = static_cast<unsigned char>(s[(*i)++]);
  if (lead < 0xC0) return lead;
  static const unsigned char kTrans[] = {
      0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d,
      0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b,
      0x1c, 0x1d, 0x1e, 0x1f, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
      0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
      0x00, 0x01, 0x02, 0x03, 0x00, 0x01, 0x00, 0x00};
  uint32_t c = kTrans[lead - 0xC0];
  while (*i < s.size() && (static_cast<unsigned char>(s[*i]) & 0xC0) == 0x80) {
    c = (c << 6) + (0x3F & static_cast<unsigned char>(s[(*i)++]));
  }
  if (c < 0x80 || (c & 0xFFFFF800) == 0xD800 || (c & 0xFFFFFFFE) == 0xFFFE) c = 0xFFFD;
  return c;
}

// Number of characters in s.
inline int64_t Utf8Length(std::string_view s) {
  int64_t n = 0;
  for (size_t i = 0; i < s.size(); i += Utf8CharLength(s, i)) n++;
  return n;
}

// Appends code point c encoded as UTF-8.
inline void Utf8Append(uint32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | ((c >> 18) & 0x07)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

}  // namespace s3lite
