// Zone maps: key and column ranges of a chunk (see zone_map.h).
#include "engine/chunk/zone_map.h"

#include "engine/util/coding.h"
#include "engine/value/key_codec.h"

namespace s3lite {

namespace {

// Largest column count a decoder accepts (SQLite's default SQLITE_MAX_COLUMN
// is 2000); larger claims are malformed input.
constexpr uint32_t kMaxZoneColumns = 32767;

void Widen(std::string_view v, bool* has, std::string* min, std::string* max) {
  if (!*has) {
    min->assign(v);
    max->assign(v);
    *has = true;
    return;
  }
  if (v < std::string_view(*min)) min->assign(v);
  if (v > std::string_view(*max)) max->assign(v);
}

}  // namespace

void ColumnZone::AddEncoded(std::string_view encoded) { Widen(encoded, &has_values, &min, &max); }

void ColumnZone::Merge(const ColumnZone& other) {
  has_null = has_null || other.has_null;
  if (other.has_values) {
    AddEncoded(other.min);
    AddEncoded(other.max);
  }
}

void ZoneMap::AddKey(std::string_view key) { Widen(key, &has_keys, &min_key, &max_key); }

void ZoneMap::AddRow(const Row& row) {
  if (columns.size() < row.size()) {
    // Earlier rows lacked these trailing columns: they read as NULL.
    bool earlier_rows = false;
    for (const ColumnZone& c : columns) earlier_rows = earlier_rows || c.has_values || c.has_null;
    size_t old = columns.size();
    columns.resize(row.size());
    if (earlier_rows) {
      for (size_t i = old; i < columns.size(); i++) columns[i].has_null = true;
    }
  }
  for (size_t i = 0; i < columns.size(); i++) {
    if (i < row.size()) {
      AddColumnValue(i, row[i]);
    } else {
      columns[i].AddNull();
    }
  }
}

void ZoneMap::AddColumnValue(size_t column, const Value& v) {
  if (v.is_null()) {
    AddColumnNull(column);
    return;
  }
  // One reused buffer: a checkpoint encodes every column of every row.
  thread_local std::string scratch;
  scratch.clear();
  EncodeKey(v, &scratch);
  AddColumnEncoded(column, scratch);
}

void ZoneMap::AddColumnEncoded(size_t column, std::string_view encoded) {
  if (columns.size() <= column) columns.resize(column + 1);
  columns[column].AddEncoded(encoded);
}

void ZoneMap::AddColumnNull(size_t column) {
  if (columns.size() <= column) columns.resize(column + 1);
  columns[column].AddNull();
}

void ZoneMap::Merge(const ZoneMap& other) {
  if (other.has_keys) {
    AddKey(other.min_key);
    AddKey(other.max_key);
  }
  if (columns.size() < other.columns.size()) columns.resize(other.columns.size());
  for (size_t i = 0; i < other.columns.size(); i++) columns[i].Merge(other.columns[i]);
}

bool ZoneMap::MayOverlapKeyRange(std::optional<std::string_view> lo,
                                 std::optional<std::string_view> hi) const {
  if (!has_keys) return true;
  if (lo && std::string_view(max_key) < *lo) return false;
  if (hi && std::string_view(min_key) > *hi) return false;
  return true;
}

bool ZoneMap::MayMatchColumn(size_t column, const Value& min, const Value& max) const {
  std::string lo, hi;
  if (!min.is_null()) lo = EncodeKey(min);
  if (!max.is_null()) hi = EncodeKey(max);
  return MayMatchColumnEncoded(column,
                               min.is_null() ? std::nullopt : std::optional<std::string_view>(lo),
                               max.is_null() ? std::nullopt : std::optional<std::string_view>(hi));
}

bool ZoneMap::MayMatchColumnEncoded(size_t column, std::optional<std::string_view> min,
                                    std::optional<std::string_view> max) const {
  if (column >= columns.size()) return true;  // not tracked
  const ColumnZone& z = columns[column];
  if (!z.has_values) {
    // Only NULLs (or nothing) in this column: no value satisfies a range.
    // A zone with neither flag carries no information: keep the chunk.
    return !z.has_null;
  }
  if (min && std::string_view(z.max) < *min) return false;
  if (max && std::string_view(z.min) > *max) return false;
  return true;
}

bool ZoneMap::MayHaveNull(size_t column) const {
  if (column >= columns.size()) return true;
  const ColumnZone& z = columns[column];
  return z.has_null || !z.has_values;
}

void ZoneMap::EncodeTo(std::string* dst) const {
  dst->push_back(static_cast<char>(has_keys ? 1 : 0));
  if (has_keys) {
    PutLengthPrefixedSlice(dst, min_key);
    PutLengthPrefixedSlice(dst, max_key);
  }
  PutVarint32(dst, static_cast<uint32_t>(columns.size()));
  for (const ColumnZone& c : columns) {
    dst->push_back(static_cast<char>((c.has_values ? 1 : 0) | (c.has_null ? 2 : 0)));
    if (c.has_values) {
      PutLengthPrefixedSlice(dst, c.min);
      PutLengthPrefixedSlice(dst, c.max);
    }
  }
}

bool ZoneMap::DecodeFrom(std::string_view* in, ZoneMap* out) {
  ZoneMap z;
  uint8_t flags;
  if (!GetByte(in, &flags) || (flags & ~1u) != 0) return false;
  z.has_keys = (flags & 1) != 0;
  if (z.has_keys) {
    std::string_view lo, hi;
    if (!GetLengthPrefixedSlice(in, &lo) || !GetLengthPrefixedSlice(in, &hi) || lo > hi) return false;
    z.min_key.assign(lo);
    z.max_key.assign(hi);
  }
  uint32_t ncols;
  if (!GetVarint32(in, &ncols) || ncols > kMaxZoneColumns) return false;
  // Each column takes at least one byte: a count beyond the input is malformed
  // (and must not drive a large allocation).
  if (ncols > in->size()) return false;
  z.columns.resize(ncols);
  for (ColumnZone& c : z.columns) {
    uint8_t cf;
    if (!GetByte(in, &cf) || (cf & ~3u) != 0) return false;
    c.has_values = (cf & 1) != 0;
    c.has_null = (cf & 2) != 0;
    if (c.has_values) {
      std::string_view lo, hi;
      if (!GetLengthPrefixedSlice(in, &lo) || !GetLengthPrefixedSlice(in, &hi) || lo > hi) return false;
      c.min.assign(lo);
      c.max.assign(hi);
    }
  }
  *out = std::move(z);
  return true;
}

}  // namespace s3lite
