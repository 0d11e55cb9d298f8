// Store verification (see verify_objects.h).
#include "engine/manifest/verify_objects.h"

#include <map>
#include <set>

#include "engine/chunk/chunk_format.h"
#include "engine/chunk/chunk_reader.h"
#include "engine/manifest/chunk_directory.h"
#include "engine/manifest/manifest.h"
#include "engine/manifest/object_names.h"
#include "engine/wal/wal_store.h"

namespace s3lite {

namespace {

class Verifier {
 public:
  Verifier(ObjectStore& store, const VerifyOptions& options) : store_(store), options_(options) {}

  void Issue(const std::string& object, std::string problem) {
    report_.issues.push_back({object, std::move(problem)});
  }

  // Returns the manifest if it could be read.
  std::optional<Manifest> CheckVersion(uint64_t version) {
    Result<Manifest> m = ReadManifest(store_, version);
    if (!m.ok()) {
      Issue(ManifestKey(version), m.status().message());
      return std::nullopt;
    }
    report_.manifests++;
    if (database_id_.empty()) {
      database_id_ = m->database_id;
    } else if (m->database_id != database_id_) {
      Issue(ManifestKey(version), "database id " + m->database_id + " differs from " + database_id_);
    }
    for (const ChunkSegmentRef& ref : m->chunk_segments) CheckSegment(ref);
    for (const TreeRoot& t : m->trees) {
      if (t.root == kInvalidPageId) continue;
      ChunkId chunk = PageChunk(t.root);
      uint32_t slot = PageSlot(t.root);
      int s = FindChunkSegment(m->chunk_segments, chunk);
      auto it = s < 0 ? page_counts_.end() : page_counts_.find(chunk);
      if (it == page_counts_.end()) {
        Issue(ManifestKey(version), "tree " + std::to_string(t.tree) + ": root chunk " + std::to_string(chunk) +
                                        " is not in the chunk directory");
      } else if (slot >= it->second) {
        Issue(ManifestKey(version), "tree " + std::to_string(t.tree) + ": root slot " + std::to_string(slot) +
                                        " beyond the chunk's " + std::to_string(it->second) + " pages");
      }
    }
    return std::move(m).value();
  }

  void CheckSegment(const ChunkSegmentRef& ref) {
    if (!segments_.insert(ref.key).second) return;
    Result<std::vector<ChunkEntry>> entries = ReadChunkSegment(store_, ref);
    if (!entries.ok()) {
      Issue(ref.key, entries.status().message());
      return;
    }
    report_.segments++;
    for (const ChunkEntry& e : *entries) {
      page_counts_[e.id] = e.page_count;
      CheckChunk(e);
    }
  }

