#include "sql/execution/dml.h"

#include <algorithm>
#include <map>

#include "engine/value/key_codec.h"
#include "engine/value/record.h"
#include "sql/parser/lexer.h"
#include "sql/execution/trigger.h"
#include "sql/planner/planner.h"

namespace s3lite::sql {

namespace {

// ApplyAffinity in place, without a copy when the value already has a
// storage class the affinity keeps (the common case when loading rows).
void ApplyColumnAffinity(Value* v, Affinity a) {
  if (AffinityChanges(*v, a)) *v = ApplyAffinity(*v, a);
}

// A VALUES term that is a literal, +literal or -literal.
bool IsLiteralTerm(const Expr& e) {
  if (e.kind == ExprKind::kLiteral) return true;
  return e.kind == ExprKind::kUnary && (e.op == Op::kNeg || e.op == Op::kPlus) && e.args.size() == 1 &&
         e.args[0] != nullptr && e.args[0]->kind == ExprKind::kLiteral;
}

// Its value, as evaluating the bound constant would give it (kNeg/kPlus).
void LiteralTerm(const Expr& e, Value* out) {
  if (e.kind == ExprKind::kLiteral) *out = e.value;
  else if (e.op == Op::kNeg) *out = Negate(e.args[0]->value);
  else *out = e.args[0]->value;
}


Status NoSuchTable(const Catalog& catalog, const std::string& name) {
  const SchemaEntry* e = catalog.Find(name);
  if (e != nullptr && e->kind == SchemaKind::kView) {
    return Status::InvalidArgument("cannot modify " + name + " because it is a view");
  }
  return Status::InvalidArgument("no such table: " + name);
}

// Writes rows of one table and keeps its indexes in step.
class TableWriter {
 public:
  TableWriter(WriteEnv& env, std::shared_ptr<const TableInfo> t) : env_(env), t_(std::move(t)) {
    st_.ctx = env.ctx;
    st_.tuple.resize(t_->columns.size() + 1);
  }

  const TableInfo& table() const { return *t_; }

  Status BindChecks(Planner* planner, Scope* scope) {
    for (const Expr* c : t_->checks) {
      S3LITE_ASSIGN_OR_RETURN(BExprPtr b, planner->BindInScope(*c, scope));
      checks_.push_back(std::move(b));
    }
    return Status::OK();
  }

  Result<int64_t> NextRowid() {
    if (!next_rowid_known_) {
      ScanHint hint;
    hint.prefetch = false;
    S3LITE_ASSIGN_OR_RETURN(auto cur, env_.txn->NewCursor(t_->tree, hint));
      S3LITE_RETURN_IF_ERROR(cur->SeekLast());
      next_rowid_ = 1;
      if (cur->Valid()) {
        S3LITE_ASSIGN_OR_RETURN(int64_t last, DecodeRowid(cur->key()));
        if (last == INT64_MAX) return Status::Constraint("database or disk is full");
        next_rowid_ = last + 1;
      }
      next_rowid_known_ = true;
    }
    return next_rowid_;
  }
  // A trigger may have inserted rows: look the next rowid up again.
  void ForgetNextRowid() { next_rowid_known_ = false; }
  void NoteRowid(int64_t r) {
    if (next_rowid_known_ && r >= next_rowid_ && r < INT64_MAX) next_rowid_ = r + 1;
  }

  // Affinity, NOT NULL and CHECK. *skip = row dropped (OR IGNORE).
  Status Validate(Row* row, int64_t rowid, ConflictAction action, bool* skip) {
    *skip = false;
    for (size_t i = 0; i < t_->columns.size(); i++) {
      const ColumnInfo& c = t_->columns[i];
      ApplyColumnAffinity(&(*row)[i], c.affinity);
      if (c.not_null && (*row)[i].is_null()) {
        if (action == ConflictAction::kIgnore) {
          *skip = true;
          return Status::OK();
        }
        return Status::Constraint("NOT NULL constraint failed: " + t_->name + "." + c.name);
      }
    }
    if (!checks_.empty()) {
      for (size_t i = 0; i < row->size(); i++) st_.tuple[i] = (*row)[i];
      st_.tuple[t_->columns.size()] = Value::Integer(rowid);
      for (size_t i = 0; i < checks_.size(); i++) {
        int truth;
        S3LITE_RETURN_IF_ERROR(EvalTruth(*checks_[i], st_, &truth));
        if (truth == 0) {
          if (action == ConflictAction::kIgnore) {
            *skip = true;
            return Status::OK();
          }
          return Status::Constraint("CHECK constraint failed: " + t_->check_names[i]);
        }
      }
    }
    return Status::OK();
  }

  std::string IndexKeyPrefix(const IndexInfo& ix, const Row& row, bool* has_null) {
    std::string key;
    IndexKeyPrefix(ix, row, has_null, &key);
    return key;
  }
  // Same, into *key (cleared first; its capacity is reused).
  void IndexKeyPrefix(const IndexInfo& ix, const Row& row, bool* has_null, std::string* key) {
    key->clear();
    *has_null = false;
    for (size_t i = 0; i < ix.columns.size(); i++) {
      const Value& v = row[ix.columns[i]];
      if (v.is_null()) *has_null = true;
      EncodeKey(v, ix.collations[i], key);  // schema.cc fills one per column
    }
  }

  // Finds a row other than `self` holding the same unique key of index
  // `ix_pos`; -1 if none. One cursor per index serves the whole statement
  // (a cursor re-seeks correctly after the transaction's own writes).
  Result<int64_t> FindConflict(size_t ix_pos, const std::string& prefix, int64_t self) {
    const IndexInfo& ix = t_->indexes[ix_pos];
    {
      // One descent for the usual answers: no entry with the key, or one
      // that is not `self`. Only `self` first (UPDATE) needs the cursor.
      Result<std::string> first = env_.txn->LowerBoundKey(ix.tree, prefix);
      if (!first.ok()) {
        if (first.status().IsNotFound()) return int64_t{-1};
        return first.status();
      }
      std::string_view k = *first;
      if (k.size() != prefix.size() + 8 || k.substr(0, prefix.size()) != prefix) return int64_t{-1};
      S3LITE_ASSIGN_OR_RETURN(int64_t r, DecodeRowid(k.substr(prefix.size())));
      if (r != self) return r;
    }
    if (unique_cursors_.size() < t_->indexes.size()) unique_cursors_.resize(t_->indexes.size());
    std::unique_ptr<Cursor>& cur = unique_cursors_[ix_pos];
    if (!cur) {
      ScanHint hint;
      hint.prefetch = false;
      S3LITE_ASSIGN_OR_RETURN(cur, env_.txn->NewCursor(ix.tree, hint));
    }
    S3LITE_RETURN_IF_ERROR(cur->Seek(prefix));
    while (cur->Valid()) {
      std::string_view k = cur->key();
      if (k.size() != prefix.size() + 8 || k.substr(0, prefix.size()) != prefix) break;
      S3LITE_ASSIGN_OR_RETURN(int64_t r, DecodeRowid(k.substr(prefix.size())));
      if (r != self) return r;
      S3LITE_RETURN_IF_ERROR(cur->Next());
    }
    return int64_t{-1};
  }

