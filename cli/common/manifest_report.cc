#include "cli/common/manifest_report.h"

#include <cstdio>
#include <ctime>

namespace s3lite {

std::string FormatUnixMillis(int64_t unix_ms) {
  if (unix_ms <= 0) return "-";
  std::time_t secs = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(unix_ms % 1000));
  return buf;
}

std::string FormatBytes(uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    u++;
  }
  char buf[32];
  if (u == 0) {
    std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(bytes));
  } else {
    std::snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
  }
  return buf;
}

std::string FormatVersionInfo(const VersionInfo& v) {
  char buf[256];
  std::string out;
  auto line = [&](const char* key, const std::string& value) {
    std::snprintf(buf, sizeof buf, "%-14s %s\n", key, value.c_str());
    out += buf;
  };
  line("version:", std::to_string(v.version));
  line("parent:", std::to_string(v.parent_version));
  line("epoch:", std::to_string(v.epoch));
  line("wal seq:", std::to_string(v.wal_seq));
  line("created:", FormatUnixMillis(v.created_unix_ms));
  line("chunks:", std::to_string(v.chunk_count) + " (" + FormatBytes(v.chunk_bytes) + ")");
  double live = v.total_pages ? 100.0 * static_cast<double>(v.live_pages) / static_cast<double>(v.total_pages) : 0;
  std::snprintf(buf, sizeof buf, "%llu live of %llu (%.1f%%)", static_cast<unsigned long long>(v.live_pages),
                static_cast<unsigned long long>(v.total_pages), live);
  line("pages:", buf);
  int tables = 0, indexes = 0;
  for (const SchemaEntry& e : v.catalog) (e.kind == SchemaKind::kIndex ? indexes : tables)++;
  line("schema:", std::to_string(tables) + " tables/views, " + std::to_string(indexes) + " indexes");
  for (const SchemaEntry& e : v.catalog) {
    std::snprintf(buf, sizeof buf, "  %-6s %-24s tree %-6u %s\n", SchemaKindName(e.kind), e.name.c_str(), e.tree,
                  e.kind == SchemaKind::kIndex ? ("on " + e.table).c_str() : "");
    out += buf;
  }
  return out;
}

nlohmann::json VersionInfoToJson(const VersionInfo& v) {
  nlohmann::json catalog = nlohmann::json::array();
  for (const SchemaEntry& e : v.catalog) {
    catalog.push_back({{"kind", SchemaKindName(e.kind)}, {"name", e.name}, {"table", e.table}, {"tree", e.tree},
                       {"sql", e.sql}});
  }
  return {{"version", v.version},
          {"parent_version", v.parent_version},
          {"epoch", v.epoch},
          {"wal_seq", v.wal_seq},
          {"created_unix_ms", v.created_unix_ms},
          {"created", FormatUnixMillis(v.created_unix_ms)},
          {"chunk_count", v.chunk_count},
          {"chunk_bytes", v.chunk_bytes},
          {"live_pages", v.live_pages},
          {"total_pages", v.total_pages},
          {"catalog", catalog}};
}

}  // namespace s3lite
