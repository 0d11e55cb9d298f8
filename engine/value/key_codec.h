// Key codec: order-preserving ("memcomparable") encoding of values.
//
// EncodeKey appends bytes such that for any values a, b:
//   memcmp-order(Encode(a), Encode(b)) == CompareValues(a, b)
// and a sequence of values encodes to the concatenation of its parts, so
// composite keys (index columns, then the rowid) sort column by column.
// INTEGER 1 and REAL 1.0 encode identically (they compare equal); decoding a
// number therefore yields INTEGER when the value is integral and fits int64.
//
// Table trees are keyed by EncodeRowid(rowid): 8 bytes, big-endian with the
// sign bit flipped. Index trees are keyed by EncodeKey(col...) + EncodeRowid.
//
// Format (docs/FORMAT.md "Keys"):
//   NULL    0x05
//   number  0x10, 8-byte order-preserving double, 2-byte signed remainder
//           (integer minus its double rounding, big-endian, sign flipped)
//   TEXT    0x20, bytes with 0x00 escaped as 0x00 0xFF, terminator 0x00 0x00
//   BLOB    0x30, same escaping as TEXT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/util/status.h"
#include "engine/value/value.h"

namespace s3lite {

void EncodeKey(const Value& v, std::string* out);
std::string EncodeKey(const Value& v);

// SQLite's built-in collating sequences. Index keys of a column under a
// collation encode the value's collation key (TEXT only; other values encode
// as above), so values equal under the collation get equal keys and keys sort
// as the collation orders text:
//   BINARY  the bytes themselves
//   NOCASE  ASCII 'A'-'Z' folded to 'a'-'z' (as sqlite3StrICmp compares)
//   RTRIM   trailing spaces (0x20) removed, then bytes
// A collated key cannot be decoded back to the original value.
enum class Collation : uint8_t { kBinary = 0, kNoCase = 1, kRtrim = 2 };
void EncodeKey(const Value& v, Collation c, std::string* out);
// The collation key of `text` (the bytes EncodeKey encodes for it).
std::string CollationKey(std::string_view text, Collation c);
// "BINARY", "NOCASE", "RTRIM"; Parse is case-insensitive, false if unknown.
const char* CollationName(Collation c);
bool ParseCollation(std::string_view name, Collation* out);

// Decodes one value from the front of *in and advances it.
Status DecodeKey(std::string_view* in, Value* out);

void EncodeRowid(int64_t rowid, std::string* out);
std::string EncodeRowid(int64_t rowid);
// Reads the 8-byte rowid at the front of `in` (a table key, or the last 8
// bytes of an index key).
Result<int64_t> DecodeRowid(std::string_view in);

// The smallest byte string greater than every key that starts with `prefix`
// (for prefix range scans). Empty if none exists (prefix all 0xFF).
std::string PrefixSuccessor(std::string_view prefix);

}  // namespace s3lite
