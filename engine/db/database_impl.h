// DatabaseImpl: the engine's implementation of Database (database.h).
//
// State:
//  - current_: the newest committed Snapshot this process knows (readers
//    copy the shared_ptr at Begin and are never disturbed afterwards).
//  - manifest_: the manifest current_ is based on (+ the WAL replayed or
//    committed after it); the parent of the next checkpoint.
//  - the writer slot: at most one write transaction at a time; commits,
//    checkpoints and refreshes all run while holding it, so changes of
//    current_ are serialized. Readers never wait for it: Refresh() skips
//    the reload when the slot is busy.
//
// Commit: WAL batch put-if-absent at wal/<current seq + 1>, then publish.
// Checkpoint: dirty (memory) pages -> chunks, chunk directory segments,
// manifest/<version + 1> put-if-absent, then publish stored roots.
// Open: newest manifest + replay of wal/<seq> probes until the first
// missing one. Writer epoch + lease (writer_lease.h): taken at the first
// write, or at open with options.takeover; released by Close(). See docs/ENGINE_API.md and docs/FORMAT.md.
//
// Thread-safety: as Database (thread-safe). mu_ guards the fields marked so.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "engine/cache/pager.h"
#include "engine/db/database.h"
#include "engine/db/maintenance.h"
#include "engine/db/snapshot.h"
#include "engine/manifest/manifest.h"
#include "engine/manifest/writer_lease.h"
#include "engine/wal/wal_batch.h"

namespace s3lite {

class TransactionImpl;

class DatabaseImpl : public Database, public std::enable_shared_from_this<DatabaseImpl> {
 public:
  DatabaseImpl(std::shared_ptr<ObjectStore> store, const DatabaseOptions& options);
  ~DatabaseImpl() override;

  Status Init();

  Result<std::unique_ptr<Transaction>> Begin(TxnMode mode, std::optional<uint64_t> as_of_version) override;
  Status Refresh(bool force) override;
  Status Checkpoint() override;
  Status Close() override;
  bool read_only() const override { return options_.read_only; }
  const DatabaseOptions& options() const override { return options_; }
  ObjectStore& store() override { return *store_; }
  EngineStats stats() const override;
  Result<VersionInfo> CurrentVersion() override;
  Result<std::vector<uint64_t>> ListVersions() override;
  Result<VersionInfo> DescribeVersion(uint64_t version) override;

  // --- used by transactions ---
  Pager& pager() { return *pager_; }
  std::atomic<uint64_t>& memory_page_counter() { return next_memory_page_; }
  // Writes `records` (header fields and the kCommit record are added here)
  // as the next WAL batch and publishes `next` (writer slot held). Clears
  // `records` whatever happens.
  Status CommitWrite(WalBatchBuilder* records, Snapshot next);
  void ReleaseWriter();
  uint64_t NextTxnId() { return next_txn_id_.fetch_add(1); }

  SnapshotPtr current() const;

  // Maintenance (maintenance.h): checkpoint, then move the pages of the
  // chosen chunks into new chunks, with the writer slot held throughout.
  Result<CompactReport> CompactNow(const CompactOptions& options);

 private:
  Status AcquireWriter();  // blocks until the writer slot is free
  bool TryAcquireWriter();
  Status RefreshLocked(bool force);
  // Refresh steps. Each builds the new state privately and publishes it once
  // (writer slot held); none ever publishes an older WAL position.
  Status ReloadNewestManifest();
  Status AdoptManifest(uint64_t version);  // manifest + replay of its WAL tail
  Status ReplayTail();                     // WAL batches after current()
  // Applies wal/<base->wal_seq + 1>... to a private copy of `base`; returns
  // `base` itself when there is nothing new. *batches counts applied batches.
  Result<SnapshotPtr> ReplayFrom(SnapshotPtr base, const std::string& database_id, uint64_t* batches);
  // Records an epoch seen in the store (manifest, WAL batch); fences this
  // writer if it holds an older epoch.
  void NoteEpoch(uint64_t epoch);
  // Takes this writer's epoch (and lease) on its first write; Conflict
  // while another instance holds a live lease (unless options_.takeover).
  Status EnsureEpochLocked();
  // --writer at open: take an epoch regardless of the lease and append an
  // empty WAL batch under it, so the old writer's next commit fails.
  Status TakeOverLocked();
  // Conflict for a writer fenced by epoch fenced_by_; stops the lease.
  Status FencedStatus(const std::string& what);
  // After a lost WAL put-if-absent at `seq`: fenced_ when that batch was
  // written under a newer epoch.
  void CheckFencedByBatch(uint64_t seq);
  // `cache_written`: keep stored copies of the pages written for the page
  // cache (false when closing: nothing will read them).
  Status CheckpointLocked(bool cache_written = true);
  void MaybeCheckpointLocked();
  Result<SnapshotPtr> SnapshotOfManifest(const Manifest& m) const;
  Result<VersionInfo> Describe(const Manifest& m);
  // Makes `s` current unless it is older (lower wal_seq) than current_.
  void Publish(SnapshotPtr s);
  int64_t NowMs() const;

  std::shared_ptr<ObjectStore> store_;
  DatabaseOptions options_;
  std::unique_ptr<Pager> pager_;
  std::atomic<uint64_t> next_memory_page_{1};
  std::atomic<uint64_t> next_txn_id_{1};
  std::atomic<uint64_t> wal_objects_written_{0};
  std::atomic<uint64_t> checkpoints_{0};

  std::mutex writer_mu_;
  std::condition_variable writer_cv_;
  bool writer_busy_ = false;  // guarded by writer_mu_

  // Fields below change only while the writer slot is held (writer_busy_
  // set by this thread); mu_ additionally guards current_, manifest_ and
  // as_of_cache_ because readers (Begin, CurrentVersion) look at them
  // without the slot. Everything else below is writer-slot-only.
  mutable std::mutex mu_;
  SnapshotPtr current_;  // guarded by mu_
  Manifest manifest_;
  uint64_t epoch_ = 0;                // 0 until the first write (always 0 when read-only)
  uint64_t max_seen_epoch_ = 0;       // highest epoch seen in manifests/WAL batches
  uint32_t next_chunk_counter_ = 0;   // chunk ids MakeChunkId(epoch_, counter)
  bool fenced_ = false;
  std::unique_ptr<LeaseKeeper> lease_;  // while this instance holds epoch_ (not fenced)
  uint64_t fenced_by_ = 0;
  bool needs_full_refresh_ = false;   // after a conflict or an ambiguous write
  int64_t last_refresh_ms_ = 0;
  int64_t last_manifest_check_ms_ = 0;  // last LIST of manifest/ by a refresh
  uint64_t wal_bytes_since_checkpoint_ = 0;
  int64_t oldest_unchecked_ms_ = 0;   // time of the first commit after the last checkpoint
  uint64_t replayed_batches_ = 0;
  uint64_t memory_pages_at_checkpoint_ = 0;  // next_memory_page_ when the last checkpoint ended
  // Snapshots of older versions for Begin(kRead, as_of): manifests are
  // immutable, so these never go stale. Guarded by mu_; at most 8.
  std::map<uint64_t, SnapshotPtr> as_of_cache_;
  // Directory changes the next checkpoint must also record (compaction).
  // Writer slot only; never touched by readers, Refresh without the slot,
  // or the destructor while a slot holder runs (see ~DatabaseImpl).
  ChunkDirectoryDelta pending_delta_;
  std::atomic<bool> closed_{false};
};

}  // namespace s3lite
