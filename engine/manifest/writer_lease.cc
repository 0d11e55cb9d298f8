// Writer lease (see writer_lease.h).
#include "engine/manifest/writer_lease.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>

#include "engine/manifest/fence.h"
#include "engine/manifest/object_names.h"

namespace s3lite {
namespace {

constexpr std::string_view kLeaseSuffix = ".lease";
constexpr std::string_view kReleasedSuffix = ".released";
constexpr std::string_view kClockProbePrefix = "fence/clock-";

int64_t LocalNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// What LIST fence/ says about one epoch.
struct EpochObjects {
  int64_t fence_mtime = 0;
  bool has_fence = false;
  int64_t lease_mtime = 0;
  bool has_lease = false;
  bool released = false;
};

// "fence/<20 digits>[suffix]" -> (epoch, suffix); nullopt for other keys.
std::optional<std::pair<uint64_t, std::string_view>> ParseLeaseFamilyKey(std::string_view key) {
  if (key.substr(0, kFencePrefix.size()) != kFencePrefix) return std::nullopt;
  std::string_view rest = key.substr(kFencePrefix.size());
  if (rest.size() < 20) return std::nullopt;
  uint64_t n = 0;
  for (char c : rest.substr(0, 20)) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  std::string_view suffix = rest.substr(20);
  if (!suffix.empty() && suffix != kLeaseSuffix && suffix != kReleasedSuffix) return std::nullopt;
  return std::make_pair(n, suffix);
}

// "HOST BOOT_ID PID_NAMESPACE": processes with the same identity can see
// each other's pids with kill(pid, 0). Containers with their own pid
// namespace (or another boot of the machine) get a different identity.
std::string ComputeMachineIdentity() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  std::string boot_id;
  std::ifstream("/proc/sys/kernel/random/boot_id") >> boot_id;
  char ns[128] = {};
  ssize_t n = readlink("/proc/self/ns/pid", ns, sizeof ns - 1);
  if (boot_id.empty() || n <= 0) return "";  // unknown: never judge a pid
  return std::string(host) + " " + boot_id + " " + std::string(ns, static_cast<size_t>(n));
}

// Computed once: every lease renewal writes it and every lease check compares it.
const std::string& ThisMachineIdentity() {
  static const std::string identity = ComputeMachineIdentity();
  return identity;
}

std::string Body(uint64_t epoch, const WriterLeaseOptions& o) {
  std::string body =
      "epoch " + std::to_string(epoch) + "\nowner " + o.owner + "\nttl_ms " + std::to_string(o.ttl_ms) + "\n";
  const std::string& machine = ThisMachineIdentity();
  if (!machine.empty()) body += "process " + machine + " " + std::to_string(getpid()) + "\n";
  return body;
}

// Value of the line "name VALUE" in a body, or "".
std::string BodyField(const std::string& body, std::string_view name) {
  size_t pos = 0;
  while (pos < body.size()) {
    size_t end = body.find('\n', pos);
    if (end == std::string::npos) end = body.size();
    std::string_view line(body.data() + pos, end - pos);
    if (line.size() > name.size() && line.substr(0, name.size()) == name && line[name.size()] == ' ') {
      return std::string(line.substr(name.size() + 1));
    }
    pos = end + 1;
  }
  return "";
}

// True when `process` ("HOST BOOT_ID PID_NAMESPACE PID", from a lease body)
// names a process of this machine and pid namespace that no longer exists.
// A reused pid looks alive, which only delays a takeover until the ttl.
bool HolderHasExited(const std::string& process) {
  size_t space = process.rfind(' ');
  if (space == std::string::npos) return false;
  const std::string& machine = ThisMachineIdentity();
  if (machine.empty() || process.substr(0, space) != machine) return false;
  long pid = std::atol(process.c_str() + space + 1);
  if (pid <= 0 || pid == static_cast<long>(getpid())) return false;
  return kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

// The store's idea of "now": the mtime of a probe object written just now.
// Falls back to the local clock when the store reports no mtime.
int64_t StoreNowMs(ObjectStore& store) {
  static std::atomic<uint64_t> counter{0};
  std::random_device rd;
  char buf[96];
  std::snprintf(buf, sizeof buf, "%d-%08x-%llu", static_cast<int>(getpid()), rd(),
                static_cast<unsigned long long>(counter.fetch_add(1)));
  std::string key = std::string(kClockProbePrefix) + buf;
  int64_t now = 0;
  if (store.Put(key, "clock probe\n").ok()) {
    Result<ObjectInfo> info = store.Head(key);
    if (info.ok()) now = info->mtime_unix_ms;
    (void)store.Delete(key);
  }
  return now > 0 ? now : LocalNowMs();
}

std::string Seconds(int64_t ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1fs", static_cast<double>(ms) / 1000.0);
  return buf;
}

}  // namespace

std::string WriterLeaseState::Describe() const {
  std::string s = "epoch " + std::to_string(epoch) + ", owner " + (owner.empty() ? "unknown" : owner);
  if (released) return s + ", released";
  if (holder_exited) return s + ", holder process has exited";
  if (age_ms < 0) return s + ", lease age unknown";
  return s + ", lease renewed " + Seconds(age_ms) + " ago, ttl " + Seconds(ttl_ms);
}

std::string ThisProcessOwner() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return std::string(host) + " pid " + std::to_string(getpid());
}

