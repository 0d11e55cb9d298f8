#include "sql/planner/schema.h"

#include <cctype>

#include "sql/parser/lexer.h"
#include "sql/parser/parser.h"

namespace s3lite::sql {

std::string LowerName(const std::string& s) {
  std::string out = s;
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

int TableInfo::FindColumn(const std::string& n) const {
  for (size_t i = 0; i < columns.size(); i++) {
    if (NameEquals(columns[i].name, n)) return static_cast<int>(i);
  }
  return -1;
}

std::string AutoIndexName(const std::string& table, int n) {
  return "sqlite_autoindex_" + table + "_" + std::to_string(n);
}

std::string QuoteIdentifier(const std::string& name) {
  bool plain = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0]));
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') plain = false;
  }
  if (plain && !IsReservedWord(name)) return name;
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

bool HasCollatedKeysMark(std::string_view sql) {
  return sql.size() >= kCollatedKeysMark.size() && sql.substr(sql.size() - kCollatedKeysMark.size()) == kCollatedKeysMark;
}

std::string_view StripCollatedKeysMark(std::string_view sql) {
  if (HasCollatedKeysMark(sql)) sql.remove_suffix(kCollatedKeysMark.size());
  return sql;
}

Result<Collation> IndexColumnCollation(const std::string& explicit_name, const ColumnInfo& column) {
  if (explicit_name.empty()) return column.collation;
  Collation c;
  if (!ParseCollation(explicit_name, &c)) return Status::InvalidArgument("no such collation sequence: " + explicit_name);
  return c;
}

bool AnyCollated(const std::vector<Collation>& cs) {
  for (Collation c : cs) {
    if (c != Collation::kBinary) return true;
  }
  return false;
}

namespace {
bool IsIntegerType(const std::string& type) { return EqualsIgnoreCase(type, "INTEGER"); }

int FindDefColumn(const CreateTableStmt& c, const std::string& name) {
  for (size_t i = 0; i < c.columns.size(); i++) {
    if (NameEquals(c.columns[i].name, name)) return static_cast<int>(i);
  }
  return -1;
}
}  // namespace

int RowidAliasOf(const CreateTableStmt& create) {
  for (size_t i = 0; i < create.columns.size(); i++) {
    const ColumnDef& c = create.columns[i];
    if (c.primary_key && IsIntegerType(c.type) && !c.pk_desc) return static_cast<int>(i);
  }
  for (const TableConstraint& tc : create.constraints) {
    if (tc.kind == TableConstraint::kPrimaryKey && tc.columns.size() == 1 && tc.columns[0].expr == nullptr) {
      int idx = FindDefColumn(create, tc.columns[0].name);
      if (idx >= 0 && IsIntegerType(create.columns[idx].type)) return idx;
    }
  }
  return -1;
}

Result<std::vector<AutoIndexSpec>> AutoIndexesFor(const CreateTableStmt& create) {
  std::vector<AutoIndexSpec> out;
  int ipk = RowidAliasOf(create);
  // The collation each column of a constraint resolves to, lower case, ""
  // for BINARY: an explicit COLLATE, else the column's.
  auto resolved = [&](const std::string& explicit_name, int col) {
    std::string n = LowerName(explicit_name.empty() ? create.columns[col].collation : explicit_name);
    return n == "binary" ? std::string() : n;
  };
  auto add = [&](std::vector<int> cols, std::vector<std::string> colls, bool pk) {
    // SQLite skips a UNIQUE constraint identical to an earlier one (same
    // columns under the same collations).
    for (const AutoIndexSpec& s : out) {
      if (s.columns == cols && s.collations == colls) return;
    }
    out.push_back({std::move(cols), std::move(colls), pk});
  };
  for (size_t i = 0; i < create.columns.size(); i++) {
    const ColumnDef& c = create.columns[i];
    int col = static_cast<int>(i);
    if (c.primary_key && col != ipk) add({col}, {resolved("", col)}, true);
    if (c.unique) add({col}, {resolved("", col)}, false);
  }
  for (const TableConstraint& tc : create.constraints) {
    if (tc.kind != TableConstraint::kPrimaryKey && tc.kind != TableConstraint::kUnique) continue;
    std::vector<int> cols;
    std::vector<std::string> colls;
    for (const IndexedColumn& ic : tc.columns) {
      if (ic.expr) return Status::NotSupported("expressions prohibited in PRIMARY KEY and UNIQUE constraints");
      int idx = FindDefColumn(create, ic.name);
      if (idx < 0) return Status::InvalidArgument("no such column: " + ic.name);
      cols.push_back(idx);
      colls.push_back(resolved(ic.collation, idx));
    }
    if (tc.kind == TableConstraint::kPrimaryKey && cols.size() == 1 && cols[0] == ipk) continue;
    add(std::move(cols), std::move(colls), tc.kind == TableConstraint::kPrimaryKey);
  }
  return out;
}

bool SchemaCache::SameParts(const std::vector<EntryKey>& parts, const SchemaEntry& table,
                            const std::vector<const SchemaEntry*>& indexes) {
  if (parts.size() != indexes.size() + 1) return false;
  auto same = [](const EntryKey& k, const SchemaEntry& e) {
    return k.tree == e.tree && k.name == e.name && k.sql == e.sql;
  };
  if (!same(parts[0], table)) return false;
  for (size_t i = 0; i < indexes.size(); i++) {
    if (!same(parts[i + 1], *indexes[i])) return false;
  }
  return true;
}

