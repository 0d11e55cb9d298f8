// WAL batch encoding and decoding (format: wal_batch.h).
#include "engine/wal/wal_batch.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

#include "engine/util/coding.h"
#include "engine/util/crc32c.h"

namespace s3lite {

namespace {

Status Corrupt(std::string_view key, std::string_view what) {
  return Status::Corruption("corrupt WAL object " + std::string(key) + ": " + std::string(what));
}

bool GetString(std::string_view* in, std::string* out) {
  std::string_view s;
  if (!GetLengthPrefixedSlice(in, &s)) return false;
  out->assign(s);
  return true;
}

// Decodes one record; false on malformed input.
bool DecodeRecord(std::string_view* in, WalRecord* r) {
  uint8_t type;
  if (!GetByte(in, &type)) return false;
  r->type = static_cast<WalRecordType>(type);
  switch (r->type) {
    case WalRecordType::kPut:
      return GetVarint32(in, &r->tree) && GetString(in, &r->key) && GetString(in, &r->value);
    case WalRecordType::kDelete:
      return GetVarint32(in, &r->tree) && GetString(in, &r->key);
    case WalRecordType::kCreateTree: {
      uint8_t kind;
      if (!GetVarint32(in, &r->tree) || !GetByte(in, &kind)) return false;
      if (kind != static_cast<uint8_t>(TreeKind::kTable) && kind != static_cast<uint8_t>(TreeKind::kIndex)) {
        return false;
      }
      r->tree_kind = static_cast<TreeKind>(kind);
      return true;
    }
    case WalRecordType::kDropTree:
      return GetVarint32(in, &r->tree);
    case WalRecordType::kPutSchema: {
      uint8_t kind;
      if (!GetByte(in, &kind) || kind < 1 || kind > 3) return false;
      r->schema.kind = static_cast<SchemaKind>(kind);
      return GetString(in, &r->schema.name) && GetString(in, &r->schema.table) &&
             GetString(in, &r->schema.sql) && GetVarint32(in, &r->schema.tree);
    }
    case WalRecordType::kDeleteSchema:
      return GetString(in, &r->name);
    case WalRecordType::kCommit:
      return GetVarint64(in, &r->txn_id);
    case WalRecordType::kNextTreeId:
      return GetVarint32(in, &r->next_tree_id);
  }
  return false;  // unknown type
}

}  // namespace

const char* WalRecordTypeName(WalRecordType t) {
  switch (t) {
    case WalRecordType::kPut: return "put";
    case WalRecordType::kDelete: return "delete";
    case WalRecordType::kCreateTree: return "create-tree";
    case WalRecordType::kDropTree: return "drop-tree";
    case WalRecordType::kPutSchema: return "put-schema";
    case WalRecordType::kDeleteSchema: return "delete-schema";
    case WalRecordType::kCommit: return "commit";
    case WalRecordType::kNextTreeId: return "next-tree-id";
  }
  return "unknown";
}

WalRecord WalRecord::Put(TreeId tree, std::string key, std::string value) {
  WalRecord r;
  r.type = WalRecordType::kPut;
  r.tree = tree;
  r.key = std::move(key);
  r.value = std::move(value);
  return r;
}

WalRecord WalRecord::Delete(TreeId tree, std::string key) {
  WalRecord r;
  r.type = WalRecordType::kDelete;
  r.tree = tree;
  r.key = std::move(key);
  return r;
}

WalRecord WalRecord::CreateTree(TreeId tree, TreeKind kind) {
  WalRecord r;
  r.type = WalRecordType::kCreateTree;
  r.tree = tree;
  r.tree_kind = kind;
  return r;
}

WalRecord WalRecord::DropTree(TreeId tree) {
  WalRecord r;
  r.type = WalRecordType::kDropTree;
  r.tree = tree;
  return r;
}

WalRecord WalRecord::PutSchema(SchemaEntry entry) {
  WalRecord r;
  r.type = WalRecordType::kPutSchema;
  r.schema = std::move(entry);
  return r;
}

WalRecord WalRecord::DeleteSchema(std::string name) {
  WalRecord r;
  r.type = WalRecordType::kDeleteSchema;
  r.name = std::move(name);
  return r;
}

WalRecord WalRecord::Commit(uint64_t txn_id) {
  WalRecord r;
  r.type = WalRecordType::kCommit;
  r.txn_id = txn_id;
  return r;
}

WalRecord WalRecord::NextTreeId(TreeId next) {
  WalRecord r;
  r.type = WalRecordType::kNextTreeId;
  r.next_tree_id = next;
  return r;
}

bool WalRecord::operator==(const WalRecord& o) const {
  return type == o.type && tree == o.tree && tree_kind == o.tree_kind && key == o.key && value == o.value &&
         schema.kind == o.schema.kind && schema.name == o.schema.name && schema.table == o.schema.table &&
         schema.sql == o.schema.sql && schema.tree == o.schema.tree && name == o.name && txn_id == o.txn_id &&
         next_tree_id == o.next_tree_id;
}

void EncodeWalRecord(const WalRecord& r, std::string* dst) {
  dst->push_back(static_cast<char>(r.type));
  switch (r.type) {
    case WalRecordType::kPut:
      PutVarint32(dst, r.tree);
      PutLengthPrefixedSlice(dst, r.key);
      PutLengthPrefixedSlice(dst, r.value);
      break;
    case WalRecordType::kDelete:
      PutVarint32(dst, r.tree);
      PutLengthPrefixedSlice(dst, r.key);
      break;
    case WalRecordType::kCreateTree:
      PutVarint32(dst, r.tree);
      dst->push_back(static_cast<char>(r.tree_kind));
      break;
    case WalRecordType::kDropTree:
      PutVarint32(dst, r.tree);
      break;
    case WalRecordType::kPutSchema:
      dst->push_back(static_cast<char>(r.schema.kind));
      PutLengthPrefixedSlice(dst, r.schema.name);
      PutLengthPrefixedSlice(dst, r.schema.table);
      PutLengthPrefixedSlice(dst, r.schema.sql);
      PutVarint32(dst, r.schema.tree);
      break;
    case WalRecordType::kDeleteSchema:
      PutLengthPrefixedSlice(dst, r.name);
      break;
    case WalRecordType::kCommit:
      PutVarint64(dst, r.txn_id);
      break;
    case WalRecordType::kNextTreeId:
      PutVarint32(dst, r.next_tree_id);
      break;
  }
}

WalTransactions CommittedTransactions(const WalBatch& batch) {
  WalTransactions out;
  std::vector<const WalRecord*> current;
  for (const WalRecord& r : batch.records) {
    if (r.type == WalRecordType::kCommit) {
      out.groups.push_back(std::move(current));
      out.txn_ids.push_back(r.txn_id);
      current.clear();
    } else {
      current.push_back(&r);
    }
  }
  return out;
}

WalBatchBuilder::Buffer& WalBatchBuilder::Buffer::operator=(const Buffer& o) {
  if (this != &o) {
    resize(0);
    append(o.data(), o.size());
  }
  return *this;
}

WalBatchBuilder::Buffer::~Buffer() { std::free(data_); }

char* WalBatchBuilder::Buffer::extend(size_t n) {
  if (size_ + n > capacity_) {
    size_t cap = std::max<size_t>({size_ + n, 2 * capacity_, 256});
    void* grown = std::realloc(data_, cap);
    if (grown == nullptr) throw std::bad_alloc();
    data_ = static_cast<char*>(grown);
    capacity_ = cap;
  }
  char* at = data_ + size_;
  size_ += n;
  return at;
}

void WalBatchBuilder::Buffer::append(const char* p, size_t n) {
  char* at = extend(n);
  if (n > 0) std::memcpy(at, p, n);
}

void WalBatchBuilder::Buffer::resize(size_t n) {
  if (n <= size_) {
    size_ = n;
    return;
  }
  std::string zeros(n - size_, '\0');
  append(zeros.data(), zeros.size());
}

void WalBatchBuilder::Buffer::release() {
  std::free(data_);
  data_ = nullptr;
  size_ = capacity_ = 0;
}

WalBatchBuilder::WalBatchBuilder(std::string database_id, uint64_t epoch, uint64_t seq)
    : database_id_(std::move(database_id)), epoch_(epoch), seq_(seq) {
  body_.resize(kHeaderGap);
}

void WalBatchBuilder::AppendVarint(uint64_t v) {
  char buf[10];
  size_t n = 0;
  while (v >= 128) {
    buf[n++] = static_cast<char>((v & 127) | 128);
    v >>= 7;
  }
  buf[n++] = static_cast<char>(v);
  body_.append(buf, n);
}

void WalBatchBuilder::AppendLengthPrefixed(std::string_view s) {
  AppendVarint(s.size());
  body_.append(s);
}

void WalBatchBuilder::Add(const WalRecord& record) {
  std::string encoded;  // DDL and commit records: rare, small
  EncodeWalRecord(record, &encoded);
  body_.append(encoded);
  count_++;
}

namespace {
inline char* WriteVarint(char* p, uint64_t v) {
  while (v >= 128) {
    *p++ = static_cast<char>((v & 127) | 128);
    v >>= 7;
  }
  *p++ = static_cast<char>(v);
  return p;
}
}  // namespace

void WalBatchBuilder::Put(TreeId tree, std::string_view key, std::string_view value) {
  // One reservation per record (a bulk load writes millions): at most
  // 1 + 5 + 10 + 10 bytes of framing around the key and the value.
  char* start = body_.extend(26 + key.size() + value.size());
  char* p = start;
  *p++ = static_cast<char>(WalRecordType::kPut);
  p = WriteVarint(p, tree);
  p = WriteVarint(p, key.size());
  if (!key.empty()) std::memcpy(p, key.data(), key.size());
  p += key.size();
  p = WriteVarint(p, value.size());
  if (!value.empty()) std::memcpy(p, value.data(), value.size());
  p += value.size();
  body_.resize(body_.size() - (26 + key.size() + value.size()) + static_cast<size_t>(p - start));
  count_++;
}

void WalBatchBuilder::Delete(TreeId tree, std::string_view key) {
  body_.push_back(static_cast<char>(WalRecordType::kDelete));
  AppendVarint(tree);
  AppendLengthPrefixed(key);
  count_++;
}

void WalBatchBuilder::Commit(uint64_t txn_id) { Add(WalRecord::Commit(txn_id)); }

std::string_view WalBatchBuilder::KeyAt(size_t offset) const {
  // Written by Put/Delete above: type, varint32 tree, lp key.
  std::string_view in = body_.view();
  in.remove_prefix(offset + 1);
  uint32_t tree = 0;
  std::string_view key;
  if (!GetVarint32(&in, &tree) || !GetLengthPrefixedSlice(&in, &key)) return {};
  return key;
}

void WalBatchBuilder::Truncate(size_t offset, uint32_t count) {
  if (offset < kHeaderGap || offset > body_.size() || count > count_) return;
  body_.resize(offset);
  count_ = count;
}

void WalBatchBuilder::Clear() {
  body_.release();
  body_.resize(kHeaderGap);
  count_ = 0;
}

void WalBatchBuilder::SetHeader(std::string database_id, uint64_t epoch, uint64_t seq) {
  database_id_ = std::move(database_id);
  epoch_ = epoch;
  seq_ = seq;
}

std::string WalBatchBuilder::Header() const {
  std::string out;
  PutFixed64(&out, kWalMagic);
  PutVarint32(&out, kWalFormatVersion);
  PutLengthPrefixedSlice(&out, database_id_);
  PutVarint64(&out, epoch_);
  PutVarint64(&out, seq_);
  PutVarint32(&out, count_);
  return out;
}

std::string WalBatchBuilder::Finish() const {
  std::string out = Header();
  out.reserve(out.size() + body_.size() - kHeaderGap + 4);
  out.append(body_.view().substr(kHeaderGap));
  PutFixed32(&out, crc32c::Value(out));
  return out;
}

std::string_view WalBatchBuilder::FinishInPlace() {
  std::string header = Header();
  size_t start = 0;
  if (header.size() <= kHeaderGap) {
    start = kHeaderGap - header.size();
    std::memcpy(body_.data() + start, header.data(), header.size());
  } else {
    // A very long database id: shift the records (rare, one copy).
    std::string records(body_.view().substr(kHeaderGap));
    body_.resize(0);
    body_.append(header);
    body_.append(records);
  }
  uint32_t crc = crc32c::Value(body_.data() + start, body_.size() - start);
  std::string trailer;
  PutFixed32(&trailer, crc);
  body_.append(trailer);
  return body_.view().substr(start);
}

Result<WalBatch> DecodeWalBatch(std::string_view bytes, std::string_view key) {
  if (bytes.size() < 8 + 4) return Corrupt(key, "too short");
  std::string_view in = bytes;
  uint64_t magic;
  GetFixed64(&in, &magic);
  if (magic != kWalMagic) return Corrupt(key, "bad magic (not a WAL object)");
  uint32_t want_crc = DecodeFixed32(bytes.data() + bytes.size() - 4);
  if (crc32c::Value(bytes.data(), bytes.size() - 4) != want_crc) return Corrupt(key, "checksum mismatch");
  in = bytes.substr(8, bytes.size() - 8 - 4);

  WalBatch b;
  uint32_t count;
  std::string_view dbid;
  if (!GetVarint32(&in, &b.format_version)) return Corrupt(key, "truncated header");
  if (b.format_version != kWalFormatVersion) {
    return Corrupt(key, "unsupported WAL format version " + std::to_string(b.format_version));
  }
  if (!GetLengthPrefixedSlice(&in, &dbid) || !GetVarint64(&in, &b.epoch) || !GetVarint64(&in, &b.seq) ||
      !GetVarint32(&in, &count)) {
    return Corrupt(key, "truncated header");
  }
  b.database_id.assign(dbid);
  // Every record takes at least 2 bytes: a larger count is malformed, and
  // must not drive a large reservation.
  if (count > in.size() / 2) return Corrupt(key, "record count " + std::to_string(count) + " exceeds object size");
  b.records.reserve(count);
  for (uint32_t i = 0; i < count; i++) {
    WalRecord r;
    if (!DecodeRecord(&in, &r)) return Corrupt(key, "malformed record " + std::to_string(i));
    b.records.push_back(std::move(r));
  }
  if (!in.empty()) return Corrupt(key, "trailing bytes after " + std::to_string(count) + " records");
  return b;
}

}  // namespace s3lite
