// LatencyStore: wraps any ObjectStore and makes every request slower the way
// a remote object store is: a fixed first-byte latency per request plus,
// optionally, transfer time at a given bandwidth for the payload bytes
// (sent for PUT, received for GET). Used by benchmarks to show what request
// counts cost (e.g. 20 ms per request, as over a WAN to S3).
//
// Thread-safety: all methods may be called concurrently; concurrent requests
// sleep in parallel, as independent HTTP connections would.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>

#include "engine/store/object_store.h"

namespace s3lite {

class LatencyStore : public ObjectStore {
 public:
  // `bytes_per_second` 0 = unlimited bandwidth.
  LatencyStore(std::shared_ptr<ObjectStore> base, std::chrono::microseconds first_byte,
               uint64_t bytes_per_second = 0)
      : base_(std::move(base)), first_byte_us_(first_byte.count()), bytes_per_second_(bytes_per_second) {}

  void SetLatency(std::chrono::microseconds first_byte, uint64_t bytes_per_second = 0) {
    first_byte_us_.store(first_byte.count());
    bytes_per_second_.store(bytes_per_second);
  }

  std::string Describe() const override { return base_->Describe(); }
  bool SupportsConditionalPut() const override { return base_->SupportsConditionalPut(); }
  Status CheckReachable() override;
  ObjectStore& base() { return *base_; }

 protected:
  Result<std::string> DoGet(const std::string& key) override;
  Result<std::string> DoGetRange(const std::string& key, uint64_t offset, uint64_t length) override;
  Status DoPut(const std::string& key, std::string_view data) override;
  Status DoPutIfAbsent(const std::string& key, std::string_view data) override;
  Status DoDelete(const std::string& key) override;
  Status DoDeleteMany(const std::vector<std::string>& keys) override;
  Result<std::vector<ObjectInfo>> DoList(const std::string& prefix) override;
  Result<ObjectInfo> DoHead(const std::string& key) override;

 private:
  void Wait(uint64_t payload_bytes) const;

  const std::shared_ptr<ObjectStore> base_;
  std::atomic<int64_t> first_byte_us_;
  std::atomic<uint64_t> bytes_per_second_;
};

}  // namespace s3lite
