#include "engine/db/transaction_impl.h"

#include <unordered_set>

#include "engine/btree/tree_cursor.h"
#include "engine/db/replay.h"

namespace s3lite {
namespace {

class TxnCursor : public Cursor {
 public:
  TxnCursor(PageSource* source, std::function<ChildRef()> root, const uint64_t* version)
      : c_(source, std::move(root), version) {}
  Status SeekFirst() override { return c_.SeekFirst(); }
  Status SeekLast() override { return c_.SeekLast(); }
  Status Seek(std::string_view target) override { return c_.Seek(target); }
  Status SeekForPrev(std::string_view target) override { return c_.SeekForPrev(target); }
  bool Valid() const override { return c_.Valid(); }
  Status Next() override { return c_.Next(); }
  Status Prev() override { return c_.Prev(); }
  std::string_view key() const override { return c_.key(); }
  std::string_view value() const override { return c_.value(); }
  void set_policy(std::unique_ptr<LeafPolicy> p) { c_.set_policy(std::move(p)); }

 private:
  TreeCursor c_;
};

std::string TreeName(TreeId t) { return "tree " + std::to_string(t); }

// Zone-map pruning and prefetch for one cursor (ScanHint). Pruning uses the
// zone map of a chunk this process has fetched or written (its footer), or
// else the one recorded in the chunk directory (Pager::PruningMeta), so a
// cold scan skips chunks before fetching them.
class HintPolicy : public LeafPolicy {
 public:
  HintPolicy(Pager* pager, const ScanHint& hint, int prefetch_chunks)
      : pager_(pager), hint_(hint), prefetch_chunks_(hint.prefetch ? prefetch_chunks : 0) {}

  bool Skip(PageId leaf) override {
    ChunkId chunk = PageChunk(leaf);
    if (chunk == last_pruned_) return true;
    if (!hint_.lower_key && !hint_.upper_key && hint_.column_ranges.empty()) return false;
    std::shared_ptr<const ChunkMeta> meta = pager_->PruningMeta(chunk);
    if (!meta) return false;
    bool skip = false;
    std::optional<std::string_view> lo, hi;
    if (hint_.lower_key) lo = *hint_.lower_key;
    if (hint_.upper_key) hi = *hint_.upper_key;
    if ((lo || hi) && !meta->zone_map.MayOverlapKeyRange(lo, hi)) skip = true;
    for (const auto& r : hint_.column_ranges) {
      if (skip) break;
      if (!meta->zone_map.MayMatchColumn(r.column, r.min, r.max)) skip = true;
    }
    if (skip) {
      last_pruned_ = chunk;
      // Count each chunk once per cursor (prefetch look-ahead asks too).
      if (counted_.insert(chunk).second) pager_->counters().chunks_pruned.fetch_add(1, std::memory_order_relaxed);
    }
    return skip;
  }

  void Entering(const Node& parent, size_t index, bool forward) override {
    if (prefetch_chunks_ == 0) return;
    const ChildRef& here = parent.children[index];
    ChunkId current = here.mem ? 0 : PageChunk(here.id);
    int started = 0;
    ChunkId last = current;
    // Look at the next leaves in scan direction; fetch their chunks ahead.
    for (size_t step = 1; step <= 64 && started < prefetch_chunks_; step++) {
      if (!forward && step > index) break;
      size_t i = forward ? index + step : index - step;
      if (i >= parent.children.size()) break;
      const ChildRef& c = parent.children[i];
      if (c.mem) continue;
      ChunkId chunk = PageChunk(c.id);
      if (chunk == last || chunk == last_pruned_) continue;
      last = chunk;
      if (pager_->IsCached(c.id)) continue;
      if (Skip(c.id)) continue;
      pager_->Prefetch(chunk);
      started++;
    }
  }

