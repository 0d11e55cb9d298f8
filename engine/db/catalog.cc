#include "engine/db/catalog.h"

#include <cctype>

namespace s3lite {

const char* SchemaKindName(SchemaKind k) {
  switch (k) {
    case SchemaKind::kTable: return "table";
    case SchemaKind::kIndex: return "index";
    case SchemaKind::kView: return "view";
    case SchemaKind::kTrigger: return "trigger";
  }
  return "?";
}

bool NameEquals(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

const SchemaEntry* Catalog::Find(const std::string& name) const {
  for (const auto& e : entries_) {
    if (NameEquals(e.name, name)) return &e;
  }
  return nullptr;
}

std::vector<const SchemaEntry*> Catalog::IndexesOf(const std::string& table) const {
  std::vector<const SchemaEntry*> out;
  for (const auto& e : entries_) {
    if (e.kind == SchemaKind::kIndex && NameEquals(e.table, table)) out.push_back(&e);
  }
  return out;
}

}  // namespace s3lite
