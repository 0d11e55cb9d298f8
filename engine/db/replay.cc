#include "engine/db/replay.h"

namespace s3lite {

std::shared_ptr<const Catalog> CatalogWithEntry(const Catalog& c, const SchemaEntry& e) {
  std::vector<SchemaEntry> entries = c.entries();
  bool replaced = false;
  for (auto& x : entries) {
    if (NameEquals(x.name, e.name)) {
      x = e;
      replaced = true;
    }
  }
  if (!replaced) entries.push_back(e);
  return std::make_shared<Catalog>(std::move(entries));
}

std::shared_ptr<const Catalog> CatalogWithout(const Catalog& c, const std::string& name) {
  std::vector<SchemaEntry> entries;
  for (const auto& x : c.entries()) {
    if (!NameEquals(x.name, name)) entries.push_back(x);
  }
  return std::make_shared<Catalog>(std::move(entries));
}

Status ApplyRecords(TreeWriter& w, Snapshot* snap, const std::vector<const WalRecord*>& records) {
  for (const WalRecord* r : records) {
    switch (r->type) {
      case WalRecordType::kPut: {
        auto it = snap->trees.find(r->tree);
        if (it == snap->trees.end()) return Status::Corruption("WAL put into unknown tree " + std::to_string(r->tree));
        S3LITE_RETURN_IF_ERROR(BTreePut(w, &it->second.root, r->key, r->value));
        it->second.CountPut(w.inserted);
        break;
      }
      case WalRecordType::kDelete: {
        auto it = snap->trees.find(r->tree);
        if (it == snap->trees.end()) {
          return Status::Corruption("WAL delete from unknown tree " + std::to_string(r->tree));
        }
        bool found = false;
        S3LITE_RETURN_IF_ERROR(BTreeDelete(w, &it->second.root, r->key, &found));
        it->second.CountDelete(found);
        break;
      }
      case WalRecordType::kCreateTree: {
        TreeState t;
        t.kind = r->tree_kind;
        snap->trees[r->tree] = t;
        if (snap->next_tree_id <= r->tree) snap->next_tree_id = r->tree + 1;
        break;
      }
      case WalRecordType::kDropTree:
        snap->trees.erase(r->tree);
        break;
      case WalRecordType::kPutSchema:
        snap->catalog = CatalogWithEntry(*snap->catalog, r->schema);
        break;
      case WalRecordType::kDeleteSchema:
        snap->catalog = CatalogWithout(*snap->catalog, r->name);
        break;
      case WalRecordType::kNextTreeId:
        if (snap->next_tree_id < r->next_tree_id) snap->next_tree_id = r->next_tree_id;
        break;
      case WalRecordType::kCommit:
        break;
    }
  }
  return Status::OK();
}

}  // namespace s3lite
