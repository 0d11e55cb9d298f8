// Compaction (maintenance.h): exact live-page counts by walking every tree,
// then copy-on-write "touch" of every page in a victim chunk so that the
// next checkpoint writes them into new chunks.
#include <cstdio>
#include <map>
#include <set>

#include "engine/db/database_impl.h"
#include "engine/manifest/chunk_directory.h"

namespace s3lite {
namespace {

// Counts every stored page reachable from `ref` (nodes and overflow chains).
Status CountLive(PageSource& src, const ChildRef& ref, std::map<ChunkId, uint32_t>* live) {
  if (ref.id == kInvalidPageId) return Status::OK();
  S3LITE_ASSIGN_OR_RETURN(ConstNodePtr n, LoadNode(src, ref));
  if (!ref.mem) (*live)[PageChunk(ref.id)]++;
  if (n->leaf) {
    for (size_t i = 0; i < n->size(); i++) {
      for (PageId p = n->entry(i).overflow; p != 0;) {
        (*live)[PageChunk(p)]++;
        S3LITE_ASSIGN_OR_RETURN(ConstNodePtr o, src.Load(p));
        if (!o->is_overflow) return Status::Corruption("overflow chain reaches a non-overflow page");
        p = o->overflow_next;
      }
    }
    return Status::OK();
  }
  for (const ChildRef& c : n->children) S3LITE_RETURN_IF_ERROR(CountLive(src, c, live));
  return Status::OK();
}

bool ChainTouches(PageSource& src, PageId p, const std::set<ChunkId>& victims, Status* st) {
  while (p != 0) {
    if (victims.count(PageChunk(p))) return true;
    Result<ConstNodePtr> o = src.Load(p);
    if (!o.ok()) {
      *st = o.status();
      return false;
    }
    p = (*o)->overflow_next;
  }
  return false;
}

// Returns a ref whose subtree no longer uses pages of `victims` (memory
// copies where needed), or the same ref when nothing below is a victim.
Result<ChildRef> Rewrite(TreeWriter& w, const ChildRef& ref, const std::set<ChunkId>& victims, uint64_t* moved) {
  S3LITE_ASSIGN_OR_RETURN(ConstNodePtr n, LoadNode(*w.source, ref));
  bool self = !ref.mem && victims.count(PageChunk(ref.id)) != 0;
  NodePtr copy;
  auto make_copy = [&] {
    if (!copy) {
      copy = n->UnpackedCopy();
      copy->id = w.NewMemoryId();
    }
  };
  if (self) make_copy();
  if (n->leaf) {
    for (size_t i = 0; i < n->size(); i++) {
      Status st;
      PageId overflow = n->entry(i).overflow;
      if (overflow == 0 || !ChainTouches(*w.source, overflow, victims, &st)) {
        S3LITE_RETURN_IF_ERROR(st);
        continue;
      }
      make_copy();
      std::string value;
      S3LITE_RETURN_IF_ERROR(ReadValue(*w.source, copy->entry(i), &value));
      copy->SetValue(i, value);  // in memory: the checkpoint writes a new chain
    }
  } else {
    for (size_t i = 0; i < n->children.size(); i++) {
      S3LITE_ASSIGN_OR_RETURN(ChildRef c, Rewrite(w, n->children[i], victims, moved));
      if (c.id == n->children[i].id) continue;
      make_copy();
      c.key = copy->children[i].key;
      copy->children[i] = std::move(c);
    }
  }
  if (!copy) return ref;
  if (self) (*moved)++;
  ChildRef out;
  out.id = copy->id;
  out.key = ref.key;
  out.mem = copy;
  return out;
}

}  // namespace

std::string CompactReport::Summary() const {
  char buf[320];
  double before = total_pages_before ? 100.0 * static_cast<double>(live_pages) / static_cast<double>(total_pages_before)
                                     : 100.0;
  if (version_after == version_before) {
    std::snprintf(buf, sizeof buf, "nothing to compact in version %llu: %llu chunks, live %.1f%%",
                  static_cast<unsigned long long>(version_before), static_cast<unsigned long long>(chunks_before),
                  before);
  } else {
    std::snprintf(buf, sizeof buf,
                  "compacted version %llu -> %llu: rewrote %llu chunks (%llu pages), dropped %llu empty chunks; "
                  "chunks %llu -> %llu, live %.1f%% before",
                  static_cast<unsigned long long>(version_before), static_cast<unsigned long long>(version_after),
                  static_cast<unsigned long long>(chunks_rewritten), static_cast<unsigned long long>(pages_moved),
                  static_cast<unsigned long long>(chunks_dropped), static_cast<unsigned long long>(chunks_before),
                  static_cast<unsigned long long>(chunks_after), before);
  }
  return buf;
}

Result<CompactReport> DatabaseImpl::CompactNow(const CompactOptions& options) {
  if (options_.read_only) return Status::ReadOnly("compaction needs a writable database");
  S3LITE_RETURN_IF_ERROR(AcquireWriter());
  struct Release {
    DatabaseImpl* db;
    ~Release() { db->ReleaseWriter(); }
  } release{this};
  if (closed_) return Status::InvalidArgument("database is closed");
  S3LITE_RETURN_IF_ERROR(RefreshLocked(true));
  S3LITE_RETURN_IF_ERROR(CheckpointLocked());

  CompactReport report;
  report.version_before = report.version_after = manifest_.version;
  SnapshotPtr snap = current();
  std::map<ChunkId, uint32_t> live;
  for (const auto& [tree, state] : snap->trees) S3LITE_RETURN_IF_ERROR(CountLive(*pager_, state.root, &live));
  S3LITE_ASSIGN_OR_RETURN(std::vector<ChunkEntry> dir, LoadChunkDirectory(*store_, manifest_.chunk_segments));
  report.chunks_before = dir.size();

  std::set<ChunkId> victims;
  ChunkDirectoryDelta delta;
  std::vector<ChunkId> small;
  for (const ChunkEntry& c : dir) {
    uint32_t l = live.count(c.id) ? live[c.id] : 0;
    report.live_pages += l;
    report.total_pages_before += c.page_count;
    if (l == 0) {
      delta.removed.push_back(c.id);
      report.chunks_dropped++;
      continue;
    }
    if (static_cast<double>(l) < options.min_live_ratio * c.page_count) {
      victims.insert(c.id);
    } else if (c.page_count < options.small_chunk_pages) {
      small.push_back(c.id);
    }
    if (l != c.live_pages) delta.live_pages[c.id] = l;
  }
  if (small.size() >= 2) victims.insert(small.begin(), small.end());
  for (ChunkId v : victims) {
    delta.removed.push_back(v);
    delta.live_pages.erase(v);
  }
  report.chunks_rewritten = victims.size();
  if (delta.removed.empty() && delta.live_pages.empty()) {
    report.chunks_after = report.chunks_before;
    return report;
  }

  auto next = std::make_shared<Snapshot>(*snap);
  TreeWriter w;
  w.source = pager_.get();
  w.next_memory_page = &next_memory_page_;
  w.mutable_floor = next_memory_page_.load();
  if (!victims.empty()) {
    for (auto& [tree, state] : next->trees) {
      if (state.root.id == kInvalidPageId) continue;
      S3LITE_ASSIGN_OR_RETURN(state.root, Rewrite(w, state.root, victims, &report.pages_moved));
    }
  }
  // Recount on the rewritten state: pages still stored in old chunks. Chunks
  // left without live pages (victims, and e.g. the old internal pages above
  // them) leave the directory; the others get exact counts.
  std::map<ChunkId, uint32_t> live_after;
  for (const auto& [tree, state] : next->trees) {
    S3LITE_RETURN_IF_ERROR(CountLive(*pager_, state.root, &live_after));
  }
  delta = ChunkDirectoryDelta{};
  report.chunks_dropped = 0;
  for (const ChunkEntry& c : dir) {
    uint32_t l = live_after.count(c.id) ? live_after[c.id] : 0;
    if (l == 0) {
      delta.removed.push_back(c.id);
      if (!victims.count(c.id)) report.chunks_dropped++;
    } else if (l != c.live_pages) {
      delta.live_pages[c.id] = l;
    }
  }
  Publish(next);
  pending_delta_ = std::move(delta);
  Status s = CheckpointLocked();
  if (!s.ok()) {
    pending_delta_ = ChunkDirectoryDelta{};
    return s;
  }
  report.version_after = manifest_.version;
  report.chunks_after = manifest_.chunk_count;
  return report;
}

Result<CompactReport> Compact(Database& db, const CompactOptions& options) {
  auto* impl = dynamic_cast<DatabaseImpl*>(&db);
  if (!impl) return Status::InvalidArgument("Compact: not an engine Database");
  return impl->CompactNow(options);
}

Result<GcPlan> GarbageCollect(Database& db, const GcOptions& options, bool dry_run) {
  S3LITE_ASSIGN_OR_RETURN(GcPlan plan, PlanGc(db.store(), options));
  if (!dry_run) S3LITE_RETURN_IF_ERROR(ExecuteGc(db.store(), plan));
  return plan;
}

}  // namespace s3lite
