// Fencing: writer epochs (DESIGN.md section 4.5, SlateDB's model).
//
// A process that opens a database for writing takes a new epoch by creating
// fence/<20-digit epoch> with put-if-absent, one more than the highest epoch
// it sees (retrying upward if another writer wins the race). Epochs are
// therefore unique and increasing. The writer stamps its epoch into every WAL
// batch and manifest and into the chunk ids it allocates. Before (or when) it
// commits, CheckFenced tells it whether a newer writer has taken over; a
// fenced writer stops writing. Put-if-absent of WAL and manifest objects is
// what actually prevents lost writes; the fence makes a stale writer notice
// early and say why.
//
// Fence object body: a short human-readable text ("epoch N\nowner ...\n"),
// informational only. Epochs are limited to 24 bits (ChunkId layout).
//
// Thread-safety: stateless functions; the store is thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/store/object_store.h"
#include "engine/util/status.h"

namespace s3lite {

constexpr uint64_t kMaxEpoch = (1ull << 24) - 1;

// Highest epoch with a fence/ object, or 0 if none (one LIST).
Result<uint64_t> CurrentMaxEpoch(ObjectStore& store);

// Takes a new epoch > max(CurrentMaxEpoch, at_least - 1), i.e. at least
// `at_least` (callers pass manifest.epoch + 1 so epochs also stay above any
// epoch recorded in a manifest whose fence object was garbage collected).
// `owner` is written into the fence body for humans (host, pid).
// Errors: store errors; Conflict if 64 consecutive races are lost;
// InvalidArgument past kMaxEpoch.
Result<uint64_t> AcquireEpoch(ObjectStore& store, uint64_t at_least = 1, std::string_view owner = "");

// OK if no epoch above my_epoch exists; else
// Conflict("fenced: a newer writer (epoch N) has taken over").
Status CheckFenced(ObjectStore& store, uint64_t my_epoch);

}  // namespace s3lite
