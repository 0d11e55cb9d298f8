// Object names (see object_names.h).
#include "engine/manifest/object_names.h"

#include <cstdio>

#include "engine/chunk/bloom_filter.h"  // Hash64

namespace s3lite {

namespace {

// Parses exactly `digits` decimal digits (all of s); nullopt otherwise.
std::optional<uint64_t> ParseDigits(std::string_view s, size_t digits) {
  if (s.size() != digits) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  return v;
}

std::optional<uint64_t> ParseNumbered(std::string_view key, std::string_view prefix) {
  if (key.substr(0, prefix.size()) != prefix) return std::nullopt;
  return ParseDigits(key.substr(prefix.size()), 20);
}

}  // namespace

std::string FormatNumber20(uint64_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%020llu", static_cast<unsigned long long>(n));
  return buf;
}

std::string ManifestKey(uint64_t version) { return std::string(kManifestPrefix) + FormatNumber20(version); }
std::string WalKey(uint64_t seq) { return std::string(kWalPrefix) + FormatNumber20(seq); }
std::string FenceKey(uint64_t epoch) { return std::string(kFencePrefix) + FormatNumber20(epoch); }

std::string ChunkDirSegmentKey(uint64_t version, uint32_t n, uint64_t content_hash) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "-%06u-%016llx", n, static_cast<unsigned long long>(content_hash));
  return std::string(kChunkDirPrefix) + FormatNumber20(version) + buf;
}

std::string ChunkKey(ChunkId id) {
  char buf[64];
  // The hash directory spreads consecutive ids over 256 key prefixes.
  char idbytes[8];
  for (int i = 0; i < 8; i++) idbytes[i] = static_cast<char>(id >> (8 * i));
  unsigned hh = static_cast<unsigned>(Hash64(std::string_view(idbytes, 8)) >> 56);
  std::snprintf(buf, sizeof buf, "%02x/%010llu-%010u", hh, static_cast<unsigned long long>(ChunkEpoch(id)),
                ChunkCounter(id));
  return std::string(kChunkPrefix) + buf;
}

std::optional<uint64_t> ParseManifestKey(std::string_view key) { return ParseNumbered(key, kManifestPrefix); }
std::optional<uint64_t> ParseWalKey(std::string_view key) { return ParseNumbered(key, kWalPrefix); }
std::optional<uint64_t> ParseFenceKey(std::string_view key) { return ParseNumbered(key, kFencePrefix); }

std::optional<ChunkId> ParseChunkKey(std::string_view key) {
  // chunks/hh/EEEEEEEEEE-CCCCCCCCCC
  if (key.substr(0, kChunkPrefix.size()) != kChunkPrefix) return std::nullopt;
  std::string_view rest = key.substr(kChunkPrefix.size());
  if (rest.size() != 2 + 1 + 10 + 1 + 10 || rest[2] != '/' || rest[13] != '-') return std::nullopt;
  auto epoch = ParseDigits(rest.substr(3, 10), 10);
  auto counter = ParseDigits(rest.substr(14, 10), 10);
  if (!epoch || !counter || *epoch > 0xffffff || *counter > 0xffffffffu) return std::nullopt;
  ChunkId id = MakeChunkId(*epoch, static_cast<uint32_t>(*counter));
  if (ChunkKey(id) != key) return std::nullopt;  // wrong hash directory
  return id;
}

std::optional<std::pair<uint64_t, uint32_t>> ParseChunkDirSegmentKey(std::string_view key) {
  if (key.substr(0, kChunkDirPrefix.size()) != kChunkDirPrefix) return std::nullopt;
  std::string_view rest = key.substr(kChunkDirPrefix.size());
  if (rest.size() != 20 + 1 + 6 + 1 + 16 || rest[20] != '-' || rest[27] != '-') return std::nullopt;
  auto version = ParseDigits(rest.substr(0, 20), 20);
  auto n = ParseDigits(rest.substr(21, 6), 6);
  if (!version || !n) return std::nullopt;
  for (char c : rest.substr(28)) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
  }
  return std::make_pair(*version, static_cast<uint32_t>(*n));
}

}  // namespace s3lite
