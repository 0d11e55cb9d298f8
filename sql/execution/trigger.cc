#include "sql/execution/trigger.h"

#include <algorithm>
#include <cstdlib>

#include "engine/value/key_codec.h"
#include "engine/value/record.h"
#include "sql/execution/ddl.h"
#include "sql/execution/select_exec.h"
#include "sql/function/value_ops.h"
#include "sql/parser/lexer.h"
#include "sql/parser/parser.h"
#include "sql/planner/planner.h"

namespace s3lite::sql {

namespace {

bool IsTrigger(const SchemaEntry& e) { return e.kind == SchemaKind::kTrigger; }

const SchemaEntry* FindTrigger(const Catalog& catalog, const std::string& name) {
  for (const SchemaEntry& e : catalog.entries()) {
    if (IsTrigger(e) && NameEquals(e.name, name)) return &e;
  }
  return nullptr;
}

// A table, index or view named `name` (the catalog's Find may return a
// trigger; these share one name space in the engine).
const SchemaEntry* FindObject(const Catalog& catalog, const std::string& name) {
  for (const SchemaEntry& e : catalog.entries()) {
    if (!IsTrigger(e) && NameEquals(e.name, name)) return &e;
  }
  return nullptr;
}

bool IsSystemTable(const std::string& name) {
  return EqualsIgnoreCase(name, "sqlite_master") || EqualsIgnoreCase(name, "sqlite_schema") ||
         EqualsIgnoreCase(name, "sqlite_temp_master") || EqualsIgnoreCase(name, "sqlite_temp_schema");
}

Result<std::unique_ptr<CreateTriggerStmt>> ParseTrigger(const std::string& sql) {
  S3LITE_ASSIGN_OR_RETURN(ParsedStatement parsed, ParseStatement(sql));
  if (!parsed.stmt || parsed.stmt->kind != StmtKind::kCreateTrigger) {
    return Status::Corruption("malformed trigger in the catalog: " + sql);
  }
  return std::unique_ptr<CreateTriggerStmt>(static_cast<CreateTriggerStmt*>(parsed.stmt.release()));
}

std::vector<Token> Tokens(const std::string& sql) {
  std::vector<Token> out;
  Lexer lex(sql);
  while (true) {
    Token t = lex.Next();
    if (t.type == TokenType::kEnd) break;
    out.push_back(t);
  }
  return out;
}

bool IsNameToken(const Token& t) { return t.type == TokenType::kIdentifier || t.type == TokenType::kQuotedId; }

// Index of the table-name token after the header's ON (skipping "main.").
size_t OnTargetToken(const std::vector<Token>& toks) {
  for (size_t i = 0; i + 1 < toks.size(); i++) {
    if (toks[i].Is("on")) {
      size_t j = i + 1;
      if (j + 2 < toks.size() && toks[j + 1].IsOp(".")) j += 2;
      return j;
    }
  }
  return toks.size();
}

// ---- RAISE in a body SELECT's result columns ----
// Each RAISE becomes a blob literal no query can produce by accident; a row
// holding it means the RAISE was evaluated for that row.
const std::string kRaiseMark = std::string("\0s3lite-raise\0", 14);

void MarkRaises(Expr* e, std::vector<const Expr*>* raises, std::vector<ExprPtr>* keep);

void MarkRaisesInSelect(SelectStmt* s, std::vector<const Expr*>* raises, std::vector<ExprPtr>* keep) {
  for (SelectCore& c : s->cores) {
    for (ResultColumn& rc : c.columns) {
      if (!rc.expr) continue;
      if (rc.expr->kind == ExprKind::kRaise) {
        auto lit = std::make_unique<Expr>();
        lit->kind = ExprKind::kLiteral;
        lit->value = Value::Blob(kRaiseMark + std::to_string(raises->size()));
        lit->span = rc.expr->span;
        raises->push_back(rc.expr.get());
        keep->push_back(std::move(rc.expr));
        rc.expr = std::move(lit);
      } else {
        MarkRaises(rc.expr.get(), raises, keep);
      }
    }
  }
}

// Replaces RAISE arguments of CASE branches and scalar subqueries.
void MarkRaises(Expr* e, std::vector<const Expr*>* raises, std::vector<ExprPtr>* keep) {
  if (e->kind == ExprKind::kCase || e->kind == ExprKind::kFunction) {
    for (ExprPtr& a : e->args) {
      if (a->kind == ExprKind::kRaise) {
        auto lit = std::make_unique<Expr>();
        lit->kind = ExprKind::kLiteral;
        lit->value = Value::Blob(kRaiseMark + std::to_string(raises->size()));
        lit->span = a->span;
        raises->push_back(a.get());
        keep->push_back(std::move(a));
        a = std::move(lit);
      } else {
        MarkRaises(a.get(), raises, keep);
      }
    }
  }
  if (e->kind == ExprKind::kSubquery && e->select) MarkRaisesInSelect(e->select.get(), raises, keep);
}

// The RAISE whose mark `v` is, or nullptr.
const Expr* RaiseOf(const Value& v, const std::vector<const Expr*>& raises) {
  if (!v.is_blob() || v.blob().size() <= kRaiseMark.size() || v.blob().compare(0, kRaiseMark.size(), kRaiseMark) != 0) {
    return nullptr;
  }
  size_t i = std::strtoul(v.blob().c_str() + kRaiseMark.size(), nullptr, 10);
  return i < raises.size() ? raises[i] : nullptr;
}

// RAISE(...) reached: IGNORE sets *ignore, the others fail with the message.
Status Raise(const Expr& r, bool* ignore) {
  if (r.name == "ignore") {
    *ignore = true;
    return Status::OK();
  }
  return Status::Constraint(r.value.is_text() ? r.value.text() : std::string());
}

// A body INSERT/UPDATE/DELETE sets changes() and adds to total_changes()
// when it completes, as sqlite3's OP_ResetCount.
Status CountChanges(Status s, const DmlOutcome& out, WriteEnv& env) {
  if (s.ok() && env.ctx->conn != nullptr) {
    env.ctx->conn->changes = out.changes;
    env.ctx->conn->total_changes += out.changes;
  }
  return s;
}

// Runs one body statement. *ignore: RAISE(IGNORE) was reached.
Status RunBody(Stmt& st, WriteEnv& env, bool* ignore) {
  DmlOutcome out;
  switch (st.kind) {
    case StmtKind::kInsert:
      return CountChanges(ExecuteInsert(static_cast<const InsertStmt&>(st), env, &out), out, env);
    case StmtKind::kUpdate:
      return CountChanges(ExecuteUpdate(static_cast<const UpdateStmt&>(st), env, &out), out, env);
    case StmtKind::kDelete:
      return CountChanges(ExecuteDelete(static_cast<const DeleteStmt&>(st), env, &out), out, env);
    case StmtKind::kSelect: {
      SelectStmt& sel = *static_cast<SelectStatement&>(st).select;
      std::vector<const Expr*> raises;
      std::vector<ExprPtr> keep;
      MarkRaisesInSelect(&sel, &raises, &keep);
      Planner planner(env.txn->catalog(), env.cache, env.ctx);
      S3LITE_ASSIGN_OR_RETURN(auto plan, planner.PlanSelect(sel));
      S3LITE_RETURN_IF_ERROR(plan->Open(nullptr));
      while (true) {
        Row r;
        bool has;
        S3LITE_RETURN_IF_ERROR(plan->Next(&r, &has));
        if (!has) break;
        if (raises.empty()) continue;
        for (const Value& v : r) {
          if (const Expr* raise = RaiseOf(v, raises)) return Raise(*raise, ignore);
        }
      }
      return Status::OK();
    }
    default:
      return Status::Internal("unexpected statement in a trigger body");
  }
}

// Inside a trigger sqlite3 names missing tables with their schema.
Status QualifyNoSuchTable(const Status& s) {
  const std::string prefix = "no such table: ";
  const std::string& m = s.message();
  if (m.rfind(prefix, 0) != 0 || m.compare(prefix.size(), 5, "main.") == 0) return s;
  return Status(s.code(), prefix + "main." + m.substr(prefix.size()));
}

// Triggers running on this thread (recursive_triggers off: a trigger never
// fires while it is already running).
thread_local std::vector<std::string> active_triggers;

struct ActiveGuard {
  explicit ActiveGuard(const std::string& name) { active_triggers.push_back(name); }
  ~ActiveGuard() { active_triggers.pop_back(); }
  ActiveGuard(const ActiveGuard&) = delete;
  ActiveGuard& operator=(const ActiveGuard&) = delete;
};

bool IsActive(const std::string& name) {
  return std::any_of(active_triggers.begin(), active_triggers.end(),
                     [&](const std::string& a) { return NameEquals(a, name); });
}

}  // namespace

// ---------------------------------------------------------------- DDL

namespace {

// What sqlite3's parser refuses inside a trigger body, in its words.
Status CheckBody(const CreateTriggerStmt& s) {
  for (const std::string& text : {s.when_sql}) {
    for (const Token& t : Tokens(text)) {
      if (t.type == TokenType::kParam) return Status::InvalidArgument("trigger cannot use variables");
    }
  }
  for (size_t i = 0; i < s.body.size(); i++) {
    const Stmt& st = *s.body[i];
    if (st.kind == StmtKind::kInsert && static_cast<const InsertStmt&>(st).default_values) {
      return Status::InvalidArgument("near \"DEFAULT\": syntax error");
    }
    std::vector<Token> toks = Tokens(s.body_sql[i]);
    // The target table: after INTO, UPDATE [OR action], DELETE FROM.
    size_t target = toks.size();
    for (size_t k = 0; k < toks.size(); k++) {
      if (st.kind == StmtKind::kInsert && toks[k].Is("into")) target = k + 1;
      if (st.kind == StmtKind::kUpdate && k == 0) target = toks.size() > 2 && toks[1].Is("or") ? 3 : 1;
      if (st.kind == StmtKind::kDelete && k == 1) target = 2;
      if (target < toks.size()) break;
    }
    if (target + 1 < toks.size() && toks[target + 1].IsOp(".")) {
      return Status::InvalidArgument(
          "qualified table names are not allowed on INSERT, UPDATE, and DELETE statements within triggers");
    }
    const Returning* r = st.kind == StmtKind::kInsert   ? &static_cast<const InsertStmt&>(st).returning
                         : st.kind == StmtKind::kUpdate ? &static_cast<const UpdateStmt&>(st).returning
                         : st.kind == StmtKind::kDelete ? &static_cast<const DeleteStmt&>(st).returning
                                                        : nullptr;
    if (r != nullptr && !r->columns.empty()) return Status::InvalidArgument("cannot use RETURNING in a trigger");
    for (const Token& t : toks) {
      if (t.type == TokenType::kParam) return Status::InvalidArgument("trigger cannot use variables");
    }
  }
  return Status::OK();
}

}  // namespace

Status CreateTrigger(const CreateTriggerStmt& s, std::string_view sql_text, WriteEnv& env) {
  S3LITE_RETURN_IF_ERROR(CheckBody(s));
  const Catalog& catalog = env.txn->catalog();
  if (IsSystemTable(s.table)) return Status::InvalidArgument("cannot create trigger on system table");
  const SchemaEntry* target = FindObject(catalog, s.table);
  if (target == nullptr || target->kind == SchemaKind::kIndex) {
    return Status::InvalidArgument("no such table: main." + s.table);
  }
  if (s.name.size() >= 7 && EqualsIgnoreCase(s.name.substr(0, 7), "sqlite_")) {
    return Status::InvalidArgument("object name reserved for internal use: " + s.name);
  }
  if (FindTrigger(catalog, s.name) != nullptr) {
    if (s.if_not_exists) return Status::OK();
    return Status::AlreadyExists("trigger " + s.name + " already exists");
  }
  if (target->name.size() >= 7 && EqualsIgnoreCase(target->name.substr(0, 7), "sqlite_")) {
    return Status::InvalidArgument("cannot create trigger on system table");
  }
  if (target->kind == SchemaKind::kView && s.time != CreateTriggerStmt::kInsteadOf) {
    return Status::InvalidArgument(std::string("cannot create ") +
                                   (s.time == CreateTriggerStmt::kBefore ? "BEFORE" : "AFTER") +
                                   " trigger on view: " + s.table);
  }
  if (target->kind == SchemaKind::kTable && s.time == CreateTriggerStmt::kInsteadOf) {
    return Status::InvalidArgument("cannot create INSTEAD OF trigger on table: " + s.table);
  }
  // The engine keeps one name space; sqlite3 lets a trigger share a table's name.
  if (const SchemaEntry* other = FindObject(catalog, s.name)) {
    return Status::NotSupported("s3lite: a trigger cannot have the name of an existing " +
                                std::string(other->kind == SchemaKind::kTable   ? "table"
                                            : other->kind == SchemaKind::kIndex ? "index"
                                                                                : "view") +
                                ": " + s.name);
  }
  return env.txn->PutSchema(SchemaEntry{SchemaKind::kTrigger, s.name, target->name, SchemaText(sql_text), 0});
}

Status DropTrigger(const DropStmt& s, WriteEnv& env) {
  const SchemaEntry* e = FindTrigger(env.txn->catalog(), s.name);
  if (e == nullptr) {
    if (s.if_exists) return Status::OK();
    return Status::InvalidArgument("no such trigger: " + s.name);
  }
  std::string name = e->name;
  return env.txn->DeleteSchema(name);
}

Status DropTriggersOn(WriteEnv& env, const std::string& table) {
  std::vector<std::string> names;
  for (const SchemaEntry& e : env.txn->catalog().entries()) {
    if (IsTrigger(e) && NameEquals(e.table, table)) names.push_back(e.name);
  }
  for (const std::string& n : names) S3LITE_RETURN_IF_ERROR(env.txn->DeleteSchema(n));
  return Status::OK();
}

Status RenameTriggerTable(WriteEnv& env, const std::string& from, const std::string& to) {
  std::vector<SchemaEntry> changed;
  for (const SchemaEntry& e : env.txn->catalog().entries()) {
    if (!IsTrigger(e)) continue;
    std::vector<Token> toks = Tokens(e.sql);
    std::vector<size_t> rename;  // token indexes naming `from`
    size_t on = OnTargetToken(toks);
    if (on < toks.size() && NameEquals(toks[on].Name(), from)) rename.push_back(on);
    bool in_body = false;
    for (size_t i = on + 1; i + 1 < toks.size(); i++) {
      if (toks[i].Is("begin")) in_body = true;
      if (!in_body) continue;
      if (!(toks[i].Is("into") || toks[i].Is("update") || toks[i].Is("from") || toks[i].Is("join"))) continue;
      size_t j = i + 1;
      if (j + 2 < toks.size() && toks[j + 1].IsOp(".")) j += 2;
      if (IsNameToken(toks[j]) && NameEquals(toks[j].Name(), from)) rename.push_back(j);
    }
    if (rename.empty()) continue;
    SchemaEntry ne = e;
    ne.sql.clear();
    size_t last = 0;
    for (size_t k : rename) {
      ne.sql += e.sql.substr(last, toks[k].pos - last) + QuoteIdentifier(to);
      last = toks[k].pos + toks[k].text.size();
    }
    ne.sql += e.sql.substr(last);
    if (NameEquals(e.table, from)) ne.table = to;
    changed.push_back(std::move(ne));
  }
  for (const SchemaEntry& e : changed) S3LITE_RETURN_IF_ERROR(env.txn->PutSchema(e));
  return Status::OK();
}

// ---------------------------------------------------------------- firing

struct RowTriggers::Trigger {
  std::string name;
  std::string sql;  // CREATE TRIGGER text
  struct Ref {
    size_t pos, len;  // NEW.col / OLD.col in `sql`
    bool is_new;
    int column;       // table column; columns.size() = rowid
  };
  std::vector<Ref> refs;
};

RowTriggers::RowTriggers() = default;
RowTriggers::~RowTriggers() = default;

Status RowTriggers::Load(WriteEnv& env, std::shared_ptr<const TableInfo> t, TriggerEvent event,
                         const std::vector<int>* set_columns) {
  return LoadImpl(env, std::move(t), event, set_columns, false);
}

Status RowTriggers::LoadInsteadOf(WriteEnv& env, std::shared_ptr<const TableInfo> t, TriggerEvent event,
                                  const std::vector<int>* set_columns) {
  return LoadImpl(env, std::move(t), event, set_columns, true);
}

Status RowTriggers::LoadImpl(WriteEnv& env, std::shared_ptr<const TableInfo> t, TriggerEvent event,
                             const std::vector<int>* set_columns, bool instead_of) {
  env_ = &env;
  t_ = std::move(t);
  before_.clear();
  after_.clear();
  const std::vector<SchemaEntry>& entries = env.txn->catalog().entries();
  const int ncols = static_cast<int>(t_->columns.size());
  // Newest first, as sqlite3 fires them.
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    const SchemaEntry& e = *it;
    if (!IsTrigger(e) || !NameEquals(e.table, t_->name)) continue;
    S3LITE_ASSIGN_OR_RETURN(auto ct, ParseTrigger(e.sql));
    CreateTriggerStmt::Event want = event == TriggerEvent::kInsert   ? CreateTriggerStmt::kInsert
                                    : event == TriggerEvent::kUpdate ? CreateTriggerStmt::kUpdate
                                                                     : CreateTriggerStmt::kDelete;
    if (ct->event != want || (ct->time == CreateTriggerStmt::kInsteadOf) != instead_of) continue;
    if (event == TriggerEvent::kUpdate && !ct->update_columns.empty() && set_columns != nullptr) {
      bool hit = false;
      for (const std::string& c : ct->update_columns) {
        int pos = t_->FindColumn(c);
        for (int s : *set_columns) hit = hit || (pos >= 0 && s == pos);
      }
      if (!hit) continue;
    }
    Trigger tr;
    tr.name = e.name;
    tr.sql = e.sql;
    std::vector<Token> toks = Tokens(e.sql);
    for (size_t i = OnTargetToken(toks) + 1; i + 2 < toks.size(); i++) {
      const Token& q = toks[i];
      if (q.type != TokenType::kIdentifier || !toks[i + 1].IsOp(".") || !IsNameToken(toks[i + 2])) continue;
      bool is_new = EqualsIgnoreCase(q.text, "new");
      if (!is_new && !EqualsIgnoreCase(q.text, "old")) continue;
      std::string col = toks[i + 2].Name();
      int pos = t_->FindColumn(col);
      if (pos < 0 && (EqualsIgnoreCase(col, "rowid") || EqualsIgnoreCase(col, "oid") ||
                      EqualsIgnoreCase(col, "_rowid_"))) {
        pos = ncols;
      }
      bool allowed = is_new ? event != TriggerEvent::kDelete : event != TriggerEvent::kInsert;
      if (pos < 0 || !allowed) return Status::InvalidArgument("no such column: " + std::string(q.text) + "." + col);
      const Token& last = toks[i + 2];
      tr.refs.push_back({q.pos, last.pos + last.text.size() - q.pos, is_new, pos});
      i += 2;
    }
    (ct->time == CreateTriggerStmt::kAfter ? after_ : before_).push_back(std::move(tr));
  }
  return Status::OK();
}