  std::string UniqueMessage(const IndexInfo& ix) {
    std::string m = "UNIQUE constraint failed: ";
    for (size_t i = 0; i < ix.columns.size(); i++) {
      if (i) m += ", ";
      m += t_->name + "." + t_->columns[ix.columns[i]].name;
    }
    return m;
  }

  Status DeleteRow(int64_t rowid, const Row& row) {
    for (const IndexInfo& ix : t_->indexes) {
      bool has_null;
      std::string key = IndexKeyPrefix(ix, row, &has_null);
      EncodeRowid(rowid, &key);
      S3LITE_RETURN_IF_ERROR(env_.txn->Delete(ix.tree, key));
    }
    return env_.txn->Delete(t_->tree, EncodeRowid(rowid));
  }

  Result<Row> ReadRow(int64_t rowid) {
    S3LITE_ASSIGN_OR_RETURN(std::string rec, env_.txn->Get(t_->tree, EncodeRowid(rowid)));
    Row row;
    S3LITE_RETURN_IF_ERROR(DecodeRecord(rec, &row));
    row.resize(t_->columns.size());
    return row;
  }

  // Unique checks with conflict resolution. `old_rowid` is the row being
  // updated (-1 for inserts); `changed` limits checks to affected indexes.
  // `fresh_rowid`: the rowid came from NextRowid(), so no row holds it.
  Status ResolveConflicts(const Row& row, int64_t rowid, int64_t old_rowid, ConflictAction action,
                          const std::vector<bool>* changed, bool fresh_rowid, bool* skip, int64_t* deleted) {
    *skip = false;
    // Rowid (INTEGER PRIMARY KEY) conflicts.
    if (rowid != old_rowid && !fresh_rowid) {
      Result<std::string> existing = env_.txn->Get(t_->tree, EncodeRowid(rowid));
      if (existing.ok()) {
        if (action == ConflictAction::kIgnore) {
          *skip = true;
          return Status::OK();
        }
        if (action != ConflictAction::kReplace) {
          std::string col = t_->rowid_alias >= 0 ? t_->columns[t_->rowid_alias].name : "rowid";
          return Status::Constraint("UNIQUE constraint failed: " + t_->name + "." + col);
        }
        Row old;
        S3LITE_RETURN_IF_ERROR(DecodeRecord(*existing, &old));
        old.resize(t_->columns.size());
        S3LITE_RETURN_IF_ERROR(DeleteRow(rowid, old));
        (*deleted)++;
      } else if (!existing.status().IsNotFound()) {
        return existing.status();
      }
    }
    for (size_t i = 0; i < t_->indexes.size(); i++) {
      const IndexInfo& ix = t_->indexes[i];
      if (!ix.unique) continue;
      if (changed != nullptr && !(*changed)[i] && rowid == old_rowid) continue;
      bool has_null;
      IndexKeyPrefix(ix, row, &has_null, &key_);
      if (has_null) continue;
      S3LITE_ASSIGN_OR_RETURN(int64_t other, FindConflict(i, key_, old_rowid >= 0 ? old_rowid : rowid));
      if (other < 0) continue;
      if (action == ConflictAction::kIgnore) {
        *skip = true;
        return Status::OK();
      }
      if (action != ConflictAction::kReplace) return Status::Constraint(UniqueMessage(ix));
      S3LITE_ASSIGN_OR_RETURN(Row old, ReadRow(other));
      S3LITE_RETURN_IF_ERROR(DeleteRow(other, old));
      (*deleted)++;
    }
    return Status::OK();
  }

  Status WriteRow(int64_t rowid, const Row& row, const std::vector<bool>* changed) {
    record_.clear();
    EncodeRecord(row, &record_);
    S3LITE_RETURN_IF_ERROR(env_.txn->Put(t_->tree, EncodeRowid(rowid), record_));
    for (size_t i = 0; i < t_->indexes.size(); i++) {
      if (changed != nullptr && !(*changed)[i]) continue;
      const IndexInfo& ix = t_->indexes[i];
      bool has_null;
      IndexKeyPrefix(ix, row, &has_null, &key_);
      EncodeRowid(rowid, &key_);
      S3LITE_RETURN_IF_ERROR(env_.txn->Put(ix.tree, key_, std::string_view()));
    }
    return Status::OK();
  }

