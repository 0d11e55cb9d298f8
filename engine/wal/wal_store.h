// WAL object I/O: naming, listing, writing and reading wal/<seq> objects.
//
// Sequence numbers start at 1 and are consecutive; a manifest records the
// last sequence it includes (Manifest::wal_seq), and recovery replays every
// wal/<seq> with seq > wal_seq in order, stopping at the first gap.
// WriteWalBatch uses PutIfAbsent: losing the race for a sequence number means
// another writer committed first, reported as
//   Status::Conflict("conflict: the database was changed by another writer; retry")
// with the store's AlreadyExists message kept as context.
//
// Thread-safety: stateless functions; the store is thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/manifest/object_names.h"  // WalKey, ParseWalKey
#include "engine/store/object_store.h"
#include "engine/util/status.h"
#include "engine/wal/wal_batch.h"

namespace s3lite {

// The message of every commit conflict (DESIGN.md 4, database.h).
inline constexpr std::string_view kConflictMessage =
    "conflict: the database was changed by another writer; retry";

// Sorted sequence numbers of wal/ objects with seq > after (one LIST).
Result<std::vector<uint64_t>> ListWalAfter(ObjectStore& store, uint64_t after);

// PutIfAbsent wal/<seq>. AlreadyExists -> Conflict (see above); other errors
// pass through with the key as context.
Status WriteWalBatch(ObjectStore& store, uint64_t seq, std::string_view bytes);

// Get + DecodeWalBatch; also checks the decoded seq matches the key.
Result<WalBatch> ReadWalBatch(ObjectStore& store, uint64_t seq);

}  // namespace s3lite
