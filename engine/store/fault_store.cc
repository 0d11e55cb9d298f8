#include "engine/store/fault_store.h"

#include <thread>

namespace s3lite {

void FaultStore::FailAt(std::optional<StoreOp> op, uint64_t nth) {
  std::lock_guard<std::mutex> l(mu_);
  rules_.push_back(Rule{op, nth, Action::kFail});
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
}

uint64_t FaultStore::calls(StoreOp op) const {
  std::lock_guard<std::mutex> l(mu_);
  return counts_[static_cast<int>(op)];
}

FaultStore::Decision FaultStore::Enter(StoreOp op, const std::string& key, std::string* why) {
  std::chrono::milliseconds delay{0};
  Decision d = Decision::kProceed;
  {
    std::lock_guard<std::mutex> l(mu_);
    uint64_t n_op = ++counts_[static_cast<int>(op)];
    uint64_t n_all = ++total_;
    std::string call = std::string(StoreOpName(op)) + " #" + std::to_string(n_op) + " (call #" +
                       std::to_string(n_all) + ") of " + (key.empty() ? "<bucket>" : key);
    if (crashed_) {
      *why = "injected fault: store crashed at " + crash_reason_ + "; refusing " + call;
      return Decision::kFail;
    }
    for (Rule& r : rules_) {
      if (r.fired) continue;
      if (r.op && *r.op != op) continue;
      if ((r.op ? n_op : n_all) != r.nth) continue;
      r.fired = true;
      switch (r.action) {
        case Action::kDelay:
          delay += r.delay;
          break;
        case Action::kFail:
          *why = "injected fault: " + call + " failed";
          d = Decision::kFail;
          break;
        case Action::kCrash:
          crashed_ = true;
          crash_reason_ = call;
          *why = "injected fault: store crashed at " + call;
          d = Decision::kFail;
          break;
        case Action::kPartialPut:
          if (op == StoreOp::kPut || op == StoreOp::kPutIfAbsent) {
            *why = "injected fault: " + call + " was written but its acknowledgement was lost";
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

Result<std::string> FaultStore::DoGet(const std::string& key) {
  std::string why;
  if (Enter(StoreOp::kGet, key, &why) == Decision::kFail) return Status::IOError(why);
  return base_->Get(key);
}

Result<std::string> FaultStore::DoGetRange(const std::string& key, uint64_t offset, uint64_t length) {
  std::string why;
  if (Enter(StoreOp::kRangeGet, key, &why) == Decision::kFail) return Status::IOError(why);
  return base_->GetRange(key, offset, length);
}

Status FaultStore::DoPut(const std::string& key, std::string_view data) {
  std::string why;
  Decision d = Enter(StoreOp::kPut, key, &why);
  if (d == Decision::kFail) return Status::IOError(why);
  Status st = base_->Put(key, data);
  if (d == Decision::kPartial && st.ok()) return Status::IOError(why);
  return st;
}

Status FaultStore::DoPutIfAbsent(const std::string& key, std::string_view data) {
  std::string why;
  Decision d = Enter(StoreOp::kPutIfAbsent, key, &why);
  if (d == Decision::kFail) return Status::IOError(why);
  Status st = base_->PutIfAbsent(key, data);
  if (d == Decision::kPartial && st.ok()) return Status::IOError(why);
  return st;
}

Status FaultStore::DoDelete(const std::string& key) {
  std::string why;
  if (Enter(StoreOp::kDelete, key, &why) == Decision::kFail) return Status::IOError(why);
  return base_->Delete(key);
}

Status FaultStore::DoDeleteMany(const std::vector<std::string>& keys) {
  stats().Count(StoreOp::kDelete);
  std::string why;
  if (Enter(StoreOp::kDelete, keys.empty() ? "" : keys.front() + " (+" + std::to_string(keys.size() - 1) + " more)",
            &why) == Decision::kFail) {
    return Status::IOError(why);
  }
  return base_->DeleteMany(keys);
}

Result<std::vector<ObjectInfo>> FaultStore::DoList(const std::string& prefix) {
  std::string why;
  if (Enter(StoreOp::kList, "prefix " + prefix, &why) == Decision::kFail) return Status::IOError(why);
  return base_->List(prefix);
}

Result<ObjectInfo> FaultStore::DoHead(const std::string& key) {
  std::string why;
  if (Enter(StoreOp::kHead, key, &why) == Decision::kFail) return Status::IOError(why);
  return base_->Head(key);
}

}  // namespace s3lite
