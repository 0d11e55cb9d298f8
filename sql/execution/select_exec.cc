#include "sql/execution/select_exec.h"

#include <algorithm>

#include "engine/value/key_codec.h"

namespace s3lite::sql {

void EncodeCollatedKey(const Value& v, bool nocase, std::string* key) {
  if (!nocase || !v.is_text()) {
    EncodeKey(v, key);
    return;
  }
  std::string folded = v.text();  // NOCASE folds ASCII letters only, as SQLite's
  for (char& c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  EncodeKey(Value::Text(std::move(folded)), key);
}

std::string EncodeRowKey(const Row& row, size_t n, const std::vector<bool>* nocase) {
  std::string key;
  for (size_t i = 0; i < n && i < row.size(); i++) {
    EncodeCollatedKey(row[i], nocase != nullptr && i < nocase->size() && (*nocase)[i], &key);
  }
  return key;
}

// ------------------------------------------------------------------ CorePlan

Status CorePlan::Open(const QueryState* outer) {
  state.outer = outer;
  agg_done_ = false;
  skip_load_ = false;
  groups_.clear();
  group_pos_ = 0;
  values_pos_ = 0;
  distinct_seen_.clear();
  if (window) window->Reset();
  if (!values.empty()) return Status::OK();
  return source->Open();
}

Status CorePlan::Project(Row* out) {
  out->resize(outputs.size());
  for (size_t i = 0; i < outputs.size(); i++) S3LITE_RETURN_IF_ERROR(Eval(*outputs[i], state, &(*out)[i]));
  return Status::OK();
}

Status CorePlan::NewGroup(Group* g) {
  for (const AggSpec& a : aggs) g->accs.push_back(a.fn->make());
  g->seen.resize(aggs.size());
  g->best.resize(aggs.size());
  g->has_best.assign(aggs.size(), false);
  g->last = state.tuple;
  return Status::OK();
}

Status CorePlan::Accumulate(Group* g) {
  // One argument buffer per aggregate, reused row after row: no allocation
  // and no resizing per row.
  if (agg_args_.size() != aggs.size()) {
    agg_args_.resize(aggs.size());
    minmax_.assign(aggs.size(), 0);
    for (size_t i = 0; i < aggs.size(); i++) {
      agg_args_[i].resize(aggs[i].args.size());
      if (aggs[i].args.size() == 1 && aggs[i].fn->name == "min") minmax_[i] = -1;
      if (aggs[i].args.size() == 1 && aggs[i].fn->name == "max") minmax_[i] = 1;
      has_minmax_ = has_minmax_ || minmax_[i] != 0;
    }
  }
  for (size_t i = 0; i < aggs.size(); i++) {
    const AggSpec& a = aggs[i];
    if (a.filter) {
      int truth;
      S3LITE_RETURN_IF_ERROR(EvalTruth(*a.filter, state, &truth));
      if (truth != 1) continue;
    }
    std::vector<Value>& args = agg_args_[i];
    for (size_t j = 0; j < a.args.size(); j++) S3LITE_RETURN_IF_ERROR(Eval(*a.args[j], state, &args[j]));
    if (a.distinct) {
      if (!args.empty() && args[0].is_null()) continue;
      std::string k;
      for (size_t j = 0; j < args.size(); j++) EncodeCollatedKey(args[j], a.args[j]->nocase, &k);
      if (!g->seen[i].insert(std::move(k)).second) continue;
    }
    if (need_last_row && minmax_[i] != 0) {
      // sqlite3's skip flag: cleared before each min()/max() step, set
      // when the step keeps its old extreme (ties and NULLs after a value).
      skip_load_ = false;
      const Value& v = args[0];
      if (v.is_null()) {
        skip_load_ = g->has_best[i];
      } else if (!g->has_best[i]) {
        g->best[i] = v;
        g->has_best[i] = true;
      } else {
        int c = CompareValues(g->best[i], v);
        if (minmax_[i] > 0 ? c < 0 : c > 0) g->best[i] = v;
        else skip_load_ = true;
      }
    }
    S3LITE_RETURN_IF_ERROR(g->accs[i]->Step(args));
  }
  // Bare columns: with min()/max() in the query, from each row the last
  // min()/max() step did not skip (so the row holding the extreme); else
  // from the group's first row (NewGroup).
  if (need_last_row && has_minmax_ && !skip_load_) g->last = state.tuple;
  return Status::OK();
}

Status CorePlan::RunAggregation() {
  std::unordered_map<std::string, size_t> index;
  std::string key;
  uint64_t n = 0;
  Group* single = nullptr;  // without GROUP BY every row goes to one group (key "")
  while (true) {
    bool has;
    S3LITE_RETURN_IF_ERROR(source->Next(&has));
    if (!has) break;
    if ((++n & 4095) == 0) S3LITE_RETURN_IF_ERROR(CheckInterrupt(&state));
    if (group_by.empty()) {
      if (single == nullptr) {
        groups_.emplace_back("", std::make_unique<Group>());
        single = groups_.back().second.get();
        S3LITE_RETURN_IF_ERROR(NewGroup(single));
      }
      S3LITE_RETURN_IF_ERROR(Accumulate(single));
      continue;
    }
    key.clear();
    for (const BExprPtr& g : group_by) {
      Value v;
      S3LITE_RETURN_IF_ERROR(Eval(*g, state, &v));
      EncodeCollatedKey(v, g->nocase, &key);
    }
    Group* grp;
    auto it = index.find(key);
    if (it == index.end()) {
      index.emplace(key, groups_.size());
      groups_.emplace_back(key, std::make_unique<Group>());
      grp = groups_.back().second.get();
      S3LITE_RETURN_IF_ERROR(NewGroup(grp));
    } else {
      grp = groups_[it->second].second.get();
    }
    S3LITE_RETURN_IF_ERROR(Accumulate(grp));
  }
  if (groups_.empty() && group_by.empty()) {
    for (Value& v : state.tuple) v = Value::Null();
    groups_.emplace_back("", std::make_unique<Group>());
    S3LITE_RETURN_IF_ERROR(NewGroup(groups_.back().second.get()));
  }
  if (!group_by.empty()) {
    std::sort(groups_.begin(), groups_.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  agg_done_ = true;
  return Status::OK();
}

Status CorePlan::Next(Row* out, bool* has_row) {
  *has_row = false;
  if (!values.empty()) {
    if (values_pos_ >= values.size()) return Status::OK();
    const auto& exprs = values[values_pos_++];
    out->resize(exprs.size());
    for (size_t i = 0; i < exprs.size(); i++) S3LITE_RETURN_IF_ERROR(Eval(*exprs[i], state, &(*out)[i]));
    *has_row = true;
    return Status::OK();
  }
  while (true) {
    bool has;
    S3LITE_RETURN_IF_ERROR(window ? NextWindowRow(&has) : Advance(&has));
    if (!has) return Status::OK();
    S3LITE_RETURN_IF_ERROR(Project(out));
    if (distinct) {
      if (distinct_nocase_.empty()) {
        distinct_nocase_.resize(visible, false);
        for (size_t i = 0; i < visible && i < outputs.size(); i++) distinct_nocase_[i] = outputs[i]->nocase;
      }
      if (!distinct_seen_.insert(EncodeRowKey(*out, visible, &distinct_nocase_)).second) continue;
    }
    *has_row = true;
    return Status::OK();
  }
}

Status CorePlan::Advance(bool* has_row) {
  *has_row = false;
  if (!aggregate) return source->Next(has_row);
  while (true) {
    if (!agg_done_) S3LITE_RETURN_IF_ERROR(RunAggregation());
    if (group_pos_ >= groups_.size()) return Status::OK();
    Group& g = *groups_[group_pos_++].second;
    state.tuple = std::move(g.last);
    state.aggs.resize(aggs.size());
    for (size_t i = 0; i < aggs.size(); i++) {
      S3LITE_ASSIGN_OR_RETURN(state.aggs[i], g.accs[i]->Finalize());
    }
    if (having) {
      int t;
      S3LITE_RETURN_IF_ERROR(EvalTruth(*having, state, &t));
      if (t != 1) continue;
    }
    *has_row = true;
    return Status::OK();
  }
}

Status CorePlan::NextWindowRow(bool* has_row) {
  if (!window->computed()) {
    uint64_t n = 0;
    while (true) {
      bool has;
      S3LITE_RETURN_IF_ERROR(Advance(&has));
      if (!has) break;
      if ((++n & 4095) == 0) S3LITE_RETURN_IF_ERROR(CheckInterrupt(&state));
      window->AddRow(state);
    }
    S3LITE_RETURN_IF_ERROR(window->Compute(&state));
  }
  *has_row = window->Next(&state);
  return Status::OK();
}

void CorePlan::Explain(int depth, std::vector<PlanLine>* out) const {
  if (!values.empty()) {
    out->push_back({depth, "SCAN " + std::to_string(values.size()) + "-ROW VALUES CLAUSE"});
    return;
  }
  source->Explain(depth, out);
  for (const PlanLine& l : explain_extra) out->push_back({depth + l.depth, l.detail});
  if (aggregate && !group_by.empty()) out->push_back({depth, "USE TEMP B-TREE FOR GROUP BY"});
  if (distinct) out->push_back({depth, "USE TEMP B-TREE FOR DISTINCT"});
}

// ---------------------------------------------------------------- SelectPlan

int CompareSortValues(const Value& x, const Value& y, bool desc, int nulls, bool nocase) {
  if (x.is_null() || y.is_null()) {
    if (x.is_null() && y.is_null()) return 0;
    bool nulls_first = nulls == 0 ? !desc : nulls == 1;
    return x.is_null() == nulls_first ? -1 : 1;
  }
  int c = CompareWithCollation(x, y, nocase);
  return desc ? -c : c;
}

int CompareRowsBy(const std::vector<SortKey>& keys, const Row& a, const Row& b) {
  for (const SortKey& k : keys) {
    int c = CompareSortValues(a[k.column], b[k.column], k.desc, k.nulls, k.nocase);
    if (c != 0) return c;
  }
  return 0;
}

Status EvalLimitCount(const BExpr& e, const QueryState& st, int64_t* out) {
  Value v;
  S3LITE_RETURN_IF_ERROR(Eval(e, st, &v));
  Value n = ApplyAffinity(v, Affinity::kNumeric);
  if (n.is_real() && static_cast<double>(static_cast<int64_t>(n.real())) == n.real()) {
    n = Value::Integer(static_cast<int64_t>(n.real()));
  }
  if (!n.is_integer()) return Status::InvalidArgument("datatype mismatch");
  *out = n.integer();
  return Status::OK();
}

Status SelectPlan::EvalLimit(const QueryState* outer) {
  limit_ = -1;
  skip_ = 0;
  QueryState st;
  st.outer = outer;
  st.ctx = ctx;
  if (limit) S3LITE_RETURN_IF_ERROR(EvalLimitCount(*limit, st, &limit_));
  if (offset) {
    S3LITE_RETURN_IF_ERROR(EvalLimitCount(*offset, st, &skip_));
    if (skip_ < 0) skip_ = 0;
  }
  if (limit_ < 0) limit_ = -1;
  return Status::OK();
}

Status SelectPlan::ReadAll(const QueryState* outer, std::vector<Row>* rows) {
  S3LITE_RETURN_IF_ERROR(Open(outer));
  while (true) {
    Row r;
    bool has;
    S3LITE_RETURN_IF_ERROR(Next(&r, &has));
    if (!has) return Status::OK();
    rows->push_back(std::move(r));
  }
}

Status SelectPlan::Materialize(std::vector<Row>* rows) {
  rows->clear();
  // Collect the first core.
  auto collect = [&](CorePlan& core, std::vector<Row>* dst) -> Status {
    S3LITE_RETURN_IF_ERROR(core.Open(nullptr == ctx ? nullptr : core.state.outer));
    while (true) {
      Row r;
      bool has;
      S3LITE_RETURN_IF_ERROR(core.Next(&r, &has));
      if (!has) break;
      dst->push_back(std::move(r));
    }
    return Status::OK();
  };
  S3LITE_RETURN_IF_ERROR(collect(*cores[0], rows));
  if (!ops.empty()) {
    bool is_set = false;
    std::map<std::string, Row> set;
    for (size_t i = 0; i < ops.size(); i++) {
      std::vector<Row> right;
      S3LITE_RETURN_IF_ERROR(collect(*cores[i + 1], &right));
      CompoundOp op = ops[i];
      if (op == CompoundOp::kUnionAll) {
        if (is_set) {
          rows->clear();
          for (auto& [k, r] : set) rows->push_back(std::move(r));
          set.clear();
          is_set = false;
        }
        for (Row& r : right) rows->push_back(std::move(r));
        continue;
      }
      if (!is_set) {
        // Of equal rows the last one stays, as in sqlite3 (its ephemeral
        // index replaces an equal key): visible with 1 vs 1.0 or NOCASE.
        for (Row& r : *rows) {
          std::string k = EncodeRowKey(r, visible, &nocase);
          set.insert_or_assign(std::move(k), std::move(r));
        }
        rows->clear();
        is_set = true;
      }
      if (op == CompoundOp::kUnion) {
        for (Row& r : right) {
          std::string k = EncodeRowKey(r, visible, &nocase);
          set.insert_or_assign(std::move(k), std::move(r));
        }
      } else {
        std::unordered_set<std::string> keys;
        for (const Row& r : right) keys.insert(EncodeRowKey(r, visible, &nocase));
        for (auto it = set.begin(); it != set.end();) {
          bool in_right = keys.count(it->first) > 0;
          if ((op == CompoundOp::kIntersect) != in_right) it = set.erase(it);
          else ++it;
        }
      }
    }
    if (is_set) {
      for (auto& [k, r] : set) rows->push_back(std::move(r));
    }
  }
  if (!order.empty()) {
    std::stable_sort(rows->begin(), rows->end(),
                     [&](const Row& a, const Row& b) { return CompareRowsBy(order, a, b) < 0; });
  }
  return Status::OK();
}

Status SelectPlan::Open(const QueryState* outer) {
  S3LITE_RETURN_IF_ERROR(EvalLimit(outer));
  emitted_ = 0;
  pos_ = 0;
  rows_.clear();
  for (auto& c : cores) c->state.outer = outer;
  streaming_ = cores.size() == 1 && order.empty();
  if (limit_ == 0) return Status::OK();
  if (streaming_) return cores[0]->Open(outer);
  return Materialize(&rows_);
}

Status SelectPlan::Next(Row* out, bool* has_row) {
  *has_row = false;
  while (true) {
    if (limit_ >= 0 && emitted_ >= limit_) return Status::OK();
    if (streaming_) {
      bool has;
      S3LITE_RETURN_IF_ERROR(cores[0]->Next(out, &has));
      if (!has) return Status::OK();
    } else {
      if (pos_ >= rows_.size()) return Status::OK();
      *out = std::move(rows_[pos_++]);
    }
    if (skip_ > 0) {
      skip_--;
      continue;
    }
    emitted_++;
    if (out->size() > visible) out->resize(visible);
    *has_row = true;
    return Status::OK();
  }
}

void SelectPlan::Explain(int depth, std::vector<PlanLine>* out) const {
  if (cores.size() == 1) {
    cores[0]->Explain(depth, out);
  } else {
    out->push_back({depth, "COMPOUND QUERY"});
    for (size_t i = 0; i < cores.size(); i++) {
      std::string label = "LEFT-MOST SUBQUERY";
      if (i > 0) {
        switch (ops[i - 1]) {
          case CompoundOp::kUnion: label = "UNION USING TEMP B-TREE"; break;
          case CompoundOp::kUnionAll: label = "UNION ALL"; break;
          case CompoundOp::kIntersect: label = "INTERSECT USING TEMP B-TREE"; break;
          case CompoundOp::kExcept: label = "EXCEPT USING TEMP B-TREE"; break;
        }
      }
      out->push_back({depth + 1, label});
      cores[i]->Explain(depth + 2, out);
    }
  }
  if (!order.empty()) out->push_back({depth, "USE TEMP B-TREE FOR ORDER BY"});
}

// ------------------------------------------------------------- subqueries

Status EvalSubquery(const BExpr& e, const QueryState& st, Value* out) {
  SubqueryState& s = *e.sub;
  SelectPlan& plan = *s.plan;
  if (e.kind == BKind::kScalarSub || e.kind == BKind::kExists) {
    if (!s.done || s.correlated) {
      S3LITE_RETURN_IF_ERROR(plan.Open(&st));
      Row r;
      bool has;
      S3LITE_RETURN_IF_ERROR(plan.Next(&r, &has));
      s.exists = has;
      s.scalar = has && !r.empty() ? r[0] : Value::Null();
      s.done = true;
    }
    if (e.kind == BKind::kScalarSub) *out = s.scalar;
    else *out = Value::Integer(s.exists != e.negated ? 1 : 0);
    return Status::OK();
  }
  // IN (SELECT ...)
  if (!s.done || s.correlated) {
    S3LITE_RETURN_IF_ERROR(plan.Open(&st));
    s.values.clear();
    s.has_null = false;
    while (true) {
      Row r;
      bool has;
      S3LITE_RETURN_IF_ERROR(plan.Next(&r, &has));
      if (!has) break;
      if (r.empty() || r[0].is_null()) {
        s.has_null = true;
        continue;
      }
      s.values.push_back(std::move(r[0]));
    }
    std::sort(s.values.begin(), s.values.end(),
              [](const Value& a, const Value& b) { return CompareValues(a, b) < 0; });
    s.done = true;
  }
  Value x;
  S3LITE_RETURN_IF_ERROR(Eval(*e.args[0], st, &x));
  if (s.values.empty() && !s.has_null) {
    *out = Value::Integer(e.negated ? 1 : 0);
    return Status::OK();
  }
  if (x.is_null()) {
    *out = Value::Null();
    return Status::OK();
  }
  bool found = false;
  if (e.apply_right || e.nocase) {
    Value px = e.apply_left ? ApplyAffinity(x, e.left_aff) : x;
    for (const Value& v : s.values) {
      Value pv = e.apply_right ? ApplyAffinity(v, e.right_aff) : v;
      if (CompareWithCollation(px, pv, e.nocase) == 0) {
        found = true;
        break;
      }
    }
  } else {
    Value px = e.apply_left ? ApplyAffinity(x, e.left_aff) : x;
    found = std::binary_search(s.values.begin(), s.values.end(), px,
                               [](const Value& a, const Value& b) { return CompareValues(a, b) < 0; });
  }
  if (found) *out = Value::Integer(e.negated ? 0 : 1);
  else if (s.has_null) *out = Value::Null();
  else *out = Value::Integer(e.negated ? 1 : 0);
  return Status::OK();
}

}  // namespace s3lite::sql
