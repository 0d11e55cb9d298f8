#include "engine/db/database_impl.h"

#include <algorithm>
#include <chrono>

#include "engine/db/replay.h"
#include "engine/db/transaction_impl.h"
#include "engine/manifest/fence.h"
#include "engine/manifest/writer_lease.h"
#include "engine/wal/wal_store.h"

namespace s3lite {

// Refresh reloads the newest manifest after replaying this many batches.
constexpr uint64_t kReloadAfterReplayedBatches = 64;
// ... and LISTs manifest/ at least this often: a reader idle for longer than
// GC's grace period may find its next WAL object already collected, which
// looks exactly like "nothing new"; a newer manifest tells them apart.
constexpr int64_t kManifestCheckIntervalMs = 30'000;

EngineStats EngineStats::operator-(const EngineStats& e) const {
  EngineStats d;
  d.cache_hits = cache_hits - e.cache_hits;
  d.cache_misses = cache_misses - e.cache_misses;
  d.chunks_fetched = chunks_fetched - e.chunks_fetched;
  d.bloom_skips = bloom_skips - e.bloom_skips;
  d.chunks_pruned = chunks_pruned - e.chunks_pruned;
  d.wal_objects_written = wal_objects_written - e.wal_objects_written;
  d.checkpoints = checkpoints - e.checkpoints;
  d.store = store - e.store;
  return d;
}

Result<std::shared_ptr<Database>> Database::Open(std::shared_ptr<ObjectStore> store,
                                                 const DatabaseOptions& options) {
  if (!store) return Status::InvalidArgument("Database::Open: no store");
  auto db = std::make_shared<DatabaseImpl>(std::move(store), options);
  S3LITE_RETURN_IF_ERROR(db->Init());
  return std::shared_ptr<Database>(std::move(db));
}

DatabaseImpl::DatabaseImpl(std::shared_ptr<ObjectStore> store, const DatabaseOptions& options)
    : store_(std::move(store)), options_(options) {
  pager_ = std::make_unique<Pager>(store_.get(), options_.cache_pages, options_.prefetch_workers);
  current_ = std::make_shared<Snapshot>();
}

// Dropped without Close(): no checkpoint (the WAL holds every commit), but
// the lease is released (best effort) so the next writer need not wait. A
// killed process, or a store that fails the release, leaves the lease to
// expire after its ttl.
DatabaseImpl::~DatabaseImpl() {
  if (!lease_) return;
  if (closed_ || fenced_) {
    lease_->Stop();
  } else {
    (void)lease_->Release();
  }
  lease_.reset();
}

int64_t DatabaseImpl::NowMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

SnapshotPtr DatabaseImpl::current() const {
  std::lock_guard<std::mutex> lock(mu_);
  return current_;
}

void DatabaseImpl::Publish(SnapshotPtr s) {
  std::lock_guard<std::mutex> lock(mu_);
  if (current_ && s->wal_seq < current_->wal_seq) return;  // reads stay monotonic
  current_ = std::move(s);
}

Status DatabaseImpl::AcquireWriter() {
  std::unique_lock<std::mutex> lock(writer_mu_);
  writer_cv_.wait(lock, [&] { return !writer_busy_; });
  writer_busy_ = true;
  return Status::OK();
}

bool DatabaseImpl::TryAcquireWriter() {
  std::lock_guard<std::mutex> lock(writer_mu_);
  if (writer_busy_) return false;
  writer_busy_ = true;
  return true;
}

void DatabaseImpl::ReleaseWriter() {
  {
    std::lock_guard<std::mutex> lock(writer_mu_);
    writer_busy_ = false;
  }
  writer_cv_.notify_one();
}

namespace {
// Releases the writer slot at scope exit.
class WriterGuard {
 public:
  explicit WriterGuard(DatabaseImpl* db) : db_(db) {}
  ~WriterGuard() { db_->ReleaseWriter(); }
  WriterGuard(const WriterGuard&) = delete;
  WriterGuard& operator=(const WriterGuard&) = delete;

