// Replay: applying logical redo records (WAL records, wal_batch.h) to a
// mutable copy of a Snapshot. Used by recovery and refresh; a committing
// transaction has already applied its own records.
//
// Thread-safety: functions on caller-owned values.
#pragma once

#include <vector>

#include "engine/btree/btree.h"
#include "engine/db/snapshot.h"
#include "engine/wal/wal_batch.h"

namespace s3lite {

// Applies one committed transaction's records (no kCommit) in order.
Status ApplyRecords(TreeWriter& w, Snapshot* snap, const std::vector<const WalRecord*>& records);

// Catalog edits shared by transactions and replay.
std::shared_ptr<const Catalog> CatalogWithEntry(const Catalog& c, const SchemaEntry& e);
std::shared_ptr<const Catalog> CatalogWithout(const Catalog& c, const std::string& name);

}  // namespace s3lite