 private:
  Pager* pager_;
  ScanHint hint_;
  int prefetch_chunks_;
  ChunkId last_pruned_ = ~0ull;
  std::unordered_set<ChunkId> counted_;
};

}  // namespace

TransactionImpl::TransactionImpl(std::shared_ptr<DatabaseImpl> db, SnapshotPtr base, bool write)
    : db_(std::move(db)), base_(std::move(base)), write_(write) {
  catalog_ = base_->catalog;
  if (write_) {
    trees_ = base_->trees;
    next_tree_id_ = base_->next_tree_id;
    writer_.source = &db_->pager();
    writer_.next_memory_page = &db_->memory_page_counter();
    // Pages numbered below the floor belong to committed snapshots.
    writer_.mutable_floor = db_->memory_page_counter().load();
  }
}

TransactionImpl::~TransactionImpl() {
  if (!done_) Rollback();
}

void TransactionImpl::Finish() {
  if (done_) return;
  done_ = true;
  FreeLogs();  // a finished transaction may be kept around: give the memory back
  if (write_) db_->ReleaseWriter();
}

void TransactionImpl::FreeLogs() {
  redo_.Clear();
  std::vector<Undo>().swap(undo_);
  std::string().swap(undo_bytes_);
  std::vector<uint64_t>().swap(old_ends_);
  std::vector<TreeState>().swap(dropped_);
  std::vector<SavepointState>().swap(savepoints_);
}

void TransactionImpl::AddUndo(Undo::Type type, TreeId tree, uint64_t index, const std::string* old) {
  Undo u;
  u.type = type;
  u.tree = tree;
  u.index = index;
  if (old) {
    u.had_old = true;
    undo_bytes_.append(*old);
    old_ends_.push_back(undo_bytes_.size());
  }
  undo_.push_back(u);
}

Status TransactionImpl::CheckWritable(const char* what) const {
  if (done_) return Status::InvalidArgument(std::string(what) + ": transaction already finished");
  if (!write_) return Status::ReadOnly(std::string(what) + ": read-only transaction");
  return Status::OK();
}

ChildRef TransactionImpl::Root(TreeId tree) const {
  const auto& trees = write_ ? trees_ : base_->trees;
  auto it = trees.find(tree);
  return it == trees.end() ? ChildRef{} : it->second.root;
}

Result<TreeState*> TransactionImpl::FindTree(TreeId tree) {
  auto it = trees_.find(tree);
  if (it == trees_.end()) return Status::InvalidArgument(TreeName(tree) + " does not exist");
  return &it->second;
}

Result<const TreeState*> TransactionImpl::ReadableTree(TreeId tree, const char* what) const {
  if (done_) return Status::InvalidArgument(std::string(what) + ": transaction already finished");
  const auto& trees = write_ ? trees_ : base_->trees;
  auto it = trees.find(tree);
  if (it == trees.end()) return Status::InvalidArgument(TreeName(tree) + " does not exist");
  return &it->second;
}

Result<TreeId> TransactionImpl::CreateTree(TreeKind kind) {
  S3LITE_RETURN_IF_ERROR(CheckWritable("CreateTree"));
  TreeId id = next_tree_id_++;
  TreeState t;
  t.kind = kind;
  trees_[id] = t;
  redo_.Add(WalRecord::CreateTree(id, kind));
  AddUndo(Undo::kCreateTree, id, 0, nullptr);
  changes_++;
  return id;
}

Status TransactionImpl::DropTree(TreeId tree) {
  S3LITE_RETURN_IF_ERROR(CheckWritable("DropTree"));
  S3LITE_ASSIGN_OR_RETURN(TreeState * t, FindTree(tree));
  AddUndo(Undo::kDropTree, tree, dropped_.size(), nullptr);
  dropped_.push_back(*t);
  trees_.erase(tree);
  redo_.Add(WalRecord::DropTree(tree));
  changes_++;
  return Status::OK();
}

Status TransactionImpl::PutSchema(const SchemaEntry& entry) {
  S3LITE_RETURN_IF_ERROR(CheckWritable("PutSchema"));
  if (entry.name.empty()) return Status::InvalidArgument("schema entry without a name");
  catalog_ = CatalogWithEntry(*catalog_, entry);
  redo_.Add(WalRecord::PutSchema(entry));
  return Status::OK();
}

Status TransactionImpl::DeleteSchema(const std::string& name) {
  S3LITE_RETURN_IF_ERROR(CheckWritable("DeleteSchema"));
  if (!catalog_->Find(name)) return Status::NotFound("no such schema entry: " + name);
  catalog_ = CatalogWithout(*catalog_, name);
  redo_.Add(WalRecord::DeleteSchema(name));
  return Status::OK();
}

Result<std::string> TransactionImpl::Get(TreeId tree, std::string_view key) {
  S3LITE_ASSIGN_OR_RETURN(const TreeState* t, ReadableTree(tree, "Get"));
  std::string value;
  S3LITE_RETURN_IF_ERROR(BTreeGet(db_->pager(), t->root, key, &value));
  return value;
}

Result<std::string> TransactionImpl::LowerBoundKey(TreeId tree, std::string_view target) {
  S3LITE_ASSIGN_OR_RETURN(const TreeState* t, ReadableTree(tree, "LowerBoundKey"));
  std::string key;
  S3LITE_RETURN_IF_ERROR(BTreeLowerBound(db_->pager(), t->root, target, &key));
  return key;
}

Status TransactionImpl::Put(TreeId tree, std::string_view key, std::string_view value) {
  S3LITE_RETURN_IF_ERROR(CheckWritable("Put"));
  S3LITE_ASSIGN_OR_RETURN(TreeState * t, FindTree(tree));
  std::optional<std::string> old;
  bool keep_undo = !savepoints_.empty();
  S3LITE_RETURN_IF_ERROR(BTreePut(writer_, &t->root, key, value, keep_undo ? &old : nullptr));
  t->CountPut(writer_.inserted);
  size_t at = redo_.end_offset();
  redo_.Put(tree, key, value);
  if (keep_undo) AddUndo(Undo::kPut, tree, at, old ? &*old : nullptr);
  changes_++;
  return Status::OK();
}

Status TransactionImpl::Delete(TreeId tree, std::string_view key) {
  S3LITE_RETURN_IF_ERROR(CheckWritable("Delete"));
  S3LITE_ASSIGN_OR_RETURN(TreeState * t, FindTree(tree));
  bool found = false;
  std::string old;
  bool keep_undo = !savepoints_.empty();
  S3LITE_RETURN_IF_ERROR(BTreeDelete(writer_, &t->root, key, &found, keep_undo ? &old : nullptr));
  if (!found) return Status::OK();
  t->CountDelete(found);
  size_t at = redo_.end_offset();
  redo_.Delete(tree, key);
  if (keep_undo) AddUndo(Undo::kDelete, tree, at, &old);
  changes_++;
  return Status::OK();
}

std::optional<uint64_t> TransactionImpl::EntryCount(TreeId tree) const {
  if (done_) return std::nullopt;
  const auto& trees = write_ ? trees_ : base_->trees;
  auto it = trees.find(tree);
  if (it == trees.end() || !it->second.entry_count_known) return std::nullopt;
  return it->second.entry_count;
}

Result<std::unique_ptr<Cursor>> TransactionImpl::NewCursor(TreeId tree, const ScanHint& hint) {
  S3LITE_ASSIGN_OR_RETURN(const TreeState* t, ReadableTree(tree, "NewCursor"));
  std::function<ChildRef()> root;
  if (write_) {
    root = [this, tree] { return Root(tree); };
  } else {
    ChildRef r = t->root;
    root = [r] { return r; };
  }
  auto cursor = std::make_unique<TxnCursor>(&db_->pager(), std::move(root), change_counter());
  cursor->set_policy(std::make_unique<HintPolicy>(&db_->pager(), hint, db_->options().prefetch_workers));
  return std::unique_ptr<Cursor>(std::move(cursor));
}

uint64_t TransactionImpl::Savepoint() {
  savepoints_.push_back(SavepointState{redo_.end_offset(), redo_.record_count(), undo_.size(), undo_bytes_.size(),
                                       old_ends_.size(), dropped_.size(), catalog_, next_tree_id_});
  return savepoints_.size();
}

Status TransactionImpl::RollbackTo(uint64_t savepoint) {
  if (done_) return Status::InvalidArgument("RollbackTo: transaction already finished");
  if (savepoint == 0 || savepoint > savepoints_.size()) {
    return Status::InvalidArgument("no savepoint " + std::to_string(savepoint));
  }
  const SavepointState sp = savepoints_[savepoint - 1];
  while (undo_.size() > sp.undo_len) {
    Undo u = undo_.back();
    undo_.pop_back();
    switch (u.type) {
      case Undo::kPut:
      case Undo::kDelete: {
        S3LITE_ASSIGN_OR_RETURN(TreeState * t, FindTree(u.tree));
        std::string_view key = redo_.KeyAt(u.index);
        if (u.had_old) {
          uint64_t end = old_ends_.back();
          uint64_t start = old_ends_.size() > 1 ? old_ends_[old_ends_.size() - 2] : 0;
          std::string_view old = std::string_view(undo_bytes_).substr(start, end - start);
          S3LITE_RETURN_IF_ERROR(BTreePut(writer_, &t->root, key, old));
          t->CountPut(writer_.inserted);
          old_ends_.pop_back();
          undo_bytes_.resize(start);
        } else {
          bool found = false;
          S3LITE_RETURN_IF_ERROR(BTreeDelete(writer_, &t->root, key, &found));
          t->CountDelete(found);
        }
        break;
      }
      case Undo::kCreateTree:
        trees_.erase(u.tree);
        break;
      case Undo::kDropTree:
        trees_[u.tree] = dropped_[u.index];
        break;
    }
  }
  redo_.Truncate(sp.redo_offset, sp.redo_count);
  undo_bytes_.resize(sp.undo_bytes);
  old_ends_.resize(sp.old_count);
  dropped_.resize(sp.dropped_len);
  catalog_ = sp.catalog;
  next_tree_id_ = sp.next_tree_id;
  savepoints_.resize(savepoint);  // later savepoints are gone; this one stays
  changes_++;
  return Status::OK();
}

void TransactionImpl::ReleaseSavepoint(uint64_t savepoint) {
  if (done_ || savepoint == 0 || savepoint > savepoints_.size()) return;
  savepoints_.resize(savepoint - 1);
  if (!savepoints_.empty()) return;  // an earlier savepoint may still roll back over these records
  // Nothing can roll back any more: the undo log is dead weight. Keep the
  // capacity of the record vector (the next statement reuses it).
  undo_.clear();
  std::string().swap(undo_bytes_);
  old_ends_.clear();
  dropped_.clear();
}

Status TransactionImpl::Commit() {
  if (done_) return Status::InvalidArgument("Commit: transaction already finished");
  if (!write_ || redo_.record_count() == 0) {
    Finish();
    return Status::OK();
  }
  // Commit ends the transaction whatever happens: the undo log is not
  // needed any more, and freeing it first lowers the peak of a bulk load.
  std::vector<Undo>().swap(undo_);
  std::string().swap(undo_bytes_);
  std::vector<uint64_t>().swap(old_ends_);
  std::vector<TreeState>().swap(dropped_);
  std::vector<SavepointState>().swap(savepoints_);
  Snapshot next;
  next.trees = std::move(trees_);
  next.catalog = catalog_;
  next.next_tree_id = next_tree_id_;
  Status s = db_->CommitWrite(&redo_, std::move(next));
  Finish();
  return s;
}

void TransactionImpl::Rollback() { Finish(); }

}  // namespace s3lite