 private:
  WriteEnv& env_;
  std::shared_ptr<const TableInfo> t_;
  QueryState st_;
  std::vector<BExprPtr> checks_;
  bool next_rowid_known_ = false;
  int64_t next_rowid_ = 1;
  std::string record_;
  std::string key_;  // index key scratch
  std::vector<std::unique_ptr<Cursor>> unique_cursors_;  // per index, FindConflict
};

// Scope over one table's columns + rowid, for CHECK and RETURNING.
std::unique_ptr<Scope> TableScope(const TableInfo& t, const std::string& alias) {
  auto sc = std::make_unique<Scope>();
  Source src;
  src.name = alias.empty() ? t.name : alias;
  for (const ColumnInfo& c : t.columns) {
    src.columns.push_back(c.name);
    src.affinity.push_back(c.affinity);
    src.has_affinity.push_back(true);
    src.nocase.push_back(c.nocase);
    src.decl_types.push_back(c.type);
  }
  src.using_hidden.assign(src.columns.size(), false);
  src.width = static_cast<int>(t.columns.size()) + 1;
  src.has_rowid = true;
  sc->width = src.width;
  sc->slot_source.assign(src.width, 0);
  sc->slot_used.assign(src.width, true);
  sc->sources.push_back(std::move(src));
  return sc;
}

struct Returner {
  std::vector<BExprPtr> exprs;
  QueryState st;
  Status Emit(const Row& row, int64_t rowid, DmlOutcome* out) {
    if (exprs.empty()) return Status::OK();
    for (size_t i = 0; i < row.size(); i++) st.tuple[i] = row[i];
    st.tuple[row.size()] = Value::Integer(rowid);
    Row r(exprs.size());
    for (size_t i = 0; i < exprs.size(); i++) S3LITE_RETURN_IF_ERROR(Eval(*exprs[i], st, &r[i]));
    out->rows.push_back(std::move(r));
    return Status::OK();
  }
};

Status SetupReturning(Planner* planner, Scope* scope, const Returning& r, const TableInfo& t, ExecContext* ctx,
                      Returner* ret, DmlOutcome* out) {
  ret->st.ctx = ctx;
  ret->st.tuple.resize(t.columns.size() + 1);
  if (r.columns.empty()) return Status::OK();
  return planner->BindResultColumns(r.columns, scope, &ret->exprs, &out->names);
}

bool IsRowidName(const std::string& name) {
  return EqualsIgnoreCase(name, "rowid") || EqualsIgnoreCase(name, "oid") || EqualsIgnoreCase(name, "_rowid_");
}

// The SET assignments of an UPDATE applied to one row at a time (UPDATE,
// UPDATE ... FROM, upsert's DO UPDATE): values, constraints, index upkeep,
// UPDATE triggers, RETURNING. Values are evaluated in a QueryState whose
// slots 0..ncols hold the old row and its rowid (later slots: the FROM
// tables, or upsert's `excluded` row).
class RowUpdater {
 public:
  RowUpdater(WriteEnv& env, std::shared_ptr<const TableInfo> t, TableWriter* writer)
      : env_(env), t_(std::move(t)), writer_(writer) {}

  // Resolves the SET columns and binds their values in `scope`; loads the
  // UPDATE triggers for those columns.
  Status Bind(Planner* planner, Scope* scope, const std::vector<std::pair<std::string, const Expr*>>& sets) {
    const size_t ncols = t_->columns.size();
    for (const auto& [name, expr] : sets) {
      int pos = t_->FindColumn(name);
      if (pos < 0) {
        if (!IsRowidName(name)) return Status::InvalidArgument("no such column: " + name);
        pos = static_cast<int>(ncols);
      }
      if (pos == static_cast<int>(ncols) || pos == t_->rowid_alias) rowid_changes_ = true;
      cols_.push_back(pos);
      S3LITE_ASSIGN_OR_RETURN(BExprPtr b, planner->BindInScope(*expr, scope));
      values_.push_back(std::move(b));
    }
    changed_.assign(t_->indexes.size(), false);
    all_.assign(t_->indexes.size(), true);
    for (size_t i = 0; i < t_->indexes.size(); i++) {
      for (int c : t_->indexes[i].columns) {
        if (std::find(cols_.begin(), cols_.end(), c) != cols_.end()) changed_[i] = true;
      }
    }
    return triggers_.Load(env_, t_, TriggerEvent::kUpdate, &cols_);
  }

  const RowTriggers& triggers() const { return triggers_; }

  // Updates row `old_rowid` (`old_row` its values, also in st.tuple[0..ncols]).
  Status Apply(int64_t old_rowid, Row old_row, const QueryState& st, ConflictAction action, Returner* ret,
               DmlOutcome* out) {
    const size_t ncols = t_->columns.size();
    Row row = old_row;
    Value new_rid;
    bool rid_set = false;
    for (size_t i = 0; i < cols_.size(); i++) {
      Value v;
      S3LITE_RETURN_IF_ERROR(Eval(*values_[i], st, &v));
      if (cols_[i] == static_cast<int>(ncols) || cols_[i] == t_->rowid_alias) {
        new_rid = v;
        rid_set = true;
      }
      if (cols_[i] < static_cast<int>(ncols)) row[cols_[i]] = std::move(v);
    }
    int64_t rowid = old_rowid;
    if (rid_set) {
      Value r = ApplyAffinity(new_rid, Affinity::kInteger);
      if (r.is_real() && static_cast<double>(static_cast<int64_t>(r.real())) == r.real()) {
        r = Value::Integer(static_cast<int64_t>(r.real()));
      }
      if (r.is_null() && t_->rowid_alias >= 0) {
        S3LITE_ASSIGN_OR_RETURN(rowid, writer_->NextRowid());
      } else if (!r.is_integer()) {
        return Status::Constraint("datatype mismatch");
      } else {
        rowid = r.integer();
      }
      if (t_->rowid_alias >= 0) row[t_->rowid_alias] = Value::Integer(rowid);
    }
    if (triggers_.has_before()) {
      bool ignore;
      S3LITE_RETURN_IF_ERROR(triggers_.FireBefore(&old_row, old_rowid, &row, rowid, &ignore));
      if (ignore) return Status::OK();
      // As sqlite3: skip the row if a trigger deleted it, else reload the
      // columns the statement does not SET.
      Result<Row> cur = writer_->ReadRow(old_rowid);
      if (!cur.ok()) {
        if (cur.status().IsNotFound()) return Status::OK();
        return cur.status();
      }
      for (size_t i = 0; i < ncols; i++) {
        if (std::find(cols_.begin(), cols_.end(), static_cast<int>(i)) == cols_.end()) row[i] = (*cur)[i];
      }
      old_row = std::move(*cur);
      writer_->ForgetNextRowid();
    }
    bool skip;
    S3LITE_RETURN_IF_ERROR(writer_->Validate(&row, rowid, action, &skip));
    if (skip) return Status::OK();
    int64_t deleted = 0;
    S3LITE_RETURN_IF_ERROR(
        writer_->ResolveConflicts(row, rowid, old_rowid, action, &changed_, false, &skip, &deleted));
    if (skip) return Status::OK();
    // Remove the old index entries (all of them if the rowid moves).
    const std::vector<bool>& touched = rowid_changes_ && rowid != old_rowid ? all_ : changed_;
    for (size_t i = 0; i < t_->indexes.size(); i++) {
      if (!touched[i]) continue;
      bool has_null;
      std::string key = writer_->IndexKeyPrefix(t_->indexes[i], old_row, &has_null);
      EncodeRowid(old_rowid, &key);
      S3LITE_RETURN_IF_ERROR(env_.txn->Delete(t_->indexes[i].tree, key));
    }
    if (rowid != old_rowid) S3LITE_RETURN_IF_ERROR(env_.txn->Delete(t_->tree, EncodeRowid(old_rowid)));
    S3LITE_RETURN_IF_ERROR(writer_->WriteRow(rowid, row, &touched));
    writer_->NoteRowid(rowid);
    out->changes++;
    if (!triggers_.empty()) {
      bool ignore;
      S3LITE_RETURN_IF_ERROR(triggers_.FireAfter(&old_row, old_rowid, &row, rowid, &ignore));
      writer_->ForgetNextRowid();
    }
    return ret->Emit(row, rowid, out);
  }

