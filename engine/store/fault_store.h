// FaultStore: wraps any ObjectStore and injects failures, for tests of
// crash safety and error handling.
//
// Faults are programmed as rules matched against a running count of calls:
// "the 3rd PUT fails", "every call from the 10th on fails" (a crash),
// "the 2nd PUT writes the object and then reports an error" (a write whose
// acknowledgement was lost), "the 5th GET takes 200 ms", "the 4th call
// times out" (FailWith: the failure looks like what S3Store returns after
// its own retries gave up, see Fault). Counting is per request kind
// (StoreOp) or over all kinds. A rule fires once unless it is a crash.
// Injected errors' messages start "injected fault". DeleteMany counts as one
// kDelete call.
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
  // How an injected failure looks to the caller (FailWith).
  enum class Fault {
    kError,        // IOError "injected fault: <call> failed" (as FailAt)
    kTimeout,      // Timeout "injected fault: <call> timed out"
    kSlowDown,     // IOError "injected fault: <call>: HTTP 503 SlowDown ... (server error, retries exhausted)"
    kPartialBody,  // GET and range GET: the call "succeeds" with only the first half of the
                   // body (a body cut short that nobody noticed); on any other call the
                   // request is cut off before the store stored anything: IOError
  };

  explicit FaultStore(std::shared_ptr<ObjectStore> base) : base_(std::move(base)) {}

  // `op` nullopt = count calls of any kind. `nth` is 1-based and counts
  // calls made after construction or Reset().
  void FailAt(std::optional<StoreOp> op, uint64_t nth);
  // Like FailAt, with the given kind of failure.
  void FailWith(std::optional<StoreOp> op, uint64_t nth, Fault fault);
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
  // The call the last fired failure rule hit ("GET #3 (call #7) of
  // chunks/..."), empty when none fired since construction or Reset().
  std::string last_injected() const;

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
    Fault fault = Fault::kError;  // kFail only
  };
  // kFail: return *failure. kPartial: do the call, then fail with *failure.
  // kTruncate: do the call (a read), return half of the body.
  enum class Decision { kProceed, kFail, kPartial, kTruncate };
  // Counts the call and decides its fate; sleeps for delay rules (unlocked).
  Decision Enter(StoreOp op, const std::string& key, Status* failure);

  const std::shared_ptr<ObjectStore> base_;
  mutable std::mutex mu_;
  std::vector<Rule> rules_;                               // guarded by mu_
  uint64_t counts_[static_cast<int>(StoreOp::kCount)] = {};  // guarded by mu_
  uint64_t total_ = 0;                                    // guarded by mu_
  bool crashed_ = false;                                  // guarded by mu_
  std::string crash_reason_;                              // guarded by mu_
  std::string last_injected_;                             // guarded by mu_
};

}  // namespace s3lite
