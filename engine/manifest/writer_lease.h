// Writer lease: at most one live writer per store, and a clear error for the
// second one (docs/SCALE_OUT.md "Writer model").
//
// The writer epoch (fence.h) says who may write; the lease says whether that
// writer is still alive. Objects, next to the epoch's fence object:
//
//   fence/<20-digit epoch>            taken with put-if-absent (fence.h); its
//                                     store-side mtime is the lease's start
//   fence/<20-digit epoch>.lease      rewritten (Put) by the holder every
//                                     ttl/3 while it holds the epoch
//   fence/<20-digit epoch>.released   put-if-absent at a clean close
//
// Bodies are short text: "epoch N\nowner HOST pid P\nttl_ms T\n" plus
// "process HOST BOOT_ID PID_NAMESPACE P\n" identifying the holder process.
//
// The lease of the highest epoch M is LIVE when M has no .released object
// and max(mtime of fence/M, mtime of its .lease) is younger than the
// holder's ttl_ms (from the body), unless the holder was a process on this
// machine, in this pid namespace, that no longer exists (kill(P, 0) fails
// with ESRCH): a writer killed with SIGKILL is taken over at once by the
// next writer on the same machine instead of after its ttl. Age is measured on the store's clock: the
// checker writes a probe object (fence/clock-...), HEADs it, deletes it, and
// compares the probe's mtime with the lease's, so clock skew between
// machines does not matter (only when the store reports no mtime does the
// local clock stand in).
//
// AcquireWriterEpoch takes epoch max(M + 1, at_least) with put-if-absent,
// unless M's lease is live: then Conflict("conflict: the database is being
// written by another instance (epoch M, owner ..., lease renewed 3.0s ago);
// use --writer to take over"). With takeover it takes the next free epoch
// regardless (fencing M). Two acquirers racing for the same epoch: one wins;
// the loser re-reads and sees the winner's fresh lease (Conflict), or with
// takeover climbs to the next epoch.
//
// The lease is about clear errors, not safety: even a writer that lost its
// lease (paused longer than the ttl) cannot overwrite anything, because every
// WAL batch and manifest is put-if-absent; it is fenced at its next commit.
//
// Thread-safety: the free functions are stateless; LeaseKeeper is
// thread-safe (its own thread renews; Stop/Release may be called from any
// thread, once).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "engine/store/object_store.h"
#include "engine/util/status.h"

namespace s3lite {

inline constexpr int64_t kDefaultWriterLeaseMs = 30'000;

struct WriterLeaseOptions {
  int64_t ttl_ms = kDefaultWriterLeaseMs;  // a lease not renewed for this long is dead
  std::string owner;                       // "HOST pid P", for messages
  bool takeover = false;                   // --writer: take an epoch even if the lease is live
};

// What the store says about the newest writer.
struct WriterLeaseState {
  uint64_t epoch = 0;        // highest epoch (0: none)
  std::string owner;         // from the lease or fence body
  int64_t ttl_ms = 0;        // the holder's ttl (from the body; else the caller's)
  int64_t age_ms = -1;       // store time since the last renewal; -1 unknown
  bool released = false;     // closed cleanly
  bool holder_exited = false;  // the holder was a process of this machine that no longer exists
  bool live = false;         // epoch > 0, not released, not exited, age < ttl (or unknown)
  // "epoch 4, owner host pid 12, lease renewed 2.1s ago"
  std::string Describe() const;
};

// "host pid 123" of this process.
std::string ThisProcessOwner();

std::string LeaseKey(uint64_t epoch);
std::string ReleasedKey(uint64_t epoch);
// The epoch of a lease marker "fence/<epoch>.lease" or "fence/<epoch>.released";
// nullopt for any other key (including the fence object itself).
std::optional<uint64_t> ParseLeaseMarkerKey(std::string_view key);
// True for the store-clock probe objects ("fence/clock-...") that
// ReadWriterLease writes and deletes; a crash can leave one behind.
bool IsClockProbeKey(std::string_view key);

// Reads the state of the newest epoch (1 LIST; when not released also 1 GET
// and the probe's PUT + HEAD + DELETE).
Result<WriterLeaseState> ReadWriterLease(ObjectStore& store, int64_t default_ttl_ms);

// Takes a new writer epoch >= at_least (see the file comment).
Result<uint64_t> AcquireWriterEpoch(ObjectStore& store, uint64_t at_least, const WriterLeaseOptions& options);

// One renewal: Put fence/<epoch>.lease.
Status RenewWriterLease(ObjectStore& store, uint64_t epoch, const WriterLeaseOptions& options);
// Put-if-absent fence/<epoch>.released (idempotent).
Status ReleaseWriterLease(ObjectStore& store, uint64_t epoch, const WriterLeaseOptions& options);

// Renews the lease of `epoch` every ttl/3 on a background thread until
// Stop() or Release() (or destruction, which stops without releasing: like
// a crash, the lease then expires after the ttl).
class LeaseKeeper {
 public:
  LeaseKeeper(ObjectStore* store, uint64_t epoch, WriterLeaseOptions options);
  ~LeaseKeeper();
  LeaseKeeper(const LeaseKeeper&) = delete;
  LeaseKeeper& operator=(const LeaseKeeper&) = delete;

  void Stop();
  // Stops renewing and writes the released marker.
  Status Release();
  uint64_t renewals() const;
  uint64_t failures() const;

 private:
  void Run();

  ObjectStore* store_;
  uint64_t epoch_;
  WriterLeaseOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;         // guarded by mu_
  uint64_t renewals_ = 0;     // guarded by mu_
  uint64_t failures_ = 0;     // guarded by mu_
  std::thread thread_;
};

}  // namespace s3lite