 private:
  WriteEnv& env_;
  std::shared_ptr<const TableInfo> t_;
  TableWriter* writer_;
  std::vector<int> cols_;
  std::vector<BExprPtr> values_;
  bool rowid_changes_ = false;
  std::vector<bool> changed_, all_;
  RowTriggers triggers_;
};

// ---- upsert: INSERT ... ON CONFLICT [(cols) [WHERE]] DO NOTHING | DO UPDATE SET ... [WHERE]

// One ON CONFLICT clause, bound. DO UPDATE evaluates in `st`: the existing
// row and rowid at slots 0..ncols, the proposed row (`excluded`) after them.
struct Upsert {
  int target = -2;  // -2 any uniqueness constraint, -1 the rowid, else an index position
  std::unique_ptr<RowUpdater> updater;  // DO UPDATE
  BExprPtr where;                       // DO UPDATE ... WHERE
  QueryState st;
};

// The constraint a conflict target names: -1 the rowid, else the position
// of the unique index with exactly those columns.
Result<int> UpsertTarget(const TableInfo& t, const UpsertClause& u) {
  std::vector<int> cols;
  for (const std::string& name : u.target_columns) {
    int pos = t.FindColumn(name);
    if (pos < 0 && !IsRowidName(name)) return Status::InvalidArgument("no such column: " + name);
    cols.push_back(pos < 0 ? t.rowid_alias : pos);
  }
  if (cols.size() == 1 && (cols[0] < 0 || cols[0] == t.rowid_alias)) return -1;
  std::vector<int> sorted = cols;
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 0; i < t.indexes.size(); i++) {
    const IndexInfo& ix = t.indexes[i];
    if (!ix.unique || ix.columns.size() != sorted.size()) continue;
    std::vector<int> ic = ix.columns;
    std::sort(ic.begin(), ic.end());
    if (ic == sorted) return static_cast<int>(i);
  }
  return Status::InvalidArgument("ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint");
}

// The target table's scope plus `excluded`, whose columns only qualified
// names reach (an unqualified name is the existing row's).
std::unique_ptr<Scope> UpsertScope(const TableInfo& t, const std::string& alias) {
  auto sc = TableScope(t, alias);
  Source ex = sc->sources[0];
  ex.name = "excluded";
  ex.offset = sc->width;
  ex.using_hidden.assign(ex.columns.size(), true);
  ex.has_rowid = false;
  for (int i = 0; i < ex.width; i++) {
    sc->slot_source.push_back(1);
    sc->slot_used.push_back(true);
  }
  sc->width += ex.width;
  sc->sources.push_back(std::move(ex));
  return sc;
}

Status BindUpserts(const InsertStmt& s, std::shared_ptr<const TableInfo> t, Planner* planner, WriteEnv& env,
                   TableWriter* writer, std::vector<Upsert>* out) {
  for (const UpsertClause& u : s.upserts) {
    Upsert up;
    if (!u.target_columns.empty()) {
      S3LITE_ASSIGN_OR_RETURN(up.target, UpsertTarget(*t, u));
    }
    if (!u.do_nothing) {
      auto scope = UpsertScope(*t, s.alias);
      std::vector<std::pair<std::string, const Expr*>> sets;
      for (const auto& [cols, e] : u.sets) {
        if (cols.size() != 1) return Status::NotSupported("row value assignments are not supported");
        sets.emplace_back(cols[0], e.get());
      }
      up.updater = std::make_unique<RowUpdater>(env, t, writer);
      S3LITE_RETURN_IF_ERROR(up.updater->Bind(planner, scope.get(), sets));
      if (u.where) {
        S3LITE_ASSIGN_OR_RETURN(up.where, planner->BindInScope(*u.where, scope.get()));
      }
      up.st.ctx = env.ctx;
      up.st.tuple.resize(scope->width);
    }
    out->push_back(std::move(up));
  }
  return Status::OK();
}

// The row holding `row`'s value of constraint `target` (-1 the rowid),
// other than the row itself; -1 if none.
Result<int64_t> ConflictOn(TableWriter& writer, WriteEnv& env, int target, const Row& row, int64_t rowid,
                           bool fresh_rowid) {
  const TableInfo& t = writer.table();
  if (target == -1) {
    if (fresh_rowid) return int64_t{-1};
    Result<std::string> existing = env.txn->Get(t.tree, EncodeRowid(rowid));
    if (existing.ok()) return rowid;
    if (!existing.status().IsNotFound()) return existing.status();
    return int64_t{-1};
  }
  const IndexInfo& ix = t.indexes[target];
  if (!ix.unique) return int64_t{-1};
  bool has_null;
  std::string key = writer.IndexKeyPrefix(ix, row, &has_null);
  if (has_null) return int64_t{-1};
  return writer.FindConflict(static_cast<size_t>(target), key, rowid);
}

// Applies the first ON CONFLICT clause whose constraint `row` violates, in
// sqlite3's order: the clauses with a target in turn, then a clause without
// one for any constraint (rowid first, then the indexes). *handled: the row
// is dealt with (nothing to insert).
Status RunUpsert(std::vector<Upsert>& ups, TableWriter& writer, WriteEnv& env, const Row& row, int64_t rowid,
                 bool fresh_rowid, Returner* ret, DmlOutcome* out, bool* handled) {
  *handled = false;
  Upsert* hit = nullptr;
  int64_t other = -1;
  for (Upsert& u : ups) {
    if (u.target == -2) {
      const int n = static_cast<int>(writer.table().indexes.size());
      for (int c = -1; c < n && other < 0; c++) {
        S3LITE_ASSIGN_OR_RETURN(other, ConflictOn(writer, env, c, row, rowid, fresh_rowid));
      }
    } else {
      S3LITE_ASSIGN_OR_RETURN(other, ConflictOn(writer, env, u.target, row, rowid, fresh_rowid));
    }
    if (other >= 0) {
      hit = &u;
      break;
    }
  }
  if (hit == nullptr) return Status::OK();
  *handled = true;
  if (!hit->updater) return Status::OK();  // DO NOTHING
  S3LITE_ASSIGN_OR_RETURN(Row existing, writer.ReadRow(other));
  const size_t ncols = writer.table().columns.size();
  for (size_t i = 0; i < ncols; i++) {
    hit->st.tuple[i] = existing[i];
    hit->st.tuple[ncols + 1 + i] = row[i];
  }
  hit->st.tuple[ncols] = Value::Integer(other);
  hit->st.tuple[2 * ncols + 1] = Value::Integer(rowid);
  if (hit->where) {
    int truth;
    S3LITE_RETURN_IF_ERROR(EvalTruth(*hit->where, hit->st, &truth));
    if (truth != 1) return Status::OK();
  }
  return hit->updater->Apply(other, std::move(existing), hit->st, ConflictAction::kAbort, ret, out);
}

}  // namespace

