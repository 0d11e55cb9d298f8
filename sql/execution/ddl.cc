#include "sql/execution/ddl.h"

#include <algorithm>
#include <set>

#include "engine/value/key_codec.h"
#include "engine/value/record.h"
#include "sql/execution/trigger.h"
#include "sql/parser/lexer.h"
#include "sql/parser/parser.h"
#include "sql/planner/planner.h"

namespace s3lite::sql {

namespace {

Status CheckNameFree(const Catalog& catalog, const std::string& name, const char* what) {
  const SchemaEntry* e = catalog.Find(name);
  if (e == nullptr) return Status::OK();
  if (e->kind == SchemaKind::kIndex && std::string(what) != "index") {
    return Status::AlreadyExists("there is already an index named " + name);
  }
  return Status::AlreadyExists(std::string(SchemaKindName(e->kind)) + " " + name + " already exists");
}

Status CheckReserved(const std::string& name) {
  if (name.size() >= 7 && EqualsIgnoreCase(name.substr(0, 7), "sqlite_")) {
    return Status::InvalidArgument("object name reserved for internal use: " + name);
  }
  return Status::OK();
}

// The generated CREATE text of an automatic index; columns under a
// collation other than BINARY are written with it, and the SQL then carries
// kCollatedKeysMark (its keys are built under the collations).
std::string IndexSql(const std::string& name, const std::string& table, const std::vector<std::string>& cols,
                     const std::vector<std::string>& collations, bool unique) {
  std::string sql = std::string("CREATE ") + (unique ? "UNIQUE " : "") + "INDEX " + QuoteIdentifier(name) + " ON " +
                    QuoteIdentifier(table) + "(";
  bool collated = false;
  for (size_t i = 0; i < cols.size(); i++) {
    sql += (i ? "," : "") + QuoteIdentifier(cols[i]);
    if (i < collations.size() && !collations[i].empty()) {
      sql += " COLLATE " + collations[i];
      collated = true;
    }
  }
  sql += ")";
  if (collated) sql += kCollatedKeysMark;
  return sql;
}

// Builds index entries for every row of the table; enforces uniqueness.
Status FillIndex(WriteEnv& env, const TableInfo& t, const IndexInfo& ix) {
  S3LITE_ASSIGN_OR_RETURN(auto cur, env.txn->NewCursor(t.tree));
  S3LITE_RETURN_IF_ERROR(cur->SeekFirst());
  Row row;
  std::set<std::string> seen;
  while (cur->Valid()) {
    S3LITE_ASSIGN_OR_RETURN(int64_t rowid, DecodeRowid(cur->key()));
    S3LITE_RETURN_IF_ERROR(DecodeRecord(cur->value(), &row));
    row.resize(t.columns.size());
    std::string key;
    bool has_null = false;
    for (size_t i = 0; i < ix.columns.size(); i++) {
      const Value& v = row[ix.columns[i]];
      if (v.is_null()) has_null = true;
      EncodeKey(v, i < ix.collations.size() ? ix.collations[i] : Collation::kBinary, &key);
    }
    if (ix.unique && !has_null && !seen.insert(key).second) {
      std::string m = "UNIQUE constraint failed: ";
      for (size_t i = 0; i < ix.columns.size(); i++) m += (i ? ", " : "") + t.name + "." + t.columns[ix.columns[i]].name;
      return Status::Constraint(m);
    }
    EncodeRowid(rowid, &key);
    S3LITE_RETURN_IF_ERROR(env.txn->Put(ix.tree, key, std::string_view()));
    S3LITE_RETURN_IF_ERROR(cur->Next());
  }
  return Status::OK();
}

Status CreateTableFrom(const CreateTableStmt& s, const std::string& sql, WriteEnv& env) {
  std::set<std::string> names;
  int pks = 0;
  for (const ColumnDef& c : s.columns) {
    if (!names.insert(LowerName(c.name)).second) return Status::InvalidArgument("duplicate column name: " + c.name);
    Collation unused;
    if (!c.collation.empty() && !ParseCollation(c.collation, &unused)) {
      return Status::InvalidArgument("no such collation sequence: " + c.collation);
    }
    if (c.primary_key) pks++;
    if (c.autoincrement && !EqualsIgnoreCase(c.type, "integer")) {
      return Status::InvalidArgument("AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY");
    }
  }
  for (const TableConstraint& tc : s.constraints) {
    if (tc.kind == TableConstraint::kPrimaryKey) pks++;
  }
  if (pks > 1) return Status::InvalidArgument("table \"" + s.name + "\" has more than one primary key");
  S3LITE_ASSIGN_OR_RETURN(auto specs, AutoIndexesFor(s));
  S3LITE_ASSIGN_OR_RETURN(TreeId tree, env.txn->CreateTree(TreeKind::kTable));
  S3LITE_RETURN_IF_ERROR(env.txn->PutSchema(SchemaEntry{SchemaKind::kTable, s.name, s.name, sql, tree}));
  for (size_t i = 0; i < specs.size(); i++) {
    std::string iname = AutoIndexName(s.name, static_cast<int>(i + 1));
    std::vector<std::string> cols;
    for (int c : specs[i].columns) cols.push_back(s.columns[c].name);
    for (const std::string& coll : specs[i].collations) {
      Collation unused;
      if (!coll.empty() && !ParseCollation(coll, &unused)) {
        return Status::InvalidArgument("no such collation sequence: " + coll);
      }
    }
    S3LITE_ASSIGN_OR_RETURN(TreeId itree, env.txn->CreateTree(TreeKind::kIndex));
    S3LITE_RETURN_IF_ERROR(env.txn->PutSchema(SchemaEntry{SchemaKind::kIndex, iname, s.name,
                                                          IndexSql(iname, s.name, cols, specs[i].collations, true),
                                                          itree}));
  }
  return Status::OK();
}

Status CreateTable(const CreateTableStmt& s, std::string_view sql_text, WriteEnv& env) {
  const Catalog& catalog = env.txn->catalog();
  if (catalog.Find(s.name) != nullptr) {
    if (s.if_not_exists) return Status::OK();
    return CheckNameFree(catalog, s.name, "table");
  }
  S3LITE_RETURN_IF_ERROR(CheckReserved(s.name));
  if (!s.as_select) return CreateTableFrom(s, SchemaText(sql_text), env);
  // CREATE TABLE ... AS SELECT: columns named and typed after the query.
  Planner planner(catalog, env.cache, env.ctx);
  S3LITE_ASSIGN_OR_RETURN(auto plan, planner.PlanSelect(*s.as_select));
  std::string sql = "CREATE TABLE " + QuoteIdentifier(s.name) + "(";
  std::set<std::string> used;
  for (size_t i = 0; i < plan->visible; i++) {
    std::string name = plan->names[i];
    std::string base = name;
    for (int n = 1; !used.insert(LowerName(name)).second; n++) name = base + ":" + std::to_string(n);
    std::string type = AffinityTypeName(AffinityOfType(plan->decl_types[i]));
    if (plan->decl_types[i].empty()) type = "";
    sql += (i ? "," : "") + QuoteIdentifier(name) + (type.empty() ? "" : " " + type);
  }
  sql += ")";
  S3LITE_ASSIGN_OR_RETURN(ParsedStatement parsed, ParseStatement(sql));
  S3LITE_RETURN_IF_ERROR(CreateTableFrom(static_cast<const CreateTableStmt&>(*parsed.stmt), sql, env));
  S3LITE_ASSIGN_OR_RETURN(auto t, env.cache->GetTable(env.txn->catalog(), s.name));
  S3LITE_RETURN_IF_ERROR(plan->Open(nullptr));
  int64_t rowid = 0;
  std::string rec;
  while (true) {
    Row r;
    bool has;
    S3LITE_RETURN_IF_ERROR(plan->Next(&r, &has));
    if (!has) break;
    for (size_t i = 0; i < r.size(); i++) r[i] = ApplyAffinity(r[i], t->columns[i].affinity);
    rec.clear();
    EncodeRecord(r, &rec);
    S3LITE_RETURN_IF_ERROR(env.txn->Put(t->tree, EncodeRowid(++rowid), rec));
  }
  return Status::OK();
}

Status CreateIndex(const CreateIndexStmt& s, std::string_view sql_text, WriteEnv& env) {
  const Catalog& catalog = env.txn->catalog();
  if (catalog.Find(s.name) != nullptr) {
    if (s.if_not_exists) return Status::OK();
    const SchemaEntry* e = catalog.Find(s.name);
    if (e->kind == SchemaKind::kIndex) return Status::AlreadyExists("index " + s.name + " already exists");
    return Status::AlreadyExists("there is already a " + std::string(SchemaKindName(e->kind)) + " named " + s.name);
  }
  S3LITE_RETURN_IF_ERROR(CheckReserved(s.name));
  S3LITE_ASSIGN_OR_RETURN(auto t, env.cache->GetTable(catalog, s.table));
  if (!t) {
    const SchemaEntry* e = catalog.Find(s.table);
    if (e != nullptr && e->kind == SchemaKind::kView) return Status::InvalidArgument("views may not be indexed");
    return Status::InvalidArgument("no such table: main." + s.table);
  }
  if (s.where) return Status::NotSupported("partial indexes are not supported");
  IndexInfo ix;
  ix.name = s.name;
  ix.unique = s.unique;
  for (const IndexedColumn& c : s.columns) {
    if (c.expr) return Status::NotSupported("indexes on expressions are not supported");
    int pos = t->FindColumn(c.name);
    if (pos < 0) return Status::InvalidArgument("no such column: " + c.name);
    ix.columns.push_back(pos);
    S3LITE_ASSIGN_OR_RETURN(Collation coll, IndexColumnCollation(c.collation, t->columns[pos]));
    ix.collations.push_back(coll);
  }
  S3LITE_ASSIGN_OR_RETURN(ix.tree, env.txn->CreateTree(TreeKind::kIndex));
  S3LITE_RETURN_IF_ERROR(FillIndex(env, *t, ix));
  // The stored text is the statement as written (sqlite_schema shows it),
  // marked when its keys are built under a collation (schema.h).
  std::string sql = SchemaText(sql_text);
  if (AnyCollated(ix.collations)) sql += kCollatedKeysMark;
  return env.txn->PutSchema(SchemaEntry{SchemaKind::kIndex, s.name, t->name, std::move(sql), ix.tree});
}

Status Drop(const DropStmt& s, WriteEnv& env) {
  const Catalog& catalog = env.txn->catalog();
  const SchemaEntry* e = catalog.Find(s.name);
  const char* what = s.what == DropStmt::kTable ? "table" : s.what == DropStmt::kIndex ? "index"
                     : s.what == DropStmt::kView  ? "view" : "trigger";
  SchemaKind want = s.what == DropStmt::kTable ? SchemaKind::kTable
                    : s.what == DropStmt::kIndex ? SchemaKind::kIndex : SchemaKind::kView;
  if (s.what == DropStmt::kTrigger) return DropTrigger(s, env);
  if (e == nullptr || e->kind != want) {
    if (e != nullptr && e->kind != SchemaKind::kIndex && want != SchemaKind::kIndex) {
      return Status::InvalidArgument("use DROP " + std::string(e->kind == SchemaKind::kTable ? "TABLE" : "VIEW") +
                                     " to delete " + std::string(SchemaKindName(e->kind)) + " " + s.name);
    }
    if (s.if_exists) return Status::OK();
    return Status::InvalidArgument(std::string("no such ") + what + ": " + s.name);
  }
  SchemaEntry entry = *e;
  if (want == SchemaKind::kIndex) {
    if (entry.name.rfind("sqlite_autoindex_", 0) == 0) {
      return Status::InvalidArgument("index associated with UNIQUE or PRIMARY KEY constraint cannot be dropped");
    }
  }
  if (want == SchemaKind::kTable) {
    S3LITE_RETURN_IF_ERROR(CheckReserved(entry.name));
    std::vector<SchemaEntry> indexes;
    for (const SchemaEntry* i : catalog.IndexesOf(entry.name)) indexes.push_back(*i);
    for (const SchemaEntry& i : indexes) {
      S3LITE_RETURN_IF_ERROR(env.txn->DropTree(i.tree));
      S3LITE_RETURN_IF_ERROR(env.txn->DeleteSchema(i.name));
    }
  }
  if (want != SchemaKind::kIndex) S3LITE_RETURN_IF_ERROR(DropTriggersOn(env, entry.name));
  if (entry.tree != 0) S3LITE_RETURN_IF_ERROR(env.txn->DropTree(entry.tree));
  return env.txn->DeleteSchema(entry.name);
}

Status CreateView(const CreateViewStmt& s, std::string_view sql_text, WriteEnv& env) {
  const Catalog& catalog = env.txn->catalog();
  if (catalog.Find(s.name) != nullptr) {
    if (s.if_not_exists) return Status::OK();
    return CheckNameFree(catalog, s.name, "view");
  }
  S3LITE_RETURN_IF_ERROR(CheckReserved(s.name));
  Planner planner(catalog, env.cache, env.ctx);
  S3LITE_ASSIGN_OR_RETURN(auto plan, planner.PlanSelect(*s.select));
  if (!s.columns.empty() && s.columns.size() != plan->visible) {
    return Status::InvalidArgument("expected " + std::to_string(s.columns.size()) + " columns for '" + s.name +
                                   "' but got " + std::to_string(plan->visible));
  }
  return env.txn->PutSchema(SchemaEntry{SchemaKind::kView, s.name, s.name, SchemaText(sql_text), 0});
}

// Replaces the identifier token at `pos` in `sql` (as the lexer sees it).
struct TokenSpan {
  size_t pos, len;
};

std::vector<std::pair<Token, TokenSpan>> Tokens(const std::string& sql) {
  std::vector<std::pair<Token, TokenSpan>> out;
  Lexer lex(sql);
  while (true) {
    Token t = lex.Next();
    if (t.type == TokenType::kEnd) break;
    TokenSpan sp{t.pos, t.text.size()};
    out.emplace_back(std::move(t), sp);
  }
  return out;
}

}  // namespace

std::string SchemaText(std::string_view sql_text) {
  std::string sql(sql_text);
  auto toks = Tokens(sql);
  size_t i = 0;
  auto is = [&](Word word) { return i < toks.size() && toks[i].first.Is(word); };
  if (!is("create")) return sql;
  i++;
  if (is("temp") || is("temporary")) i++;
  std::string head = "CREATE ";
  if (is("unique")) {
    head += "UNIQUE ";
    i++;
  }
  if (is("table")) head += "TABLE ";
  else if (is("index")) head += "INDEX ";
  else if (is("view")) head += "VIEW ";
  else if (is("trigger")) head += "TRIGGER ";
  else return sql;
  i++;
  if (is("if") && i + 2 < toks.size() && toks[i + 1].first.Is("not") && toks[i + 2].first.Is("exists")) i += 3;
  if (i + 2 < toks.size() && toks[i + 1].first.IsOp(".")) i += 2;  // schema.name
  if (i >= toks.size()) return sql;
  return head + sql.substr(toks[i].second.pos);
}

namespace {

// The table name token of a CREATE TABLE / the ON target of a CREATE INDEX.
Result<TokenSpan> NameToken(const std::string& sql, bool index_target) {
  auto toks = Tokens(sql);
  for (size_t i = 0; i < toks.size(); i++) {
    const Token& t = toks[i].first;
    if (index_target ? t.Is("on") : (t.Is("table") || t.Is("view"))) {
      size_t j = i + 1;
      if (!index_target && j + 2 < toks.size() && toks[j].first.Is("if")) j += 3;
      if (j + 2 < toks.size() && toks[j + 1].first.IsOp(".")) j += 2;
      if (j < toks.size()) return toks[j].second;
    }
  }
  return Status::Corruption("cannot find the name in: " + sql);
}

std::string ReplaceSpan(const std::string& sql, TokenSpan sp, const std::string& repl) {
  return sql.substr(0, sp.pos) + repl + sql.substr(sp.pos + sp.len);
}

// Renames identifier tokens equal to `from` after the first '(' at or after `start`.
std::string RenameIdentifiers(const std::string& sql, size_t start, const std::string& from, const std::string& to) {
  auto toks = Tokens(sql);
  std::string out;
  size_t last = 0;
  bool in_body = false;
  for (auto& [t, sp] : toks) {
    if (sp.pos < start) continue;
    if (t.IsOp("(")) in_body = true;
    if (!in_body) continue;
    if ((t.type == TokenType::kIdentifier || t.type == TokenType::kQuotedId) && NameEquals(t.Name(), from)) {
      out += sql.substr(last, sp.pos - last) + QuoteIdentifier(to);
      last = sp.pos + sp.len;
    }
  }
  return out + sql.substr(last);
}

// ---- ALTER TABLE DROP COLUMN ----

// The first column reference named `col` in `e`, or null.
const Expr* FindColumnRef(const Expr* e, const std::string& col) {
  if (e == nullptr) return nullptr;
  if (e->kind == ExprKind::kColumn && NameEquals(e->name, col)) return e;
  for (const ExprPtr& a : e->args) {
    if (const Expr* r = FindColumnRef(a.get(), col)) return r;
  }
  return nullptr;
}

// Where the column definitions of a CREATE TABLE text are: the offset of
// each column's name token and the end of the definitions (the comma before
// the first table constraint, else the closing parenthesis), as sqlite3's
// addColOffset.
struct ColumnDefSpans {
  std::vector<size_t> starts;
  size_t defs_end = 0;
};

Result<ColumnDefSpans> FindColumnDefs(const std::string& sql) {
  S3LITE_ASSIGN_OR_RETURN(TokenSpan name, NameToken(sql, false));
  auto toks = Tokens(sql);
  ColumnDefSpans out;
  int depth = 0;
  bool segment_start = false, constraints = false;
  size_t last_comma = 0;
  for (auto& [t, sp] : toks) {
    if (sp.pos <= name.pos) continue;
    if (t.IsOp('(')) {
      if (++depth == 1) segment_start = true;
      continue;
    }
    if (t.IsOp(')')) {
      if (--depth == 0) {
        if (!constraints) out.defs_end = sp.pos;
        return out;
      }
      continue;
    }
    if (depth == 1 && t.IsOp(',')) {
      segment_start = true;
      last_comma = sp.pos;
      continue;
    }
    if (depth == 1 && segment_start) {
      segment_start = false;
      if (constraints) continue;
      if (t.Is("constraint") || t.Is("primary") || t.Is("unique") || t.Is("check") || t.Is("foreign")) {
        constraints = true;
        out.defs_end = last_comma;
      } else {
        out.starts.push_back(sp.pos);
      }
    }
  }
  return Status::Corruption("cannot find the column definitions in: " + sql);
}

// Fails as sqlite3 does when the schema would not parse without column `col`
// of `t`: its own constraints, its indexes, NEW./OLD. references in its
// triggers. Views are checked after the rewrite (they are planned).
Status CheckDropColumnUses(const Catalog& catalog, const TableInfo& t, int col) {
  const std::string& name = t.columns[col].name;
  const std::string in_table = "error in table " + t.name + " after drop column: ";
  const CreateTableStmt& ct = *t.create;
  for (size_t i = 0; i < ct.columns.size(); i++) {
    if (static_cast<int>(i) == col) continue;
    for (const ExprPtr& c : ct.columns[i].checks) {
      if (const Expr* r = FindColumnRef(c.get(), name)) return Status::InvalidArgument(in_table + "no such column: " + r->name);
    }
  }
  for (const TableConstraint& tc : ct.constraints) {
    if (tc.kind == TableConstraint::kCheck) {
      if (const Expr* r = FindColumnRef(tc.check.get(), name)) return Status::InvalidArgument(in_table + "no such column: " + r->name);
      continue;
    }
    for (const IndexedColumn& ic : tc.columns) {
      if (!NameEquals(ic.name, name)) continue;
      if (tc.kind == TableConstraint::kForeignKey) {
        return Status::InvalidArgument(in_table + "unknown column \"" + ic.name + "\" in foreign key definition");
      }
      return Status::InvalidArgument(in_table + "no such column: " + ic.name);
    }
  }
  for (const SchemaEntry& e : catalog.entries()) {
    if (!NameEquals(e.table, t.name)) continue;
    if (e.kind == SchemaKind::kIndex && e.name.rfind("sqlite_autoindex_", 0) != 0) {
      S3LITE_ASSIGN_OR_RETURN(ParsedStatement p, ParseStatement(std::string(StripCollatedKeysMark(e.sql))));
      if (!p.stmt || p.stmt->kind != StmtKind::kCreateIndex) continue;
      for (const IndexedColumn& ic : static_cast<const CreateIndexStmt&>(*p.stmt).columns) {
        if (NameEquals(ic.name, name)) {
          return Status::InvalidArgument("error in index " + e.name + " after drop column: no such column: " + ic.name);
        }
      }
    } else if (e.kind == SchemaKind::kTrigger) {
      auto toks = Tokens(e.sql);
      for (size_t k = 0; k + 2 < toks.size(); k++) {
        const Token& q = toks[k].first;
        if ((q.IsWord("new") || q.IsWord("old")) && toks[k + 1].first.IsOp('.') &&
            NameEquals(toks[k + 2].first.Name(), name)) {
          return Status::InvalidArgument("error in trigger " + e.name + " after drop column: no such column: " +
                                         std::string(q.text) + "." + std::string(toks[k + 2].first.text));
        }
      }
    }
  }
  return Status::OK();
}

Status DropColumn(const AlterTableStmt& s, const TableInfo& t, const SchemaEntry& table_entry, WriteEnv& env) {
  int col = t.FindColumn(s.column);
  if (col < 0) return Status::InvalidArgument("no such column: \"" + s.new_name + "\"");  // as written
  if (!t.create) return Status::Corruption("cannot parse the CREATE text of table " + t.name);
  const CreateTableStmt& ct = *t.create;
  bool pk = ct.columns[col].primary_key;
  for (const TableConstraint& tc : ct.constraints) {
    if (tc.kind != TableConstraint::kPrimaryKey) continue;
    for (const IndexedColumn& ic : tc.columns) pk = pk || NameEquals(ic.name, t.columns[col].name);
  }
  if (pk) return Status::InvalidArgument("cannot drop PRIMARY KEY column: \"" + s.column + "\"");
  if (ct.columns[col].unique) return Status::InvalidArgument("cannot drop UNIQUE column: \"" + s.column + "\"");
  if (t.columns.size() <= 1) {
    return Status::InvalidArgument("cannot drop column \"" + s.column + "\": no other columns exist");
  }
  S3LITE_RETURN_IF_ERROR(CheckDropColumnUses(env.txn->catalog(), t, col));
  // The CREATE text without the definition, cut as sqlite3 cuts it: from the
  // name to the next column's name, or for the last column from the comma
  // before it to the end of the definitions.
  S3LITE_ASSIGN_OR_RETURN(ColumnDefSpans spans, FindColumnDefs(table_entry.sql));
  if (spans.starts.size() != t.columns.size()) {
    return Status::Corruption("column definitions do not match the table in: " + table_entry.sql);
  }
  const std::string& old_sql = table_entry.sql;
  SchemaEntry ne = table_entry;
  if (static_cast<size_t>(col) + 1 < spans.starts.size()) {
    ne.sql = old_sql.substr(0, spans.starts[col]) + old_sql.substr(spans.starts[col + 1]);
  } else {
    size_t cut = spans.starts[col];
    while (cut > 0 && old_sql[cut] != ',') cut--;
    ne.sql = old_sql.substr(0, cut) + old_sql.substr(spans.defs_end);
  }
  // Rewrite every row without the column (index keys hold values and the
  // rowid, not positions, so indexes stay as they are).
  std::vector<std::pair<std::string, std::string>> rows;
  {
    S3LITE_ASSIGN_OR_RETURN(auto cur, env.txn->NewCursor(t.tree));
    S3LITE_RETURN_IF_ERROR(cur->SeekFirst());
    Row row;
    while (cur->Valid()) {
      S3LITE_RETURN_IF_ERROR(DecodeRecord(cur->value(), &row));
      if (static_cast<size_t>(col) < row.size()) {
        row.erase(row.begin() + col);
        std::string rec;
        EncodeRecord(row, &rec);
        rows.emplace_back(std::string(cur->key()), std::move(rec));
      }
      S3LITE_RETURN_IF_ERROR(cur->Next());
    }
  }
  for (const auto& [key, rec] : rows) S3LITE_RETURN_IF_ERROR(env.txn->Put(t.tree, key, rec));
  S3LITE_RETURN_IF_ERROR(env.txn->PutSchema(ne));
  // Views must still plan (the statement's savepoint undoes all on failure).
  const Catalog& catalog = env.txn->catalog();
  std::vector<std::string> views;
  for (const SchemaEntry& e : catalog.entries()) {
    if (e.kind == SchemaKind::kView) views.push_back(e.name);
  }
  for (const std::string& v : views) {
    S3LITE_ASSIGN_OR_RETURN(auto vi, env.cache->GetView(env.txn->catalog(), v));
    if (!vi || !vi->create || !vi->create->select) continue;
    Planner planner(env.txn->catalog(), env.cache, env.ctx);
    auto plan = planner.PlanSelect(*vi->create->select);
    if (!plan.ok()) {
      return Status::InvalidArgument("error in view " + v + " after drop column: " + plan.status().message());
    }
  }
  return Status::OK();
}

Status AlterTable(const AlterTableStmt& s, WriteEnv& env) {
  const Catalog& catalog = env.txn->catalog();
  if (s.action == AlterTableStmt::kDropColumn) {
    const SchemaEntry* e = catalog.Find(s.table);
    if (e != nullptr && e->kind == SchemaKind::kView) {
      return Status::InvalidArgument("cannot drop column from view \"" + s.table + "\"");
    }
  }
  S3LITE_ASSIGN_OR_RETURN(auto t, env.cache->GetTable(catalog, s.table));
  if (!t) return Status::InvalidArgument("no such table: " + s.table);
  S3LITE_RETURN_IF_ERROR(CheckReserved(t->name));
  const SchemaEntry table_entry = *catalog.Find(t->name);
  std::vector<SchemaEntry> indexes;
  for (const SchemaEntry* i : catalog.IndexesOf(t->name)) indexes.push_back(*i);
  switch (s.action) {
    case AlterTableStmt::kRenameTable: {
      if (catalog.Find(s.new_name) != nullptr && !NameEquals(s.new_name, t->name)) {
        return Status::InvalidArgument("there is already another table or index with this name: " + s.new_name);
      }
      S3LITE_RETURN_IF_ERROR(CheckReserved(s.new_name));
      S3LITE_ASSIGN_OR_RETURN(TokenSpan sp, NameToken(table_entry.sql, false));
      SchemaEntry ne = table_entry;
      ne.name = s.new_name;
      ne.table = s.new_name;
      ne.sql = ReplaceSpan(table_entry.sql, sp, QuoteIdentifier(s.new_name));
      for (const SchemaEntry& i : indexes) S3LITE_RETURN_IF_ERROR(env.txn->DeleteSchema(i.name));
      S3LITE_RETURN_IF_ERROR(env.txn->DeleteSchema(table_entry.name));
      S3LITE_RETURN_IF_ERROR(env.txn->PutSchema(ne));
      for (const SchemaEntry& i : indexes) {
        SchemaEntry ni = i;
        ni.table = s.new_name;
        std::string prefix = "sqlite_autoindex_" + t->name + "_";
        if (i.name.rfind(prefix, 0) == 0) ni.name = "sqlite_autoindex_" + s.new_name + "_" + i.name.substr(prefix.size());
        S3LITE_ASSIGN_OR_RETURN(TokenSpan isp, NameToken(i.sql, true));
        ni.sql = ReplaceSpan(i.sql, isp, QuoteIdentifier(s.new_name));
        if (ni.name != i.name) {
          // CREATE UNIQUE INDEX <name> ...: the name is the token after INDEX.
          auto toks = Tokens(ni.sql);
          for (size_t k = 0; k + 1 < toks.size(); k++) {
            if (toks[k].first.Is("index")) {
              ni.sql = ReplaceSpan(ni.sql, toks[k + 1].second, QuoteIdentifier(ni.name));
              break;
            }
          }
        }
        S3LITE_RETURN_IF_ERROR(env.txn->PutSchema(ni));
      }
      return RenameTriggerTable(env, t->name, s.new_name);
    }
    case AlterTableStmt::kRenameColumn: {
      if (t->FindColumn(s.column) < 0) return Status::InvalidArgument("no such column: \"" + s.column + "\"");
      if (t->FindColumn(s.new_name) >= 0) return Status::InvalidArgument("duplicate column name: " + s.new_name);
      SchemaEntry ne = table_entry;
      S3LITE_ASSIGN_OR_RETURN(TokenSpan sp, NameToken(table_entry.sql, false));
      ne.sql = RenameIdentifiers(table_entry.sql, sp.pos + sp.len, s.column, s.new_name);
      S3LITE_RETURN_IF_ERROR(env.txn->PutSchema(ne));
      for (const SchemaEntry& i : indexes) {
        SchemaEntry ni = i;
        S3LITE_ASSIGN_OR_RETURN(TokenSpan isp, NameToken(i.sql, true));
        ni.sql = RenameIdentifiers(i.sql, isp.pos + isp.len, s.column, s.new_name);
        S3LITE_RETURN_IF_ERROR(env.txn->PutSchema(ni));
      }
      return Status::OK();
    }
    case AlterTableStmt::kAddColumn: {
      const ColumnDef& c = s.column_def;
      if (t->FindColumn(c.name) >= 0) return Status::InvalidArgument("duplicate column name: " + c.name);
      if (c.primary_key) return Status::InvalidArgument("Cannot add a PRIMARY KEY column");
      if (c.unique) return Status::InvalidArgument("Cannot add a UNIQUE column");
      bool null_default = c.default_value == nullptr ||
                          (c.default_value->kind == ExprKind::kLiteral && c.default_value->value.is_null());
      if (c.not_null && null_default) {
        return Status::InvalidArgument("Cannot add a NOT NULL column with default value NULL");
      }
      if (c.default_value != nullptr && c.default_value->kind != ExprKind::kLiteral &&
          !(c.default_value->kind == ExprKind::kUnary && c.default_value->args[0]->kind == ExprKind::kLiteral)) {
        return Status::InvalidArgument("Cannot add a column with non-constant default");
      }
      size_t close = table_entry.sql.rfind(')');
      if (close == std::string::npos) return Status::Corruption("malformed CREATE TABLE: " + table_entry.sql);
      SchemaEntry ne = table_entry;
      ne.sql = table_entry.sql.substr(0, close) + ", " + s.column_def_sql + table_entry.sql.substr(close);
      return env.txn->PutSchema(ne);
    }
    case AlterTableStmt::kDropColumn:
      return DropColumn(s, *t, table_entry, env);
  }
  return Status::OK();
}

}  // namespace

Status Reindex(const std::string& name, WriteEnv& env, int* rebuilt) {
  *rebuilt = 0;
  const Catalog& catalog = env.txn->catalog();
  Collation by_collation = Collation::kBinary;
  const bool all = name.empty() || EqualsIgnoreCase(name, "main");
  const bool collation = !all && ParseCollation(name, &by_collation);
  // Collect first: rebuilding rewrites catalog entries.
  struct Stale {
    SchemaEntry entry;
    std::string sql;
    IndexInfo ix;
  };
  std::vector<Stale> stale;
  for (const SchemaEntry& e : catalog.entries()) {
    if (e.kind != SchemaKind::kIndex || HasCollatedKeysMark(e.sql)) continue;
    if (!all && !collation && !NameEquals(e.name, name) && !NameEquals(e.table, name)) continue;
    S3LITE_ASSIGN_OR_RETURN(auto t, env.cache->GetTable(catalog, e.table));
    if (!t) continue;
    const IndexInfo* cur = nullptr;
    for (const IndexInfo& ix : t->indexes) {
      if (NameEquals(ix.name, e.name)) cur = &ix;
    }
    if (cur == nullptr) continue;
    // The collations the index should have: for automatic indexes from the
    // table's constraints (their old SQL did not name them), else from the
    // index's own text and the columns.
    std::string sql;
    std::vector<Collation> colls;
    if (cur->automatic) {
      S3LITE_ASSIGN_OR_RETURN(auto specs, AutoIndexesFor(*t->create));
      size_t n = 0;
      for (size_t i = 0; i < specs.size(); i++) {
        if (AutoIndexName(t->name, static_cast<int>(i + 1)) == e.name) n = i + 1;
      }
      if (n == 0 || specs[n - 1].columns != cur->columns) continue;
      std::vector<std::string> cols;
      for (int c : cur->columns) cols.push_back(t->columns[c].name);
      for (const std::string& c : specs[n - 1].collations) {
        Collation k = Collation::kBinary;
        if (!c.empty() && !ParseCollation(c, &k)) return Status::InvalidArgument("no such collation sequence: " + c);
        colls.push_back(k);
      }
      sql = IndexSql(e.name, t->name, cols, specs[n - 1].collations, true);
    } else {
      S3LITE_ASSIGN_OR_RETURN(ParsedStatement p, ParseStatement(e.sql));
      if (!p.stmt || p.stmt->kind != StmtKind::kCreateIndex) continue;
      const auto& ci = static_cast<const CreateIndexStmt&>(*p.stmt);
      for (size_t i = 0; i < ci.columns.size() && i < cur->columns.size(); i++) {
        S3LITE_ASSIGN_OR_RETURN(Collation k, IndexColumnCollation(ci.columns[i].collation, t->columns[cur->columns[i]]));
        colls.push_back(k);
      }
      sql = e.sql + std::string(kCollatedKeysMark);
    }
    if (!AnyCollated(colls)) continue;
    if (collation && std::find(colls.begin(), colls.end(), by_collation) == colls.end()) continue;
    IndexInfo ix = *cur;
    ix.collations = colls;
    stale.push_back({e, std::move(sql), std::move(ix)});
  }
  for (Stale& st : stale) {
    S3LITE_ASSIGN_OR_RETURN(auto t, env.cache->GetTable(env.txn->catalog(), st.entry.table));
    S3LITE_ASSIGN_OR_RETURN(st.ix.tree, env.txn->CreateTree(TreeKind::kIndex));
    S3LITE_RETURN_IF_ERROR(FillIndex(env, *t, st.ix));
    S3LITE_RETURN_IF_ERROR(env.txn->DropTree(st.entry.tree));
    SchemaEntry rebuilt_entry = st.entry;
    rebuilt_entry.sql = st.sql;
    rebuilt_entry.tree = st.ix.tree;
    S3LITE_RETURN_IF_ERROR(env.txn->PutSchema(rebuilt_entry));
    ++*rebuilt;
  }
  return Status::OK();
}

Status ExecuteDdl(const Stmt& stmt, std::string_view sql_text, WriteEnv& env) {
  switch (stmt.kind) {
    case StmtKind::kCreateTable:
      return CreateTable(static_cast<const CreateTableStmt&>(stmt), sql_text, env);
    case StmtKind::kCreateIndex:
      return CreateIndex(static_cast<const CreateIndexStmt&>(stmt), sql_text, env);
    case StmtKind::kCreateView:
      return CreateView(static_cast<const CreateViewStmt&>(stmt), sql_text, env);
    case StmtKind::kDrop:
      return Drop(static_cast<const DropStmt&>(stmt), env);
    case StmtKind::kAlterTable:
      return AlterTable(static_cast<const AlterTableStmt&>(stmt), env);
    case StmtKind::kCreateTrigger:
      return CreateTrigger(static_cast<const CreateTriggerStmt&>(stmt), sql_text, env);
    default:
      return Status::Internal("not a DDL statement");
  }
}

}  // namespace s3lite::sql
