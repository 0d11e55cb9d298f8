// Garbage collection planning and execution (see gc.h).
#include "engine/manifest/gc.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <set>

#include "engine/manifest/chunk_directory.h"
#include "engine/manifest/manifest.h"
#include "engine/manifest/object_names.h"
#include "engine/manifest/writer_lease.h"

namespace s3lite {

namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Bytes(uint64_t n) {
  char buf[32];
  if (n >= (1ull << 30)) {
    std::snprintf(buf, sizeof buf, "%.1f GiB", n / double(1ull << 30));
  } else if (n >= (1ull << 20)) {
    std::snprintf(buf, sizeof buf, "%.1f MiB", n / double(1ull << 20));
  } else if (n >= 1024) {
    std::snprintf(buf, sizeof buf, "%.1f KiB", n / 1024.0);
  } else {
    std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(n));
  }
  return buf;
}

}  // namespace

std::string GcPlan::Summary() const {
  std::string s = "delete " + std::to_string(manifests) + " manifests, " + std::to_string(segments) +
                  " segments, " + std::to_string(chunks) + " chunks, " + std::to_string(wal) + " WAL, " +
                  std::to_string(fences) + " fences (" + Bytes(delete_bytes) + ")";
  if (retained_versions.empty()) {
    s += "; no versions";
  } else {
    s += "; keep " + std::to_string(retained_versions.size()) + " versions " +
         std::to_string(retained_versions.front()) + ".." + std::to_string(retained_versions.back());
  }
  if (kept_young > 0) s += "; " + std::to_string(kept_young) + " young objects kept";
  return s;
}

Result<GcPlan> PlanGc(ObjectStore& store, const GcOptions& o) {
  const int64_t now = o.now_unix_ms != 0 ? o.now_unix_ms : NowMs();
  GcPlan plan;

  S3LITE_ASSIGN_OR_RETURN(std::vector<ObjectInfo> manifest_objs, store.List(std::string(kManifestPrefix)));
  std::map<uint64_t, ObjectInfo> versions;
  for (ObjectInfo& info : manifest_objs) {
    if (auto v = ParseManifestKey(info.key)) versions[*v] = std::move(info);
  }
  if (versions.empty()) return plan;  // nothing is referenced by anything: touch nothing

  // Creation time of a version: the store's last-modified time, else the
  // manifest's own field; nullopt when neither is known.
  auto created = [&](uint64_t v, const ObjectInfo& info) -> std::optional<int64_t> {
    if (info.mtime_unix_ms > 0) return info.mtime_unix_ms;
    Result<Manifest> m = ReadManifest(store, v);
    if (m.ok() && m->created_unix_ms > 0) return m->created_unix_ms;
    return std::nullopt;
  };

  std::vector<std::pair<uint64_t, ObjectInfo>> list(versions.begin(), versions.end());
  const size_t keep = std::max<uint32_t>(o.keep_versions, 1);
  std::vector<uint64_t> dropped;
  for (size_t i = 0; i < list.size(); i++) {
    bool retain = i + keep >= list.size();
    if (!retain) {
      std::optional<int64_t> born = created(list[i].first, list[i].second);
      std::optional<int64_t> superseded = created(list[i + 1].first, list[i + 1].second);
      retain = !born || !superseded || now - *born < o.min_age_ms || now - *superseded < o.grace_ms;
    }
    (retain ? plan.retained_versions : dropped).push_back(list[i].first);
  }

  // Everything the retained versions reference.
  std::set<std::string> referenced;
  uint64_t min_wal_seq = UINT64_MAX;
  std::set<std::string> loaded_segments;
  for (uint64_t v : plan.retained_versions) {
    Result<Manifest> m = ReadManifest(store, v);
    if (!m.ok()) return m.status().WithContext("gc: cannot read retained version " + std::to_string(v));
    referenced.insert(ManifestKey(v));
    min_wal_seq = std::min(min_wal_seq, m->wal_seq);
    for (const ChunkSegmentRef& ref : m->chunk_segments) {
      referenced.insert(ref.key);
      if (!loaded_segments.insert(ref.key).second) continue;  // shared with a newer version
      Result<std::vector<ChunkEntry>> entries = ReadChunkSegment(store, ref);
      if (!entries.ok()) return entries.status().WithContext("gc: version " + std::to_string(v));
      for (const ChunkEntry& e : *entries) referenced.insert(e.key);
    }
  }

  // Unreferenced manifests go first, oldest first.
  for (uint64_t v : dropped) {
    plan.deleted_versions.push_back(v);
    plan.delete_keys.push_back(ManifestKey(v));
    plan.delete_bytes += versions[v].size;
    plan.manifests++;
  }

  auto consider = [&](const ObjectInfo& info, uint64_t* counter) {
    if (referenced.count(info.key)) return;
    if (info.mtime_unix_ms <= 0 || now - info.mtime_unix_ms < o.grace_ms) {
      plan.kept_young++;
      return;
    }
    plan.delete_keys.push_back(info.key);
    plan.delete_bytes += info.size;
    (*counter)++;
  };

  S3LITE_ASSIGN_OR_RETURN(std::vector<ObjectInfo> segs, store.List(std::string(kChunkDirPrefix)));
  for (const ObjectInfo& info : segs) {
    if (ParseChunkDirSegmentKey(info.key)) consider(info, &plan.segments);
  }
  S3LITE_ASSIGN_OR_RETURN(std::vector<ObjectInfo> chunks, store.List(std::string(kChunkPrefix)));
  for (const ObjectInfo& info : chunks) {
    if (ParseChunkKey(info.key)) consider(info, &plan.chunks);
  }
  S3LITE_ASSIGN_OR_RETURN(std::vector<ObjectInfo> wal, store.List(std::string(kWalPrefix)));
  for (const ObjectInfo& info : wal) {
    std::optional<uint64_t> seq = ParseWalKey(info.key);
    if (seq && *seq <= min_wal_seq) consider(info, &plan.wal);
  }
  S3LITE_ASSIGN_OR_RETURN(std::vector<ObjectInfo> fences, store.List(std::string(kFencePrefix)));
  uint64_t max_epoch = 0;
  for (const ObjectInfo& info : fences) {
    if (auto e = ParseFenceKey(info.key)) max_epoch = std::max(max_epoch, *e);
  }
  for (const ObjectInfo& info : fences) {
    // fence/<epoch>, and the writer lease's fence/<epoch>.lease and
    // fence/<epoch>.released (writer_lease.h): all dead below the newest epoch.
    std::optional<uint64_t> e = ParseFenceKey(info.key);
    if (!e) e = ParseLeaseMarkerKey(info.key);
    if (e && *e < max_epoch) {
      consider(info, &plan.fences);
    } else if (!e && IsClockProbeKey(info.key)) {
      consider(info, &plan.fences);  // a lease clock probe left by a crash between its PUT and DELETE
    }
  }
  return plan;
}

Status ExecuteGc(ObjectStore& store, const GcPlan& plan) {
  constexpr size_t kBatch = 1000;
  for (size_t start = 0; start < plan.delete_keys.size(); start += kBatch) {
    size_t end = std::min(plan.delete_keys.size(), start + kBatch);
    std::vector<std::string> batch(plan.delete_keys.begin() + start, plan.delete_keys.begin() + end);
    Status s = store.DeleteMany(batch);
    if (!s.ok()) return s.WithContext("gc: deleting " + batch.front() + " and " + std::to_string(batch.size() - 1) + " more");
  }
  return Status::OK();
}

}  // namespace s3lite
