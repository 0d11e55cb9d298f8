#include "sql/connection_impl.h"

#include <cctype>
#include <optional>

#include "sql/execution/trigger.h"
#include "sql/parser/lexer.h"
#include "sql/planner/planner.h"

namespace s3lite {

Result<std::unique_ptr<Connection>> Connection::Open(std::shared_ptr<Database> db) {
  if (!db) return Status::InvalidArgument("Connection::Open: no database");
  return std::unique_ptr<Connection>(std::make_unique<sql::ConnectionImpl>(std::move(db)));
}

namespace {

// The token-level rules of IsCompleteStatement below, for text without a
// CREATE TRIGGER (the common case): one pass over the characters, no
// tokens. Returns nullopt when the text mentions "trigger" outside quotes
// and comments, so the caller needs the full scan. The shell calls this on
// every input line, with INSERTs of tens of kilobytes (bench W1).
std::optional<bool> QuickComplete(std::string_view sql) {
  bool complete = false;
  size_t i = 0;
  const size_t n = sql.size();
  while (i < n) {
    char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      i++;
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      while (i < n && sql[i] != '\n') i++;
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? n : end + 2;
    } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
      char close = c == '[' ? ']' : c;
      size_t end = sql.find(close, i + 1);
      if (end == std::string_view::npos) return false;  // unterminated literal
      i = end + 1;  // a doubled quote reopens at once: same outcome
      complete = false;
    } else if (c == ';') {
      complete = true;
      i++;
    } else {
      if ((c == 't' || c == 'T') && n - i >= 7 && sql::EqualsIgnoreCase(sql.substr(i, 7), "trigger")) {
        return std::nullopt;
      }
      complete = false;
      i++;
    }
  }
  return complete;
}

}  // namespace

bool IsCompleteStatement(std::string_view sql) {
  if (std::optional<bool> quick = QuickComplete(sql)) return *quick;
  sql::Lexer lex(sql);
  bool complete = false;
  bool in_trigger = false;
  bool at_start = true;
  int create_state = 0;  // 1 after CREATE, 2 after TEMP
  bool trigger_end = false;
  while (true) {
    sql::Token t = lex.Next();
    if (t.type == sql::TokenType::kEnd) break;
    if (t.type == sql::TokenType::kIllegal) {
      // Unterminated string or identifier: incomplete.
      char c = t.text.empty() ? 0 : t.text[0];
      if (c == '\'' || c == '"' || c == '`' || c == '[') return false;
    }
    if (at_start) {
      create_state = t.Is("create") ? 1 : 0;
      at_start = false;
    } else if (create_state == 1 && (t.Is("temp") || t.Is("temporary"))) {
      create_state = 2;
    } else if (create_state >= 1 && t.Is("trigger")) {
      in_trigger = true;
      create_state = 0;
    } else {
      create_state = 0;
    }
    if (t.IsOp(";")) {
      if (!in_trigger || trigger_end) {
        complete = true;
        at_start = true;
        in_trigger = false;
        trigger_end = false;
      } else {
        complete = false;
      }
      continue;
    }
    trigger_end = in_trigger && t.Is("end");
    complete = false;
  }
  return complete;
}

}  // namespace s3lite