 private:
  DatabaseImpl* db_;
};
}  // namespace

Status DatabaseImpl::Init() {
  if (options_.read_only && options_.takeover) {
    return Status::InvalidArgument("--writer (take over as the writer) contradicts --read-only");
  }
  if (options_.writer_lease_ms <= 0) {
    return Status::InvalidArgument("the writer lease ttl must be positive, got " +
                                   std::to_string(options_.writer_lease_ms) + " ms");
  }
  if (!options_.read_only && !store_->SupportsConditionalPut() && !options_.single_writer_unsafe) {
    return Status::NotSupported("store " + store_->Describe() +
                                " does not support conditional writes (put-if-absent); open it read-only, or "
                                "pass the single-writer flag if no other writer can exist");
  }
  S3LITE_ASSIGN_OR_RETURN(uint64_t newest, FindNewestManifestVersion(*store_));
  if (newest == 0) {
    if (!options_.create_if_missing) return Status::NotFound("no database in " + store_->Describe());
    if (options_.read_only) {
      // An empty database that nobody created yet: an empty, unwritable view.
      last_refresh_ms_ = NowMs();
      return Status::OK();
    }
    // Create eagerly: manifest 1 describes the empty database, so readers
    // can open it at once. It is written under no epoch (0): like every
    // writer, the creator takes its epoch and lease at its first write.
    Manifest m;
    m.database_id = NewDatabaseId();
    m.version = 1;
    m.epoch = 0;
    m.created_unix_ms = NowMs();
    Status s = WriteManifest(*store_, m);
    if (!s.ok() && !s.IsConflict()) return s.WithContext("creating database in " + store_->Describe());
    S3LITE_ASSIGN_OR_RETURN(newest, FindNewestManifestVersion(*store_));
  }
  // A writable open takes no epoch: the first write does (EnsureEpochLocked),
  // so read-only use of a writable Database never fences a live writer.
  S3LITE_RETURN_IF_ERROR(AdoptManifest(newest));
  S3LITE_RETURN_IF_ERROR(ReplayTail());
  last_refresh_ms_ = last_manifest_check_ms_ = NowMs();
  if (options_.takeover && !options_.read_only) {
    S3LITE_RETURN_IF_ERROR(AcquireWriter());
    WriterGuard guard(this);
    S3LITE_RETURN_IF_ERROR(TakeOverLocked().WithContext("taking over as the writer of " + store_->Describe()));
  }
  return Status::OK();
}

void DatabaseImpl::NoteEpoch(uint64_t epoch) {
  if (epoch > max_seen_epoch_) max_seen_epoch_ = epoch;
  if (!options_.read_only && epoch_ != 0 && epoch > epoch_) {
    fenced_ = true;
    if (epoch > fenced_by_) fenced_by_ = epoch;
  }
}

Status DatabaseImpl::EnsureEpochLocked() {
  if (epoch_ != 0) return Status::OK();
  uint64_t at_least = std::max(max_seen_epoch_, manifest_.epoch) + 1;
  WriterLeaseOptions lease;
  lease.ttl_ms = options_.writer_lease_ms;
  lease.owner = ThisProcessOwner();
  lease.takeover = options_.takeover;
  S3LITE_ASSIGN_OR_RETURN(uint64_t epoch, AcquireWriterEpoch(*store_, at_least, lease));
  epoch_ = epoch;
  next_chunk_counter_ = 0;  // chunk ids MakeChunkId(epoch_, n) are new for a new epoch
  lease_ = std::make_unique<LeaseKeeper>(store_.get(), epoch_, lease);
  return Status::OK();
}

Status DatabaseImpl::TakeOverLocked() {
  S3LITE_RETURN_IF_ERROR(EnsureEpochLocked());
  // The marker: an empty transaction in the next WAL slot, under the new
  // epoch. The old writer's next commit loses that slot (or a later one)
  // and, reading the batch, finds itself fenced. Everything it committed
  // before is in the WAL below the marker, replayed here first.
  for (int attempt = 0; attempt < 1000; attempt++) {
    if (fenced_) return FencedStatus("take over");
    SnapshotPtr base = current();
    uint64_t seq = base->wal_seq + 1;
    WalBatchBuilder builder(manifest_.database_id, epoch_, seq);
    builder.Commit(NextTxnId());
    std::string bytes = builder.Finish();
    Status s = WriteWalBatch(*store_, seq, bytes);
    if (s.ok()) {
      wal_objects_written_.fetch_add(1);
      auto next = std::make_shared<Snapshot>(*base);
      next->wal_seq = seq;
      Publish(std::move(next));
      wal_bytes_since_checkpoint_ += bytes.size();
      if (oldest_unchecked_ms_ == 0) oldest_unchecked_ms_ = NowMs();
      return Status::OK();
    }
    if (!s.IsConflict()) return s;
    // The old writer committed meanwhile: replay it and try the next slot.
    S3LITE_RETURN_IF_ERROR(ReplayTail());
  }
  return Status::Conflict("conflict: could not append the takeover marker to the WAL: the old writer kept winning");
}

Status DatabaseImpl::FencedStatus(const std::string& what) {
  if (lease_) lease_->Stop();  // the newer writer's lease is the one that counts
  std::string owner;
  Result<std::string> body = store_->Get(FenceKey(fenced_by_));
  if (body.ok()) {
    size_t at = body->find("owner ");
    if (at != std::string::npos) owner = ", owner " + body->substr(at + 6, body->find('\n', at) - at - 6);
  }
  return Status::Conflict("conflict: fenced: another instance took over as the writer (epoch " +
                          std::to_string(fenced_by_) + owner + "); this instance (epoch " + std::to_string(epoch_) +
                          ") may not " + what + "; nothing of it was written; reopen to write again");
}

void DatabaseImpl::CheckFencedByBatch(uint64_t seq) {
  Result<WalBatch> winner = ReadWalBatch(*store_, seq);
  if (winner.ok()) NoteEpoch(winner->epoch);
}

Result<SnapshotPtr> DatabaseImpl::SnapshotOfManifest(const Manifest& m) const {
  auto s = std::make_shared<Snapshot>();
  s->version = m.version;
  s->wal_seq = m.wal_seq;
  s->next_tree_id = m.next_tree_id;
  for (const TreeRoot& t : m.trees) {
    TreeState ts;
    ts.kind = t.kind;
    ts.root.id = t.root;
    ts.entry_count = t.entry_count;
    ts.entry_count_known = t.root == kInvalidPageId || t.entry_count != 0;  // 0 with a root: older manifest
    if (IsMemoryPage(t.root)) return Status::Corruption("manifest " + ManifestKey(m.version) + " has a memory root");
    s->trees[t.tree] = ts;
  }
  s->catalog = std::make_shared<Catalog>(m.catalog);
  return SnapshotPtr(std::move(s));
}

Status DatabaseImpl::AdoptManifest(uint64_t version) {
  S3LITE_ASSIGN_OR_RETURN(Manifest m, ReadManifest(*store_, version));
  NoteEpoch(m.epoch);
  S3LITE_ASSIGN_OR_RETURN(SnapshotPtr base, SnapshotOfManifest(m));
  uint64_t batches = 0;
  S3LITE_ASSIGN_OR_RETURN(SnapshotPtr s, ReplayFrom(base, m.database_id, &batches));
  {
    std::lock_guard<std::mutex> lock(mu_);
    // Never step back: a manifest whose WAL tail no longer reaches the
    // state already served (e.g. a collected tail) is not adopted.
    if (current_ && s->wal_seq < current_->wal_seq) return Status::OK();
    manifest_ = std::move(m);
    current_ = std::move(s);
    pager_->NoteChunkSegments(manifest_.chunk_segments);  // zone maps for cold pruning
  }
  wal_bytes_since_checkpoint_ = 0;
  oldest_unchecked_ms_ = batches > 0 ? NowMs() : 0;
  replayed_batches_ = batches;
  pending_delta_ = ChunkDirectoryDelta{};
  return Status::OK();
}

Result<SnapshotPtr> DatabaseImpl::ReplayFrom(SnapshotPtr base, const std::string& database_id, uint64_t* batches) {
  std::shared_ptr<Snapshot> next;
  TreeWriter w;
  w.source = pager_.get();
  w.next_memory_page = &next_memory_page_;
  w.mutable_floor = next_memory_page_.load();
  for (uint64_t seq = base->wal_seq + 1;; seq++) {
    Result<WalBatch> batch = ReadWalBatch(*store_, seq);
    if (!batch.ok()) {
      if (batch.status().IsNotFound()) break;
      return batch.status();
    }
    if (!database_id.empty() && batch->database_id != database_id) {
      return Status::Corruption("WAL object " + WalKey(seq) + " belongs to another database (" + batch->database_id +
                                ")");
    }
    NoteEpoch(batch->epoch);
    if (!next) next = std::make_shared<Snapshot>(*base);
    WalTransactions txns = CommittedTransactions(*batch);
    for (const auto& group : txns.groups) {
      S3LITE_RETURN_IF_ERROR(ApplyRecords(w, next.get(), group).WithContext("replaying " + WalKey(seq)));
    }
    next->wal_seq = seq;
    (*batches)++;
  }
  if (!next) return base;
  return SnapshotPtr(std::move(next));
}

Status DatabaseImpl::ReplayTail() {
  SnapshotPtr base = current();
  uint64_t batches = 0;
  S3LITE_ASSIGN_OR_RETURN(SnapshotPtr next, ReplayFrom(base, manifest_.database_id, &batches));
  if (next == base) return Status::OK();
  replayed_batches_ += batches;
  if (oldest_unchecked_ms_ == 0) oldest_unchecked_ms_ = NowMs();
  Publish(std::move(next));
  return Status::OK();
}

Status DatabaseImpl::ReloadNewestManifest() {
  S3LITE_ASSIGN_OR_RETURN(uint64_t newest, FindNewestManifestVersion(*store_));
  if (newest > manifest_.version) S3LITE_RETURN_IF_ERROR(AdoptManifest(newest));
  return Status::OK();
}

Status DatabaseImpl::RefreshLocked(bool force) {
  int64_t now = NowMs();
  if (!force && !needs_full_refresh_ && now - last_refresh_ms_ < options_.refresh_ms) return Status::OK();
  if (needs_full_refresh_ || now - last_manifest_check_ms_ >= kManifestCheckIntervalMs) {
    S3LITE_RETURN_IF_ERROR(ReloadNewestManifest());
    needs_full_refresh_ = false;
    last_manifest_check_ms_ = now;
  }
  S3LITE_RETURN_IF_ERROR(ReplayTail());
  // A long replayed tail lives in memory; once another writer has probably
  // checkpointed it, start over from the newest manifest (1 LIST).
  if (replayed_batches_ >= kReloadAfterReplayedBatches) {
    uint64_t before = manifest_.version;
    S3LITE_RETURN_IF_ERROR(ReloadNewestManifest());
    if (manifest_.version == before) replayed_batches_ = 0;  // nothing newer: look again after as many batches
  }
  last_refresh_ms_ = now;
  return Status::OK();
}

Status DatabaseImpl::Refresh(bool force) {
  if (!TryAcquireWriter()) return Status::OK();  // a local writer is active; never block readers
  WriterGuard guard(this);
  if (closed_) return Status::OK();
  return RefreshLocked(force);
}

Result<std::unique_ptr<Transaction>> DatabaseImpl::Begin(TxnMode mode, std::optional<uint64_t> as_of_version) {
  if (closed_) return Status::InvalidArgument("database is closed");
  if (as_of_version) {
    if (mode == TxnMode::kWrite) return Status::InvalidArgument("a transaction AS OF a version is read-only");
    SnapshotPtr s;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = as_of_cache_.find(*as_of_version);
      if (it != as_of_cache_.end()) s = it->second;
    }
    if (!s) {
      S3LITE_ASSIGN_OR_RETURN(Manifest m, ReadManifest(*store_, *as_of_version));
      S3LITE_ASSIGN_OR_RETURN(s, SnapshotOfManifest(m));
      std::lock_guard<std::mutex> lock(mu_);
      if (as_of_cache_.size() >= 8) as_of_cache_.erase(as_of_cache_.begin());
      as_of_cache_[*as_of_version] = s;
    }
    return std::unique_ptr<Transaction>(
        std::make_unique<TransactionImpl>(shared_from_this(), std::move(s), /*write=*/false));
  }
  if (mode == TxnMode::kRead) {
    S3LITE_RETURN_IF_ERROR(Refresh(false));
    return std::unique_ptr<Transaction>(std::make_unique<TransactionImpl>(shared_from_this(), current(), false));
  }
  if (options_.read_only) return Status::ReadOnly("database " + store_->Describe() + " is open read-only");
  S3LITE_RETURN_IF_ERROR(AcquireWriter());
  // Not the writer yet: whoever wrote before may have checkpointed since our
  // last manifest check, so start from the newest manifest (1 LIST), or our
  // first checkpoint would lose the race for that version.
  if (epoch_ == 0) needs_full_refresh_ = true;
  Status s = closed_ ? Status::InvalidArgument("database is closed") : RefreshLocked(false);
  if (!s.ok()) {
    ReleaseWriter();
    return s;
  }
  // The transaction releases the writer slot when it finishes.
  return std::unique_ptr<Transaction>(std::make_unique<TransactionImpl>(shared_from_this(), current(), true));
}