  void CheckChunk(const ChunkEntry& e) {
    if (!chunks_.insert(e.key).second) return;
    report_.chunks++;
    if (e.key != ChunkKey(e.id)) Issue(e.key, "directory key does not match chunk id " + std::to_string(e.id));
    const uint64_t pages_size = uint64_t{e.page_count} * kPageSize;
    if (e.page_count == 0 || e.page_count > kPagesPerChunk || e.bytes < pages_size + kChunkTrailerSize) {
      Issue(e.key, "directory entry is inconsistent: " + std::to_string(e.page_count) + " pages, " +
                       std::to_string(e.bytes) + " bytes");
      return;
    }
    ChunkFooter footer;
    if (options_.check_pages) {
      Result<std::string> object = store_.Get(e.key);
      if (!object.ok()) return Issue(e.key, object.status().message());
      Result<ChunkReader> reader = ChunkReader::Open(e.key, std::move(object).value());
      if (!reader.ok()) return Issue(e.key, reader.status().message());
      if (reader->object().size() != e.bytes) {
        Issue(e.key, "object is " + std::to_string(reader->object().size()) + " bytes, directory says " +
                         std::to_string(e.bytes));
      }
      for (uint32_t slot = 0; slot < reader->page_count(); slot++) {
        report_.pages++;
        Result<std::string_view> page = reader->page(slot);
        if (!page.ok()) Issue(e.key, page.status().message());
      }
      footer = reader->footer();
    } else {
      // One byte more than the footer, to notice an object longer than listed.
      const uint64_t want = e.bytes - pages_size;
      Result<std::string> tail = store_.GetRange(e.key, pages_size, want + 1);
      if (!tail.ok()) return Issue(e.key, tail.status().message());
      if (tail->size() != want) {
        return Issue(e.key, std::string("object is ") + (tail->size() < want ? "shorter" : "longer") +
                                " than the directory's " + std::to_string(e.bytes) + " bytes");
      }
      Result<ChunkFooter> f = DecodeChunkFooter(*tail, e.key);
      if (!f.ok()) return Issue(e.key, f.status().message());
      footer = std::move(f).value();
    }
    if (footer.page_count() != e.page_count) {
      Issue(e.key, "footer has " + std::to_string(footer.page_count()) + " pages, directory says " +
                       std::to_string(e.page_count));
    }
    if (footer.tree != e.tree) {
      Issue(e.key, "footer names tree " + std::to_string(footer.tree) + ", directory says " + std::to_string(e.tree));
    }
  }

  void CheckWal(uint64_t after) {
    Result<std::vector<uint64_t>> seqs = ListWalAfter(store_, after);
    if (!seqs.ok()) return Issue("wal/", seqs.status().message());
    uint64_t expect = after + 1;
    for (uint64_t seq : *seqs) {
      if (seq != expect) {
        Issue(WalKey(seq), "gap in the WAL: expected sequence " + std::to_string(expect) +
                               "; recovery stops at the gap and ignores this and later objects");
        expect = seq;
      }
      expect++;
      Result<WalBatch> batch = ReadWalBatch(store_, seq);
      if (!batch.ok()) {
        Issue(WalKey(seq), batch.status().message());
        continue;
      }
      report_.wal_objects++;
      if (!database_id_.empty() && batch->database_id != database_id_) {
        Issue(WalKey(seq), "database id " + batch->database_id + " differs from the manifest's " + database_id_);
      }
    }
  }

  VerifyReport Finish() { return std::move(report_); }

 private:
  ObjectStore& store_;
  VerifyOptions options_;
  VerifyReport report_;
  std::string database_id_;
  std::set<std::string> segments_, chunks_;
  std::map<ChunkId, uint32_t> page_counts_;  // chunk -> page count, from checked segments
};

}  // namespace

std::string VerifyReport::Summary() const {
  std::string counts = std::to_string(manifests) + " manifests, " + std::to_string(segments) + " segments, " +
                       std::to_string(chunks) + " chunks";
  if (pages > 0) counts += " (" + std::to_string(pages) + " pages)";
  counts += ", " + std::to_string(wal_objects) + " WAL objects";
  if (ok()) return "ok: " + counts;
  std::string s = std::to_string(issues.size()) + (issues.size() == 1 ? " problem" : " problems") +
                  " (checked " + counts + "):";
  for (const VerifyIssue& i : issues) s += "\n  " + i.object + ": " + i.problem;
  return s;
}

Result<VerifyReport> VerifyObjects(ObjectStore& store, const VerifyOptions& options) {
  S3LITE_ASSIGN_OR_RETURN(std::vector<uint64_t> versions, ListManifestVersions(store));
  Verifier v(store, options);
  uint64_t wal_after = 0;
  if (!versions.empty()) {
    // The newest first, so its database id is the reference.
    std::optional<Manifest> newest = v.CheckVersion(versions.back());
    if (newest) wal_after = newest->wal_seq;
    if (options.all_versions) {
      for (size_t i = versions.size() - 1; i-- > 0;) v.CheckVersion(versions[i]);
    }
  }
  v.CheckWal(wal_after);
  return v.Finish();
}

}  // namespace s3lite