namespace s3lite::sql {

namespace {
const std::string kRuntime = "Runtime error: ";

Status RuntimeError(const Status& s) {
  if (s.ok() || s.code() == Status::Code::kInterrupted) return s;
  if (s.message().rfind(kRuntime, 0) == 0) return s;
  return Status(s.code(), kRuntime + s.message());
}

const Returning* ReturningOf(const Stmt& s) {
  switch (s.kind) {
    case StmtKind::kInsert: return &static_cast<const InsertStmt&>(s).returning;
    case StmtKind::kUpdate: return &static_cast<const UpdateStmt&>(s).returning;
    case StmtKind::kDelete: return &static_cast<const DeleteStmt&>(s).returning;
    default: return nullptr;
  }
}

}  // namespace

// ------------------------------------------------------------ StatementImpl

StatementImpl::StatementImpl(ConnectionImpl* conn, ParsedStatement parsed, std::string sql)
    : conn_(conn), parsed_(std::move(parsed)), sql_(std::move(sql)) {
  param_count_ = parsed_.max_param;
  params_.resize(param_count_);
  ctx_.params = &params_;
  ctx_.interrupted = &conn_->interrupted_;
  ctx_.conn = &conn_->counters_;
}

StatementImpl::~StatementImpl() { Finish(); }

void StatementImpl::Finish() {
  plan_.reset();
  if (read_txn_) {
    read_txn_->Rollback();
    read_txn_.reset();
  }
}

Status StatementImpl::Bind(int index, const Value& value) {
  if (index < 1 || index > param_count_) return Status::InvalidArgument("column index out of range");
  params_[index - 1] = value;
  return Status::OK();
}

Result<Transaction*> StatementImpl::ReadTxn() {
  if (conn_->txn_) return conn_->txn_.get();
  if (!read_txn_) {
    S3LITE_ASSIGN_OR_RETURN(read_txn_, conn_->db_->Begin(TxnMode::kRead, conn_->as_of_));
  }
  return read_txn_.get();
}

int StatementImpl::BindErrorOffset() const {
  // Only positions inside this statement's text: expressions of schema or
  // trigger text parsed elsewhere carry offsets into that text.
  int o = TakeBindErrorOffset();
  return o >= 0 && static_cast<size_t>(o) >= parsed_.begin && static_cast<size_t>(o) < parsed_.text_end ? o : -1;
}

int StatementImpl::explain_kind() const {
  if (parsed_.stmt == nullptr || parsed_.stmt->kind != StmtKind::kExplain) return 0;
  return static_cast<const ExplainStmt&>(*parsed_.stmt).query_plan ? 2 : 1;
}

Status StatementImpl::Prepare() {
  const Stmt& s = *parsed_.stmt;
  if (parsed_.as_of_version && s.kind != StmtKind::kSelect && s.kind != StmtKind::kExplain) {
    return Status::InvalidArgument("AS OF VERSION is only allowed in SELECT statements (past versions are read-only)");
  }
  switch (s.kind) {
    case StmtKind::kSelect: {
      Transaction* txn = nullptr;
      if (parsed_.as_of_version) {
        // Time travel: the whole statement reads that retained version in a
        // read transaction of its own (also inside BEGIN...COMMIT), planned
        // against that version's catalog.
        if (read_txn_) read_txn_->Rollback();
        S3LITE_ASSIGN_OR_RETURN(read_txn_, conn_->db_->Begin(TxnMode::kRead, parsed_.as_of_version));
        txn = read_txn_.get();
      } else {
        S3LITE_ASSIGN_OR_RETURN(txn, ReadTxn());
      }
      ctx_.txn = txn;
      Planner planner(txn->catalog(), &conn_->cache_, &ctx_);
      S3LITE_ASSIGN_OR_RETURN(plan_, planner.PlanSelect(*static_cast<const SelectStatement&>(s).select));
      names_ = plan_->names;
      returns_rows_ = true;
      return Status::OK();
    }
    case StmtKind::kNoop: {
      // ANALYZE changes nothing (statistics are not kept) and REINDEX does
      // its work when it runs; at prepare a name must exist, as in sqlite3.
      const auto& n = static_cast<const NoopStmt&>(s);
      if (n.name.empty() || EqualsIgnoreCase(n.name, "main")) return Status::OK();
      S3LITE_ASSIGN_OR_RETURN(Transaction * txn, ReadTxn());
      const SchemaEntry* e = txn->catalog().Find(n.name);
      bool table_or_index = e != nullptr && (e->kind == SchemaKind::kTable || e->kind == SchemaKind::kIndex);
      if (n.verb == NoopStmt::kReindex && !table_or_index && !EqualsIgnoreCase(n.name, "binary") &&
          !EqualsIgnoreCase(n.name, "nocase") && !EqualsIgnoreCase(n.name, "rtrim")) {
        return Status::InvalidArgument("unable to identify the object to be reindexed");
      }
      if (n.verb == NoopStmt::kAnalyze && !table_or_index) {
        return Status::InvalidArgument("no such table: " + n.name);
      }
      return Status::OK();
    }
    case StmtKind::kExplain:
      names_ = {"id", "parent", "notused", "detail"};
      returns_rows_ = true;
      return Status::OK();
    case StmtKind::kPragma: {
      const auto& p = static_cast<const PragmaStmt&>(s);
      if (EqualsIgnoreCase(p.name, "table_info")) {
        names_ = {"cid", "name", "type", "notnull", "dflt_value", "pk"};
        returns_rows_ = true;
      } else if (EqualsIgnoreCase(p.name, "index_list")) {
        names_ = {"seq", "name", "unique", "origin", "partial"};
        returns_rows_ = true;
      }
      return Status::OK();
    }
    case StmtKind::kInsert:
    case StmtKind::kUpdate:
    case StmtKind::kDelete: {
      // Bind now so that binding errors surface from Prepare (sqlite3 "Parse error").
      S3LITE_ASSIGN_OR_RETURN(Transaction * txn, ReadTxn());
      const Returning* r = ReturningOf(s);
      if (r != nullptr && !r->columns.empty()) {
        S3LITE_RETURN_IF_ERROR(ReturningNames(txn->catalog(), &conn_->cache_, DmlTargetTable(s), *r, &names_));
        returns_rows_ = true;
      }
      const Catalog& catalog = txn->catalog();
      S3LITE_ASSIGN_OR_RETURN(auto t, conn_->cache_.GetTable(catalog, DmlTargetTable(s)));
      if (!t) {
        const SchemaEntry* e = catalog.Find(DmlTargetTable(s));
        if (e != nullptr && e->kind == SchemaKind::kView) {
          if (HasInsteadOf(catalog, s)) {  // its INSTEAD OF triggers run at Step
            if (read_txn_) {
              read_txn_->Rollback();
              read_txn_.reset();
            }
            return Status::OK();
          }
          return Status::InvalidArgument("cannot modify " + DmlTargetTable(s) + " because it is a view");
        }
        return Status::InvalidArgument("no such table: " + DmlTargetTable(s));
      }
      ExecContext ctx;
      ctx.txn = txn;
      ctx.params = &params_;
      Planner planner(catalog, &conn_->cache_, &ctx);
      if (s.kind == StmtKind::kInsert) planner.PushWith(static_cast<const InsertStmt&>(s).with);
      if (s.kind == StmtKind::kUpdate) planner.PushWith(static_cast<const UpdateStmt&>(s).with);
      if (s.kind == StmtKind::kDelete) planner.PushWith(static_cast<const DeleteStmt&>(s).with);
      if (s.kind == StmtKind::kInsert) {
        const auto& ins = static_cast<const InsertStmt&>(s);
        for (const std::string& c : ins.columns) {
          if (t->FindColumn(c) < 0 && !EqualsIgnoreCase(c, "rowid") && !EqualsIgnoreCase(c, "oid") &&
              !EqualsIgnoreCase(c, "_rowid_")) {
            return Status::InvalidArgument("table " + t->name + " has no column named " + c);
          }
        }
        S3LITE_RETURN_IF_ERROR(CheckUpsertTargets(ins, *t));
        if (ins.select) {
          // A VALUES list of literals cannot fail to bind: count its columns
          // instead of planning it here and again at Step (bench W1 inserts
          // 1,000 rows per statement).
          size_t visible = 0;
          if (const auto* rows = LiteralValues(*ins.select)) {
            visible = (*rows)[0].size();
          } else {
            S3LITE_ASSIGN_OR_RETURN(auto p, planner.PlanSelect(*ins.select));
            visible = p->visible;
          }
          size_t want = ins.columns.empty() ? t->columns.size() : ins.columns.size();
          if (visible != want) {
            if (ins.columns.empty()) {
              return Status::InvalidArgument("table " + t->name + " has " + std::to_string(t->columns.size()) +
                                             " columns but " + std::to_string(visible) + " values were supplied");
            }
            return Status::InvalidArgument(std::to_string(visible) + " values for " + std::to_string(want) +
                                           " columns");
          }
        }
      } else {
        const Expr* where = s.kind == StmtKind::kUpdate ? static_cast<const UpdateStmt&>(s).where.get()
                                                        : static_cast<const DeleteStmt&>(s).where.get();
        const std::string& alias = s.kind == StmtKind::kUpdate ? static_cast<const UpdateStmt&>(s).alias
                                                               : static_cast<const DeleteStmt&>(s).alias;
        const SelectCore* from = s.kind == StmtKind::kUpdate ? &static_cast<const UpdateStmt&>(s).from : nullptr;
        S3LITE_ASSIGN_OR_RETURN(auto q, from != nullptr && !from->from.empty() ? planner.PlanJoinQuery(*from, where)
                                                                               : planner.PlanTableQuery(t, alias, where));
        if (s.kind == StmtKind::kUpdate) {
          for (const auto& [name, expr] : static_cast<const UpdateStmt&>(s).sets) {
            if (t->FindColumn(name) < 0 && !EqualsIgnoreCase(name, "rowid") && !EqualsIgnoreCase(name, "oid") &&
                !EqualsIgnoreCase(name, "_rowid_")) {
              return Status::InvalidArgument("no such column: " + name);
            }
            S3LITE_ASSIGN_OR_RETURN(BExprPtr b, planner.BindInScope(*expr, &q->scope));
          }
        }
      }
      if (read_txn_) {  // write statements start their own transaction at Step
        read_txn_->Rollback();
        read_txn_.reset();
      }
      return Status::OK();
    }
    default:
      return Status::OK();
  }
}

Status StatementImpl::RunWrite(const std::function<Status(WriteEnv&)>& fn) {
  WriteEnv env;
  env.cache = &conn_->cache_;
  env.ctx = &ctx_;
  if (conn_->txn_) {
    Transaction* txn = conn_->txn_.get();
    if (txn->read_only()) return Status::ReadOnly("attempt to write a readonly database");
    env.txn = txn;
    ctx_.txn = txn;
    uint64_t sp = txn->Savepoint();
    Status s = fn(env);
    if (!s.ok()) {
      Status r = txn->RollbackTo(sp);
      if (!r.ok()) return r;
    }
    txn->ReleaseSavepoint(sp);  // the statement is over: its undo records are not needed
    return s;
  }
  if (conn_->as_of_) return Status::ReadOnly("attempt to write a readonly database");
  if (conn_->db_->read_only()) return Status::ReadOnly("attempt to write a readonly database");
  S3LITE_ASSIGN_OR_RETURN(auto txn, conn_->db_->Begin(TxnMode::kWrite));
  env.txn = txn.get();
  ctx_.txn = txn.get();
  Status s = fn(env);
  if (!s.ok()) {
    txn->Rollback();
    ctx_.txn = nullptr;
    return s;
  }
  s = txn->Commit();
  ctx_.txn = nullptr;
  return s;
}

Status StatementImpl::Execute() {
  conn_->interrupted_.store(false);
  const Stmt& s = *parsed_.stmt;
  switch (s.kind) {
    case StmtKind::kSelect:
      return RuntimeError(plan_->Open(nullptr));
    case StmtKind::kExplain:
      buffered_mode_ = true;
      return ExecuteExplain(static_cast<const ExplainStmt&>(s));
    case StmtKind::kPragma:
      buffered_mode_ = true;
      return ExecutePragma(static_cast<const PragmaStmt&>(s));
    case StmtKind::kInsert:
    case StmtKind::kUpdate:
    case StmtKind::kDelete: {
      buffered_mode_ = true;
      DmlOutcome out;
      Status st = RunWrite([&](WriteEnv& env) {
        if (s.kind == StmtKind::kInsert) return ExecuteInsert(static_cast<const InsertStmt&>(s), env, &out);
        if (s.kind == StmtKind::kUpdate) return ExecuteUpdate(static_cast<const UpdateStmt&>(s), env, &out);
        return ExecuteDelete(static_cast<const DeleteStmt&>(s), env, &out);
      });
      if (!st.ok()) {
        conn_->counters_.changes = 0;  // as sqlite3 after a statement rollback
        return RuntimeError(st);
      }
      changes_ = out.changes;
      conn_->counters_.changes = out.changes;
      conn_->counters_.total_changes += out.changes;
      if (out.inserted) conn_->counters_.last_insert_rowid = out.last_rowid;
      buffered_ = std::move(out.rows);
      return Status::OK();
    }
    case StmtKind::kCreateTable:
    case StmtKind::kCreateIndex:
    case StmtKind::kCreateView:
    case StmtKind::kDrop:
    case StmtKind::kAlterTable:
    case StmtKind::kCreateTrigger: {
      std::string_view text = sql_;
      Status st = RunWrite([&](WriteEnv& env) { return ExecuteDdl(s, text, env); });
      // DDL errors are prepare-time errors in sqlite3, except constraint failures.
      if (!st.ok() && st.code() == Status::Code::kConstraint) return RuntimeError(st);
      return st;
    }
    case StmtKind::kBegin:
    case StmtKind::kCommit:
    case StmtKind::kRollback:
    case StmtKind::kSavepoint:
    case StmtKind::kRelease:
      return RuntimeError(ExecuteTransaction(s));
    case StmtKind::kNoop: {
      // REINDEX rebuilds indexes built before index keys honoured collations.
      const auto& n = static_cast<const NoopStmt&>(s);
      if (n.verb != NoopStmt::kReindex || conn_->db_->read_only()) return Status::OK();
      int rebuilt = 0;
      return RunWrite([&](WriteEnv& env) { return Reindex(n.name, env, &rebuilt); });
    }
  }
  return Status::OK();
}

Status StatementImpl::ExecuteTransaction(const Stmt& s) {
  ConnectionImpl& c = *conn_;
  const auto& ts = static_cast<const TransactionStmt&>(s);
  switch (s.kind) {
    case StmtKind::kBegin: {
      if (c.txn_) return Status::InvalidArgument("cannot start a transaction within a transaction");
      bool read = c.as_of_.has_value() || c.db_->read_only();
      S3LITE_ASSIGN_OR_RETURN(c.txn_, c.db_->Begin(read ? TxnMode::kRead : TxnMode::kWrite, c.as_of_));
      c.txn_from_savepoint_ = false;
      c.savepoints_.clear();
      return Status::OK();
    }
    case StmtKind::kCommit: {
      if (!c.txn_) return Status::InvalidArgument("cannot commit - no transaction is active");
      std::unique_ptr<Transaction> txn = std::move(c.txn_);
      c.savepoints_.clear();
      if (txn->read_only()) {
        txn->Rollback();
        return Status::OK();
      }
      return txn->Commit();
    }
    case StmtKind::kRollback: {
      if (!ts.savepoint.empty()) {
        for (size_t i = c.savepoints_.size(); i > 0; i--) {
          if (NameEquals(c.savepoints_[i - 1].first, ts.savepoint)) {
            S3LITE_RETURN_IF_ERROR(c.txn_->RollbackTo(c.savepoints_[i - 1].second));
            c.savepoints_.resize(i);
            c.savepoints_.back().second = c.txn_->Savepoint();
            return Status::OK();
          }
        }
        return Status::InvalidArgument("no such savepoint: " + ts.savepoint);
      }
      if (!c.txn_) return Status::InvalidArgument("cannot rollback - no transaction is active");
      c.txn_->Rollback();
      c.txn_.reset();
      c.savepoints_.clear();
      return Status::OK();
    }
    case StmtKind::kSavepoint: {
      if (!c.txn_) {
        bool read = c.as_of_.has_value() || c.db_->read_only();
        S3LITE_ASSIGN_OR_RETURN(c.txn_, c.db_->Begin(read ? TxnMode::kRead : TxnMode::kWrite, c.as_of_));
        c.txn_from_savepoint_ = true;
      }
      c.savepoints_.emplace_back(ts.savepoint, c.txn_->Savepoint());
      return Status::OK();
    }
    case StmtKind::kRelease: {
      for (size_t i = c.savepoints_.size(); i > 0; i--) {
        if (NameEquals(c.savepoints_[i - 1].first, ts.savepoint)) {
          c.savepoints_.resize(i - 1);
          if (c.savepoints_.empty() && c.txn_from_savepoint_) {
            std::unique_ptr<Transaction> txn = std::move(c.txn_);
            if (txn->read_only()) {
              txn->Rollback();
              return Status::OK();
            }
            return txn->Commit();
          }
          return Status::OK();
        }
      }
      return Status::InvalidArgument("no such savepoint: " + ts.savepoint);
    }
    default:
      return Status::OK();
  }
}

Status StatementImpl::ExecuteExplain(const ExplainStmt& e) {
  S3LITE_ASSIGN_OR_RETURN(Transaction * txn, ReadTxn());
  ctx_.txn = txn;
  Planner planner(txn->catalog(), &conn_->cache_, &ctx_);
  std::vector<PlanLine> lines;
  const Stmt& inner = *e.inner;
  if (inner.kind == StmtKind::kSelect) {
    S3LITE_ASSIGN_OR_RETURN(auto plan, planner.PlanSelect(*static_cast<const SelectStatement&>(inner).select));
    plan->Explain(0, &lines);
  } else if (inner.kind == StmtKind::kUpdate || inner.kind == StmtKind::kDelete) {
    S3LITE_ASSIGN_OR_RETURN(auto t, conn_->cache_.GetTable(txn->catalog(), DmlTargetTable(inner)));
    if (!t) return Status::InvalidArgument("no such table: " + DmlTargetTable(inner));
    const Expr* where = inner.kind == StmtKind::kUpdate ? static_cast<const UpdateStmt&>(inner).where.get()
                                                        : static_cast<const DeleteStmt&>(inner).where.get();
    S3LITE_ASSIGN_OR_RETURN(auto q, planner.PlanTableQuery(t, "", where));
    q->core->source->Explain(0, &lines);
  } else if (inner.kind == StmtKind::kInsert) {
    const auto& ins = static_cast<const InsertStmt&>(inner);
    if (ins.select && !(ins.select->cores.size() == 1 && ins.select->cores[0].is_values)) {
      S3LITE_ASSIGN_OR_RETURN(auto plan, planner.PlanSelect(*ins.select));
      plan->Explain(0, &lines);
    }
  }
  // ids: SQLite numbers lines and links each to its parent.
  std::vector<int> stack_ids;
  int next_id = 2;
  for (const PlanLine& l : lines) {
    int id = next_id++;
    if (static_cast<int>(stack_ids.size()) > l.depth) stack_ids.resize(l.depth);
    int parent = l.depth == 0 || stack_ids.empty() ? 0 : stack_ids.back();
    while (static_cast<int>(stack_ids.size()) < l.depth) stack_ids.push_back(parent);
    buffered_.push_back({Value::Integer(id), Value::Integer(parent), Value::Integer(0), Value::Text(l.detail)});
    stack_ids.push_back(id);
  }
  if (!e.query_plan) {
    // Plain EXPLAIN: the same plan; engine pruning counters are in the detail.
  }
  return Status::OK();
}

Status StatementImpl::ExecutePragma(const PragmaStmt& p) {
  S3LITE_ASSIGN_OR_RETURN(Transaction * txn, ReadTxn());
  std::string arg;
  if (p.value && p.value->kind == ExprKind::kLiteral && p.value->value.is_text()) arg = p.value->value.text();
  if (p.value && p.value->kind == ExprKind::kColumn) arg = p.value->name;
  if (EqualsIgnoreCase(p.name, "table_info")) {
    S3LITE_ASSIGN_OR_RETURN(auto t, conn_->cache_.GetTable(txn->catalog(), arg));
    if (!t) return Status::OK();
    std::vector<int> pk_order(t->columns.size(), 0);
    for (const IndexInfo& ix : t->indexes) {
      if (!ix.primary_key) continue;
      for (size_t i = 0; i < ix.columns.size(); i++) pk_order[ix.columns[i]] = static_cast<int>(i + 1);
    }
    if (t->rowid_alias >= 0) pk_order[t->rowid_alias] = 1;
    for (size_t i = 0; i < t->columns.size(); i++) {
      const ColumnInfo& c = t->columns[i];
      Value dflt = c.default_expr != nullptr ? Value::Text(c.default_expr->span) : Value::Null();
      buffered_.push_back({Value::Integer(static_cast<int64_t>(i)), Value::Text(c.name), Value::Text(c.type),
                           Value::Integer(c.not_null ? 1 : 0), dflt, Value::Integer(pk_order[i])});
    }
  } else if (EqualsIgnoreCase(p.name, "index_list")) {
    S3LITE_ASSIGN_OR_RETURN(auto t, conn_->cache_.GetTable(txn->catalog(), arg));
    if (!t) return Status::OK();
    int64_t seq = 0;
    for (size_t i = t->indexes.size(); i > 0; i--) {
      const IndexInfo& ix = t->indexes[i - 1];
      buffered_.push_back({Value::Integer(seq++), Value::Text(ix.name), Value::Integer(ix.unique ? 1 : 0),
                           Value::Text(ix.automatic ? (ix.primary_key ? "pk" : "u") : "c"), Value::Integer(0)});
    }
  }
  return Status::OK();
}

Result<bool> StatementImpl::Step() {
  if (done_) return false;
  if (!started_) {
    started_ = true;
    TakeBindErrorOffset();
    Status s = Execute();
    if (!s.ok()) {
      conn_->error_offset_ = BindErrorOffset();
      done_ = true;
      Finish();
      return s;
    }
  }
  if (buffered_mode_ || !plan_) {
    if (pos_ < buffered_.size()) {
      row_ = std::move(buffered_[pos_++]);
      return true;
    }
    done_ = true;
    Finish();
    return false;
  }
  bool has;
  Status s = plan_->Next(&row_, &has);
  if (!s.ok()) {
    done_ = true;
    Finish();
    return RuntimeError(s);
  }
  if (!has) {
    done_ = true;
    Finish();
    return false;
  }
  return true;
}

// ----------------------------------------------------------- ConnectionImpl

ConnectionImpl::~ConnectionImpl() {
  if (txn_) txn_->Rollback();
}

Result<std::unique_ptr<Statement>> ConnectionImpl::Prepare(std::string_view sql, std::string_view* tail) {
  Result<ParsedStatement> parsed = ParseStatement(sql, 0, &error_offset_);
  if (!parsed.ok()) {
    // Skip to after the next ';' so that a script can continue.
    if (tail != nullptr) {
      Lexer lex(sql);
      while (true) {
        Token t = lex.Next();
        if (t.type == TokenType::kEnd || t.IsOp(";")) break;
      }
      *tail = sql.substr(std::min(lex.position(), sql.size()));
    }
    return parsed.status();
  }
  ParsedStatement p = std::move(*parsed);
  if (tail != nullptr) *tail = sql.substr(std::min(p.end, sql.size()));
  if (!p.stmt) return std::unique_ptr<Statement>();
  std::string text(sql.substr(p.begin, p.text_end - p.begin));
  auto stmt = std::make_unique<StatementImpl>(this, std::move(p), std::move(text));
  TakeBindErrorOffset();
  Status st = stmt->Prepare();
  if (!st.ok()) {
    error_offset_ = stmt->BindErrorOffset();
    return st;
  }
  return std::unique_ptr<Statement>(std::move(stmt));
}

Status ConnectionImpl::ExecuteScript(std::string_view sql) {
  std::string_view rest = sql;
  while (!rest.empty()) {
    std::string_view tail;
    S3LITE_ASSIGN_OR_RETURN(auto stmt, Prepare(rest, &tail));
    rest = tail;
    if (!stmt) break;
    while (true) {
      S3LITE_ASSIGN_OR_RETURN(bool has, stmt->Step());
      if (!has) break;
    }
  }
  return Status::OK();
}

Status ConnectionImpl::SetAsOfVersion(std::optional<uint64_t> version) {
  if (txn_) return Status::InvalidArgument("cannot change the version inside a transaction");
  as_of_ = version;
  return Status::OK();
}

}  // namespace s3lite::sql