Status DatabaseImpl::CommitWrite(WalBatchBuilder* records, Snapshot next) {
  if (fenced_) return FencedStatus("commit");
  S3LITE_RETURN_IF_ERROR(EnsureEpochLocked());
  if (fenced_) return FencedStatus("commit");
  SnapshotPtr base = current();
  uint64_t seq = base->wal_seq + 1;
  records->SetHeader(manifest_.database_id, epoch_, seq);
  records->Commit(NextTxnId());
  // Framed where the transaction logged them: no copy of a bulk load's records.
  std::string_view bytes = records->FinishInPlace();
  const size_t wal_bytes = bytes.size();
  Status s = WriteWalBatch(*store_, seq, bytes);
  records->Clear();  // written (or not): free it before any checkpoint below
  if (!s.ok()) {
    // Conflict: someone else wrote this slot. Other errors: the object may or
    // may not exist. Either way the next transaction starts from the store.
    needs_full_refresh_ = true;
    if (s.IsConflict()) {
      CheckFencedByBatch(seq);  // a takeover's marker (or commits) under a newer epoch
      if (fenced_) return FencedStatus("commit");
    }
    return s;
  }
  wal_objects_written_.fetch_add(1);
  next.wal_seq = seq;
  next.version = base->version;
  Publish(std::make_shared<Snapshot>(std::move(next)));
  wal_bytes_since_checkpoint_ += wal_bytes;
  if (oldest_unchecked_ms_ == 0) oldest_unchecked_ms_ = NowMs();
  MaybeCheckpointLocked();
  return Status::OK();
}