int64_t RowTriggers::BeforeInsertRowid(const Value& rid) {
  if (rid.is_null()) return -1;
  Value r = ApplyAffinity(rid, Affinity::kInteger);
  if (r.is_real() && static_cast<double>(static_cast<int64_t>(r.real())) == r.real()) {
    return static_cast<int64_t>(r.real());
  }
  return r.is_integer() ? r.integer() : -1;
}

Status RowTriggers::FireBefore(const Row* old_row, int64_t old_rowid, const Row* new_row, int64_t new_rowid,
                               bool* ignore) {
  return Fire(before_, old_row, old_rowid, new_row, new_rowid, ignore);
}

Status RowTriggers::FireAfter(const Row* old_row, int64_t old_rowid, const Row* new_row, int64_t new_rowid,
                              bool* ignore) {
  return Fire(after_, old_row, old_rowid, new_row, new_rowid, ignore);
}

Status RowTriggers::Fire(std::vector<Trigger>& list, const Row* old_row, int64_t old_rowid, const Row* new_row,
                         int64_t new_rowid, bool* ignore) {
  *ignore = false;
  const int ncols = static_cast<int>(t_->columns.size());
  for (const Trigger& tr : list) {
    if (IsActive(tr.name)) continue;
    // The trigger text with NEW/OLD references as parameters ?1, ?2, ...
    std::vector<Value> params;
    std::string sql;
    size_t last = 0;
    for (const Trigger::Ref& r : tr.refs) {
      const Row* row = r.is_new ? new_row : old_row;
      int64_t rowid = r.is_new ? new_rowid : old_rowid;
      Value v;
      if (r.column == ncols || r.column == t_->rowid_alias) {
        v = Value::Integer(rowid);
      } else if (row != nullptr && r.column < static_cast<int>(row->size())) {
        v = ApplyAffinity((*row)[r.column], t_->columns[r.column].affinity);  // BEFORE rows are raw
      }
      params.push_back(v);
      std::string p = "?" + std::to_string(params.size());
      const ColumnInfo* c = r.column < ncols ? &t_->columns[r.column] : nullptr;
      if (c != nullptr && c->nocase) p = "(" + p + " COLLATE NOCASE)";
      sql += tr.sql.substr(last, r.pos - last) + p;
      last = r.pos + r.len;
    }
    sql += tr.sql.substr(last);
    S3LITE_ASSIGN_OR_RETURN(auto ct, ParseTrigger(sql));
    ExecContext ctx = *env_->ctx;
    ctx.params = &params;
    WriteEnv env{env_->txn, env_->cache, &ctx};
    ActiveGuard guard(tr.name);
    if (ct->when) {
      // SELECT CASE WHEN (when) THEN 1 ELSE 0 END
      auto when = std::make_unique<Expr>();
      when->kind = ExprKind::kCase;
      when->case_has_else = true;
      when->args.push_back(std::move(ct->when));
      for (int64_t k : {1, 0}) {
        auto lit = std::make_unique<Expr>();
        lit->kind = ExprKind::kLiteral;
        lit->value = Value::Integer(k);
        when->args.push_back(std::move(lit));
      }
      SelectStmt sel;
      sel.cores.emplace_back();
      sel.cores[0].columns.emplace_back();
      sel.cores[0].columns[0].expr = std::move(when);
      Planner planner(env.txn->catalog(), env.cache, &ctx);
      S3LITE_ASSIGN_OR_RETURN(auto plan, planner.PlanSelect(sel));
      S3LITE_RETURN_IF_ERROR(plan->Open(nullptr));
      Row r;
      bool has;
      S3LITE_RETURN_IF_ERROR(plan->Next(&r, &has));
      if (!has || r.empty() || !r[0].is_integer() || r[0].integer() != 1) continue;
    }
    // A trigger program sees and leaves changes() and last_insert_rowid()
    // as they were outside it (sqlite3 saves them in the program's frame).
    ConnectionCounters saved;
    if (ctx.conn != nullptr) saved = *ctx.conn;
    for (StmtPtr& st : ct->body) {
      Status s = RunBody(*st, env, ignore);
      if (!s.ok()) return QualifyNoSuchTable(s);
      if (*ignore) break;
    }
    if (ctx.conn != nullptr) {
      ctx.conn->changes = saved.changes;
      ctx.conn->last_insert_rowid = saved.last_insert_rowid;
    }
    if (*ignore) return Status::OK();
  }
  return Status::OK();
}

