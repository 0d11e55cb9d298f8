// Schema: the SQL layer's view of tables, indexes and views, recovered by
// parsing the CREATE text stored in the engine catalog (like sqlite_master).
//
// Storage model (docs/SQL.md "Storage"): every table is a rowid table. Table
// tree: key EncodeRowid(rowid), value EncodeRecord(all columns in order). A
// column declared INTEGER PRIMARY KEY aliases the rowid; its record slot holds
// the same integer. PRIMARY KEY (other than the rowid alias) and UNIQUE
// constraints are enforced by automatic unique indexes named
// sqlite_autoindex_<table>_<N>. Index tree: key EncodeKey(cols...) +
// EncodeRowid(rowid), value empty.
//
// SchemaCache keeps parsed TableInfo per (name, CREATE text) so prepared
// statements do not re-parse the schema.
//
// Thread-safety: TableInfo is immutable once built and shared by shared_ptr;
// a SchemaCache belongs to one Connection.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/db/catalog.h"
#include "engine/util/status.h"
#include "engine/value/key_codec.h"
#include "sql/function/value_ops.h"
#include "sql/parser/ast.h"

namespace s3lite::sql {

struct ColumnInfo {
  std::string name;
  std::string type;  // declared type ("" if none)
  Affinity affinity = Affinity::kNone;
  bool not_null = false;
  bool nocase = false;              // COLLATE NOCASE
  Collation collation = Collation::kBinary;  // declared COLLATE (BINARY if none)
  const Expr* default_expr = nullptr;  // owned by TableInfo::create
};

struct IndexInfo {
  std::string name;
  TreeId tree = 0;
  std::vector<int> columns;  // table column positions
  // Per column: the collation its keys are built under (dml.cc/ddl.cc encode
  // EncodeKey(value, collation)). Indexes whose SQL lacks kCollatedKeysMark
  // were written before keys honoured collations: all kBinary.
  std::vector<Collation> collations;
  bool unique = false;
  bool automatic = false;    // sqlite_autoindex_*
  bool primary_key = false;  // enforces the PRIMARY KEY
};

struct TableInfo {
  std::string name;
  TreeId tree = 0;
  std::string sql;
  std::vector<ColumnInfo> columns;
  int rowid_alias = -1;  // column index of the INTEGER PRIMARY KEY, or -1
  std::vector<IndexInfo> indexes;
  std::vector<const Expr*> checks;
  std::vector<std::string> check_names;
  std::unique_ptr<CreateTableStmt> create;  // owns default/check expressions

  int FindColumn(const std::string& name) const;  // -1 if absent
};

struct ViewInfo {
  std::string name;
  std::string sql;
  std::unique_ptr<CreateViewStmt> create;
};

// Index SQL stored since index keys honour collations ends with this comment
// when some column's collation is not BINARY; an index without it has BINARY
// keys (stores written before). sqlite_schema and .schema show the SQL
// without it (StripCollatedKeysMark).
inline constexpr std::string_view kCollatedKeysMark = " /* s3lite: collated keys */";
bool HasCollatedKeysMark(std::string_view sql);
std::string_view StripCollatedKeysMark(std::string_view sql);
// The collation of an index column: its explicit COLLATE, else the column's.
// Fails for an unknown collation name ("no such collation sequence: X").
Result<Collation> IndexColumnCollation(const std::string& explicit_name, const ColumnInfo& column);
// True when some collation in `cs` is not BINARY (the index needs the mark).
bool AnyCollated(const std::vector<Collation>& cs);

// Which unique constraints of a CREATE TABLE need automatic indexes, in
// SQLite's numbering order. Each entry lists column positions.
struct AutoIndexSpec {
  std::vector<int> columns;
  std::vector<std::string> collations;  // explicit COLLATE per column ("" none)
  bool primary_key = false;
};
Result<std::vector<AutoIndexSpec>> AutoIndexesFor(const CreateTableStmt& create);
// Index of the INTEGER PRIMARY KEY column of a table definition, or -1.
int RowidAliasOf(const CreateTableStmt& create);
std::string AutoIndexName(const std::string& table, int n);

// Quotes an identifier for generated SQL when needed ("a b" -> "\"a b\"").
std::string QuoteIdentifier(const std::string& name);

class SchemaCache {
 public:
  // nullptr (OK) if `name` is not a table in `catalog`.
  Result<std::shared_ptr<const TableInfo>> GetTable(const Catalog& catalog, const std::string& name);
  Result<std::shared_ptr<const ViewInfo>> GetView(const Catalog& catalog, const std::string& name);

 private:
  // What a cached TableInfo was built from: the table's and its indexes'
  // names, SQL and trees, compared field by field on every lookup (no key
  // string is built: a point select looks its table up once per statement).
  struct EntryKey {
    std::string name, sql;
    TreeId tree = 0;
  };
  struct TableEntry {
    std::vector<EntryKey> parts;  // the table, then its indexes in catalog order
    std::shared_ptr<const TableInfo> info;
  };
  static bool SameParts(const std::vector<EntryKey>& parts, const SchemaEntry& table,
                        const std::vector<const SchemaEntry*>& indexes);
  std::map<std::string, TableEntry> tables_;
  std::map<std::string, std::shared_ptr<const ViewInfo>> views_;
};

std::string LowerName(const std::string& s);

}  // namespace s3lite::sql
