// WAL batch: one WAL object = one group-commit batch of logical redo records
// (DESIGN.md section 4). Written once with put-if-absent at wal/<seq>
// (wal_store.h); its durability is the acknowledgement of every transaction
// whose kCommit record it holds.
//
// Object format (docs/FORMAT.md "WAL batch"):
//   fixed64 kWalMagic, varint32 format_version, lp database_id,
//   varint64 epoch, varint64 seq, varint32 record_count,
//   record_count records, fixed32 crc32c(all preceding bytes)
// Record: u8 WalRecordType, then by type (lp = varint32-length-prefixed bytes):
//   kPut          varint32 tree, lp key, lp value
//   kDelete       varint32 tree, lp key
//   kCreateTree   varint32 tree, u8 TreeKind
//   kDropTree     varint32 tree
//   kPutSchema    u8 SchemaKind, lp name, lp table, lp sql, varint32 tree
//   kDeleteSchema lp name
//   kCommit       varint64 txn id
//   kNextTreeId   varint32 next tree id (catalog counter)
//
// A batch may hold several transactions: each is its records followed by one
// kCommit. Recovery applies only records followed by a kCommit in the same
// batch (CommittedTransactions); a transaction never spans batches.
//
// Thread-safety: WalBatchBuilder is single-threaded; decoding is stateless.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/db/catalog.h"
#include "engine/util/status.h"

namespace s3lite {

constexpr uint64_t kWalMagic = 0x4c41574554494c33ull;  // "3LITEWAL" little-endian
constexpr uint32_t kWalFormatVersion = 1;

enum class WalRecordType : uint8_t {
  kPut = 1,
  kDelete = 2,
  kCreateTree = 3,
  kDropTree = 4,
  kPutSchema = 5,     // insert or replace the catalog entry with schema.name
  kDeleteSchema = 6,  // remove the catalog entry `name` (case-insensitive)
  kCommit = 7,
  kNextTreeId = 8,
};
const char* WalRecordTypeName(WalRecordType t);

// One redo record. Fields not used by `type` are left default.
struct WalRecord {
  WalRecordType type = WalRecordType::kPut;
  TreeId tree = 0;                      // kPut, kDelete, kCreateTree, kDropTree
  TreeKind tree_kind = TreeKind::kTable;  // kCreateTree
  std::string key;                      // kPut, kDelete
  std::string value;                    // kPut
  SchemaEntry schema;                   // kPutSchema
  std::string name;                     // kDeleteSchema
  uint64_t txn_id = 0;                  // kCommit
  TreeId next_tree_id = 0;              // kNextTreeId

  static WalRecord Put(TreeId tree, std::string key, std::string value);
  static WalRecord Delete(TreeId tree, std::string key);
  static WalRecord CreateTree(TreeId tree, TreeKind kind);
  static WalRecord DropTree(TreeId tree);
  static WalRecord PutSchema(SchemaEntry entry);
  static WalRecord DeleteSchema(std::string name);
  static WalRecord Commit(uint64_t txn_id);
  static WalRecord NextTreeId(TreeId next);

  bool operator==(const WalRecord& o) const;
};

struct WalBatch {
  uint32_t format_version = kWalFormatVersion;
  std::string database_id;
  uint64_t epoch = 0;  // writer epoch (fence.h)
  uint64_t seq = 0;    // the N of wal/N
  std::vector<WalRecord> records;
};

// Groups of records, one per committed transaction, in batch order: records
// after the last kCommit are dropped. Each group excludes its kCommit record;
// txn_ids[i] is the txn id of group i.
struct WalTransactions {
  std::vector<std::vector<const WalRecord*>> groups;
  std::vector<uint64_t> txn_ids;
};
WalTransactions CommittedTransactions(const WalBatch& batch);

// Builds one batch object. A write transaction keeps its redo log in a
// builder from its first write (records encoded once, in object format);
// the header fields are set at commit (SetHeader) and FinishInPlace() then
// frames the records where they are, without copying them: the body starts
// after a reserved gap that the header is written into.
class WalBatchBuilder {
 public:
  WalBatchBuilder() : WalBatchBuilder(std::string(), 0, 0) {}
  WalBatchBuilder(std::string database_id, uint64_t epoch, uint64_t seq);

  void Add(const WalRecord& record);
  void Put(TreeId tree, std::string_view key, std::string_view value);
  void Delete(TreeId tree, std::string_view key);
  void Commit(uint64_t txn_id);

  uint32_t record_count() const { return count_; }
  // Bytes of the records so far (the object is slightly larger).
  size_t ApproximateSize() const { return body_.size() - kHeaderGap + 64; }

  // Where the next record will start (pass to KeyAt / Truncate).
  size_t end_offset() const { return body_.size(); }
  // The key of the kPut/kDelete record that starts at `offset` (a value of
  // end_offset() taken before adding it).
  std::string_view KeyAt(size_t offset) const;
  // Drops every record added after end_offset() was `offset` and
  // record_count() was `count` (savepoint rollback).
  void Truncate(size_t offset, uint32_t count);
  // Frees all records (and their memory).
  void Clear();

  void SetHeader(std::string database_id, uint64_t epoch, uint64_t seq);
  // The complete object bytes.
  std::string Finish() const;
  // The same bytes, framed in place: a view into this builder, valid until
  // it is changed. No record may be added afterwards (Clear() first).
  std::string_view FinishInPlace();

 private:
  static constexpr size_t kHeaderGap = 64;  // room for the header before the records
  std::string Header() const;

  // A byte buffer grown with realloc: a large one is moved by the kernel
  // (mremap), never copied, so a bulk load's log neither doubles its
  // memory while growing nor touches its pages twice.
  class Buffer {
   public:
    Buffer() = default;
    Buffer(const Buffer& o) { append(o.data(), o.size()); }
    Buffer& operator=(const Buffer& o);
    ~Buffer();
    const char* data() const { return data_; }
    char* data() { return data_; }
    size_t size() const { return size_; }
    void append(const char* p, size_t n);
    // Makes room for n bytes at the end and returns where they go (the
    // caller writes exactly n).
    char* extend(size_t n);
    void append(std::string_view s) { append(s.data(), s.size()); }
    void push_back(char c) { append(&c, 1); }
    void resize(size_t n);  // shrink, or grow with zero bytes
    void release();         // free everything
    std::string_view view() const { return std::string_view(data_, size_); }

   private:
    char* data_ = nullptr;
    size_t size_ = 0, capacity_ = 0;
  };
  void AppendVarint(uint64_t v);
  void AppendLengthPrefixed(std::string_view s);

  std::string database_id_;
  uint64_t epoch_, seq_;
  uint32_t count_ = 0;
  Buffer body_;  // kHeaderGap bytes, then the encoded records
};

// Encodes one record (no framing); exposed for tests and size estimates.
void EncodeWalRecord(const WalRecord& r, std::string* dst);

// Parses and verifies a batch object. Corruption (naming object_key) on bad
// magic, unknown version, checksum mismatch, truncation or trailing bytes.
// Never allocates more than a small multiple of bytes.size().
Result<WalBatch> DecodeWalBatch(std::string_view bytes, std::string_view object_key = "wal batch");

}  // namespace s3lite
