#include "sql/execution/operators.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "engine/value/key_codec.h"
#include "engine/value/record.h"

namespace s3lite::sql {

Status CheckInterrupt(const QueryState* st) {
  if (st->ctx != nullptr && st->ctx->interrupted != nullptr && st->ctx->interrupted->load()) {
    return Status::Interrupted("interrupted");
  }
  return Status::OK();
}

namespace {

// Rowid from a probe value, as SQLite converts in "rowid = x".
bool ToRowid(const Value& in, int64_t* out) {
  Value v = in;
  if (v.is_text() || v.is_blob()) v = ApplyAffinity(v, Affinity::kNumeric);
  if (v.is_integer()) {
    *out = v.integer();
    return true;
  }
  if (v.is_real()) {
    double d = v.real();
    if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 && std::floor(d) == d) {
      *out = static_cast<int64_t>(d);
      return true;
    }
  }
  return false;
}

// Lower rowid bound for "rowid > v" / "rowid >= v". false = no rows.
bool RowidLower(const Value& in, bool incl, int64_t* out) {
  Value v = in;
  if (v.is_text() || v.is_blob()) v = ApplyAffinity(v, Affinity::kNumeric);
  if (v.is_null() || v.is_text() || v.is_blob()) return false;  // text > every number
  if (v.is_integer()) {
    if (incl) {
      *out = v.integer();
    } else {
      if (v.integer() == INT64_MAX) return false;
      *out = v.integer() + 1;
    }
    return true;
  }
  double d = v.real();
  if (d >= 9223372036854775807.0) return false;
  if (d < -9223372036854775808.0) {
    *out = INT64_MIN;
    return true;
  }
  double c = incl ? std::ceil(d) : std::floor(d) + 1;
  *out = static_cast<int64_t>(c);
  return true;
}

// Upper rowid bound for "rowid < v" / "<= v". false = no rows; *unbounded set for text.
bool RowidUpper(const Value& in, bool incl, int64_t* out) {
  Value v = in;
  if (v.is_text() || v.is_blob()) v = ApplyAffinity(v, Affinity::kNumeric);
  if (v.is_null()) return false;
  if (v.is_text() || v.is_blob()) {
    *out = INT64_MAX;
    return true;
  }
  if (v.is_integer()) {
    if (incl) {
      *out = v.integer();
    } else {
      if (v.integer() == INT64_MIN) return false;
      *out = v.integer() - 1;
    }
    return true;
  }
  double d = v.real();
  if (d < -9223372036854775808.0) return false;
  if (d >= 9223372036854775807.0) {
    *out = INT64_MAX;
    return true;
  }
  double c = incl ? std::floor(d) : std::ceil(d) - 1;
  *out = static_cast<int64_t>(c);
  return true;
}

// The rowid in the last 8 bytes of a key (EncodeRowid's form: big-endian,
// sign bit flipped); the caller checked the size. DecodeRowid without the
// Result, for the per-row path.
int64_t RowidOfKeyTail(std::string_view key) {
  uint64_t u;
  std::memcpy(&u, key.data() + key.size() - 8, 8);
  if constexpr (std::endian::native == std::endian::little) u = __builtin_bswap64(u);
  return static_cast<int64_t>(u ^ (1ull << 63));
}

}  // namespace

// ---------------------------------------------------------------- TableScan

TableScan::TableScan(QueryState* st, std::shared_ptr<const TableInfo> table, std::string alias, int offset,
                     AccessPath path, std::vector<Value> defaults)
    : st_(st),
      table_(std::move(table)),
      alias_(std::move(alias)),
      offset_(offset),
      ncols_(static_cast<int>(table_->columns.size())),
      path_(std::move(path)),
      defaults_(std::move(defaults)) {}

Status TableScan::ProbeValue(const BExpr& e, size_t pos, Value* v, bool* usable) {
  S3LITE_RETURN_IF_ERROR(Eval(e, *st_, v));
  if (pos < path_.apply.size() && path_.apply[pos]) *v = ApplyAffinity(*v, path_.aff[pos]);
  *usable = !v->is_null();
  return Status::OK();
}

