// ZoneMap: the key range of a chunk and, for table-tree chunks, the value
// range of each column over the rows of its leaf pages. Readers skip a chunk
// when a scan's key range or a column predicate cannot match (DESIGN.md 5).
//
// Keys and column bounds are byte strings compared with memcmp. Column bounds
// are the key-codec encodings (engine/value/key_codec.h) of SQL values, whose
// memcmp order is SQLite's value order. A column range covers the non-NULL
// values only; has_null says whether a NULL (or a missing trailing column)
// occurred.
//
// Encoding (docs/FORMAT.md "Zone map"), all inside the chunk footer:
//   u8 flags (bit0 has_keys), [lp min_key, lp max_key],
//   varint column_count, per column: u8 flags (bit0 has_values, bit1 has_null),
//   [lp min, lp max]           (lp = varint32 length-prefixed bytes)
//
// Thread-safety: a value type; const methods are safe from many threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/util/status.h"
#include "engine/value/value.h"

namespace s3lite {

struct ColumnZone {
  bool has_values = false;  // at least one non-NULL value seen
  bool has_null = false;    // at least one NULL seen
  std::string min, max;     // key-codec encodings; meaningful when has_values

  void AddEncoded(std::string_view encoded);
  void AddNull() { has_null = true; }
  void Merge(const ColumnZone& other);
  bool operator==(const ColumnZone&) const = default;
};

struct ZoneMap {
  bool has_keys = false;
  std::string min_key, max_key;  // inclusive bounds of every leaf key
  // Empty = columns not tracked (index trees, internal-only chunks): column
  // predicates then never prune.
  std::vector<ColumnZone> columns;

  void AddKey(std::string_view key);
  // Column values of one row (table leaves). Encodes with the key codec.
  // Grows `columns` as needed; a row shorter than columns.size() counts as
  // NULL in the missing columns.
  void AddRow(const Row& row);
  void AddColumnValue(size_t column, const Value& v);
  void AddColumnEncoded(size_t column, std::string_view encoded);  // non-NULL value
  void AddColumnNull(size_t column);
  void Merge(const ZoneMap& other);

  // False only if no key k in the chunk can satisfy lo <= k <= hi.
  // nullopt bounds are unbounded. A map without keys answers true (unknown),
  // so pruning stays safe for chunks written without key tracking.
  bool MayOverlapKeyRange(std::optional<std::string_view> lo,
                          std::optional<std::string_view> hi) const;

  // False only if no row can have column c in [min, max] (both inclusive,
  // NULL bound = unbounded). Rows with NULL in c never satisfy a range, so a
  // column holding only NULLs answers false for any range. Columns that are
  // not tracked (c >= columns.size(), or columns empty) answer true.
  bool MayMatchColumn(size_t column, const Value& min, const Value& max) const;
  // Same with key-codec encoded bounds (nullopt = unbounded).
  bool MayMatchColumnEncoded(size_t column, std::optional<std::string_view> min,
                             std::optional<std::string_view> max) const;
  // False only if no row has NULL in column c (for IS NULL).
  bool MayHaveNull(size_t column) const;

  void EncodeTo(std::string* dst) const;
  // Consumes one encoded zone map from the front of *in; false if malformed.
  static bool DecodeFrom(std::string_view* in, ZoneMap* out);

  bool operator==(const ZoneMap&) const = default;
};

}  // namespace s3lite