Status ReturningNames(const Catalog& catalog, SchemaCache* cache, const std::string& table, const Returning& r,
                      std::vector<std::string>* names) {
  if (r.columns.empty()) return Status::OK();
  S3LITE_ASSIGN_OR_RETURN(auto t, cache->GetTable(catalog, table));
  if (!t) return NoSuchTable(catalog, table);
  ExecContext ctx;
  Planner planner(catalog, cache, &ctx);
  auto scope = TableScope(*t, "");
  std::vector<BExprPtr> exprs;
  return planner.BindResultColumns(r.columns, scope.get(), &exprs, names);
}

const std::vector<std::vector<ExprPtr>>* LiteralValues(const SelectStmt& s) {
  if (!s.with.empty() || s.cores.size() != 1 || !s.order_by.empty() || s.limit || s.offset) return nullptr;
  const SelectCore& c = s.cores[0];
  if (!c.is_values || c.values.empty()) return nullptr;
  for (const std::vector<ExprPtr>& row : c.values) {
    if (row.size() != c.values[0].size()) return nullptr;
    for (const ExprPtr& e : row) {
      if (e == nullptr || !IsLiteralTerm(*e)) return nullptr;
    }
  }
  return &c.values;
}

Status CheckUpsertTargets(const InsertStmt& s, const TableInfo& t) {
  for (const UpsertClause& u : s.upserts) {
    if (!u.target_columns.empty()) S3LITE_RETURN_IF_ERROR(UpsertTarget(t, u).status());
  }
  return Status::OK();
}