// ---------------------------------------------------------------- INSTEAD OF

namespace {

TriggerEvent EventOf(const Stmt& s) {
  return s.kind == StmtKind::kInsert ? TriggerEvent::kInsert
         : s.kind == StmtKind::kUpdate ? TriggerEvent::kUpdate : TriggerEvent::kDelete;
}

// The view as a column list (no rowid, no affinity), for NEW/OLD binding.
Result<std::shared_ptr<const TableInfo>> ViewAsTable(WriteEnv& env, const std::string& view) {
  const Catalog& catalog = env.txn->catalog();
  S3LITE_ASSIGN_OR_RETURN(auto vi, env.cache->GetView(catalog, view));
  if (!vi) return std::shared_ptr<const TableInfo>();
  Planner planner(catalog, env.cache, env.ctx);
  S3LITE_ASSIGN_OR_RETURN(auto plan, planner.PlanSelect(*vi->create->select));
  auto t = std::make_shared<TableInfo>();
  t->name = vi->name;
  for (size_t i = 0; i < plan->visible; i++) {
    ColumnInfo c;
    c.name = i < vi->create->columns.size() ? vi->create->columns[i] : plan->names[i];
    t->columns.push_back(std::move(c));
  }
  return std::shared_ptr<const TableInfo>(std::move(t));
}

// Positions of the SET columns of an UPDATE on `t` (error if unknown).
Result<std::vector<int>> SetColumns(const UpdateStmt& u, const TableInfo& t) {
  std::vector<int> cols;
  for (const auto& [name, expr] : u.sets) {
    int pos = t.FindColumn(name);
    if (pos < 0) return Status::InvalidArgument("no such column: " + name);
    cols.push_back(pos);
  }
  return cols;
}

// Runs `sql` (a SELECT) and returns its rows.
Status QueryRows(WriteEnv& env, const std::string& sql, std::vector<Row>* rows) {
  S3LITE_ASSIGN_OR_RETURN(ParsedStatement parsed, ParseStatement(sql));
  Planner planner(env.txn->catalog(), env.cache, env.ctx);
  S3LITE_ASSIGN_OR_RETURN(auto plan, planner.PlanSelect(*static_cast<const SelectStatement&>(*parsed.stmt).select));
  return plan->ReadAll(nullptr, rows);
}

}  // namespace

