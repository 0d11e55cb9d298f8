// Snapshot: one immutable committed state of the database, as a transaction
// sees it when it begins: the root of every tree, the catalog, and where the
// state stands (manifest version + WAL sequence).
//
// Roots that are memory pages hold their page trees through shared_ptrs
// (node.h), so a reader holding a Snapshot keeps every page it can reach
// alive, whatever commits and checkpoints happen meanwhile.
//
// Thread-safety: immutable once published (shared_ptr<const Snapshot>).
#pragma once

#include <cstdint>
#include <map>
#include <memory>

#include "engine/db/catalog.h"
#include "engine/page/node.h"

namespace s3lite {

struct TreeState {
  TreeKind kind = TreeKind::kTable;
  ChildRef root;  // id kInvalidPageId: empty tree
  // Number of keys, maintained by every put/delete/rollback/replay. Unknown
  // for trees loaded from a manifest written before counts were kept
  // (entry_count 0 with a non-empty root); stays unknown until rebuilt.
  uint64_t entry_count = 0;
  bool entry_count_known = true;

  void CountPut(bool inserted) { entry_count += inserted ? 1 : 0; }
  void CountDelete(bool found) {
    if (found && entry_count > 0) entry_count--;
  }
};

struct Snapshot {
  uint64_t version = 0;  // manifest version the state is based on (0: none yet)
  uint64_t wal_seq = 0;  // last WAL batch applied
  TreeId next_tree_id = 1;
  std::map<TreeId, TreeState> trees;
  std::shared_ptr<const Catalog> catalog = std::make_shared<Catalog>();
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

}  // namespace s3lite