void DatabaseImpl::MaybeCheckpointLocked() {
  bool by_size = wal_bytes_since_checkpoint_ >= options_.checkpoint_wal_bytes;
  bool by_time = oldest_unchecked_ms_ != 0 && NowMs() - oldest_unchecked_ms_ >= options_.checkpoint_interval_ms;
  // Random updates can dirty far more page memory than their WAL bytes
  // suggest: also checkpoint once many memory pages were created (an upper
  // bound of those still alive).
  uint64_t page_budget = std::max<uint64_t>(16384, 4 * options_.cache_pages);
  bool by_memory = next_memory_page_.load() - memory_pages_at_checkpoint_ >= page_budget;
  if (!by_size && !by_time && !by_memory) return;
  // The commit is already durable; a failed checkpoint is retried later
  // (and an explicit Checkpoint() reports its error).
  Status s = CheckpointLocked();
  (void)s;
}

Status DatabaseImpl::Checkpoint() {
  if (options_.read_only) return Status::ReadOnly("database " + store_->Describe() + " is open read-only");
  if (closed_) return Status::InvalidArgument("database is closed");
  S3LITE_RETURN_IF_ERROR(AcquireWriter());
  WriterGuard guard(this);
  if (closed_) return Status::InvalidArgument("database is closed");
  return CheckpointLocked();
}

