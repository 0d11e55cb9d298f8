// Database: the engine API that the SQL layer (and admin tools) use.
//
// A Database is one open store: the newest manifest plus the replayed WAL
// tail. Work happens in Transactions with snapshot isolation: a transaction
// reads the tree roots and catalog of the version it began with; readers never
// block; at most one write transaction is active per Database at a time
// (Begin(kWrite) waits for the current writer to finish). Commit appends the
// transaction's logical redo records to the WAL as one put-if-absent object
// (one transaction per object: with one writer per process there is nothing
// to group); it returns OK only when that object is durable. A lost
// put-if-absent race, or a higher writer epoch
// in the store, fails the commit with Status::Conflict("conflict: the database
// was changed by another writer; retry") and nothing is overwritten.
// Checkpoint writes dirty pages as chunks and the next manifest.
//
// THIS HEADER IS THE CONTRACT between engine/ and sql/. Changes are additive;
// document any change in docs/ENGINE_API.md.
//
// Thread-safety: Database is thread-safe. A Transaction and its Cursors are
// used by one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/db/catalog.h"
#include "engine/store/object_store.h"
#include "engine/util/status.h"
#include "engine/value/value.h"

namespace s3lite {

struct DatabaseOptions {
  size_t cache_pages = 4096;          // page cache capacity (4 KiB pages)
  int prefetch_workers = 4;           // parallel chunk fetches for scans
  bool read_only = false;             // never write (no epoch taken)
  bool create_if_missing = true;      // an empty store becomes an empty database
  int64_t refresh_ms = 1000;          // readers reload the newest version when older than this; 0 = always
  bool single_writer_unsafe = false;  // allow writing to a store without conditional PUT
  bool takeover = false;              // --writer: take the writer epoch at open even if another
                                      // instance holds a live lease (fences it; docs/SCALE_OUT.md)
  int64_t writer_lease_ms = 30'000;   // writer lease ttl: renewed every ttl/3 while this instance
                                      // holds the epoch; a lease older than this is dead
  uint64_t checkpoint_wal_bytes = 16u << 20;   // auto-checkpoint when the WAL tail exceeds this
  int64_t checkpoint_interval_ms = 60'000;     // ... or when the oldest un-checkpointed commit is this old
  bool checkpoint_on_close = true;
};

// A cursor over one tree in one transaction's snapshot (including that
// transaction's own uncommitted writes). Positions are keys in memcmp order.
class Cursor {
 public:
  virtual ~Cursor() = default;
  virtual Status SeekFirst() = 0;
  virtual Status SeekLast() = 0;
  // First entry with key >= target.
  virtual Status Seek(std::string_view target) = 0;
  // Last entry with key <= target.
  virtual Status SeekForPrev(std::string_view target) = 0;
  virtual bool Valid() const = 0;
  virtual Status Next() = 0;
  virtual Status Prev() = 0;
  // Valid only while the cursor stays on this entry.
  virtual std::string_view key() const = 0;
  virtual std::string_view value() const = 0;
};

// Optional hints that let the engine skip chunks (zone maps) and prefetch.
struct ScanHint {
  std::optional<std::string> lower_key;  // inclusive; keys below are not needed
  std::optional<std::string> upper_key;  // inclusive; keys above are not needed
  // Table trees: rows whose column `column` is outside [min, max] are not
  // needed (either bound may be NULL = unbounded). The cursor may still return
  // such rows; the caller filters. Used to skip whole chunks by zone map.
  struct ColumnRange {
    size_t column = 0;
    Value min, max;
  };
  std::vector<ColumnRange> column_ranges;
  bool prefetch = true;  // sequential scan: fetch upcoming chunks in parallel
};

// Counters since the Database opened. Differences between two snapshots give
// per-statement figures.
struct EngineStats {
  uint64_t cache_hits = 0;
  uint64_t cache_misses = 0;
  uint64_t chunks_fetched = 0;
  uint64_t bloom_skips = 0;        // point lookups answered "absent" by a bloom filter
  uint64_t chunks_pruned = 0;      // chunks skipped by zone maps
  uint64_t wal_objects_written = 0;
  uint64_t checkpoints = 0;
  StoreStatsSnapshot store;
  EngineStats operator-(const EngineStats& earlier) const;
};

// Summary of a manifest version, for .manifest / s3lite-admin manifest.
struct VersionInfo {
  uint64_t version = 0;
  uint64_t parent_version = 0;
  uint64_t epoch = 0;
  uint64_t wal_seq = 0;           // last WAL sequence included
  int64_t created_unix_ms = 0;
  uint64_t chunk_count = 0;
  uint64_t chunk_bytes = 0;
  uint64_t live_pages = 0;
  uint64_t total_pages = 0;
  std::vector<SchemaEntry> catalog;
};

enum class TxnMode { kRead, kWrite };

class Transaction {
 public:
  virtual ~Transaction() = default;

