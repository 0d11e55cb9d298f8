// Checkpoint: writes the dirty (memory) pages of the committed state as new
// chunks and commits the next manifest (DESIGN.md 4.3, docs/FORMAT.md
// "Commit, checkpoint and recovery").
//
//  1. Collect each changed tree's memory pages: leaves in key order (each
//     preceded by the overflow pages of its big values not yet stored), then
//     internal pages bottom-up. Leaves and internal pages go to separate
//     chunks (one GET brings all upper levels, one more a run of leaves);
//     a chunk never mixes trees and holds at most 256 pages.
//  2. Assign stored PageIds (chunk ids MakeChunkId(epoch, counter)), encode
//     every page with its children's new ids, build chunks (bloom filter over
//     leaf keys, zone map: key range and, for table trees, per-column ranges).
//  3. PutIfAbsent the chunks (in parallel), then the chunk-directory segments,
//     then manifest/<version + 1>. A lost race on any of them is a Conflict
//     and leaves only unreferenced objects.
//  4. Publish the same state with stored roots and cache the written pages.
//     Readers that still hold the memory pages keep them alive.
#include <deque>
#include <unordered_map>

#include "engine/chunk/chunk_format.h"
#include "engine/chunk/chunk_writer.h"
#include "engine/db/database_impl.h"
#include "engine/manifest/fence.h"
#include "engine/manifest/object_names.h"
#include "engine/util/worker_pool.h"
#include "engine/value/record.h"

namespace s3lite {
namespace {

// One page to write, in slot order.
struct PageJob {
  const Node* node = nullptr;  // leaf or internal memory page; null for overflow
  std::string_view overflow_data;
  PageId overflow_next = 0;
  PageId id = 0;               // assigned stored id
};

struct ChunkJob {
  ChunkId id = 0;
  TreeId tree = 0;
  TreeKind kind = TreeKind::kTable;
  std::vector<PageJob> pages;
  std::string object;
  std::shared_ptr<ChunkMeta> meta;
  ChunkEntry entry;
};

void CollectDirty(const ChildRef& ref, std::vector<const Node*>* leaves, std::vector<const Node*>* internals) {
  if (!ref.mem) return;
  const Node* n = ref.mem.get();
  if (n->leaf) {
    leaves->push_back(n);
    return;
  }
  for (const ChildRef& c : n->children) CollectDirty(c, leaves, internals);
  internals->push_back(n);
}

class Allocator {
 public:
  Allocator(uint64_t epoch, uint32_t* counter, std::vector<ChunkJob>* chunks)
      : epoch_(epoch), counter_(counter), chunks_(chunks) {}
  // Starts a new chunk at the next allocation.
  void Break() { open_ = false; }
  void Add(TreeId tree, TreeKind kind, PageJob job) {
    if (!open_ || chunks_->back().pages.size() >= kPagesPerChunk) {
      ChunkJob c;
      c.id = MakeChunkId(epoch_, (*counter_)++);
      c.tree = tree;
      c.kind = kind;
      chunks_->push_back(std::move(c));
      open_ = true;
    }
    ChunkJob& c = chunks_->back();
    job.id = MakePageId(c.id, static_cast<uint32_t>(c.pages.size()));
    c.pages.push_back(job);
  }