Status DatabaseImpl::Close() {
  if (closed_) return Status::OK();
  // Close takes the writer slot even when it writes nothing: a refresh,
  // commit or checkpoint running on another thread finishes first, and no
  // new one starts after closed_ is set (they check it under the slot).
  S3LITE_RETURN_IF_ERROR(AcquireWriter());
  WriterGuard guard(this);
  if (closed_) return Status::OK();
  Status s;
  // Only a writer that wrote (took an epoch) checkpoints on close: a
  // Database used for reading never writes anything.
  if (!options_.read_only && options_.checkpoint_on_close && !fenced_ && epoch_ != 0) {
    s = CheckpointLocked(/*cache_written=*/false);
    if (s.IsConflict() && !fenced_) {
      // Lost the manifest race (another instance checkpointed what we had
      // replayed): every commit is in the WAL, so reload and try once more.
      needs_full_refresh_ = true;
      s = RefreshLocked(true);
      if (s.ok() && !fenced_) s = CheckpointLocked(/*cache_written=*/false);
    }
  }
  // A clean close hands the writer role on at once: the next writer need
  // not wait for the lease to expire. (A fenced writer's lease no longer
  // counts; releasing it is harmless either way.)
  if (lease_) {
    Status r = fenced_ ? (lease_->Stop(), Status::OK()) : lease_->Release();
    lease_.reset();
    if (s.ok() && !r.ok()) s = r;
  }
  closed_ = true;
  return s;
}

