// TransactionImpl: a read or write transaction (database.h).
//
// A read transaction holds the Snapshot it began with and reads its trees.
// A write transaction holds the writer slot from Begin to Commit/Rollback;
// it keeps its own copy of the tree roots, catalog and tree-id counter and
// changes trees copy-on-write (btree.h): pages it created itself are changed
// in place, every older page is copied first, so no snapshot is disturbed.
// It records redo records (the WAL batch written at commit) and, for
// savepoints, undo records (the previous value of every key it changes),
// both in compact arena form (see Redo/Undo below);
// RollbackTo(sp) applies the undo records after sp in reverse order and
// truncates the redo log, restoring catalog and counters from sp.
//
// Cursors (TxnCursor) must not outlive their transaction. A write
// transaction's cursor sees the transaction's own writes, and re-seeks
// transparently after a write to the tree it iterates.
//
// Thread-safety: one thread at a time (as database.h says).
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "engine/btree/btree.h"
#include "engine/db/database_impl.h"

namespace s3lite {

class TransactionImpl : public Transaction {
 public:
  TransactionImpl(std::shared_ptr<DatabaseImpl> db, SnapshotPtr base, bool write);
  ~TransactionImpl() override;

  bool read_only() const override { return !write_; }
  uint64_t snapshot_version() const override { return base_->version; }
  const Catalog& catalog() const override { return *catalog_; }

  Result<TreeId> CreateTree(TreeKind kind) override;
  Status DropTree(TreeId tree) override;
  Status PutSchema(const SchemaEntry& entry) override;
  Status DeleteSchema(const std::string& name) override;

  Result<std::string> Get(TreeId tree, std::string_view key) override;
  Status Put(TreeId tree, std::string_view key, std::string_view value) override;
  Status Delete(TreeId tree, std::string_view key) override;
  Result<std::unique_ptr<Cursor>> NewCursor(TreeId tree, const ScanHint& hint) override;
  Result<std::string> LowerBoundKey(TreeId tree, std::string_view target) override;
  std::optional<uint64_t> EntryCount(TreeId tree) const override;

  uint64_t Savepoint() override;
  Status RollbackTo(uint64_t savepoint) override;
  void ReleaseSavepoint(uint64_t savepoint) override;

  Status Commit() override;
  void Rollback() override;

  // For cursors: the current root of `tree` (empty if it does not exist).
  ChildRef Root(TreeId tree) const;
  const uint64_t* change_counter() const { return write_ ? &changes_ : nullptr; }
  Pager& pager() { return db_->pager(); }

 private:
  // The logs are compact because a bulk load writes millions of records in
  // one transaction. The redo log is the commit's WAL batch itself
  // (WalBatchBuilder: records encoded once, framed in place at commit). An
  // undo record of a put/delete borrows its key from the redo record
  // written with it (RollbackTo truncates both logs together); undo records
  // are kept only while a savepoint exists (nothing else can need them).
  //
  // One undo record (16 bytes). Previous values are a stack: the value of
  // the k-th record with had_old is undo_bytes_[old_ends_[k-1], old_ends_[k]).
  struct Undo {
    enum Type : uint8_t { kPut, kDelete, kCreateTree, kDropTree } type;
    bool had_old = false;  // the key existed before: restore its old value
    TreeId tree = 0;
    uint64_t index = 0;    // kPut/kDelete: offset of the redo record (its key); kDropTree: dropped_
  };
  struct SavepointState {
    size_t redo_offset;
    uint32_t redo_count;
    size_t undo_len, undo_bytes, old_count, dropped_len;
    std::shared_ptr<const Catalog> catalog;
    TreeId next_tree_id;
  };
  void AddUndo(Undo::Type type, TreeId tree, uint64_t index, const std::string* old);
  void FreeLogs();
  Status CheckWritable(const char* what) const;
  Result<TreeState*> FindTree(TreeId tree);
  // The state of `tree` as this transaction reads it (its own copy when
  // writing, the snapshot's otherwise); `what` names the call in errors.
  Result<const TreeState*> ReadableTree(TreeId tree, const char* what) const;
  void Finish();

  std::shared_ptr<DatabaseImpl> db_;
  SnapshotPtr base_;
  const bool write_;
  bool done_ = false;
  // Write transactions: the working state (read transactions use base_).
  std::map<TreeId, TreeState> trees_;
  std::shared_ptr<const Catalog> catalog_;
  TreeId next_tree_id_ = 1;
  WalBatchBuilder redo_;
  std::vector<Undo> undo_;
  std::string undo_bytes_;
  std::vector<uint64_t> old_ends_;
  std::vector<TreeState> dropped_;
  std::vector<SavepointState> savepoints_;
  TreeWriter writer_;
  uint64_t changes_ = 0;  // bumped on every write; cursors re-seek when it moves
};

}  // namespace s3lite
