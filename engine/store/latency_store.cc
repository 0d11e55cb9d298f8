#include "engine/store/latency_store.h"

#include <thread>

namespace s3lite {

void LatencyStore::Wait(uint64_t payload_bytes) const {
  int64_t us = first_byte_us_.load();
  uint64_t bps = bytes_per_second_.load();
  if (bps > 0) us += static_cast<int64_t>(payload_bytes * 1000000 / bps);
  if (us > 0) std::this_thread::sleep_for(std::chrono::microseconds(us));
}

Status LatencyStore::CheckReachable() {
  Wait(0);
  return base_->CheckReachable();
}

Result<std::string> LatencyStore::DoGet(const std::string& key) {
  auto r = base_->Get(key);
  Wait(r.ok() ? r->size() : 0);
  return r;
}

Result<std::string> LatencyStore::DoGetRange(const std::string& key, uint64_t offset, uint64_t length) {
  auto r = base_->GetRange(key, offset, length);
  Wait(r.ok() ? r->size() : 0);
  return r;
}

Status LatencyStore::DoPut(const std::string& key, std::string_view data) {
  Wait(data.size());
  return base_->Put(key, data);
}

Status LatencyStore::DoPutIfAbsent(const std::string& key, std::string_view data) {
  Wait(data.size());
  return base_->PutIfAbsent(key, data);
}

Status LatencyStore::DoDelete(const std::string& key) {
  Wait(0);
  return base_->Delete(key);
}

Status LatencyStore::DoDeleteMany(const std::vector<std::string>& keys) {
  // One batched request, as S3Store would send per 1000 keys.
  stats().Count(StoreOp::kDelete);
  Wait(0);
  return base_->DeleteMany(keys);
}

Result<std::vector<ObjectInfo>> LatencyStore::DoList(const std::string& prefix) {
  Wait(0);
  return base_->List(prefix);
}

Result<ObjectInfo> LatencyStore::DoHead(const std::string& key) {
  Wait(0);
  return base_->Head(key);
}

}  // namespace s3lite