std::optional<uint64_t> ParseLeaseMarkerKey(std::string_view key) {
  auto parsed = ParseLeaseFamilyKey(key);
  if (!parsed || parsed->second.empty()) return std::nullopt;
  return parsed->first;
}

bool IsClockProbeKey(std::string_view key) { return key.substr(0, kClockProbePrefix.size()) == kClockProbePrefix; }

std::string LeaseKey(uint64_t epoch) { return FenceKey(epoch) + std::string(kLeaseSuffix); }
std::string ReleasedKey(uint64_t epoch) { return FenceKey(epoch) + std::string(kReleasedSuffix); }

Result<WriterLeaseState> ReadWriterLease(ObjectStore& store, int64_t default_ttl_ms) {
  S3LITE_ASSIGN_OR_RETURN(std::vector<ObjectInfo> objects, store.List(std::string(kFencePrefix)));
  std::map<uint64_t, EpochObjects> epochs;
  for (const ObjectInfo& o : objects) {
    auto parsed = ParseLeaseFamilyKey(o.key);
    if (!parsed) continue;
    EpochObjects& e = epochs[parsed->first];
    if (parsed->second.empty()) {
      e.has_fence = true;
      e.fence_mtime = o.mtime_unix_ms;
    } else if (parsed->second == kLeaseSuffix) {
      e.has_lease = true;
      e.lease_mtime = o.mtime_unix_ms;
    } else {
      e.released = true;
    }
  }
  WriterLeaseState st;
  st.ttl_ms = default_ttl_ms;
  // The newest epoch is the one with the highest fence object (a .lease
  // alone, e.g. after GC, does not make an epoch).
  for (auto it = epochs.rbegin(); it != epochs.rend(); ++it) {
    if (it->second.has_fence) {
      st.epoch = it->first;
      break;
    }
  }
  if (st.epoch == 0) return st;
  const EpochObjects& e = epochs[st.epoch];
  if (e.released) {
    st.released = true;
    return st;
  }
  Result<std::string> body = store.Get(e.has_lease ? LeaseKey(st.epoch) : FenceKey(st.epoch));
  if (!body.ok() && e.has_lease && body.status().IsNotFound()) body = store.Get(FenceKey(st.epoch));
  if (body.ok()) {
    st.owner = BodyField(*body, "owner");
    int64_t ttl = std::atoll(BodyField(*body, "ttl_ms").c_str());
    if (ttl > 0) st.ttl_ms = ttl;
  } else if (!body.status().IsNotFound()) {
    return body.status().WithContext("reading the writer lease of epoch " + std::to_string(st.epoch));
  }
  int64_t renewed = std::max(e.fence_mtime, e.lease_mtime);
  if (renewed > 0) st.age_ms = std::max<int64_t>(0, StoreNowMs(store) - renewed);
  // An unknown age counts as live: refusing is safe, taking over is what
  // --writer is for.
  st.live = st.age_ms < 0 || st.age_ms < st.ttl_ms;
  if (st.live && body.ok() && HolderHasExited(BodyField(*body, "process"))) {
    st.live = false;
    st.holder_exited = true;
  }
  return st;
}