  virtual bool read_only() const = 0;
  // The version this transaction's snapshot is based on.
  virtual uint64_t snapshot_version() const = 0;
  // Catalog as seen by this transaction (including its own DDL).
  virtual const Catalog& catalog() const = 0;

  // --- schema (write transactions) ---
  virtual Result<TreeId> CreateTree(TreeKind kind) = 0;
  virtual Status DropTree(TreeId tree) = 0;  // removes all its entries
  // Insert or replace the entry with the same name (case-insensitive).
  virtual Status PutSchema(const SchemaEntry& entry) = 0;
  virtual Status DeleteSchema(const std::string& name) = 0;

  // --- data ---
  // NotFound if absent. Uses bloom filters to avoid fetching leaf chunks.
  virtual Result<std::string> Get(TreeId tree, std::string_view key) = 0;
  virtual Status Put(TreeId tree, std::string_view key, std::string_view value) = 0;
  virtual Status Delete(TreeId tree, std::string_view key) = 0;  // OK if absent
  virtual Result<std::unique_ptr<Cursor>> NewCursor(TreeId tree, const ScanHint& hint = {}) = 0;
  // The first key >= target in `tree` as this transaction sees it (its own
  // writes included); NotFound if there is none. Copies only the key: a
  // cheap probe for UNIQUE checks (no cursor, no value copy). The default
  // goes through a cursor; the engine's transactions descend directly.
  virtual Result<std::string> LowerBoundKey(TreeId tree, std::string_view target) {
    S3LITE_ASSIGN_OR_RETURN(std::unique_ptr<Cursor> c, NewCursor(tree));
    S3LITE_RETURN_IF_ERROR(c->Seek(target));
    if (!c->Valid()) return Status::NotFound("no key at or after the target");
    return std::string(c->key());
  }
  // Number of keys in `tree` as this transaction sees it (its own writes
  // included), for cost estimates; O(1). nullopt for an unknown tree, or a
  // tree last checkpointed by a version that did not keep counts.
  virtual std::optional<uint64_t> EntryCount(TreeId /*tree*/) const { return std::nullopt; }

  // --- statement atomicity inside a transaction ---
  // Savepoint() marks the current state; RollbackTo(sp) undoes everything
  // after it (data and schema) and keeps the transaction open.
  virtual uint64_t Savepoint() = 0;
  virtual Status RollbackTo(uint64_t savepoint) = 0;
  // Forgets `savepoint` and every later one (a statement that succeeded).
  // Once no savepoint is left the transaction drops its undo records: a
  // bulk load of many statements in one transaction keeps no undo log.
  virtual void ReleaseSavepoint(uint64_t /*savepoint*/) {}

  // Durable on OK. After Commit or Rollback the transaction is finished.
  virtual Status Commit() = 0;
  virtual void Rollback() = 0;
};

class Database {
 public:
  virtual ~Database() = default;

  // Opens (or creates, per options) the database in `store`.
  static Result<std::shared_ptr<Database>> Open(std::shared_ptr<ObjectStore> store,
                                                const DatabaseOptions& options);

  // kRead transactions may run concurrently with each other and the writer.
  // as_of_version: read that retained version (read-only; time travel).
  virtual Result<std::unique_ptr<Transaction>> Begin(TxnMode mode,
                                                     std::optional<uint64_t> as_of_version = {}) = 0;

  // Reload the newest version from the store if the view is older than
  // options.refresh_ms (force: regardless of age). Begin() does this itself.
  virtual Status Refresh(bool force) = 0;

  // Write dirty pages as chunks and commit the next manifest. No-op when clean.
  virtual Status Checkpoint() = 0;
  // Checkpoint (if enabled and writable) and release resources.
  virtual Status Close() = 0;

  virtual bool read_only() const = 0;
  virtual const DatabaseOptions& options() const = 0;
  virtual ObjectStore& store() = 0;
  virtual EngineStats stats() const = 0;

  virtual Result<VersionInfo> CurrentVersion() = 0;
  virtual Result<std::vector<uint64_t>> ListVersions() = 0;
  virtual Result<VersionInfo> DescribeVersion(uint64_t version) = 0;
};

}  // namespace s3lite
