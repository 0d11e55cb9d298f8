#include "engine/store/object_store.h"

#include <cstdio>

namespace s3lite {

const char* StoreOpName(StoreOp op) {
  switch (op) {
    case StoreOp::kGet: return "GET";
    case StoreOp::kRangeGet: return "RANGE_GET";
    case StoreOp::kPut: return "PUT";
    case StoreOp::kPutIfAbsent: return "PUT_IF_ABSENT";
    case StoreOp::kDelete: return "DELETE";
    case StoreOp::kList: return "LIST";
    case StoreOp::kHead: return "HEAD";
    case StoreOp::kCount: break;
  }
  return "?";
}

uint64_t StoreStatsSnapshot::total_requests() const {
  uint64_t n = 0;
  for (uint64_t r : requests) n += r;
  return n;
}

StoreStatsSnapshot StoreStatsSnapshot::operator-(const StoreStatsSnapshot& e) const {
  StoreStatsSnapshot d;
  for (int i = 0; i < static_cast<int>(StoreOp::kCount); i++) d.requests[i] = requests[i] - e.requests[i];
  d.bytes_read = bytes_read - e.bytes_read;
  d.bytes_written = bytes_written - e.bytes_written;
  d.errors = errors - e.errors;
  d.retries = retries - e.retries;
  return d;
}

static std::string HumanBytes(uint64_t n) {
  char buf[32];
  if (n < 1024) {
    std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(n));
  } else if (n < (1u << 20)) {
    std::snprintf(buf, sizeof buf, "%.1f KiB", n / 1024.0);
  } else if (n < (1ull << 30)) {
    std::snprintf(buf, sizeof buf, "%.1f MiB", n / 1048576.0);
  } else {
    std::snprintf(buf, sizeof buf, "%.2f GiB", n / 1073741824.0);
  }
  return buf;
}

std::string StoreStatsSnapshot::ToString() const {
  auto r = [&](StoreOp op) { return static_cast<unsigned long long>(requests[static_cast<int>(op)]); };
  char buf[256];
  std::snprintf(buf, sizeof buf, "GET %llu (range %llu) PUT %llu LIST %llu DELETE %llu HEAD %llu",
                r(StoreOp::kGet) + r(StoreOp::kRangeGet), r(StoreOp::kRangeGet),
                r(StoreOp::kPut) + r(StoreOp::kPutIfAbsent), r(StoreOp::kList), r(StoreOp::kDelete),
                r(StoreOp::kHead));
  return std::string(buf) + ", read " + HumanBytes(bytes_read) + ", written " + HumanBytes(bytes_written);
}

StoreStatsSnapshot StoreStats::Snapshot() const {
  StoreStatsSnapshot s;
  for (int i = 0; i < static_cast<int>(StoreOp::kCount); i++) s.requests[i] = requests_[i].load();
  s.bytes_read = bytes_read_.load();
  s.bytes_written = bytes_written_.load();
  s.errors = errors_.load();
  s.retries = retries_.load();
  return s;
}

namespace {
// Errors that are expected answers rather than failures are not counted as errors.
void NoteStatus(StoreStats& stats, const Status& st) {
  if (!st.ok() && !st.IsNotFound() && !st.IsAlreadyExists()) stats.AddError();
}
}  // namespace

Result<std::string> ObjectStore::Get(const std::string& key) {
  stats_.Count(StoreOp::kGet);
  auto r = DoGet(key);
  if (r.ok()) stats_.AddRead(r->size());
  NoteStatus(stats_, r.status());
  return r;
}

namespace {
class StringBytes final : public ObjectBytes {
 public:
  explicit StringBytes(std::string s) : s_(std::move(s)) { data_ = s_; }

 private:
  std::string s_;
};
}  // namespace

std::shared_ptr<const ObjectBytes> ObjectBytes::FromString(std::string s) {
  return std::make_shared<const StringBytes>(std::move(s));
}

Result<std::shared_ptr<const ObjectBytes>> ObjectStore::GetShared(const std::string& key) {
  stats_.Count(StoreOp::kGet);
  auto r = DoGetShared(key);
  if (r.ok()) stats_.AddRead((*r)->size());
  NoteStatus(stats_, r.status());
  return r;
}

Result<std::shared_ptr<const ObjectBytes>> ObjectStore::DoGetShared(const std::string& key) {
  S3LITE_ASSIGN_OR_RETURN(std::string s, DoGet(key));
  return ObjectBytes::FromString(std::move(s));
}

Result<std::string> ObjectStore::GetRange(const std::string& key, uint64_t offset, uint64_t length) {
  stats_.Count(StoreOp::kRangeGet);
  auto r = DoGetRange(key, offset, length);
  if (r.ok()) stats_.AddRead(r->size());
  NoteStatus(stats_, r.status());
  return r;
}

Status ObjectStore::Put(const std::string& key, std::string_view data) {
  stats_.Count(StoreOp::kPut);
  Status st = DoPut(key, data);
  if (st.ok()) stats_.AddWritten(data.size());
  NoteStatus(stats_, st);
  return st;
}

Status ObjectStore::PutIfAbsent(const std::string& key, std::string_view data) {
  stats_.Count(StoreOp::kPutIfAbsent);
  Status st = DoPutIfAbsent(key, data);
  if (st.ok()) stats_.AddWritten(data.size());
  NoteStatus(stats_, st);
  return st;
}

Status ObjectStore::Delete(const std::string& key) {
  stats_.Count(StoreOp::kDelete);
  Status st = DoDelete(key);
  NoteStatus(stats_, st);
  return st;
}

Status ObjectStore::DeleteMany(const std::vector<std::string>& keys) {
  // Counted per request by the implementation's DoDelete / batch calls; a
  // default implementation issues one DELETE per key.
  Status st = DoDeleteMany(keys);
  NoteStatus(stats_, st);
  return st;
}

Status ObjectStore::DoDeleteMany(const std::vector<std::string>& keys) {
  for (const auto& k : keys) {
    stats_.Count(StoreOp::kDelete);
    S3LITE_RETURN_IF_ERROR(DoDelete(k));
  }
  return Status::OK();
}

Result<std::vector<ObjectInfo>> ObjectStore::List(const std::string& prefix) {
  stats_.Count(StoreOp::kList);
  auto r = DoList(prefix);
  NoteStatus(stats_, r.status());
  return r;
}

Result<ObjectInfo> ObjectStore::Head(const std::string& key) {
  stats_.Count(StoreOp::kHead);
  auto r = DoHead(key);
  NoteStatus(stats_, r.status());
  return r;
}

}  // namespace s3lite
