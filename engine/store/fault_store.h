// FaultStore: wraps any ObjectStore and injects failures, for tests of
// crash safety and error handling.
//
// Faults are programmed as rules matched against a running count of calls:
// "the 3rd PUT fails", "every call from the 10th on fails" (a crash),
// "the 2nd PUT writes the object and then reports an error" (a write whose
// acknowledgement was lost), "the 5th GET takes 200 ms". Counting is per
// request kind (StoreOp) or over all kinds. A rule fires once unless it is a
// crash. Injected errors are IOError whose message starts "injected fault".
// DeleteMany counts as one kDelete call.
//
// Thread-safety: all methods may be called concurrently; rules and counters
// are guarded by a mutex, the wrapped store is called without it.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/store/object_store.h"

namespace s3lite {

class FaultStore : public ObjectStore {
 public:
  explicit FaultStore(std::shared_ptr<ObjectStore> base) : base_(std::move(base)) {}

  // `op` nullopt = count calls of any kind. `nth` is 1-based and counts
  // calls made after construction or Reset().
  void FailAt(std::optional<StoreOp> op, uint64_t nth);
  void DelayAt(std::optional<StoreOp> op, uint64_t nth, std::chrono::milliseconds delay);
  // From the nth matching call on, every call of every kind fails.
  void CrashAt(std::optional<StoreOp> op, uint64_t nth);
  // Put/PutIfAbsent only: the nth such call reaches the store, then fails.
  void PartialPutAt(StoreOp op, uint64_t nth);
  void CrashNow();
  bool crashed() const;
  // Clears rules, counters and the crashed state.
  void Reset();
  // Calls seen of one kind (including failed ones).
  uint64_t calls(StoreOp op) const;

  std::string Describe() const override { return "fault(" + base_->Describe() + ")"; }
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
  enum class Action { kFail, kDelay, kCrash, kPartialPut };
  struct Rule {
    std::optional<StoreOp> op;
    uint64_t nth;
    Action action;
    std::chrono::milliseconds delay{0};
    bool fired = false;
  };
  enum class Decision { kProceed, kFail, kPartial };
  // Counts the call and decides its fate; sleeps for delay rules (unlocked).
  Decision Enter(StoreOp op, const std::string& key, std::string* why);

  const std::shared_ptr<ObjectStore> base_;
  mutable std::mutex mu_;
  std::vector<Rule> rules_;                               // guarded by mu_
  uint64_t counts_[static_cast<int>(StoreOp::kCount)] = {};  // guarded by mu_
  uint64_t total_ = 0;                                    // guarded by mu_
  bool crashed_ = false;                                  // guarded by mu_
  std::string crash_reason_;                              // guarded by mu_
};

}  // namespace s3lite