EngineStats DatabaseImpl::stats() const {
  EngineStats st;
  PagerCounters& c = pager_->counters();
  st.cache_hits = c.cache_hits.load();
  st.cache_misses = c.cache_misses.load();
  st.chunks_fetched = c.chunks_fetched.load();
  st.bloom_skips = c.bloom_skips.load();
  st.chunks_pruned = c.chunks_pruned.load();
  st.wal_objects_written = wal_objects_written_.load();
  st.checkpoints = checkpoints_.load();
  st.store = store_->stats().Snapshot();
  return st;
}

Result<VersionInfo> DatabaseImpl::Describe(const Manifest& m) {
  VersionInfo v;
  v.version = m.version;
  v.parent_version = m.parent_version;
  v.epoch = m.epoch;
  v.wal_seq = m.wal_seq;
  v.created_unix_ms = m.created_unix_ms;
  v.chunk_count = m.chunk_count;
  v.catalog = m.catalog;
  S3LITE_ASSIGN_OR_RETURN(std::vector<ChunkEntry> chunks, LoadChunkDirectory(*store_, m.chunk_segments));
  for (const ChunkEntry& c : chunks) {
    v.chunk_bytes += c.bytes;
    v.live_pages += c.live_pages;
    v.total_pages += c.page_count;
  }
  return v;
}

Result<VersionInfo> DatabaseImpl::CurrentVersion() {
  Manifest m;
  {
    std::lock_guard<std::mutex> lock(mu_);
    m = manifest_;
  }
  if (m.version == 0) return Status::NotFound("no database version in " + store_->Describe());
  return Describe(m);
}

Result<std::vector<uint64_t>> DatabaseImpl::ListVersions() { return ListManifestVersions(*store_); }

Result<VersionInfo> DatabaseImpl::DescribeVersion(uint64_t version) {
  S3LITE_ASSIGN_OR_RETURN(Manifest m, ReadManifest(*store_, version));
  return Describe(m);
}

}  // namespace s3lite