Status ExecuteInsert(const InsertStmt& s, WriteEnv& env, DmlOutcome* out) {
  const Catalog& catalog = env.txn->catalog();
  S3LITE_ASSIGN_OR_RETURN(auto t, env.cache->GetTable(catalog, s.table));
  if (!t) {
    bool handled;  // a view with INSTEAD OF triggers
    S3LITE_RETURN_IF_ERROR(ExecuteInsteadOf(s, s.table, env, out, &handled));
    return handled ? Status::OK() : NoSuchTable(catalog, s.table);
  }
  const size_t ncols = t->columns.size();
  // Target column positions.
  std::vector<int> targets;
  if (s.columns.empty()) {
    for (size_t i = 0; i < ncols; i++) targets.push_back(static_cast<int>(i));
  } else {
    for (const std::string& c : s.columns) {
      int pos = t->FindColumn(c);
      if (pos < 0) {
        if (EqualsIgnoreCase(c, "rowid") || EqualsIgnoreCase(c, "oid") || EqualsIgnoreCase(c, "_rowid_")) {
          pos = static_cast<int>(ncols);
        } else {
          return Status::InvalidArgument("table " + t->name + " has no column named " + c);
        }
      }
      targets.push_back(pos);
    }
  }
  Planner planner(catalog, env.cache, env.ctx);
  planner.PushWith(s.with);  // WITH ... INSERT/UPDATE/DELETE
  auto scope = TableScope(*t, s.alias);
  TableWriter writer(env, t);
  S3LITE_RETURN_IF_ERROR(writer.BindChecks(&planner, scope.get()));
  Returner ret;
  S3LITE_RETURN_IF_ERROR(SetupReturning(&planner, scope.get(), s.returning, *t, env.ctx, &ret, out));
  RowTriggers triggers;
  S3LITE_RETURN_IF_ERROR(triggers.Load(env, t, TriggerEvent::kInsert, nullptr));
  // Defaults, bound once.
  std::vector<BExprPtr> defaults(ncols);
  for (size_t i = 0; i < ncols; i++) {
    if (t->columns[i].default_expr != nullptr) {
      S3LITE_ASSIGN_OR_RETURN(defaults[i], planner.BindInScope(*t->columns[i].default_expr, nullptr));
    }
  }
  ConflictAction action = s.action;
  std::vector<Upsert> upserts;  // ON CONFLICT clauses
  S3LITE_RETURN_IF_ERROR(BindUpserts(s, t, &planner, env, &writer, &upserts));
  // Source rows: VALUES of literals straight from the syntax tree, else a plan.
  const std::vector<std::vector<ExprPtr>>* literal_rows = s.default_values ? nullptr : LiteralValues(*s.select);
  std::unique_ptr<SelectPlan> plan;
  if (!s.default_values) {
    size_t visible;
    if (literal_rows != nullptr) {
      visible = (*literal_rows)[0].size();
    } else {
      S3LITE_ASSIGN_OR_RETURN(plan, planner.PlanSelect(*s.select));
      visible = plan->visible;
    }
    if (visible != targets.size()) {
      if (s.columns.empty()) {
        return Status::InvalidArgument("table " + t->name + " has " + std::to_string(ncols) + " columns but " +
                                       std::to_string(visible) + " values were supplied");
      }
      return Status::InvalidArgument(std::to_string(visible) + " values for " + std::to_string(targets.size()) +
                                     " columns");
    }
  }
  // INSERT ... SELECT reads everything first (it may read the target table).
  bool stream = s.default_values || literal_rows != nullptr ||
                (s.select->cores.size() == 1 && s.select->cores[0].is_values);
  std::vector<Row> buffered;
  if (plan) S3LITE_RETURN_IF_ERROR(stream ? plan->Open(nullptr) : plan->ReadAll(nullptr, &buffered));
  size_t buf_pos = 0;
  bool default_done = false;
  QueryState empty;
  empty.ctx = env.ctx;
  Row src;
  Row row(ncols);
  std::vector<bool> given(ncols + 1);
  size_t literal_pos = 0;
  const std::vector<ExprPtr>* terms = nullptr;  // this row's literals (fast path)
  while (true) {
    if (s.default_values) {
      if (default_done) break;
      default_done = true;
      src.clear();
    } else if (literal_rows != nullptr) {
      if (literal_pos >= literal_rows->size()) break;
      terms = &(*literal_rows)[literal_pos++];
    } else if (stream) {
      bool has;
      S3LITE_RETURN_IF_ERROR(plan->Next(&src, &has));
      if (!has) break;
    } else {
      if (buf_pos >= buffered.size()) break;
      src = std::move(buffered[buf_pos++]);
    }
    if ((out->changes & 1023) == 1023 && env.ctx->interrupted && env.ctx->interrupted->load()) {
      return Status::Interrupted("interrupted");
    }
    given.assign(ncols + 1, false);
    Value explicit_rowid;
    // DEFAULT VALUES supplies nothing: every column takes its default below.
    const size_t supplied = s.default_values ? 0 : targets.size();
    for (size_t i = 0; i < supplied; i++) {
      Value* dst = targets[i] == static_cast<int>(ncols) ? &explicit_rowid : &row[targets[i]];
      if (terms != nullptr) {
        LiteralTerm(*(*terms)[i], dst);  // straight into the row
      } else {
        *dst = std::move(src[i]);
      }
      given[targets[i]] = true;
    }
    for (size_t i = 0; i < ncols; i++) {
      if (given[i]) continue;
      if (defaults[i]) {
        S3LITE_RETURN_IF_ERROR(Eval(*defaults[i], empty, &row[i]));
      } else {
        row[i] = Value::Null();
      }
    }
    // Rowid: the INTEGER PRIMARY KEY value, an explicit rowid, or the next one.
    Value rid = t->rowid_alias >= 0 ? row[t->rowid_alias] : explicit_rowid;
    if (t->rowid_alias >= 0 && rid.is_null() && given[ncols]) rid = explicit_rowid;
    if (triggers.has_before()) {
      bool ignore;
      S3LITE_RETURN_IF_ERROR(triggers.FireBefore(nullptr, 0, &row, RowTriggers::BeforeInsertRowid(rid), &ignore));
      writer.ForgetNextRowid();
      if (ignore) continue;
    }
    int64_t rowid;
    const bool fresh_rowid = rid.is_null();
    if (fresh_rowid) {
      S3LITE_ASSIGN_OR_RETURN(rowid, writer.NextRowid());
    } else {
      Value r = ApplyAffinity(rid, Affinity::kInteger);
      if (r.is_real() && static_cast<double>(static_cast<int64_t>(r.real())) == r.real()) {
        r = Value::Integer(static_cast<int64_t>(r.real()));
      }
      if (!r.is_integer()) return Status::Constraint("datatype mismatch");
      rowid = r.integer();
    }
    if (t->rowid_alias >= 0) row[t->rowid_alias] = Value::Integer(rowid);
    bool skip;
    S3LITE_RETURN_IF_ERROR(writer.Validate(&row, rowid, action, &skip));
    if (skip) continue;
    if (!upserts.empty()) {
      bool handled;
      S3LITE_RETURN_IF_ERROR(RunUpsert(upserts, writer, env, row, rowid, fresh_rowid, &ret, out, &handled));
      if (handled) continue;
    }
    int64_t deleted = 0;
    S3LITE_RETURN_IF_ERROR(writer.ResolveConflicts(row, rowid, -1, action, nullptr, fresh_rowid, &skip, &deleted));
    if (skip) continue;
    S3LITE_RETURN_IF_ERROR(writer.WriteRow(rowid, row, nullptr));
    writer.NoteRowid(rowid);
    out->changes++;
    out->inserted = true;
    out->last_rowid = rowid;
    if (env.ctx->conn != nullptr) env.ctx->conn->last_insert_rowid = rowid;  // live, as sqlite3
    if (!triggers.empty()) {
      bool ignore;
      S3LITE_RETURN_IF_ERROR(triggers.FireAfter(nullptr, 0, &row, rowid, &ignore));
      writer.ForgetNextRowid();
    }
    S3LITE_RETURN_IF_ERROR(ret.Emit(row, rowid, out));
  }
  return Status::OK();
}