Status TableScan::BuildRanges() {
  ranges_.clear();
  done_ = false;
  const bool rowid = path_.kind == AccessPath::kRowidEq || path_.kind == AccessPath::kRowidIn ||
                     path_.kind == AccessPath::kRowidRange;
  if (path_.kind == AccessPath::kFullScan) {
    ranges_.push_back({"", ""});
    return Status::OK();
  }
  // Values for the equality prefix; the last position may come from an IN list.
  std::vector<std::string> prefixes(1);
  // Probe keys are built under the index column's collation, as its keys are.
  auto coll = [&](size_t pos) {
    return path_.index != nullptr && pos < path_.index->collations.size() ? path_.index->collations[pos]
                                                                          : Collation::kBinary;
  };
  const bool has_in = path_.kind == AccessPath::kRowidIn || path_.kind == AccessPath::kIndexIn;
  size_t fixed = path_.eq.size();
  for (size_t i = 0; i < fixed; i++) {
    Value v;
    bool usable;
    S3LITE_RETURN_IF_ERROR(ProbeValue(*path_.eq[i], i, &v, &usable));
    if (!usable) {
      done_ = true;
      return Status::OK();
    }
    if (rowid) {
      int64_t r;
      if (!ToRowid(v, &r)) {
        done_ = true;
        return Status::OK();
      }
      prefixes[0] = EncodeRowid(r);
    } else {
      EncodeKey(v, coll(i), &prefixes[0]);
    }
  }
  if (has_in) {
    std::vector<Value> vals;
    if (path_.in_sub) {
      Value dummy;
      BExpr probe;
      probe.kind = BKind::kInSub;
      probe.sub = path_.in_sub;
      // Materialize the subquery's values through the shared evaluator.
      auto c = std::make_unique<BExpr>();
      c->kind = BKind::kConst;
      probe.args.push_back(std::move(c));
      S3LITE_RETURN_IF_ERROR(EvalSubquery(probe, *st_, &dummy));
      vals = path_.in_sub->values;
    } else {
      for (const BExprPtr& item : path_.in_items) {
        Value v;
        bool usable;
        S3LITE_RETURN_IF_ERROR(ProbeValue(*item, fixed, &v, &usable));
        if (usable) vals.push_back(std::move(v));
      }
    }
    std::vector<std::string> keys;
    for (const Value& v : vals) {
      Value cv = (fixed < path_.apply.size() && path_.apply[fixed]) ? ApplyAffinity(v, path_.aff[fixed]) : v;
      if (cv.is_null()) continue;
      if (rowid) {
        int64_t r;
        if (ToRowid(cv, &r)) keys.push_back(EncodeRowid(r));
      } else {
        std::string k = prefixes[0];
        EncodeKey(cv, coll(fixed), &k);
        keys.push_back(std::move(k));
      }
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    prefixes = std::move(keys);
  }
  if (rowid && path_.kind != AccessPath::kRowidRange) {
    for (std::string& p : prefixes) ranges_.push_back({p, PrefixSuccessor(p)});
    return Status::OK();
  }
  if (rowid) {  // kRowidRange
    int64_t lo = INT64_MIN, hi = INT64_MAX;
    if (path_.lo) {
      Value v;
      S3LITE_RETURN_IF_ERROR(Eval(*path_.lo, *st_, &v));
      if (!RowidLower(v, path_.lo_incl, &lo)) {
        done_ = true;
        return Status::OK();
      }
    }
    if (path_.hi) {
      Value v;
      S3LITE_RETURN_IF_ERROR(Eval(*path_.hi, *st_, &v));
      if (!RowidUpper(v, path_.hi_incl, &hi)) {
        done_ = true;
        return Status::OK();
      }
    }
    if (lo > hi) {
      done_ = true;
      return Status::OK();
    }
    ranges_.push_back({EncodeRowid(lo), hi == INT64_MAX ? "" : EncodeRowid(hi + 1)});
    return Status::OK();
  }
  // Index: each prefix, optionally narrowed by a range on the next column.
  Value lo, hi;
  if (path_.lo) {
    S3LITE_RETURN_IF_ERROR(Eval(*path_.lo, *st_, &lo));
    if (path_.range_apply) lo = ApplyAffinity(lo, path_.range_aff);
    if (lo.is_null()) {
      done_ = true;
      return Status::OK();
    }
  }
  if (path_.hi) {
    S3LITE_RETURN_IF_ERROR(Eval(*path_.hi, *st_, &hi));
    if (path_.range_apply) hi = ApplyAffinity(hi, path_.range_aff);
    if (hi.is_null()) {
      done_ = true;
      return Status::OK();
    }
  }
  for (const std::string& p : prefixes) {
    KeyRange r;
    if (path_.lo) {
      std::string k = p;
      EncodeKey(lo, coll(fixed), &k);
      r.start = path_.lo_incl ? k : PrefixSuccessor(k);
    } else if (path_.hi) {
      r.start = PrefixSuccessor(p + EncodeKey(Value::Null()));
    } else {
      r.start = p;
    }
    if (path_.hi) {
      std::string k = p;
      EncodeKey(hi, coll(fixed), &k);
      r.stop = path_.hi_incl ? PrefixSuccessor(k) : k;
    } else {
      r.stop = p.empty() ? "" : PrefixSuccessor(p);
    }
    if (!r.stop.empty() && r.start >= r.stop) continue;
    ranges_.push_back(std::move(r));
  }
  return Status::OK();
}

Status TableScan::Open() {
  row_cursor_positioned_ = false;  // the transaction may have written since
  S3LITE_RETURN_IF_ERROR(BuildRanges());
  range_ = 0;
  range_started_ = false;
  if (done_ || ranges_.empty()) {
    done_ = true;
    return Status::OK();
  }
  if (!cursor_) {
    const bool rowid = path_.kind == AccessPath::kFullScan || path_.kind == AccessPath::kRowidEq ||
                       path_.kind == AccessPath::kRowidIn || path_.kind == AccessPath::kRowidRange;
    TreeId tree = rowid ? table_->tree : path_.index->tree;
    ScanHint hint;
    if (path_.kind == AccessPath::kFullScan) {
      hint = path_.hint;
    } else {
      hint.prefetch = path_.kind == AccessPath::kRowidRange || path_.lo || path_.hi;
      if (ranges_.size() == 1) {
        if (!ranges_[0].start.empty()) hint.lower_key = ranges_[0].start;
        if (!ranges_[0].stop.empty()) hint.upper_key = ranges_[0].stop;
      }
    }
    S3LITE_ASSIGN_OR_RETURN(cursor_, st_->ctx->txn->NewCursor(tree, hint));
  }
  return Status::OK();
}

void TableScan::set_read_columns(std::vector<int> columns) {
  // One pass over the record decodes just these columns (ascending, unique),
  // skipping the others without building Values for them.
  std::sort(columns.begin(), columns.end());
  columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
  partial_decode_ = columns.size() < static_cast<size_t>(ncols_);
  read_columns_ = partial_decode_ ? std::move(columns) : std::vector<int>();
}

Status TableScan::LoadRow(int64_t rowid, std::string_view record) {
  if (partial_decode_) {
    Value* dst = st_->tuple.data() + offset_;
    size_t stored = 0;
    S3LITE_RETURN_IF_ERROR(DecodeRecordColumns(record, read_columns_.data(), read_columns_.size(), dst, &stored));
    for (int c : read_columns_) {
      if (static_cast<size_t>(c) >= stored) dst[c] = defaults_[c];  // added by ALTER TABLE after this row was written
    }
    dst[ncols_].AssignInteger(rowid);
    return Status::OK();
  }
  S3LITE_RETURN_IF_ERROR(DecodeRecord(record, &scratch_));
  Value* dst = st_->tuple.data() + offset_;
  size_t n = std::min(scratch_.size(), static_cast<size_t>(ncols_));
  for (size_t i = 0; i < n; i++) dst[i] = std::move(scratch_[i]);
  for (size_t i = n; i < static_cast<size_t>(ncols_); i++) dst[i] = defaults_[i];
  dst[ncols_] = Value::Integer(rowid);
  return Status::OK();
}

// Index entries usually come in rowid order (rows inserted in key order), so
// the table cursor steps forward from the previous row to the next one; only
// when the row is not a few entries ahead does it seek from the root. One
// ordered pass over the table instead of a root-to-leaf Get per row.
Status TableScan::FetchTableRow(int64_t rowid, std::string_view key) {
  constexpr int kMaxSteps = 4;
  if (!row_cursor_) {
    ScanHint hint;
    hint.prefetch = false;
    S3LITE_ASSIGN_OR_RETURN(row_cursor_, st_->ctx->txn->NewCursor(table_->tree, hint));
    row_cursor_positioned_ = false;
  }
  bool found = false;
  if (row_cursor_positioned_) {
    for (int step = 0; step <= kMaxSteps && row_cursor_->Valid(); step++) {
      int c = row_cursor_->key().compare(key);
      if (c >= 0) {  // at the row, or past it (then seek back)
        found = c == 0;
        break;
      }
      if (step == kMaxSteps) break;
      S3LITE_RETURN_IF_ERROR(row_cursor_->Next());
    }
  }
  if (!found) {
    S3LITE_RETURN_IF_ERROR(row_cursor_->Seek(key));
    row_cursor_positioned_ = true;
    found = row_cursor_->Valid() && row_cursor_->key() == key;
  }
  if (!found) {
    return Status::Corruption("index " + path_.index->name + " points at missing row " + std::to_string(rowid));
  }
  return LoadRow(rowid, row_cursor_->value());
}

Status TableScan::StartRange() {
  const KeyRange& r = ranges_[range_];
  range_started_ = true;
  if (r.start.empty()) return cursor_->SeekFirst();
  return cursor_->Seek(r.start);
}

Status TableScan::Next(bool* has_row) {
  *has_row = false;
  if (done_) return Status::OK();
  if ((++rows_ & 4095) == 0) S3LITE_RETURN_IF_ERROR(CheckInterrupt(st_));
  const bool rowid_tree = path_.kind == AccessPath::kFullScan || path_.kind == AccessPath::kRowidEq ||
                          path_.kind == AccessPath::kRowidIn || path_.kind == AccessPath::kRowidRange;
  Transaction* txn = st_->ctx->txn;
  while (range_ < ranges_.size()) {
    const KeyRange& r = ranges_[range_];
    // Point lookups by rowid use Get (bloom filters), not a cursor.
    if (rowid_tree && (path_.kind == AccessPath::kRowidEq || path_.kind == AccessPath::kRowidIn)) {
      range_++;
      Result<std::string> rec = txn->Get(table_->tree, r.start);
      if (!rec.ok()) {
        if (rec.status().IsNotFound()) continue;
        return rec.status();
      }
      S3LITE_ASSIGN_OR_RETURN(int64_t rowid, DecodeRowid(r.start));
      S3LITE_RETURN_IF_ERROR(LoadRow(rowid, *rec));
      *has_row = true;
      return Status::OK();
    }
    if (!range_started_) S3LITE_RETURN_IF_ERROR(StartRange());
    const bool valid = cursor_->Valid();
    std::string_view key = valid ? cursor_->key() : std::string_view();
    if (!valid || (!r.stop.empty() && key >= std::string_view(r.stop))) {
      range_++;
      range_started_ = false;
      continue;
    }
    if (rowid_tree) {
      if (key.size() < 8) return Status::Corruption("short row key in table " + table_->name);
      S3LITE_RETURN_IF_ERROR(LoadRow(RowidOfKeyTail(key.substr(0, 8)), cursor_->value()));
    } else {
      if (key.size() < 8) return Status::Corruption("short index key in " + path_.index->name);
      const int64_t rowid = RowidOfKeyTail(key);
      if (path_.covering) {
        Value* dst = st_->tuple.data() + offset_;
        std::string_view in = key;
        for (int col : path_.index->columns) {
          Value v;
          S3LITE_RETURN_IF_ERROR(DecodeKey(&in, &v));
          // The key codec decodes integral numbers as INTEGER; REAL columns keep REAL.
          if (v.is_integer() && table_->columns[col].affinity == Affinity::kReal) {
            v = Value::Real(static_cast<double>(v.integer()));
          }
          dst[col] = std::move(v);
        }
        if (table_->rowid_alias >= 0) dst[table_->rowid_alias] = Value::Integer(rowid);
        dst[ncols_] = Value::Integer(rowid);
      } else {
        S3LITE_RETURN_IF_ERROR(FetchTableRow(rowid, key.substr(key.size() - 8)));
      }
    }
    S3LITE_RETURN_IF_ERROR(cursor_->Next());
    *has_row = true;
    return Status::OK();
  }
  done_ = true;
  return Status::OK();
}

void TableScan::Explain(int depth, std::vector<PlanLine>* out) const {
  std::string name = table_->name;
  if (!alias_.empty() && !NameEquals(alias_, table_->name)) name += " AS " + alias_;
  std::string d;
  switch (path_.kind) {
    case AccessPath::kFullScan: {
      d = "SCAN " + name;
      if (!path_.hint.column_ranges.empty()) {
        d += " (zone-map pruning on";
        for (size_t i = 0; i < path_.hint.column_ranges.size(); i++) {
          d += (i ? ", " : " ") + table_->columns[path_.hint.column_ranges[i].column].name;
        }
        d += ")";
      }
      break;
    }
    case AccessPath::kRowidEq:
    case AccessPath::kRowidIn:
    case AccessPath::kRowidRange:
      d = "SEARCH " + name + " USING INTEGER PRIMARY KEY " + path_.detail;
      break;
    case AccessPath::kIndex:
    case AccessPath::kIndexIn:
      if (path_.eq.empty() && !path_.lo && !path_.hi && path_.kind == AccessPath::kIndex) {
        d = "SCAN " + name + " USING COVERING INDEX " + path_.index->name;
        break;
      }
      d = "SEARCH " + name + " USING " + (path_.covering ? "COVERING INDEX " : "INDEX ") + path_.index->name + " " +
          path_.detail;
      break;
  }
  out->push_back({depth, d});
}

// ---------------------------------------------------------- MaterializedScan

MaterializedScan::MaterializedScan(QueryState* st, int offset, int width, Producer produce, bool cacheable,
                                   std::string detail)
    : st_(st), offset_(offset), width_(width), produce_(std::move(produce)), cacheable_(cacheable),
      detail_(std::move(detail)) {}

Status MaterializedScan::Open() {
  if (!loaded_ || !cacheable_) {
    rows_.clear();
    S3LITE_RETURN_IF_ERROR(produce_(&rows_));
    loaded_ = true;
  }
  pos_ = 0;
  return Status::OK();
}

Status MaterializedScan::Next(bool* has_row) {
  if (pos_ >= rows_.size()) {
    *has_row = false;
    return Status::OK();
  }
  const Row& r = rows_[pos_++];
  for (int i = 0; i < width_; i++) {
    st_->tuple[offset_ + i] = static_cast<size_t>(i) < r.size() ? r[i] : Value::Null();
  }
  *has_row = true;
  return Status::OK();
}

void MaterializedScan::Explain(int depth, std::vector<PlanLine>* out) const {
  out->push_back({depth, detail_});
  for (const PlanLine& l : sub_explain) out->push_back({depth + 1 + l.depth, l.detail});
}

// ------------------------------------------------------------------ FilterOp

FilterOp::FilterOp(QueryState* st, TupleOpPtr child, std::vector<BExprPtr> conds)
    : st_(st), child_(std::move(child)), conds_(std::move(conds)) {}

Status FilterOp::Open() { return child_->Open(); }

Status FilterOp::Next(bool* has_row) {
  while (true) {
    S3LITE_RETURN_IF_ERROR(child_->Next(has_row));
    if (!*has_row) return Status::OK();
    bool pass = true;
    for (const BExprPtr& c : conds_) {
      int t;
      S3LITE_RETURN_IF_ERROR(EvalTruth(*c, *st_, &t));
      if (t != 1) {
        pass = false;
        break;
      }
    }
    if (pass) return Status::OK();
  }
}

void FilterOp::Explain(int depth, std::vector<PlanLine>* out) const { child_->Explain(depth, out); }

namespace {
Status AllTrue(const std::vector<BExprPtr>& conds, const QueryState& st, bool* pass) {
  *pass = true;
  for (const BExprPtr& c : conds) {
    int t;
    S3LITE_RETURN_IF_ERROR(EvalTruth(*c, st, &t));
    if (t != 1) {
      *pass = false;
      return Status::OK();
    }
  }
  return Status::OK();
}

void NullSlots(QueryState* st, int begin, int end) {
  for (int i = begin; i < end; i++) st->tuple[i] = Value::Null();
}
}  // namespace

// ------------------------------------------------------------ NestedLoopJoin

NestedLoopJoin::NestedLoopJoin(QueryState* st, TupleOpPtr left, TupleOpPtr right, JoinKind kind,
                               std::vector<BExprPtr> conds, int right_begin, int right_end)
    : st_(st), left_(std::move(left)), right_(std::move(right)), kind_(kind), conds_(std::move(conds)),
      right_begin_(right_begin), right_end_(right_end) {}

Status NestedLoopJoin::Open() {
  need_left_ = true;
  return left_->Open();
}

Status NestedLoopJoin::Next(bool* has_row) {
  while (true) {
    if (need_left_) {
      S3LITE_RETURN_IF_ERROR(left_->Next(has_row));
      if (!*has_row) return Status::OK();
      S3LITE_RETURN_IF_ERROR(right_->Open());
      need_left_ = false;
      matched_ = false;
    }
    bool r;
    S3LITE_RETURN_IF_ERROR(right_->Next(&r));
    if (r) {
      bool pass;
      S3LITE_RETURN_IF_ERROR(AllTrue(conds_, *st_, &pass));
      if (pass) {
        matched_ = true;
        *has_row = true;
        return Status::OK();
      }
      continue;
    }
    need_left_ = true;
    if (kind_ == JoinKind::kLeft && !matched_) {
      NullSlots(st_, right_begin_, right_end_);
      *has_row = true;
      return Status::OK();
    }
  }
}

void NestedLoopJoin::Explain(int depth, std::vector<PlanLine>* out) const {
  left_->Explain(depth, out);
  right_->Explain(depth, out);
}

// ------------------------------------------------------------------ HashJoin

HashJoin::HashJoin(QueryState* st, TupleOpPtr left, TupleOpPtr right, JoinKind kind, std::vector<BExprPtr> left_keys,
                   std::vector<BExprPtr> right_keys, std::vector<Affinity> key_aff, std::vector<bool> key_apply_left,
                   std::vector<bool> key_apply_right, std::vector<BExprPtr> residual, int right_begin, int right_end,
                   bool cacheable, std::string detail)
    : st_(st), left_(std::move(left)), right_(std::move(right)), kind_(kind), left_keys_(std::move(left_keys)),
      right_keys_(std::move(right_keys)), key_aff_(std::move(key_aff)), apply_left_(std::move(key_apply_left)),
      apply_right_(std::move(key_apply_right)), residual_(std::move(residual)), right_begin_(right_begin),
      right_end_(right_end), cacheable_(cacheable), detail_(std::move(detail)) {}

Status HashJoin::MakeKey(const std::vector<BExprPtr>& exprs, const std::vector<bool>& apply, std::string* key,
                         bool* ok) {
  key->clear();
  *ok = true;
  for (size_t i = 0; i < exprs.size(); i++) {
    Value v;
    S3LITE_RETURN_IF_ERROR(Eval(*exprs[i], *st_, &v));
    if (apply[i]) v = ApplyAffinity(v, key_aff_[i]);
    if (v.is_null()) {
      *ok = false;
      return Status::OK();
    }
    EncodeKey(v, key);
  }
  return Status::OK();
}

Status HashJoin::Build() {
  rows_.clear();
  table_.clear();
  S3LITE_RETURN_IF_ERROR(right_->Open());
  std::string key;
  while (true) {
    bool has;
    S3LITE_RETURN_IF_ERROR(right_->Next(&has));
    if (!has) break;
    bool ok;
    S3LITE_RETURN_IF_ERROR(MakeKey(right_keys_, apply_right_, &key, &ok));
    if (!ok) continue;
    table_[key].push_back(static_cast<uint32_t>(rows_.size()));
    rows_.emplace_back(st_->tuple.begin() + right_begin_, st_->tuple.begin() + right_end_);
  }
  built_ = true;
  return Status::OK();
}

Status HashJoin::Open() {
  need_left_ = true;
  if (!built_ || !cacheable_) S3LITE_RETURN_IF_ERROR(Build());
  return left_->Open();
}

Status HashJoin::Next(bool* has_row) {
  std::string key;
  while (true) {
    if (need_left_) {
      S3LITE_RETURN_IF_ERROR(left_->Next(has_row));
      if (!*has_row) return Status::OK();
      need_left_ = false;
      matched_ = false;
      match_pos_ = 0;
      matches_ = nullptr;
      bool ok;
      S3LITE_RETURN_IF_ERROR(MakeKey(left_keys_, apply_left_, &key, &ok));
      if (ok) {
        auto it = table_.find(key);
        if (it != table_.end()) matches_ = &it->second;
      }
    }
    while (matches_ != nullptr && match_pos_ < matches_->size()) {
      const Row& r = rows_[(*matches_)[match_pos_++]];
      std::copy(r.begin(), r.end(), st_->tuple.begin() + right_begin_);
      bool pass;
      S3LITE_RETURN_IF_ERROR(AllTrue(residual_, *st_, &pass));
      if (pass) {
        matched_ = true;
        *has_row = true;
        return Status::OK();
      }
    }
    need_left_ = true;
    if (kind_ == JoinKind::kLeft && !matched_) {
      NullSlots(st_, right_begin_, right_end_);
      *has_row = true;
      return Status::OK();
    }
  }
}

void HashJoin::Explain(int depth, std::vector<PlanLine>* out) const {
  left_->Explain(depth, out);
  std::vector<PlanLine> inner;
  right_->Explain(0, &inner);
  for (PlanLine& l : inner) {
    if (l.depth == 0) l.detail += " (HASH JOIN " + detail_ + ")";
    out->push_back({depth + l.depth, l.detail});
  }
}

// ----------------------------------------------------------------- OuterJoin

OuterJoin::OuterJoin(QueryState* st, TupleOpPtr left, TupleOpPtr right, JoinKind kind, std::vector<BExprPtr> conds,
                     int left_end, int right_begin, int right_end)
    : st_(st), left_(std::move(left)), right_(std::move(right)), kind_(kind), conds_(std::move(conds)),
      left_end_(left_end), right_begin_(right_begin), right_end_(right_end) {}

Status OuterJoin::Open() {
  rows_.clear();
  S3LITE_RETURN_IF_ERROR(right_->Open());
  while (true) {
    bool has;
    S3LITE_RETURN_IF_ERROR(right_->Next(&has));
    if (!has) break;
    rows_.emplace_back(st_->tuple.begin() + right_begin_, st_->tuple.begin() + right_end_);
  }
  right_matched_.assign(rows_.size(), false);
  left_done_ = false;
  need_left_ = true;
  pos_ = 0;
  return left_->Open();
}

Status OuterJoin::Next(bool* has_row) {
  while (!left_done_) {
    if (need_left_) {
      bool has;
      S3LITE_RETURN_IF_ERROR(left_->Next(&has));
      if (!has) {
        left_done_ = true;
        pos_ = 0;
        break;
      }
      need_left_ = false;
      left_matched_ = false;
      pos_ = 0;
    }
    while (pos_ < rows_.size()) {
      size_t i = pos_++;
      std::copy(rows_[i].begin(), rows_[i].end(), st_->tuple.begin() + right_begin_);
      bool pass;
      S3LITE_RETURN_IF_ERROR(AllTrue(conds_, *st_, &pass));
      if (pass) {
        right_matched_[i] = true;
        left_matched_ = true;
        *has_row = true;
        return Status::OK();
      }
    }
    need_left_ = true;
    if (kind_ == JoinKind::kFull && !left_matched_) {
      NullSlots(st_, right_begin_, right_end_);
      *has_row = true;
      return Status::OK();
    }
  }
  while (pos_ < rows_.size()) {
    size_t i = pos_++;
    if (right_matched_[i]) continue;
    NullSlots(st_, 0, left_end_);
    std::copy(rows_[i].begin(), rows_[i].end(), st_->tuple.begin() + right_begin_);
    *has_row = true;
    return Status::OK();
  }
  *has_row = false;
  return Status::OK();
}

void OuterJoin::Explain(int depth, std::vector<PlanLine>* out) const {
  left_->Explain(depth, out);
  std::vector<PlanLine> inner;
  right_->Explain(0, &inner);
  for (PlanLine& l : inner) {
    if (l.depth == 0) l.detail += kind_ == JoinKind::kFull ? " (FULL OUTER JOIN)" : " (RIGHT JOIN)";
    out->push_back({depth + l.depth, l.detail});
  }
}

}  // namespace s3lite::sql
