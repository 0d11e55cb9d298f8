// Catalog: the schema of one database version, as the engine stores it.
//
// Like SQLite's sqlite_master, the engine keeps one SchemaEntry per table,
// index and view: its kind, name, owning table, the SQL text that created it,
// and the B+ tree that holds its data. The engine does not interpret the SQL
// text; the SQL layer parses it to recover columns, types and constraints.
// Names are compared case-insensitively (ASCII), as in SQLite.
//
// A Catalog is an immutable snapshot: a transaction sees the catalog of the
// version it started from plus its own changes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace s3lite {

using TreeId = uint32_t;  // 0 means "no tree" (views)

// How a tree's values are interpreted, for chunk zone maps:
//  kTable: key = EncodeRowid(rowid), value = EncodeRecord(row)
//  kIndex: key = EncodeKey(cols...) + EncodeRowid(rowid), value empty
enum class TreeKind : uint8_t { kTable = 1, kIndex = 2 };

// kTrigger: tree 0; `table` is the table (or view) the trigger fires on.
enum class SchemaKind : uint8_t { kTable = 1, kIndex = 2, kView = 3, kTrigger = 4 };
// "table", "index", "view", "trigger": the type column of sqlite_master.
const char* SchemaKindName(SchemaKind k);

struct SchemaEntry {
  SchemaKind kind = SchemaKind::kTable;
  std::string name;        // table/index/view name as created
  std::string table;       // owning table (for indexes: the indexed table; tables: itself)
  std::string sql;         // CREATE statement text
  TreeId tree = 0;         // data tree; 0 for views

  template <class Archive>
  void serialize(Archive& ar) {
    ar(kind, name, table, sql, tree);
  }
};

class Catalog {
 public:
  Catalog() = default;
  explicit Catalog(std::vector<SchemaEntry> entries) : entries_(std::move(entries)) {}

  const std::vector<SchemaEntry>& entries() const { return entries_; }
  // Case-insensitive lookup by name; nullptr if absent.
  const SchemaEntry* Find(const std::string& name) const;
  // Indexes whose owning table is `table` (case-insensitive).
  std::vector<const SchemaEntry*> IndexesOf(const std::string& table) const;

 private:
  std::vector<SchemaEntry> entries_;
};

// ASCII case-insensitive equality, as SQLite compares identifiers.
bool NameEquals(const std::string& a, const std::string& b);

}  // namespace s3lite
