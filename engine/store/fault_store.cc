#include "engine/store/fault_store.h"

#include <thread>

namespace s3lite {

void FaultStore::FailAt(std::optional<StoreOp> op, uint64_t nth) {
  std::lock_guard<std::mutex> l(mu_);
  rules_.push_back(Rule{op, nth, Action::kFail});
}

void FaultStore::FailWith(std::optional<StoreOp> op, uint64_t nth, Fault fault) {
  std::lock_guard<std::mutex> l(mu_);
  Rule r{op, nth, Action::kFail};
  r.fault = fault;
  rules_.push_back(r);
}

void FaultStore::DelayAt(std::optional<StoreOp> op, uint64_t nth, std::chrono::milliseconds delay) {
  std::lock_guard<std::mutex> l(mu_);
  rules_.push_back(Rule{op, nth, Action::kDelay, delay});
}

void FaultStore::CrashAt(std::optional<StoreOp> op, uint64_t nth) {
  std::lock_guard<std::mutex> l(mu_);
  rules_.push_back(Rule{op, nth, Action::kCrash});
}

void FaultStore::PartialPutAt(StoreOp op, uint64_t nth) {
  std::lock_guard<std::mutex> l(mu_);
  rules_.push_back(Rule{op, nth, Action::kPartialPut});
}

void FaultStore::CrashNow() {
  std::lock_guard<std::mutex> l(mu_);
  crashed_ = true;
  crash_reason_ = "CrashNow()";
}

bool FaultStore::crashed() const {
  std::lock_guard<std::mutex> l(mu_);
  return crashed_;
}

void FaultStore::Reset() {
  std::lock_guard<std::mutex> l(mu_);
  rules_.clear();
  for (auto& c : counts_) c = 0;
  total_ = 0;
  crashed_ = false;
  crash_reason_.clear();
  last_injected_.clear();
}

std::string FaultStore::last_injected() const {
  std::lock_guard<std::mutex> l(mu_);
  return last_injected_;
}

uint64_t FaultStore::calls(StoreOp op) const {
  std::lock_guard<std::mutex> l(mu_);
  return counts_[static_cast<int>(op)];
}

namespace {

bool IsRead(StoreOp op) { return op == StoreOp::kGet || op == StoreOp::kRangeGet; }

}  // namespace

FaultStore::Decision FaultStore::Enter(StoreOp op, const std::string& key, Status* failure) {
  std::chrono::milliseconds delay{0};
  Decision d = Decision::kProceed;
  {
    std::lock_guard<std::mutex> l(mu_);
    uint64_t n_op = ++counts_[static_cast<int>(op)];
    uint64_t n_all = ++total_;
    std::string call = std::string(StoreOpName(op)) + " #" + std::to_string(n_op) + " (call #" +
                       std::to_string(n_all) + ") of " + (key.empty() ? "<bucket>" : key);
    if (crashed_) {
      *failure = Status::IOError("injected fault: store crashed at " + crash_reason_ + "; refusing " + call);
      return Decision::kFail;
    }
    for (Rule& r : rules_) {
      if (r.fired) continue;
      if (r.op && *r.op != op) continue;
      if ((r.op ? n_op : n_all) != r.nth) continue;
      r.fired = true;
      if (r.action != Action::kDelay) last_injected_ = call;
      switch (r.action) {
        case Action::kDelay:
          delay += r.delay;
          break;
        case Action::kFail:
          switch (r.fault) {
            case Fault::kError:
              *failure = Status::IOError("injected fault: " + call + " failed");
              break;
            case Fault::kTimeout:
              *failure = Status::Timeout("injected fault: " + call + " timed out");
              break;
            case Fault::kSlowDown:
              *failure = Status::IOError("injected fault: " + call +
                                         ": HTTP 503 SlowDown: Please reduce your request rate. "
                                         "(server error, retries exhausted)");
              break;
            case Fault::kPartialBody:
              if (IsRead(op)) {
                if (d == Decision::kProceed) d = Decision::kTruncate;
                continue;
              }
              *failure = Status::IOError("injected fault: " + call + " was cut off before the store stored it");
              break;
          }
          d = Decision::kFail;
          break;
        case Action::kCrash:
          crashed_ = true;
          crash_reason_ = call;
          *failure = Status::IOError("injected fault: store crashed at " + call);
          d = Decision::kFail;
          break;
        case Action::kPartialPut:
          if (op == StoreOp::kPut || op == StoreOp::kPutIfAbsent) {
            *failure = Status::IOError("injected fault: " + call + " was written but its acknowledgement was lost");
            if (d == Decision::kProceed) d = Decision::kPartial;
          }
          break;
      }
    }
  }
  if (delay.count() > 0) std::this_thread::sleep_for(delay);
  return d;
}

Status FaultStore::CheckReachable() { return base_->CheckReachable(); }

namespace {

Result<std::string> Truncated(Result<std::string> body) {
  if (body.ok()) body->resize(body->size() / 2);
  return body;
}

}  // namespace

Result<std::string> FaultStore::DoGet(const std::string& key) {
  Status failure;
  Decision d = Enter(StoreOp::kGet, key, &failure);
  if (d == Decision::kFail) return failure;
  if (d == Decision::kTruncate) return Truncated(base_->Get(key));
  return base_->Get(key);
}

Result<std::string> FaultStore::DoGetRange(const std::string& key, uint64_t offset, uint64_t length) {
  Status failure;
  Decision d = Enter(StoreOp::kRangeGet, key, &failure);
  if (d == Decision::kFail) return failure;
  if (d == Decision::kTruncate) return Truncated(base_->GetRange(key, offset, length));
  return base_->GetRange(key, offset, length);
}

Status FaultStore::DoPut(const std::string& key, std::string_view data) {
  Status failure;
  Decision d = Enter(StoreOp::kPut, key, &failure);
  if (d == Decision::kFail) return failure;
  Status st = base_->Put(key, data);
  if (d == Decision::kPartial && st.ok()) return failure;
  return st;
}

Status FaultStore::DoPutIfAbsent(const std::string& key, std::string_view data) {
  Status failure;
  Decision d = Enter(StoreOp::kPutIfAbsent, key, &failure);
  if (d == Decision::kFail) return failure;
  Status st = base_->PutIfAbsent(key, data);
  if (d == Decision::kPartial && st.ok()) return failure;
  return st;
}

Status FaultStore::DoDelete(const std::string& key) {
  Status failure;
  if (Enter(StoreOp::kDelete, key, &failure) == Decision::kFail) return failure;
  return base_->Delete(key);
}

Status FaultStore::DoDeleteMany(const std::vector<std::string>& keys) {
  stats().Count(StoreOp::kDelete);
  Status failure;
  if (Enter(StoreOp::kDelete, keys.empty() ? "" : keys.front() + " (+" + std::to_string(keys.size() - 1) + " more)",
            &failure) == Decision::kFail) {
    return failure;
  }
  return base_->DeleteMany(keys);
}

Result<std::vector<ObjectInfo>> FaultStore::DoList(const std::string& prefix) {
  Status failure;
  if (Enter(StoreOp::kList, "prefix " + prefix, &failure) == Decision::kFail) return failure;
  return base_->List(prefix);
}

Result<ObjectInfo> FaultStore::DoHead(const std::string& key) {
  Status failure;
  if (Enter(StoreOp::kHead, key, &failure) == Decision::kFail) return failure;
  return base_->Head(key);
}

}  // namespace s3lite