bool HasInsteadOf(const Catalog& catalog, const Stmt& s) {
  const std::string& view = DmlTargetTable(s);
  const SchemaEntry* v = FindObject(catalog, view);
  if (v == nullptr || v->kind != SchemaKind::kView) return false;
  for (const SchemaEntry& e : catalog.entries()) {
    if (!IsTrigger(e) || !NameEquals(e.table, v->name)) continue;
    auto ct = ParseTrigger(e.sql);
    if (!ct.ok() || (*ct)->time != CreateTriggerStmt::kInsteadOf) continue;
    CreateTriggerStmt::Event want = s.kind == StmtKind::kInsert   ? CreateTriggerStmt::kInsert
                                    : s.kind == StmtKind::kUpdate ? CreateTriggerStmt::kUpdate
                                                                  : CreateTriggerStmt::kDelete;
    if ((*ct)->event != want) continue;
    if (want != CreateTriggerStmt::kUpdate || (*ct)->update_columns.empty()) return true;
    for (const std::string& c : (*ct)->update_columns) {
      for (const auto& set : static_cast<const UpdateStmt&>(s).sets) {
        if (NameEquals(set.first, c)) return true;
      }
    }
  }
  return false;
}

Status ExecuteInsteadOf(const Stmt& s, const std::string& view, WriteEnv& env, DmlOutcome* out, bool* handled) {
  (void)out;  // sqlite3 counts no changes for a view's rows
  *handled = false;
  if (!HasInsteadOf(env.txn->catalog(), s)) return Status::OK();
  *handled = true;
  S3LITE_ASSIGN_OR_RETURN(auto t, ViewAsTable(env, view));
  if (!t) return Status::Internal("view vanished: " + view);
  const size_t ncols = t->columns.size();
  std::vector<int> set_cols;
  if (s.kind == StmtKind::kUpdate) {
    S3LITE_ASSIGN_OR_RETURN(set_cols, SetColumns(static_cast<const UpdateStmt&>(s), *t));
  }
  RowTriggers triggers;
  S3LITE_RETURN_IF_ERROR(triggers.LoadInsteadOf(env, t, EventOf(s), s.kind == StmtKind::kUpdate ? &set_cols : nullptr));
  bool ignore;
  if (s.kind == StmtKind::kInsert) {
    const auto& ins = static_cast<const InsertStmt&>(s);
    std::vector<int> targets;
    if (ins.columns.empty()) {
      for (size_t i = 0; i < ncols; i++) targets.push_back(static_cast<int>(i));
    } else {
      for (const std::string& c : ins.columns) {
        int pos = t->FindColumn(c);
        if (pos < 0) return Status::InvalidArgument("table " + t->name + " has no column named " + c);
        targets.push_back(pos);
      }
    }
    std::vector<Row> src;
    if (ins.default_values) {
      src.emplace_back(targets.size());
    } else {
      Planner planner(env.txn->catalog(), env.cache, env.ctx);
      S3LITE_ASSIGN_OR_RETURN(auto plan, planner.PlanSelect(*ins.select));
      if (plan->visible != targets.size()) {
        if (ins.columns.empty()) {
          return Status::InvalidArgument("table " + t->name + " has " + std::to_string(ncols) + " columns but " +
                                         std::to_string(plan->visible) + " values were supplied");
        }
        return Status::InvalidArgument(std::to_string(plan->visible) + " values for " +
                                       std::to_string(targets.size()) + " columns");
      }
      S3LITE_RETURN_IF_ERROR(plan->ReadAll(nullptr, &src));
    }
    for (const Row& r : src) {
      Row row(ncols);
      for (size_t i = 0; i < targets.size(); i++) row[targets[i]] = r[i];
      S3LITE_RETURN_IF_ERROR(triggers.FireBefore(nullptr, 0, &row, -1, &ignore));
    }
    return Status::OK();
  }
  // UPDATE / DELETE: the view rows that match, then the SET values per row.
  const Expr* where = nullptr;
  std::string alias;
  std::string sql = "SELECT *";
  if (s.kind == StmtKind::kUpdate) {
    const auto& u = static_cast<const UpdateStmt&>(s);
    if (!u.order_by.empty() || u.limit) return Status::NotSupported("UPDATE ... ORDER BY/LIMIT is not supported");
    for (const auto& set : u.sets) {
      if (set.second->span.empty()) return Status::NotSupported("UPDATE of a view: expression without source text");
      sql += ", (" + set.second->span + ")";
    }
    where = u.where.get();
    alias = u.alias;
  } else {
    const auto& d = static_cast<const DeleteStmt&>(s);
    if (!d.order_by.empty() || d.limit) return Status::NotSupported("DELETE ... ORDER BY/LIMIT is not supported");
    where = d.where.get();
    alias = d.alias;
  }
  sql += " FROM " + QuoteIdentifier(t->name);
  if (!alias.empty()) sql += " AS " + QuoteIdentifier(alias);
  if (where != nullptr) {
    if (where->span.empty()) return Status::NotSupported("UPDATE/DELETE of a view: WHERE without source text");
    sql += " WHERE " + where->span;
  }
  std::vector<Row> rows;
  S3LITE_RETURN_IF_ERROR(QueryRows(env, sql, &rows));
  int64_t n = 0;
  for (const Row& r : rows) {
    n++;
    Row old_row(r.begin(), r.begin() + static_cast<std::ptrdiff_t>(ncols));
    if (s.kind == StmtKind::kDelete) {
      S3LITE_RETURN_IF_ERROR(triggers.FireBefore(&old_row, n, nullptr, 0, &ignore));
      continue;
    }
    Row new_row = old_row;
    for (size_t i = 0; i < set_cols.size(); i++) new_row[set_cols[i]] = r[ncols + i];
    S3LITE_RETURN_IF_ERROR(triggers.FireBefore(&old_row, n, &new_row, n, &ignore));
  }
  return Status::OK();
}

}  // namespace s3lite::sql