Result<std::shared_ptr<const TableInfo>> SchemaCache::GetTable(const Catalog& catalog, const std::string& name) {
  const SchemaEntry* e = catalog.Find(name);
  if (e == nullptr || e->kind != SchemaKind::kTable) return std::shared_ptr<const TableInfo>();
  std::vector<const SchemaEntry*> idx = catalog.IndexesOf(e->name);
  std::string lname = LowerName(e->name);
  auto it = tables_.find(lname);
  if (it != tables_.end() && SameParts(it->second.parts, *e, idx)) return it->second.info;
  std::vector<EntryKey> parts;
  parts.push_back({e->name, e->sql, e->tree});
  for (const SchemaEntry* i : idx) parts.push_back({i->name, i->sql, i->tree});

  auto info = std::make_shared<TableInfo>();
  info->name = e->name;
  info->tree = e->tree;
  info->sql = e->sql;
  S3LITE_ASSIGN_OR_RETURN(ParsedStatement parsed, ParseStatement(e->sql));
  if (!parsed.stmt || parsed.stmt->kind != StmtKind::kCreateTable) {
    return Status::Corruption("malformed schema for table " + e->name + ": " + e->sql);
  }
  info->create.reset(static_cast<CreateTableStmt*>(parsed.stmt.release()));
  const CreateTableStmt& c = *info->create;
  for (const ColumnDef& cd : c.columns) {
    ColumnInfo ci;
    ci.name = cd.name;
    ci.type = cd.type;
    ci.affinity = AffinityOfType(cd.type);
    ci.not_null = cd.not_null;
    ci.nocase = EqualsIgnoreCase(cd.collation, "nocase");
    if (!cd.collation.empty()) ParseCollation(cd.collation, &ci.collation);
    ci.default_expr = cd.default_value.get();
    for (const ExprPtr& chk : cd.checks) {
      info->checks.push_back(chk.get());
      info->check_names.push_back(chk->span);
    }
    info->columns.push_back(std::move(ci));
  }
  for (const TableConstraint& tc : c.constraints) {
    if (tc.kind == TableConstraint::kCheck) {
      info->checks.push_back(tc.check.get());
      info->check_names.push_back(tc.check->span);
    }
  }
  info->rowid_alias = RowidAliasOf(c);
  // Automatic indexes first (their SQL is generated), then explicit ones.
  for (const SchemaEntry* ie : idx) {
    S3LITE_ASSIGN_OR_RETURN(ParsedStatement p, ParseStatement(ie->sql));
    if (!p.stmt || p.stmt->kind != StmtKind::kCreateIndex) {
      return Status::Corruption("malformed schema for index " + ie->name + ": " + ie->sql);
    }
    auto* ci = static_cast<CreateIndexStmt*>(p.stmt.get());
    IndexInfo ii;
    ii.name = ie->name;
    ii.tree = ie->tree;
    ii.unique = ci->unique;
    ii.automatic = ie->name.rfind("sqlite_autoindex_", 0) == 0;
    const bool collated = HasCollatedKeysMark(ie->sql);
    for (const IndexedColumn& col : ci->columns) {
      int pos = info->FindColumn(col.name);
      if (pos < 0) return Status::Corruption("index " + ie->name + " names unknown column " + col.name);
      ii.columns.push_back(pos);
      Collation coll = Collation::kBinary;
      if (collated) {
        Result<Collation> r = IndexColumnCollation(col.collation, info->columns[pos]);
        if (!r.ok()) return Status::Corruption("index " + ie->name + ": " + r.status().message());
        coll = *r;
      }
      ii.collations.push_back(coll);
    }
    info->indexes.push_back(std::move(ii));
  }
  // Mark the index that enforces the PRIMARY KEY (for error messages).
  auto specs = AutoIndexesFor(c);
  if (specs.ok()) {
    for (IndexInfo& ii : info->indexes) {
      if (!ii.automatic) continue;
      for (const AutoIndexSpec& s : *specs) {
        if (s.primary_key && s.columns == ii.columns) ii.primary_key = true;
      }
    }
  }
  std::shared_ptr<const TableInfo> result = info;
  tables_[lname] = TableEntry{std::move(parts), result};
  return result;
}

Result<std::shared_ptr<const ViewInfo>> SchemaCache::GetView(const Catalog& catalog, const std::string& name) {
  const SchemaEntry* e = catalog.Find(name);
  if (e == nullptr || e->kind != SchemaKind::kView) return std::shared_ptr<const ViewInfo>();
  std::string lname = LowerName(e->name);
  auto it = views_.find(lname);
  if (it != views_.end() && it->second->sql == e->sql) return it->second;
  auto info = std::make_shared<ViewInfo>();
  info->name = e->name;
  info->sql = e->sql;
  S3LITE_ASSIGN_OR_RETURN(ParsedStatement parsed, ParseStatement(e->sql));
  if (!parsed.stmt || parsed.stmt->kind != StmtKind::kCreateView) {
    return Status::Corruption("malformed schema for view " + e->name + ": " + e->sql);
  }
  info->create.reset(static_cast<CreateViewStmt*>(parsed.stmt.release()));
  std::shared_ptr<const ViewInfo> result = info;
  views_[lname] = result;
  return result;
}

}  // namespace s3lite::sql
