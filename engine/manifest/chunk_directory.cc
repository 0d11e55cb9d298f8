// Chunk directory segments (see chunk_directory.h).
#include "engine/manifest/chunk_directory.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "engine/chunk/bloom_filter.h"  // Hash64
#include "engine/manifest/object_names.h"
#include "engine/util/coding.h"
#include "engine/util/crc32c.h"

namespace s3lite {

namespace {

constexpr size_t kMinEncodedEntry = 8;  // smallest possible encoded entry, in bytes

Status Corrupt(std::string_view key, std::string_view what) {
  return Status::Corruption("corrupt chunk directory segment " + std::string(key) + ": " + std::string(what));
}

bool GetString(std::string_view* in, std::string* out) {
  std::string_view s;
  if (!GetLengthPrefixedSlice(in, &s)) return false;
  out->assign(s);
  return true;
}

// Column bounds longer than this are widened (never narrowed) so that long
// TEXT/BLOB values cannot blow up a segment: a prefix of the minimum is a
// lower bound, a short successor of the maximum an upper bound.
constexpr size_t kMaxDirectoryBound = 64;

std::string ShortLowerBound(const std::string& min) {
  return min.size() <= kMaxDirectoryBound ? min : min.substr(0, kMaxDirectoryBound);
}

std::string ShortUpperBound(const std::string& max) {
  if (max.size() <= kMaxDirectoryBound) return max;
  for (size_t i = kMaxDirectoryBound; i-- > 0;) {
    auto b = static_cast<uint8_t>(max[i]);
    if (b != 0xff) {
      std::string out = max.substr(0, i + 1);
      out[i] = static_cast<char>(b + 1);  // > max: a larger byte at or before position i
      return out;
    }
  }
  return max;  // 64 bytes of 0xff: keep it whole
}

void EncodeColumns(const std::vector<ColumnZone>& columns, std::string* out) {
  PutVarint32(out, static_cast<uint32_t>(columns.size()));
  for (const ColumnZone& c : columns) {
    out->push_back(static_cast<char>((c.has_values ? 1 : 0) | (c.has_null ? 2 : 0)));
    if (c.has_values) {
      PutLengthPrefixedSlice(out, c.min);
      PutLengthPrefixedSlice(out, c.max);
    }
  }
}

bool DecodeColumns(std::string_view* in, std::vector<ColumnZone>* columns) {
  uint32_t n;
  if (!GetVarint32(in, &n) || n > in->size()) return false;  // every column takes >= 1 byte
  columns->resize(n);
  for (ColumnZone& c : *columns) {
    if (in->empty()) return false;
    auto flags = static_cast<uint8_t>((*in)[0]);
    in->remove_prefix(1);
    if (flags & ~3u) return false;
    c.has_values = (flags & 1) != 0;
    c.has_null = (flags & 2) != 0;
    if (c.has_values && (!GetString(in, &c.min) || !GetString(in, &c.max) || c.max < c.min)) return false;
  }
  return true;
}

}  // namespace

ZoneMap ChunkEntryZoneMap(const ChunkEntry& e) {
  ZoneMap z;
  z.has_keys = !e.min_key.empty() || !e.max_key.empty();
  z.min_key = e.min_key;
  z.max_key = e.max_key;
  z.columns = e.columns;
  return z;
}

void SetChunkEntryZoneMap(const ZoneMap& z, ChunkEntry* e) {
  e->min_key.clear();
  e->max_key.clear();
  if (z.has_keys) {
    e->min_key = z.min_key;
    e->max_key = z.max_key;
  }
  e->columns.clear();
  e->columns.reserve(z.columns.size());
  for (const ColumnZone& c : z.columns) {
    ColumnZone d;
    d.has_null = c.has_null;
    d.has_values = c.has_values;
    if (c.has_values) {
      d.min = ShortLowerBound(c.min);
      d.max = ShortUpperBound(c.max);
    }
    e->columns.push_back(std::move(d));
  }
}

std::string EncodeChunkSegment(const std::vector<ChunkEntry>& entries) {
  std::string out;
  PutFixed64(&out, kChunkDirMagic);
  PutVarint32(&out, kChunkDirFormatVersion);
  PutVarint32(&out, static_cast<uint32_t>(entries.size()));
  for (const ChunkEntry& e : entries) {
    PutVarint64(&out, e.id);
    PutLengthPrefixedSlice(&out, e.key);
    PutVarint32(&out, e.tree);
    PutVarint32(&out, e.page_count);
    PutVarint32(&out, e.live_pages);
    PutVarint64(&out, e.bytes);
    PutLengthPrefixedSlice(&out, e.min_key);
    PutLengthPrefixedSlice(&out, e.max_key);
    EncodeColumns(e.columns, &out);
  }
  PutFixed32(&out, crc32c::Value(out));
  return out;
}

Result<std::vector<ChunkEntry>> DecodeChunkSegment(std::string_view bytes, std::string_view key) {
  if (bytes.size() < 8 + 4) return Corrupt(key, "too short");
  if (DecodeFixed64(bytes.data()) != kChunkDirMagic) return Corrupt(key, "bad magic");
  uint32_t want_crc = DecodeFixed32(bytes.data() + bytes.size() - 4);
  if (crc32c::Value(bytes.data(), bytes.size() - 4) != want_crc) return Corrupt(key, "checksum mismatch");
  std::string_view in = bytes.substr(8, bytes.size() - 12);
  uint32_t version, count;
  if (!GetVarint32(&in, &version)) return Corrupt(key, "truncated header");
  // Version 1 segments (no column zones) are still read: their chunks prune by key only.
  if (version != 1 && version != kChunkDirFormatVersion) {
    return Corrupt(key, "unsupported format version " + std::to_string(version));
  }
  if (!GetVarint32(&in, &count)) return Corrupt(key, "truncated header");
  if (count > in.size() / kMinEncodedEntry) return Corrupt(key, "entry count exceeds object size");
  std::vector<ChunkEntry> entries(count);
  for (uint32_t i = 0; i < count; i++) {
    ChunkEntry& e = entries[i];
    if (!GetVarint64(&in, &e.id) || !GetString(&in, &e.key) || !GetVarint32(&in, &e.tree) ||
        !GetVarint32(&in, &e.page_count) || !GetVarint32(&in, &e.live_pages) || !GetVarint64(&in, &e.bytes) ||
        !GetString(&in, &e.min_key) || !GetString(&in, &e.max_key)) {
      return Corrupt(key, "truncated entry " + std::to_string(i));
    }
    if (version >= 2 && !DecodeColumns(&in, &e.columns)) return Corrupt(key, "bad column zones in entry " + std::to_string(i));
    if (i > 0 && e.id <= entries[i - 1].id) return Corrupt(key, "entries out of order at " + std::to_string(i));
  }
  if (!in.empty()) return Corrupt(key, "trailing bytes");
  return entries;
}

Result<std::vector<ChunkEntry>> ReadChunkSegment(ObjectStore& store, const ChunkSegmentRef& ref) {
  Result<std::string> bytes = store.Get(ref.key);
  if (!bytes.ok()) return bytes.status().WithContext("reading chunk directory segment " + ref.key);
  S3LITE_ASSIGN_OR_RETURN(std::vector<ChunkEntry> entries, DecodeChunkSegment(*bytes, ref.key));
  if (entries.size() != ref.count || (!entries.empty() && (entries.front().id != ref.first_id ||
                                                           entries.back().id != ref.last_id))) {
    return Corrupt(ref.key, "contents do not match the manifest's reference");
  }
  return entries;
}

Result<std::vector<ChunkEntry>> LoadChunkDirectory(ObjectStore& store, const std::vector<ChunkSegmentRef>& segments) {
  std::vector<ChunkEntry> all;
  for (const ChunkSegmentRef& ref : segments) {
    S3LITE_ASSIGN_OR_RETURN(std::vector<ChunkEntry> entries, ReadChunkSegment(store, ref));
    for (ChunkEntry& e : entries) all.push_back(std::move(e));
  }
  return all;
}

int FindChunkSegment(const std::vector<ChunkSegmentRef>& segments, ChunkId id) {
  auto it = std::upper_bound(segments.begin(), segments.end(), id,
                             [](ChunkId v, const ChunkSegmentRef& r) { return v < r.first_id; });
  if (it == segments.begin()) return -1;
  --it;
  if (id > it->last_id) return -1;
  return static_cast<int>(it - segments.begin());
}

ChunkSegmentLoader StoreSegmentLoader(ObjectStore& store) {
  return [&store](const ChunkSegmentRef& ref) { return ReadChunkSegment(store, ref); };
}

Result<ChunkDirectoryUpdate> UpdateChunkDirectory(const std::vector<ChunkSegmentRef>& current,
                                                  const ChunkDirectoryDelta& delta, uint64_t new_version,
                                                  const ChunkSegmentLoader& load, uint32_t capacity) {
  if (capacity == 0) return Status::InvalidArgument("chunk directory segment capacity must be positive");
  const size_t n = current.size();
  std::vector<bool> touched(n, false);

  // Removals and live-page updates touch the segment that holds the id.
  auto locate = [&](ChunkId id, const char* what) -> Result<int> {
    int i = FindChunkSegment(current, id);
    if (i < 0) {
      return Status::InvalidArgument(std::string("chunk directory: cannot ") + what + " unknown chunk " +
                                     std::to_string(id));
    }
    touched[i] = true;
    return i;
  };
  std::unordered_set<ChunkId> removed(delta.removed.begin(), delta.removed.end());
  for (ChunkId id : removed) S3LITE_RETURN_IF_ERROR(locate(id, "remove").status());
  for (const auto& [id, live] : delta.live_pages) S3LITE_RETURN_IF_ERROR(locate(id, "update").status());

  // Added entries go to the segment whose territory [first_id, next first_id)
  // holds them; ids past a full last segment start new segments without
  // rewriting it.
  std::vector<ChunkEntry> added = delta.added;
  std::sort(added.begin(), added.end(), [](const ChunkEntry& a, const ChunkEntry& b) { return a.id < b.id; });
  for (size_t i = 1; i < added.size(); i++) {
    if (added[i].id == added[i - 1].id) {
      return Status::InvalidArgument("chunk directory: chunk " + std::to_string(added[i].id) + " added twice");
    }
  }
  std::vector<std::vector<ChunkEntry>> adds_for(n);
  std::vector<ChunkEntry> tail_adds;
  for (ChunkEntry& e : added) {
    if (n == 0) {
      tail_adds.push_back(std::move(e));
      continue;
    }
    auto it = std::upper_bound(current.begin(), current.end(), e.id,
                               [](ChunkId v, const ChunkSegmentRef& r) { return v < r.first_id; });
    size_t i = it == current.begin() ? 0 : static_cast<size_t>(it - current.begin()) - 1;
    if (i == n - 1 && e.id > current[i].last_id && current[i].count >= capacity && !touched[i]) {
      tail_adds.push_back(std::move(e));
    } else {
      touched[i] = true;
      adds_for[i].push_back(std::move(e));
    }
  }

  ChunkDirectoryUpdate out;
  uint32_t next_segment = 0;
  size_t removed_found = 0, updated_found = 0;
  auto emit = [&](std::vector<ChunkEntry>& entries) {
    for (size_t start = 0; start < entries.size(); start += capacity) {
      size_t end = std::min(entries.size(), start + size_t{capacity});
      std::vector<ChunkEntry> piece(std::make_move_iterator(entries.begin() + start),
                                    std::make_move_iterator(entries.begin() + end));
      std::string bytes = EncodeChunkSegment(piece);
      ChunkSegmentRef ref;
      ref.key = ChunkDirSegmentKey(new_version, next_segment++, Hash64(bytes));
      ref.first_id = piece.front().id;
      ref.last_id = piece.back().id;
      ref.count = static_cast<uint32_t>(piece.size());
      out.writes.push_back({ref.key, std::move(bytes)});
      out.segments.push_back(std::move(ref));
    }
  };

  for (size_t i = 0; i < n;) {
    if (!touched[i]) {
      out.segments.push_back(current[i]);
      i++;
      continue;
    }
    // A run of consecutive touched segments is loaded, edited and re-split.
    std::vector<ChunkEntry> run;
    for (; i < n && touched[i]; i++) {
      S3LITE_ASSIGN_OR_RETURN(std::vector<ChunkEntry> entries, load(current[i]));
      for (ChunkEntry& e : entries) {
        if (removed.count(e.id)) {
          removed_found++;
          continue;
        }
        if (auto it = delta.live_pages.find(e.id); it != delta.live_pages.end()) {
          e.live_pages = it->second;
          updated_found++;
        }
        run.push_back(std::move(e));
      }
      for (ChunkEntry& e : adds_for[i]) run.push_back(std::move(e));
    }
    std::sort(run.begin(), run.end(), [](const ChunkEntry& a, const ChunkEntry& b) { return a.id < b.id; });
    for (size_t k = 1; k < run.size(); k++) {
      if (run[k].id == run[k - 1].id) {
        return Status::InvalidArgument("chunk directory: chunk " + std::to_string(run[k].id) + " already exists");
      }
    }
    emit(run);
  }
  emit(tail_adds);

  // Updates to a removed chunk count as found when the removal is.
  size_t updates_of_removed = 0;
  for (const auto& [id, live] : delta.live_pages) updates_of_removed += removed.count(id);
  if (removed_found != removed.size() || updated_found + updates_of_removed != delta.live_pages.size()) {
    return Status::InvalidArgument("chunk directory: delta names a chunk that is not in the directory");
  }
  for (const ChunkSegmentRef& r : out.segments) out.chunk_count += r.count;
  return out;
}

Status WriteChunkSegments(ObjectStore& store, const std::vector<SegmentWrite>& writes) {
  for (const SegmentWrite& w : writes) {
    Status s = store.PutIfAbsent(w.key, w.bytes);
    // The key names a hash of the contents: an existing object is this same
    // segment, left by an earlier attempt of this commit.
    if (s.IsAlreadyExists()) continue;
    if (!s.ok()) return s.WithContext("writing chunk directory segment " + w.key);
  }
  return Status::OK();
}

}  // namespace s3lite