namespace {
bool HasCorrelatedSubquery(const BExpr& e) {
  if (e.sub && e.sub->correlated) return true;
  for (const BExprPtr& a : e.args) {
    if (HasCorrelatedSubquery(*a)) return true;
  }
  return false;
}

// When WHERE has a correlated subquery (which may read the table being
// changed), SQLite evaluates it row by row while it changes rows. This
// collects every rowid and returns the bound WHERE for per-row evaluation;
// `*per_row` is false when the ordinary filtered scan is exact.
Status PlanRowByRow(Planner* planner, std::shared_ptr<const TableInfo> t, const std::string& alias,
                    const Expr* where, std::unique_ptr<TableQuery>* q, BExprPtr* cond, bool* per_row) {
  *per_row = false;
  S3LITE_ASSIGN_OR_RETURN(*q, planner->PlanTableQuery(t, alias, where));
  if (where == nullptr) return Status::OK();
  S3LITE_ASSIGN_OR_RETURN(BExprPtr w, planner->BindInScope(*where, &(*q)->scope));
  if (!HasCorrelatedSubquery(*w)) return Status::OK();
  *per_row = true;
  *cond = std::move(w);
  S3LITE_ASSIGN_OR_RETURN(*q, planner->PlanTableQuery(t, alias, nullptr));
  return Status::OK();
}

// Runs the table query and returns (rowid, row) of every matching row.
Status CollectRows(TableQuery& q, size_t ncols, const Expr* limit, std::vector<std::pair<int64_t, Row>>* rows) {
  (void)limit;
  CorePlan& core = *q.core;
  S3LITE_RETURN_IF_ERROR(core.source->Open());
  while (true) {
    bool has;
    S3LITE_RETURN_IF_ERROR(core.source->Next(&has));
    if (!has) break;
    Row r(core.state.tuple.begin(), core.state.tuple.begin() + ncols);
    rows->emplace_back(core.state.tuple[ncols].integer(), std::move(r));
  }
  return Status::OK();
}

// UPDATE ... FROM: every target row the join matches, once, with the whole
// tuple of the join row that matched it last (sqlite3 keeps the last one),
// in rowid order.
Status CollectJoinRows(TableQuery& q, size_t ncols, std::vector<std::pair<int64_t, Row>>* rows) {
  CorePlan& core = *q.core;
  std::map<int64_t, Row> by_rowid;
  S3LITE_RETURN_IF_ERROR(core.source->Open());
  while (true) {
    bool has;
    S3LITE_RETURN_IF_ERROR(core.source->Next(&has));
    if (!has) break;
    by_rowid[core.state.tuple[ncols].integer()] = core.state.tuple;
  }
  for (auto& [rowid, tuple] : by_rowid) rows->emplace_back(rowid, std::move(tuple));
  return Status::OK();
}

// A LIMIT/OFFSET value (no columns in scope): an integer, else
// "datatype mismatch" as sqlite3.
Status EvalCount(Planner* planner, const Expr& e, ExecContext* ctx, int64_t* out) {
  S3LITE_ASSIGN_OR_RETURN(BExprPtr b, planner->BindInScope(e, nullptr));
  QueryState st;
  st.ctx = ctx;
  return EvalLimitCount(*b, st, out);
}

// UPDATE/DELETE ... [ORDER BY ...] LIMIT n [OFFSET m] (sqlite3 built with
// SQLITE_ENABLE_UPDATE_DELETE_LIMIT, as Debian's is): sorts the rows by the
// ORDER BY terms (evaluated in `st`, whose slots the rows' tuples fill;
// ties keep scan order), keeps rows m .. m+n-1 (n < 0: all) and leaves them
// in scan order (sqlite3 changes `WHERE rowid IN (SELECT ... LIMIT)`).
Status ApplyOrderLimit(Planner* planner, Scope* scope, QueryState& st, const std::vector<OrderTerm>& order_by,
                       const Expr& limit, const Expr* offset, std::vector<std::pair<int64_t, Row>>* rows) {
  int64_t n = -1, skip = 0;
  S3LITE_RETURN_IF_ERROR(EvalCount(planner, limit, st.ctx, &n));
  if (offset != nullptr) S3LITE_RETURN_IF_ERROR(EvalCount(planner, *offset, st.ctx, &skip));
  if (skip < 0) skip = 0;
  if (!order_by.empty()) {
    std::vector<BExprPtr> keys;
    std::vector<SortKey> sort;
    for (const OrderTerm& t : order_by) {
      S3LITE_ASSIGN_OR_RETURN(BExprPtr b, planner->BindInScope(*t.expr, scope));
      sort.push_back({keys.size(), t.desc, t.nulls, EqualsIgnoreCase(t.collation, "nocase") || b->nocase});
      keys.push_back(std::move(b));
    }
    std::vector<std::pair<Row, size_t>> keyed;  // key values, position in *rows
    for (size_t i = 0; i < rows->size(); i++) {
      const Row& tuple = (*rows)[i].second;
      for (size_t j = 0; j < tuple.size() && j < st.tuple.size(); j++) st.tuple[j] = tuple[j];
      if (tuple.size() < st.tuple.size()) st.tuple[tuple.size()] = Value::Integer((*rows)[i].first);
      Row k(keys.size());
      for (size_t j = 0; j < keys.size(); j++) S3LITE_RETURN_IF_ERROR(Eval(*keys[j], st, &k[j]));
      keyed.emplace_back(std::move(k), i);
    }
    std::stable_sort(keyed.begin(), keyed.end(),
                     [&](const auto& a, const auto& b) { return CompareRowsBy(sort, a.first, b.first) < 0; });
    const size_t from = std::min(keyed.size(), static_cast<size_t>(skip));
    size_t to = keyed.size();
    if (n >= 0 && static_cast<uint64_t>(n) < to - from) to = from + static_cast<size_t>(n);
    std::vector<size_t> picked;
    for (size_t i = from; i < to; i++) picked.push_back(keyed[i].second);
    std::sort(picked.begin(), picked.end());
    std::vector<std::pair<int64_t, Row>> kept;
    for (size_t i : picked) kept.push_back(std::move((*rows)[i]));
    *rows = std::move(kept);
    return Status::OK();
  }
  const size_t from = std::min(rows->size(), static_cast<size_t>(skip));
  size_t to = rows->size();
  if (n >= 0 && static_cast<uint64_t>(n) < to - from) to = from + static_cast<size_t>(n);
  rows->erase(rows->begin() + to, rows->end());
  rows->erase(rows->begin(), rows->begin() + from);
  return Status::OK();
}

// With LIMIT, a per-row WHERE (correlated subquery) is evaluated on every
// row first, so that LIMIT counts matching rows.
Status FilterRows(const BExpr& cond, QueryState& st, size_t ncols, std::vector<std::pair<int64_t, Row>>* rows) {
  std::vector<std::pair<int64_t, Row>> keep;
  for (auto& [rowid, row] : *rows) {
    for (size_t i = 0; i < ncols; i++) st.tuple[i] = row[i];
    st.tuple[ncols] = Value::Integer(rowid);
    int truth;
    S3LITE_RETURN_IF_ERROR(EvalTruth(cond, st, &truth));
    if (truth == 1) keep.emplace_back(rowid, std::move(row));
  }
  *rows = std::move(keep);
  return Status::OK();
}
}  // namespace

