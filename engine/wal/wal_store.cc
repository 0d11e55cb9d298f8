// WAL object I/O (see wal_store.h).
#include "engine/wal/wal_store.h"

#include <algorithm>

namespace s3lite {

Result<std::vector<uint64_t>> ListWalAfter(ObjectStore& store, uint64_t after) {
  S3LITE_ASSIGN_OR_RETURN(std::vector<ObjectInfo> objects, store.List(std::string(kWalPrefix)));
  std::vector<uint64_t> seqs;
  for (const ObjectInfo& o : objects) {
    std::optional<uint64_t> seq = ParseWalKey(o.key);
    if (seq && *seq > after) seqs.push_back(*seq);
  }
  std::sort(seqs.begin(), seqs.end());
  return seqs;
}

Status WriteWalBatch(ObjectStore& store, uint64_t seq, std::string_view bytes) {
  std::string key = WalKey(seq);
  Status s = store.PutIfAbsent(key, bytes);
  if (s.IsAlreadyExists()) {
    return Status::Conflict(std::string(kConflictMessage) + " (" + key + " already exists: " + s.message() + ")");
  }
  if (!s.ok()) return s.WithContext("writing " + key);
  return Status::OK();
}

Result<WalBatch> ReadWalBatch(ObjectStore& store, uint64_t seq) {
  std::string key = WalKey(seq);
  Result<std::string> bytes = store.Get(key);
  if (!bytes.ok()) return bytes.status().WithContext("reading " + key);
  S3LITE_ASSIGN_OR_RETURN(WalBatch batch, DecodeWalBatch(*bytes, key));
  if (batch.seq != seq) {
    return Status::Corruption("corrupt WAL object " + key + ": holds sequence " + std::to_string(batch.seq));
  }
  return batch;
}

}  // namespace s3lite
