// ObjectStore: the only way the engine touches storage (DESIGN.md section 2).
//
// A flat namespace of immutable objects addressed by string keys
// ("manifest/00000000000000000042", "chunks/1-17", ...). Implementations:
// LocalStore (a directory, the embedded default), S3Store (S3 API + SigV4),
// FaultStore (tests: injects failures), LatencyStore (benchmarks).
//
// Contract:
//  - Get/GetRange of a missing key return NotFound.
//  - PutIfAbsent creates the object only if no object has that key; if one
//    exists (or another writer won a race) it returns AlreadyExists and
//    leaves the existing object untouched. It is atomic: readers see either
//    no object or the whole object, never a partial one.
//  - Put replaces atomically (never a torn object).
//  - Delete of a missing key is OK (idempotent). DeleteMany likewise.
//  - List returns every key starting with `prefix` (all pages), sorted.
//  - Transient failures (timeouts, 5xx) are retried inside the implementation
//    where that is safe; what reaches the caller is final.
//  - GetShared is Get without a copy where the store can avoid one (additive,
//    session 4): the bytes stay valid while the returned pointer lives, even if
//    the object is deleted meanwhile. Counted as a GET.
//
// Every public call is counted in stats() (requests and bytes by kind). The
// public methods are non-virtual and count; implementations override Do*.
//
// Thread-safety: all methods may be called concurrently from many threads.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/util/status.h"

namespace s3lite {

struct ObjectInfo {
  std::string key;
  uint64_t size = 0;
  int64_t mtime_unix_ms = 0;  // last-modified, when the store reports it; else 0
};

// Request kinds, for counting.
enum class StoreOp : int { kGet = 0, kRangeGet, kPut, kPutIfAbsent, kDelete, kList, kHead, kCount };
const char* StoreOpName(StoreOp op);

// A plain copy of the counters, for reports and differences.
struct StoreStatsSnapshot {
  uint64_t requests[static_cast<int>(StoreOp::kCount)] = {};
  uint64_t bytes_read = 0;      // payload bytes received by Get/GetRange
  uint64_t bytes_written = 0;   // payload bytes sent by Put/PutIfAbsent
  uint64_t errors = 0;          // calls that returned a non-OK status other than NotFound/AlreadyExists
  uint64_t retries = 0;         // retried attempts inside the implementation

  uint64_t total_requests() const;
  uint64_t gets() const { return requests[0] + requests[1]; }
  uint64_t puts() const { return requests[2] + requests[3]; }
  StoreStatsSnapshot operator-(const StoreStatsSnapshot& earlier) const;
  // "GET 3 (range 1) PUT 2 LIST 1 DELETE 0 HEAD 0, read 1.0 MiB, written 8.0 KiB"
  std::string ToString() const;
};

// An object's bytes, immutable, owned by whatever buffer suits the store: a
// std::string (the default), or a read-only mapping of the file (LocalStore,
// large objects; objects are never modified in place, and a deleted file stays
// mapped until the last reference goes).
class ObjectBytes {
 public:
  virtual ~ObjectBytes() = default;
  ObjectBytes(const ObjectBytes&) = delete;
  ObjectBytes& operator=(const ObjectBytes&) = delete;
  std::string_view data() const { return data_; }
  size_t size() const { return data_.size(); }

  // Takes ownership of a string.
  static std::shared_ptr<const ObjectBytes> FromString(std::string s);

 protected:
  ObjectBytes() = default;
  std::string_view data_;  // set by the subclass; valid for the object's life
};

class StoreStats {
 public:
  void Count(StoreOp op) { requests_[static_cast<int>(op)].fetch_add(1, std::memory_order_relaxed); }
  void AddRead(uint64_t n) { bytes_read_.fetch_add(n, std::memory_order_relaxed); }
  void AddWritten(uint64_t n) { bytes_written_.fetch_add(n, std::memory_order_relaxed); }
  void AddError() { errors_.fetch_add(1, std::memory_order_relaxed); }
  void AddRetry() { retries_.fetch_add(1, std::memory_order_relaxed); }
  StoreStatsSnapshot Snapshot() const;

 private:
  std::atomic<uint64_t> requests_[static_cast<int>(StoreOp::kCount)] = {};
  std::atomic<uint64_t> bytes_read_{0}, bytes_written_{0}, errors_{0}, retries_{0};
};

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;
  ObjectStore() = default;
  ObjectStore(const ObjectStore&) = delete;
  ObjectStore& operator=(const ObjectStore&) = delete;

  Result<std::string> Get(const std::string& key);
  // The same bytes as Get (same errors, counted as a GET), held without a copy
  // where the store can (see ObjectBytes).
  Result<std::shared_ptr<const ObjectBytes>> GetShared(const std::string& key);
  // Bytes [offset, offset+length) of the object; shorter at the end of the object.
  Result<std::string> GetRange(const std::string& key, uint64_t offset, uint64_t length);
  Status Put(const std::string& key, std::string_view data);
  Status PutIfAbsent(const std::string& key, std::string_view data);
  Status Delete(const std::string& key);
  Status DeleteMany(const std::vector<std::string>& keys);
  Result<std::vector<ObjectInfo>> List(const std::string& prefix);
  Result<ObjectInfo> Head(const std::string& key);

  // Human description without secrets: "local:/var/db" or "s3://bucket/prefix".
  virtual std::string Describe() const = 0;

  // True when PutIfAbsent is known to be honoured by the backend (LocalStore,
  // S3 servers that support If-None-Match). `doctor` probes this for real.
  virtual bool SupportsConditionalPut() const { return true; }

  // One cheap request proving the store is usable (S3: a LIST of at most one
  // key under the prefix), so tools can say at open time, in one line,
  // "bucket does not exist" / "credentials rejected" / "cannot reach
  // endpoint". LocalStore: OK once opened. Counted like any request.
  virtual Status CheckReachable() { return Status::OK(); }

  StoreStats& stats() { return stats_; }
  const StoreStats& stats() const { return stats_; }

 protected:
  virtual Result<std::string> DoGet(const std::string& key) = 0;
  // Default: DoGet's string, wrapped (so wrappers such as FaultStore and
  // LatencyStore behave exactly as for Get).
  virtual Result<std::shared_ptr<const ObjectBytes>> DoGetShared(const std::string& key);
  virtual Result<std::string> DoGetRange(const std::string& key, uint64_t offset, uint64_t length) = 0;
  virtual Status DoPut(const std::string& key, std::string_view data) = 0;
  virtual Status DoPutIfAbsent(const std::string& key, std::string_view data) = 0;
  virtual Status DoDelete(const std::string& key) = 0;
  // Default: one DoDelete per key. S3Store batches (at most 1000 per request).
  virtual Status DoDeleteMany(const std::vector<std::string>& keys);
  virtual Result<std::vector<ObjectInfo>> DoList(const std::string& prefix) = 0;
  virtual Result<ObjectInfo> DoHead(const std::string& key) = 0;

 private:
  StoreStats stats_;
};

}  // namespace s3lite