Status ExecuteUpdate(const UpdateStmt& s, WriteEnv& env, DmlOutcome* out) {
  const Catalog& catalog = env.txn->catalog();
  S3LITE_ASSIGN_OR_RETURN(auto t, env.cache->GetTable(catalog, s.table));
  if (!t) {
    bool handled;  // a view with INSTEAD OF triggers
    S3LITE_RETURN_IF_ERROR(ExecuteInsteadOf(s, s.table, env, out, &handled));
    return handled ? Status::OK() : NoSuchTable(catalog, s.table);
  }
  const size_t ncols = t->columns.size();
  const bool has_from = !s.from.from.empty();
  Planner planner(catalog, env.cache, env.ctx);
  planner.PushWith(s.with);  // WITH ... INSERT/UPDATE/DELETE
  std::unique_ptr<TableQuery> q;
  BExprPtr row_cond;
  bool per_row = false;
  if (has_from) {
    S3LITE_ASSIGN_OR_RETURN(q, planner.PlanJoinQuery(s.from, s.where.get()));
  } else {
    S3LITE_RETURN_IF_ERROR(PlanRowByRow(&planner, t, s.alias, s.where.get(), &q, &row_cond, &per_row));
  }
  TableWriter writer(env, t);
  RowUpdater updater(env, t, &writer);
  std::vector<std::pair<std::string, const Expr*>> sets;
  for (const auto& [name, expr] : s.sets) sets.emplace_back(name, expr.get());
  S3LITE_RETURN_IF_ERROR(updater.Bind(&planner, &q->scope, sets));
  auto table_scope = TableScope(*t, s.alias);  // CHECK and RETURNING see the target only
  S3LITE_RETURN_IF_ERROR(writer.BindChecks(&planner, table_scope.get()));
  Returner ret;
  S3LITE_RETURN_IF_ERROR(SetupReturning(&planner, table_scope.get(), s.returning, *t, env.ctx, &ret, out));
  // The rows to change: (rowid, the tuple of the scope: row and rowid first).
  std::vector<std::pair<int64_t, Row>> rows;
  S3LITE_RETURN_IF_ERROR(has_from ? CollectJoinRows(*q, ncols, &rows) : CollectRows(*q, ncols, nullptr, &rows));
  QueryState& st = q->core->state;
  if (s.limit) {
    if (per_row) S3LITE_RETURN_IF_ERROR(FilterRows(*row_cond, st, ncols, &rows));
    per_row = false;
    S3LITE_RETURN_IF_ERROR(ApplyOrderLimit(&planner, &q->scope, st, s.order_by, *s.limit, s.offset.get(), &rows));
  }
  for (auto& [old_rowid, tuple] : rows) {
    Row old_row(tuple.begin(), tuple.begin() + ncols);
    if (per_row || !updater.triggers().empty()) {  // a trigger may have changed or deleted the row
      Result<Row> cur = writer.ReadRow(old_rowid);
      if (!cur.ok()) {
        if (cur.status().IsNotFound()) continue;
        return cur.status();
      }
      old_row = std::move(*cur);
    }
    if (has_from) {
      for (size_t i = ncols + 1; i < tuple.size(); i++) st.tuple[i] = tuple[i];
    }
    for (size_t i = 0; i < ncols; i++) st.tuple[i] = old_row[i];
    st.tuple[ncols] = Value::Integer(old_rowid);
    if (per_row) {
      int truth;
      S3LITE_RETURN_IF_ERROR(EvalTruth(*row_cond, st, &truth));
      if (truth != 1) continue;
    }
    S3LITE_RETURN_IF_ERROR(updater.Apply(old_rowid, std::move(old_row), st, s.action, &ret, out));
  }
  return Status::OK();
}

Status ExecuteDelete(const DeleteStmt& s, WriteEnv& env, DmlOutcome* out) {
  const Catalog& catalog = env.txn->catalog();
  S3LITE_ASSIGN_OR_RETURN(auto t, env.cache->GetTable(catalog, s.table));
  if (!t) {
    bool handled;  // a view with INSTEAD OF triggers
    S3LITE_RETURN_IF_ERROR(ExecuteInsteadOf(s, s.table, env, out, &handled));
    return handled ? Status::OK() : NoSuchTable(catalog, s.table);
  }
  const size_t ncols = t->columns.size();
  Planner planner(catalog, env.cache, env.ctx);
  planner.PushWith(s.with);  // WITH ... INSERT/UPDATE/DELETE
  std::unique_ptr<TableQuery> q;
  BExprPtr row_cond;
  bool per_row;
  S3LITE_RETURN_IF_ERROR(PlanRowByRow(&planner, t, s.alias, s.where.get(), &q, &row_cond, &per_row));
  Returner ret;
  S3LITE_RETURN_IF_ERROR(SetupReturning(&planner, &q->scope, s.returning, *t, env.ctx, &ret, out));
  std::vector<std::pair<int64_t, Row>> rows;
  S3LITE_RETURN_IF_ERROR(CollectRows(*q, ncols, nullptr, &rows));
  TableWriter writer(env, t);
  RowTriggers triggers;
  S3LITE_RETURN_IF_ERROR(triggers.Load(env, t, TriggerEvent::kDelete, nullptr));
  QueryState& st = q->core->state;
  if (s.limit) {
    if (per_row) S3LITE_RETURN_IF_ERROR(FilterRows(*row_cond, st, ncols, &rows));
    per_row = false;
    S3LITE_RETURN_IF_ERROR(ApplyOrderLimit(&planner, &q->scope, st, s.order_by, *s.limit, s.offset.get(), &rows));
  }
  for (auto& [rowid, row] : rows) {
    if (per_row) {
      Result<Row> cur = writer.ReadRow(rowid);
      if (!cur.ok()) {
        if (cur.status().IsNotFound()) continue;
        return cur.status();
      }
      row = std::move(*cur);
      for (size_t i = 0; i < ncols; i++) st.tuple[i] = row[i];
      st.tuple[ncols] = Value::Integer(rowid);
      int truth;
      S3LITE_RETURN_IF_ERROR(EvalTruth(*row_cond, st, &truth));
      if (truth != 1) continue;
    }
    if (!per_row && !triggers.empty()) {  // a trigger may have changed or deleted the row
      Result<Row> cur = writer.ReadRow(rowid);
      if (!cur.ok()) {
        if (cur.status().IsNotFound()) continue;
        return cur.status();
      }
      row = std::move(*cur);
    }
    if (triggers.has_before()) {
      bool ignore;
      S3LITE_RETURN_IF_ERROR(triggers.FireBefore(&row, rowid, nullptr, 0, &ignore));
      if (ignore) continue;
      Result<Row> cur = writer.ReadRow(rowid);
      if (!cur.ok()) {
        if (cur.status().IsNotFound()) continue;
        return cur.status();
      }
      row = std::move(*cur);
    }
    S3LITE_RETURN_IF_ERROR(writer.DeleteRow(rowid, row));
    out->changes++;
    if (!triggers.empty()) {
      bool ignore;
      S3LITE_RETURN_IF_ERROR(triggers.FireAfter(&row, rowid, nullptr, 0, &ignore));
    }
    S3LITE_RETURN_IF_ERROR(ret.Emit(row, rowid, out));
  }
  return Status::OK();
}

}  // namespace s3lite::sql