Result<uint64_t> AcquireWriterEpoch(ObjectStore& store, uint64_t at_least, const WriterLeaseOptions& options) {
  std::string context;
  for (int attempt = 0; attempt < 64; attempt++) {
    S3LITE_ASSIGN_OR_RETURN(WriterLeaseState st, ReadWriterLease(store, options.ttl_ms));
    if (st.live && !options.takeover) {
      return Status::Conflict("conflict: the database is being written by another instance (" + st.Describe() +
                              "); use --writer to take over");
    }
    // Without a live holder, and with takeover, any epoch above the highest
    // one will do: climb past epochs taken concurrently.
    uint64_t epoch = std::max({st.epoch + 1, at_least, uint64_t{1}});
    for (;; epoch++) {
      if (epoch > kMaxEpoch) {
        return Status::InvalidArgument("cannot take writer epoch " + std::to_string(epoch) +
                                       ": epochs are limited to " + std::to_string(kMaxEpoch));
      }
      Status s = store.PutIfAbsent(FenceKey(epoch), Body(epoch, options));
      if (s.ok()) return epoch;
      if (!s.IsAlreadyExists()) return s.WithContext("taking writer epoch " + FenceKey(epoch));
      // Someone took this epoch first. With takeover, try the next one;
      // otherwise look again: the winner now holds a live lease.
      if (!options.takeover) break;
    }
  }
  return Status::Conflict("conflict: could not take a writer epoch: lost 64 races to other writers");
}

Status RenewWriterLease(ObjectStore& store, uint64_t epoch, const WriterLeaseOptions& options) {
  Status s = store.Put(LeaseKey(epoch), Body(epoch, options));
  return s.ok() ? s : s.WithContext("renewing the writer lease " + LeaseKey(epoch));
}

Status ReleaseWriterLease(ObjectStore& store, uint64_t epoch, const WriterLeaseOptions& options) {
  Status s = store.PutIfAbsent(ReleasedKey(epoch), Body(epoch, options));
  if (s.ok() || s.IsAlreadyExists()) return Status::OK();
  return s.WithContext("releasing the writer lease " + ReleasedKey(epoch));
}

LeaseKeeper::LeaseKeeper(ObjectStore* store, uint64_t epoch, WriterLeaseOptions options)
    : store_(store), epoch_(epoch), options_(std::move(options)) {
  thread_ = std::thread([this] { Run(); });
}

LeaseKeeper::~LeaseKeeper() { Stop(); }

void LeaseKeeper::Run() {
  auto interval = std::chrono::milliseconds(std::max<int64_t>(1, options_.ttl_ms / 3));
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    if (cv_.wait_for(lock, interval, [this] { return stop_; })) break;
    lock.unlock();
    Status s = RenewWriterLease(*store_, epoch_, options_);
    lock.lock();
    if (s.ok()) {
      renewals_++;
    } else {
      failures_++;  // retried at the next interval; safety never depends on the lease
    }
  }
}

void LeaseKeeper::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

Status LeaseKeeper::Release() {
  Stop();
  return ReleaseWriterLease(*store_, epoch_, options_);
}

uint64_t LeaseKeeper::renewals() const {
  std::lock_guard<std::mutex> lock(mu_);
  return renewals_;
}

uint64_t LeaseKeeper::failures() const {
  std::lock_guard<std::mutex> lock(mu_);
  return failures_;
}

}  // namespace s3lite