 private:
  uint64_t epoch_;
  uint32_t* counter_;
  std::vector<ChunkJob>* chunks_;
  bool open_ = false;
};

}  // namespace

Status DatabaseImpl::CheckpointLocked(bool cache_written) {
  if (fenced_) {
    return Status::Conflict("fenced: a newer writer (epoch " + std::to_string(fenced_by_) +
                            ") has taken over; checkpoint refused");
  }
  SnapshotPtr snap = current();
  bool dirty = snap->wal_seq != manifest_.wal_seq || snap->version != manifest_.version ||
               !pending_delta_.removed.empty() || !pending_delta_.live_pages.empty();
  for (const auto& [tree, state] : snap->trees) dirty = dirty || state.root.mem != nullptr;
  if (!dirty) return Status::OK();
  S3LITE_RETURN_IF_ERROR(EnsureEpochLocked());  // a checkpoint writes: it needs this writer's epoch

  // 1-2. Plan pages and ids.
  std::vector<ChunkJob> chunks;
  std::unordered_map<PageId, PageId> stored;                   // memory id -> stored id
  // Leaves with big in-memory values -> first overflow page of entry i (0: none).
  std::unordered_map<const Node*, std::vector<PageId>> overflow_heads;
  uint32_t counter = next_chunk_counter_;
  Allocator alloc(epoch_, &counter, &chunks);
  for (const auto& [tree, state] : snap->trees) {
    if (!state.root.mem) continue;
    std::vector<const Node*> leaves, internals;
    CollectDirty(state.root, &leaves, &internals);
    alloc.Break();
    for (const Node* leaf : leaves) {
      for (size_t k = 0; k < leaf->size(); k++) {
        const LeafView e = leaf->entry(k);
        if (e.overflow != 0 || !e.is_big()) continue;
        // The chain's `next` links are filled in below, once all ids exist.
        for (size_t off = 0; off < e.value.size(); off += kOverflowDataSize) {
          PageJob j;
          j.overflow_data = std::string_view(e.value).substr(off, kOverflowDataSize);
          alloc.Add(tree, state.kind, j);
        }
      }
      PageJob j;
      j.node = leaf;
      alloc.Add(tree, state.kind, j);
    }
    alloc.Break();
    for (const Node* n : internals) {
      PageJob j;
      j.node = n;
      alloc.Add(tree, state.kind, j);
    }
  }
  // Resolve ids: memory page -> stored page, overflow chains.
  {
    // Overflow pages precede their leaf, entry by entry, in the same order as planned.
    std::vector<PageJob*> all;
    for (ChunkJob& c : chunks) {
      for (PageJob& p : c.pages) all.push_back(&p);
    }
    size_t i = 0;
    while (i < all.size()) {
      PageJob* p = all[i];
      if (p->node) {
        stored[p->node->id] = p->id;
        i++;
        continue;
      }
      // A run of overflow pages belongs to the next leaf's big entries, in order.
      size_t leaf_at = i;
      while (leaf_at < all.size() && !all[leaf_at]->node) leaf_at++;
      if (leaf_at == all.size()) return Status::Internal("checkpoint: overflow pages without a leaf");
      const Node* leaf = all[leaf_at]->node;
      size_t k = i;
      std::vector<PageId>& heads = overflow_heads[leaf];
      heads.assign(leaf->size(), 0);
      for (size_t x = 0; x < leaf->size(); x++) {
        const LeafView e = leaf->entry(x);
        if (e.overflow != 0 || !e.is_big()) continue;
        size_t pages = (e.value.size() + kOverflowDataSize - 1) / kOverflowDataSize;
        heads[x] = all[k]->id;
        for (size_t q = 0; q < pages; q++) all[k + q]->overflow_next = q + 1 < pages ? all[k + q + 1]->id : 0;
        k += pages;
      }
      if (k != leaf_at) return Status::Internal("checkpoint: overflow plan mismatch");
      i = leaf_at;
    }
  }

  // A newer writer (fence/ object above our epoch, one LIST) stops us
  // before we write anything.
  if (Status f = CheckFenced(*store_, epoch_); !f.ok()) {
    if (f.IsConflict()) {
      fenced_ = true;
      Result<uint64_t> newest = CurrentMaxEpoch(*store_);
      fenced_by_ = newest.ok() ? *newest : epoch_ + 1;
    }
    return f;
  }

  // Encode pages into chunks and write each chunk as soon as it is encoded
  // (in parallel, at most threads + 1 chunks in memory at once: one per
  // writer thread and the one being encoded; 2 x threads made W1's close
  // hold 8 MiB of images behind slow fsyncs). Stored
  // copies of the written pages are kept for the cache: every internal
  // page, and as many of the last leaf/overflow pages as the cache holds
  // (a bulk load must not keep a second copy of everything it wrote).
  size_t total_pages = 0;
  for (const ChunkJob& c : chunks) total_pages += c.pages.size();
  size_t keep_from = total_pages > options_.cache_pages ? total_pages - options_.cache_pages : 0;
  if (!cache_written) keep_from = total_pages;
  size_t page_index = 0;
  std::vector<std::pair<PageId, ConstNodePtr>> written;
  const size_t threads = std::min<size_t>(std::max<size_t>(chunks.size(), 1), std::max(1, options_.prefetch_workers));
  WorkerPool pool(threads);
  std::deque<std::pair<ChunkJob*, std::future<Status>>> puts;
  Status put_error;
  auto finish_put = [&] {
    Status st = puts.front().second.get();
    ChunkJob* done = puts.front().first;
    if (!st.ok() && put_error.ok()) put_error = st.WithContext("writing chunk " + ChunkKey(done->id));
    std::string().swap(done->object);  // written: free its bytes
    puts.pop_front();
  };
  std::string image;             // one page at a time
  std::vector<PageId> ids;       // stored ids substituted at encode (EncodePageWithIds)
  Row row;                       // reused for every row's zone-map columns
  for (ChunkJob& c : chunks) {
    ChunkWriter writer(c.tree, c.kind);
    const std::string chunk_key = ChunkKey(c.id);
    for (PageJob& p : c.pages) {
      image.clear();
      PageKind kind;
      bool keep = page_index >= keep_from;
      if (!p.node) {
        EncodeOverflowPage(p.overflow_data, p.overflow_next, &image);
        kind = PageKind::kOverflow;
      } else {
        const Node& mn = *p.node;
        if (mn.packed) return Status::Internal("checkpoint: packed memory page");
        ids.clear();
        if (mn.leaf) {
          auto heads = overflow_heads.find(&mn);
          if (heads != overflow_heads.end()) ids = heads->second;
        } else {
          keep = cache_written;  // internal pages are always cached (unless closing)
          for (const ChildRef& ch : mn.children) {
            if (!ch.mem) {
              ids.push_back(0);
              continue;
            }
            auto it = stored.find(ch.id);
            if (it == stored.end()) return Status::Internal("checkpoint: unplanned memory child");
            ids.push_back(it->second);
          }
        }
        S3LITE_RETURN_IF_ERROR(EncodePageWithIds(mn, ids, &image));
        kind = mn.leaf ? PageKind::kLeaf : PageKind::kInternal;
        if (mn.leaf) {
          for (size_t x = 0; x < mn.size(); x++) {
            const LeafView me = mn.entry(x);
            writer.AddKey(me.key);
            if (c.kind != TreeKind::kTable) continue;
            std::string big;
            std::string_view value = me.value;
            if (me.overflow != 0) {
              S3LITE_RETURN_IF_ERROR(ReadValue(*pager_, me, &big));
              value = big;
            }
            // Values that are not records (engine tests, foreign trees) get no column zones.
            if (DecodeRecord(value, &row).ok()) {
              writer.AddRow(row);
            } else {
              writer.AddColumnNull(0);
            }
          }
        }
      }
      if (keep) {
        // The cached copy is the page just encoded, decoded as a reader
        // would (leaves packed): cheaper than copying the node.
        S3LITE_ASSIGN_OR_RETURN(NodePtr cached, DecodePage(image, p.id, chunk_key, LeafForm::kPacked));
        written.emplace_back(p.id, std::move(cached));
      }
      page_index++;
      S3LITE_ASSIGN_OR_RETURN(uint32_t slot, writer.AddPage(kind, image));
      if (slot != PageSlot(p.id)) return Status::Internal("checkpoint: slot mismatch");
    }
    c.object = writer.Finish();
    c.entry.bytes = c.object.size();
    while (puts.size() >= threads) finish_put();
    puts.emplace_back(&c, pool.Submit([this, &c] { return store_->PutIfAbsent(ChunkKey(c.id), c.object); }));
    const ChunkFooter& footer = writer.footer();
    c.meta = std::make_shared<ChunkMeta>();
    c.meta->id = c.id;
    c.meta->tree = c.tree;
    c.meta->page_count = static_cast<uint32_t>(c.pages.size());
    c.meta->bloom = footer.bloom;
    c.meta->zone_map = footer.zone_map;
    c.entry.id = c.id;
    c.entry.key = ChunkKey(c.id);
    c.entry.tree = c.tree;
    c.entry.page_count = static_cast<uint32_t>(c.pages.size());
    c.entry.live_pages = c.entry.page_count;
    SetChunkEntryZoneMap(footer.zone_map, &c.entry);
  }
  next_chunk_counter_ = counter;  // never reuse ids, even if this checkpoint fails
  while (!puts.empty()) finish_put();
  S3LITE_RETURN_IF_ERROR(put_error);

  // 3. (Chunks were written above, as they were encoded.) Directory
  // segments, then the manifest.
  Manifest m;
  m.database_id = manifest_.database_id;
  m.version = manifest_.version + 1;
  m.parent_version = manifest_.version;
  m.epoch = epoch_;
  m.wal_seq = snap->wal_seq;
  m.created_unix_ms = NowMs();
  m.next_tree_id = snap->next_tree_id;
  m.next_chunk_counter = next_chunk_counter_;
  m.catalog = snap->catalog->entries();
  auto next = std::make_shared<Snapshot>(*snap);
  next->version = m.version;
  for (auto& [tree, state] : next->trees) {
    TreeRoot r;
    r.tree = tree;
    r.kind = state.kind;
    if (state.root.mem) {
      auto it = stored.find(state.root.id);
      if (it == stored.end()) return Status::Internal("checkpoint: unplanned root");
      state.root.id = it->second;
      state.root.mem.reset();
    }
    r.root = state.root.id;
    r.entry_count = state.entry_count_known ? state.entry_count : 0;  // 0 with a root: unknown
    m.trees.push_back(r);
  }
  ChunkDirectoryDelta delta = pending_delta_;
  for (const ChunkJob& c : chunks) delta.added.push_back(c.entry);
  S3LITE_ASSIGN_OR_RETURN(ChunkDirectoryUpdate dir, UpdateChunkDirectory(manifest_.chunk_segments, delta, m.version,
                                                                         StoreSegmentLoader(*store_)));
  S3LITE_RETURN_IF_ERROR(WriteChunkSegments(*store_, dir.writes));
  m.chunk_segments = std::move(dir.segments);
  m.chunk_count = dir.chunk_count;
  Status s = WriteManifest(*store_, m);
  if (!s.ok()) {
    needs_full_refresh_ = true;
    return s;
  }

  // 4. Publish.
  for (const ChunkJob& c : chunks) pager_->AddMeta(c.meta);
  for (auto& [id, node] : written) pager_->Insert(id, std::move(node));
  pager_->NoteChunkSegments(m.chunk_segments);
  {
    std::lock_guard<std::mutex> lock(mu_);
    manifest_ = std::move(m);
    current_ = std::move(next);
  }
  wal_bytes_since_checkpoint_ = 0;
  oldest_unchecked_ms_ = 0;
  replayed_batches_ = 0;
  memory_pages_at_checkpoint_ = next_memory_page_.load();
  pending_delta_ = ChunkDirectoryDelta{};
  checkpoints_.fetch_add(1);
  return Status::OK();
}

}  // namespace s3lite
