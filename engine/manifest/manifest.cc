// Manifest encoding and store I/O (format: manifest.h).
#include "engine/manifest/manifest.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <sstream>

#include <cereal/archives/json.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include "engine/util/coding.h"
#include "engine/util/crc32c.h"
#include "engine/wal/wal_store.h"  // kConflictMessage

namespace s3lite {

template <class Archive>
void serialize(Archive& ar, TreeRoot& t) {
  ar(cereal::make_nvp("tree", t.tree), cereal::make_nvp("kind", t.kind), cereal::make_nvp("root", t.root),
     cereal::make_nvp("entry_count", t.entry_count));
}

template <class Archive>
void serialize(Archive& ar, Manifest& m) {
  ar(cereal::make_nvp("format_version", m.format_version), cereal::make_nvp("database_id", m.database_id),
     cereal::make_nvp("version", m.version), cereal::make_nvp("parent_version", m.parent_version),
     cereal::make_nvp("epoch", m.epoch), cereal::make_nvp("wal_seq", m.wal_seq),
     cereal::make_nvp("created_unix_ms", m.created_unix_ms), cereal::make_nvp("next_tree_id", m.next_tree_id),
     cereal::make_nvp("next_chunk_counter", m.next_chunk_counter), cereal::make_nvp("catalog", m.catalog),
     cereal::make_nvp("trees", m.trees), cereal::make_nvp("chunk_segments", m.chunk_segments),
     cereal::make_nvp("chunk_count", m.chunk_count));
}

namespace {

constexpr size_t kHeaderSize = 16;  // magic, crc, length
constexpr int kMaxJsonDepth = 32;   // ours is 3-4 deep; bounds the recursive parser

Status Corrupt(std::string_view key, std::string_view what) {
  return Status::Corruption("corrupt manifest " + std::string(key) + ": " + std::string(what));
}

// True when the integer literal `digits` (no sign) exceeds `limit` (same
// notation), comparing as numbers.
bool DigitsExceed(std::string_view digits, std::string_view limit) {
  if (digits.size() != limit.size()) return digits.size() > limit.size();
  return digits > limit;
}

// Checks what cereal's JSON parser (rapidjson 1.1.0) is trusted with, before
// it runs. Returns a problem description, or empty when the text is fine:
//  - nesting of [ and { outside strings is at most kMaxJsonDepth (rapidjson
//    parses recursively);
//  - every number is an integer that fits int64 or uint64. A manifest holds
//    no other numbers, and rapidjson's full-precision strtod reads out of
//    bounds on some long or exponent literals (fuzz/regressions/manifest/),
//    so such literals must never reach it.
std::string CheckJsonShape(std::string_view s) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (size_t i = 0; i < s.size(); i++) {
    char c = s[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return "JSON nested too deeply";
    } else if (c == ']' || c == '}') {
      depth--;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      bool negative = c == '-';
      size_t start = negative ? i + 1 : i;
      size_t end = start;
      while (end < s.size() && s[end] >= '0' && s[end] <= '9') end++;
      if (end < s.size() && (s[end] == '.' || s[end] == 'e' || s[end] == 'E')) {
        return "non-integer number in JSON";
      }
      std::string_view digits = s.substr(start, end - start);
      if (DigitsExceed(digits, negative ? "9223372036854775808" : "18446744073709551615")) {
        return "number out of range in JSON";
      }
      i = end == 0 ? 0 : end - 1;
    }
  }
  return "";
}

}  // namespace

const TreeRoot* Manifest::FindTree(TreeId tree) const {
  for (const TreeRoot& t : trees) {
    if (t.tree == tree) return &t;
  }
  return nullptr;
}

std::string NewDatabaseId() {
  std::random_device rd;
  std::string id;
  char buf[9];
  for (int i = 0; i < 4; i++) {
    std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(rd()));
    id += buf;
  }
  return id;
}

std::string EncodeManifest(const Manifest& m) {
  std::ostringstream os;
  {
    // No indentation: a third smaller at a million chunks, still one field per line.
    cereal::JSONOutputArchive ar(os, cereal::JSONOutputArchive::Options::NoIndent());
    ar(cereal::make_nvp("manifest", const_cast<Manifest&>(m)));
  }
  std::string json = os.str();
  std::string out;
  PutFixed64(&out, kManifestMagic);
  PutFixed32(&out, crc32c::Value(json));
  PutFixed32(&out, static_cast<uint32_t>(json.size()));
  out += json;
  return out;
}

Result<Manifest> DecodeManifest(std::string_view bytes, std::string_view key) {
  if (bytes.size() < kHeaderSize) return Corrupt(key, "too short");
  if (DecodeFixed64(bytes.data()) != kManifestMagic) return Corrupt(key, "bad magic (not a manifest)");
  uint32_t crc = DecodeFixed32(bytes.data() + 8);
  uint32_t len = DecodeFixed32(bytes.data() + 12);
  if (len > kMaxManifestSize || len != bytes.size() - kHeaderSize) return Corrupt(key, "bad length");
  std::string_view json = bytes.substr(kHeaderSize);
  if (crc32c::Value(json) != crc) return Corrupt(key, "checksum mismatch");
  if (std::string problem = CheckJsonShape(json); !problem.empty()) return Corrupt(key, problem);
  Manifest m;
  try {
    std::istringstream is{std::string(json)};
    cereal::JSONInputArchive ar(is);
    ar(cereal::make_nvp("manifest", m));
  } catch (const std::exception& e) {
    // cereal reports malformed JSON and type/field mismatches by exception.
    return Corrupt(key, std::string("bad JSON: ") + e.what());
  }
  if (m.format_version != kManifestFormatVersion) {
    return Corrupt(key, "unsupported manifest format version " + std::to_string(m.format_version));
  }
  return m;
}

Status WriteManifest(ObjectStore& store, const Manifest& m) {
  std::string key = ManifestKey(m.version);
  Status s = store.PutIfAbsent(key, EncodeManifest(m));
  if (s.IsAlreadyExists()) {
    return Status::Conflict(std::string(kConflictMessage) + " (" + key + " already exists: " + s.message() + ")");
  }
  if (!s.ok()) return s.WithContext("writing " + key);
  return Status::OK();
}

Result<Manifest> ReadManifest(ObjectStore& store, uint64_t version) {
  std::string key = ManifestKey(version);
  Result<std::string> bytes = store.Get(key);
  if (!bytes.ok()) return bytes.status().WithContext("reading " + key);
  S3LITE_ASSIGN_OR_RETURN(Manifest m, DecodeManifest(*bytes, key));
  if (m.version != version) return Corrupt(key, "holds version " + std::to_string(m.version));
  return m;
}

Result<std::vector<uint64_t>> ListManifestVersions(ObjectStore& store) {
  S3LITE_ASSIGN_OR_RETURN(std::vector<ObjectInfo> objects, store.List(std::string(kManifestPrefix)));
  std::vector<uint64_t> versions;
  for (const ObjectInfo& o : objects) {
    if (auto v = ParseManifestKey(o.key)) versions.push_back(*v);
  }
  std::sort(versions.begin(), versions.end());
  return versions;
}

Result<uint64_t> FindNewestManifestVersion(ObjectStore& store) {
  S3LITE_ASSIGN_OR_RETURN(std::vector<uint64_t> versions, ListManifestVersions(store));
  return versions.empty() ? uint64_t{0} : versions.back();
}

}  // namespace s3lite
