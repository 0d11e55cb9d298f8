#include "sql/execution/window.h"

#include <algorithm>
#include <memory>
#include <numeric>

#include "sql/execution/operators.h"
#include "sql/execution/select_exec.h"
#include "sql/function/builtin_functions.h"

namespace s3lite::sql {

namespace {

struct BuiltinWindow {
  const char* name;
  WindowFunc::Kind kind;
  int min_args, max_args;
};

constexpr BuiltinWindow kBuiltins[] = {
    {"row_number", WindowFunc::kRowNumber, 0, 0},   {"rank", WindowFunc::kRank, 0, 0},
    {"dense_rank", WindowFunc::kDenseRank, 0, 0},   {"percent_rank", WindowFunc::kPercentRank, 0, 0},
    {"cume_dist", WindowFunc::kCumeDist, 0, 0},     {"ntile", WindowFunc::kNtile, 1, 1},
    {"lag", WindowFunc::kLag, 1, 3},                {"lead", WindowFunc::kLead, 1, 3},
    {"first_value", WindowFunc::kFirstValue, 1, 1}, {"last_value", WindowFunc::kLastValue, 1, 1},
    {"nth_value", WindowFunc::kNthValue, 2, 2},
};

// v + off or v - off for RANGE bounds (integers stay exact unless they overflow).
Value AddOffset(const Value& v, const Value& off, bool subtract) {
  if (v.is_integer() && off.is_integer()) {
    int64_t r;
    bool overflow = subtract ? __builtin_sub_overflow(v.integer(), off.integer(), &r)
                             : __builtin_add_overflow(v.integer(), off.integer(), &r);
    if (!overflow) return Value::Integer(r);
  }
  double a = ValueToDouble(v), b = ValueToDouble(off);
  return Value::Real(subtract ? a - b : a + b);
}

// A frame as up to three [begin, end) runs of partition positions (EXCLUDE
// removes the current row, its peers, or both from [s, e)).
struct Frame {
  size_t begin[3], end[3];
  int runs = 0;
  void Add(size_t b, size_t e) {
    if (b < e) {
      begin[runs] = b;
      end[runs] = e;
      runs++;
    }
  }
  size_t Size() const {
    size_t n = 0;
    for (int i = 0; i < runs; i++) n += end[i] - begin[i];
    return n;
  }
  // The k-th position (0-based) of the frame; k < Size().
  size_t At(size_t k) const {
    for (int i = 0; i < runs; i++) {
      if (k < end[i] - begin[i]) return begin[i] + k;
      k -= end[i] - begin[i];
    }
    return 0;
  }
};

// count/sum/total/avg over a sliding frame, as sqlite3 3.40 computes them:
// its SumCtx stepped as rows enter the frame and inverted (xInverse) as they
// leave. Floating-point results follow from that order, and a REAL that has
// left the frame still makes sum() REAL, as in sqlite3.
class SlidingSum {
 public:
  enum Kind { kCountStar, kCount, kSum, kTotal, kAvg };
  static bool Supports(const std::string& name, size_t argc, Kind* kind) {
    if (name == "count") *kind = argc == 0 ? kCountStar : kCount;
    else if (name == "sum") *kind = kSum;
    else if (name == "total") *kind = kTotal;
    else if (name == "avg") *kind = kAvg;
    else return false;
    return true;
  }
  explicit SlidingSum(Kind kind) : kind_(kind) {}

  void Step(const std::vector<Value>& args) {
    if (kind_ == kCountStar || kind_ == kCount) {
      if (kind_ == kCountStar || !args[0].is_null()) count_++;
      return;
    }
    Value v = NumericTypeOf(args[0]);
    if (v.is_null()) return;
    count_++;
    if (v.is_integer()) {
      real_ += static_cast<double>(v.integer());
      if (!approx_ && !overflow_ && __builtin_add_overflow(int_, v.integer(), &int_)) approx_ = overflow_ = true;
    } else {
      real_ += ValueToDouble(v);
      approx_ = true;
    }
  }

  void Inverse(const std::vector<Value>& args) {
    if (kind_ == kCountStar || kind_ == kCount) {
      if (kind_ == kCountStar || !args[0].is_null()) count_--;
      return;
    }
    Value v = NumericTypeOf(args[0]);
    if (v.is_null()) return;
    count_--;
    if (v.is_integer() && !approx_) {
      real_ -= static_cast<double>(v.integer());
      int_ -= v.integer();
    } else {
      real_ -= ValueToDouble(v);
    }
  }

  Result<Value> Value_() const {
    switch (kind_) {
      case kCountStar:
      case kCount: return Value::Integer(count_);
      case kTotal: return Value::Real(real_);
      case kAvg: return count_ > 0 ? Value::Real(real_ / static_cast<double>(count_)) : Value::Null();
      case kSum:
        if (count_ == 0) return Value::Null();
        if (overflow_) return Status::InvalidArgument("integer overflow");
        return approx_ ? Value::Real(real_) : Value::Integer(int_);
    }
    return Value::Null();
  }

 private:
  Kind kind_;
  int64_t count_ = 0;
  int64_t int_ = 0;
  double real_ = 0.0;
  bool approx_ = false;
  bool overflow_ = false;
};

}  // namespace

bool LookupWindowFunction(const std::string& name, WindowFunc::Kind* kind, int* min_args, int* max_args) {
  for (const BuiltinWindow& b : kBuiltins) {
    if (name == b.name) {
      *kind = b.kind;
      *min_args = b.min_args;
      *max_args = b.max_args;
      return true;
    }
  }
  return false;
}

bool IsWindowOnlyFunction(const std::string& name) {
  std::string lower = name;
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  WindowFunc::Kind kind;
  int lo, hi;
  return LookupWindowFunction(lower, &kind, &lo, &hi);
}

void WindowStage::Reset() {
  rows_.clear();
  order_.clear();
  pos_ = 0;
  computed_ = false;
}

void WindowStage::AddRow(const QueryState& st) {
  BufferedRow r;
  r.tuple = st.tuple;
  r.aggs = st.aggs;
  r.results.resize(funcs.size());
  rows_.push_back(std::move(r));
}

bool WindowStage::Next(QueryState* st) {
  if (pos_ >= order_.size()) return false;
  BufferedRow& r = rows_[order_[pos_++]];
  st->tuple = std::move(r.tuple);
  st->aggs = std::move(r.aggs);
  st->windows = std::move(r.results);
  return true;
}

Status WindowStage::Compute(QueryState* st) {
  order_.resize(rows_.size());
  std::iota(order_.begin(), order_.end(), 0u);
  // sqlite3 evaluates the last window first; the first window's sort
  // decides the output order.
  for (size_t w = windows.size(); w-- > 0;) S3LITE_RETURN_IF_ERROR(ComputeWindow(static_cast<int>(w), st));
  computed_ = true;
  pos_ = 0;
  return Status::OK();
}

// A frame offset: ROWS/GROUPS take a non-negative integer (after numeric
// affinity, as OP_MustBeInt), RANGE a non-negative number. Column
// references read NULL here, as in sqlite3 (which evaluates offsets once,
// before any row).
Status WindowStage::EvalOffset(const BExpr& e, const QueryState& st, bool is_start, bool range, Value* out) const {
  Value v;
  S3LITE_RETURN_IF_ERROR(Eval(e, st, &v));
  v = ApplyAffinity(v, Affinity::kNumeric);
  std::string which = is_start ? "starting" : "ending";
  if (range) {
    if (!v.is_numeric() || ValueToDouble(v) < 0) {
      return Status::InvalidArgument("frame " + which + " offset must be a non-negative number");
    }
  } else {
    if (v.is_real() && static_cast<double>(static_cast<int64_t>(v.real())) == v.real()) {
      v = Value::Integer(static_cast<int64_t>(v.real()));
    }
    if (!v.is_integer() || v.integer() < 0) {
      return Status::InvalidArgument("frame " + which + " offset must be a non-negative integer");
    }
  }
  *out = std::move(v);
  return Status::OK();
}

Status WindowStage::ComputeWindow(int w, QueryState* st) {
  const WindowSpec& spec = windows[w];
  const size_t n = rows_.size();
  if (n == 0) return Status::OK();
  std::vector<const WindowFunc*> fns;
  std::vector<size_t> fn_index;
  for (size_t i = 0; i < funcs.size(); i++) {
    if (funcs[i].window == w) {
      fns.push_back(&funcs[i]);
      fn_index.push_back(i);
    }
  }

  // Keys, arguments and FILTER results of every row.
  const size_t np = spec.partition.size(), no = spec.order.size(), nk = np + no;
  std::vector<Value> keys(n * nk);
  std::vector<std::vector<std::vector<Value>>> args(fns.size(), std::vector<std::vector<Value>>(n));
  std::vector<std::vector<uint8_t>> pass(fns.size(), std::vector<uint8_t>(n, 1));
  for (size_t r = 0; r < n; r++) {
    std::swap(st->tuple, rows_[r].tuple);
    std::swap(st->aggs, rows_[r].aggs);
    Status s;
    for (size_t k = 0; k < np && s.ok(); k++) s = Eval(*spec.partition[k], *st, &keys[r * nk + k]);
    for (size_t k = 0; k < no && s.ok(); k++) s = Eval(*spec.order[k].expr, *st, &keys[r * nk + np + k]);
    for (size_t f = 0; f < fns.size() && s.ok(); f++) {
      std::vector<Value>& a = args[f][r];
      a.resize(fns[f]->args.size());
      for (size_t j = 0; j < a.size() && s.ok(); j++) s = Eval(*fns[f]->args[j], *st, &a[j]);
      if (s.ok() && fns[f]->filter) {
        int truth;
        s = EvalTruth(*fns[f]->filter, *st, &truth);
        pass[f][r] = truth == 1;
      }
    }
    std::swap(st->tuple, rows_[r].tuple);
    std::swap(st->aggs, rows_[r].aggs);
    S3LITE_RETURN_IF_ERROR(s);
    if ((r & 4095) == 4095) S3LITE_RETURN_IF_ERROR(CheckInterrupt(st));
  }

  auto compare_partition = [&](uint32_t a, uint32_t b) {
    for (size_t k = 0; k < np; k++) {
      int c = CompareSortValues(keys[a * nk + k], keys[b * nk + k], false, 0, spec.partition_nocase[k]);
      if (c != 0) return c;
    }
    return 0;
  };
  auto compare_order = [&](uint32_t a, uint32_t b) {
    for (size_t k = 0; k < no; k++) {
      const WindowSpec::OrderKey& o = spec.order[k];
      int c = CompareSortValues(keys[a * nk + np + k], keys[b * nk + np + k], o.desc, o.nulls, o.nocase);
      if (c != 0) return c;
    }
    return 0;
  };
  if (nk > 0) {
    std::stable_sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) {
      int c = compare_partition(a, b);
      if (c == 0) c = compare_order(a, b);
      return c < 0;
    });
  }

  // Frame offsets, evaluated once with every column NULL.
  Value start_off, end_off;
  bool range = spec.unit == WindowDef::kRange;
  if (spec.start_offset || spec.end_offset) {
    QueryState blank;
    blank.tuple.assign(st->tuple.size(), Value::Null());
    blank.aggs.assign(st->aggs.size(), Value::Null());
    blank.outer = st->outer;
    blank.ctx = st->ctx;
    if (spec.start_offset) S3LITE_RETURN_IF_ERROR(EvalOffset(*spec.start_offset, blank, true, range, &start_off));
    if (spec.end_offset) S3LITE_RETURN_IF_ERROR(EvalOffset(*spec.end_offset, blank, false, range, &end_off));
  }

  std::vector<size_t> peer_start, peer_end, group_of, group_begin;
  for (size_t pb = 0; pb < n;) {
    size_t pe = pb + 1;
    while (pe < n && compare_partition(order_[pb], order_[pe]) == 0) pe++;
    const size_t m = pe - pb;
    const uint32_t* part = &order_[pb];  // partition rows, positions 0..m-1

    // Peer groups (rows equal in every ORDER BY key; all rows without one).
    peer_start.assign(m, 0);
    peer_end.assign(m, m);
    group_of.assign(m, 0);
    group_begin.clear();
    group_begin.push_back(0);
    for (size_t j = 1; j < m; j++) {
      if (compare_order(part[j - 1], part[j]) != 0) group_begin.push_back(j);
      group_of[j] = group_begin.size() - 1;
    }
    group_begin.push_back(m);
    for (size_t j = 0; j < m; j++) {
      peer_start[j] = group_begin[group_of[j]];
      peer_end[j] = group_begin[group_of[j] + 1];
    }
    const size_t ngroups = group_begin.size() - 1;

    // RANGE with offsets: the single ORDER BY key, its non-NULL run.
    size_t nn_begin = 0, nn_end = m;
    auto key_at = [&](size_t j) -> const Value& { return keys[part[j] * nk + np]; };
    if (range && (spec.start_offset || spec.end_offset)) {
      while (nn_begin < m && key_at(nn_begin).is_null()) nn_begin++;
      nn_end = nn_begin;
      while (nn_end < m && !key_at(nn_end).is_null()) nn_end++;
    }
    const bool desc = no > 0 && spec.order[0].desc;
    // First position of the non-NULL run whose key is past `b` (or reaches
    // it when inclusive), in the sort direction.
    auto range_search = [&](const Value& b, bool inclusive) {
      size_t lo = nn_begin, hi = nn_end;
      while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = CompareValues(key_at(mid), b);
        if (desc) c = -c;
        if (inclusive ? c >= 0 : c > 0) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    };
    // Position of a bound for row j: the start position (is_start) or the
    // exclusive end.
    auto bound = [&](size_t j, FrameBound::Kind kind, const Value& off, bool is_start) -> size_t {
      switch (kind) {
        case FrameBound::kUnboundedPreceding: return 0;
        case FrameBound::kUnboundedFollowing: return m;
        case FrameBound::kCurrentRow:
          if (spec.unit == WindowDef::kRows) return is_start ? j : j + 1;
          return is_start ? peer_start[j] : peer_end[j];
        case FrameBound::kPreceding:
        case FrameBound::kFollowing: {
          bool following = kind == FrameBound::kFollowing;
          if (spec.unit == WindowDef::kRows) {
            int64_t o = std::min<int64_t>(off.integer(), static_cast<int64_t>(m) + 1);
            int64_t p = static_cast<int64_t>(j) + (following ? o : -o) + (is_start ? 0 : 1);
            return static_cast<size_t>(std::clamp<int64_t>(p, 0, static_cast<int64_t>(m)));
          }
          if (spec.unit == WindowDef::kGroups) {
            int64_t o = off.integer();
            int64_t g = static_cast<int64_t>(group_of[j]);
            if (o > static_cast<int64_t>(ngroups)) o = static_cast<int64_t>(ngroups) + 1;
            g += following ? o : -o;
            if (g < 0) return 0;
            if (g >= static_cast<int64_t>(ngroups)) return m;
            return is_start ? group_begin[g] : group_begin[g + 1];
          }
          const Value& v = key_at(j);
          if (!v.is_numeric()) return is_start ? peer_start[j] : peer_end[j];
          // ASC: PRECEDING is v - off; DESC: v + off.
          Value b = AddOffset(v, off, following == desc);
          return range_search(b, is_start);
        }
      }
      return 0;
    };
    auto frame_of = [&](size_t j) {
      size_t s = bound(j, spec.start, start_off, true);
      size_t e = bound(j, spec.end, end_off, false);
      Frame f;
      if (s >= e) return f;
      auto clip = [&](size_t a, size_t b) { f.Add(std::max(a, s), std::min(b, e)); };
      switch (spec.exclude) {
        case WindowDef::kNoOthers: clip(0, m); break;
        case WindowDef::kExcludeCurrentRow: clip(0, j); clip(j + 1, m); break;
        case WindowDef::kExcludeGroup: clip(0, peer_start[j]); clip(peer_end[j], m); break;
        case WindowDef::kExcludeTies: clip(0, peer_start[j]); clip(j, j + 1); clip(peer_end[j], m); break;
      }
      return f;
    };

    for (size_t fi = 0; fi < fns.size(); fi++) {
      const WindowFunc& fn = *fns[fi];
      const size_t slot = fn_index[fi];
      const std::vector<std::vector<Value>>& a = args[fi];
      auto result = [&](size_t j) -> Value& { return rows_[part[j]].results[slot]; };
      switch (fn.kind) {
        case WindowFunc::kRowNumber:
          for (size_t j = 0; j < m; j++) result(j) = Value::Integer(static_cast<int64_t>(j + 1));
          break;
        case WindowFunc::kRank:
          for (size_t j = 0; j < m; j++) result(j) = Value::Integer(static_cast<int64_t>(peer_start[j] + 1));
          break;
        case WindowFunc::kDenseRank:
          for (size_t j = 0; j < m; j++) result(j) = Value::Integer(static_cast<int64_t>(group_of[j] + 1));
          break;
        case WindowFunc::kPercentRank:
          for (size_t j = 0; j < m; j++) {
            double v = m > 1 ? static_cast<double>(peer_start[j]) / static_cast<double>(m - 1) : 0.0;
            result(j) = Value::Real(v);
          }
          break;
        case WindowFunc::kCumeDist:
          for (size_t j = 0; j < m; j++) {
            result(j) = Value::Real(static_cast<double>(peer_end[j]) / static_cast<double>(m));
          }
          break;
        case WindowFunc::kNtile: {
          int64_t buckets = ValueToInt64(a[part[0]][0]);
          if (buckets <= 0) return Status::InvalidArgument("argument of ntile must be a positive integer");
          int64_t total = static_cast<int64_t>(m);
          int64_t size = total / buckets;
          for (size_t j = 0; j < m; j++) {
            int64_t i = static_cast<int64_t>(j), v;
            if (size == 0) {
              v = i + 1;
            } else {
              int64_t large = total - buckets * size;
              int64_t small_rows = large * (size + 1);
              v = i < small_rows ? 1 + i / (size + 1) : 1 + large + (i - small_rows) / size;
            }
            result(j) = Value::Integer(v);
          }
          break;
        }
        case WindowFunc::kLag:
        case WindowFunc::kLead:
          for (size_t j = 0; j < m; j++) {
            const std::vector<Value>& cur = a[part[j]];
            Value out = cur.size() > 2 ? cur[2] : Value::Null();
            // sqlite3 adds the offset to the row number (OP_Add/OP_Subtract)
            // and seeks that row: NULL or a fractional offset finds none.
            Value off = cur.size() > 1 ? ToNumeric(cur[1]) : Value::Integer(1);
            int64_t o = 0;
            bool ok = !off.is_null();
            if (ok && off.is_real()) {
              ok = static_cast<double>(static_cast<int64_t>(off.real())) == off.real();
              if (ok) o = static_cast<int64_t>(off.real());
            } else if (ok) {
              o = off.integer();
            }
            if (ok) {
              int64_t target = static_cast<int64_t>(j);
              bool overflow = fn.kind == WindowFunc::kLag ? __builtin_sub_overflow(target, o, &target)
                                                          : __builtin_add_overflow(target, o, &target);
              if (!overflow && target >= 0 && target < static_cast<int64_t>(m)) out = a[part[target]][0];
            }
            result(j) = std::move(out);
          }
          break;
        case WindowFunc::kFirstValue:
        case WindowFunc::kLastValue:
        case WindowFunc::kNthValue:
          for (size_t j = 0; j < m; j++) {
            Frame f = frame_of(j);
            size_t size = f.Size();
            Value out;
            if (size > 0) {
              if (fn.kind == WindowFunc::kFirstValue) {
                out = a[part[f.At(0)]][0];
              } else if (fn.kind == WindowFunc::kLastValue) {
                out = a[part[f.At(size - 1)]][0];
              } else {
                Value nv = NumericTypeOf(a[part[j]][1]);
                bool ok = nv.is_integer() ||
                          (nv.is_real() && static_cast<double>(static_cast<int64_t>(nv.real())) == nv.real());
                int64_t k = nv.is_integer() ? nv.integer() : ok ? static_cast<int64_t>(nv.real()) : 0;
                if (!ok || k <= 0) {
                  return Status::InvalidArgument("second argument to nth_value must be a positive integer");
                }
                if (static_cast<uint64_t>(k) <= size) out = a[part[f.At(static_cast<size_t>(k - 1))]][0];
              }
            }
            result(j) = std::move(out);
          }
          break;
        case WindowFunc::kAggregate: {
          const std::vector<uint8_t>& ok = pass[fi];
          if (spec.start == FrameBound::kUnboundedPreceding && spec.exclude == WindowDef::kNoOthers) {
            // Running aggregate: frames only grow.
            std::unique_ptr<Aggregate> acc = fn.agg->make();
            size_t stepped = 0;
            for (size_t j = 0; j < m; j++) {
              size_t e = bound(j, spec.end, end_off, false);
              if (e < stepped) {  // never for sorted keys; recompute to be safe
                acc = fn.agg->make();
                stepped = 0;
              }
              for (; stepped < e; stepped++) {
                if (ok[part[stepped]]) S3LITE_RETURN_IF_ERROR(acc->Step(a[part[stepped]]));
              }
              S3LITE_ASSIGN_OR_RETURN(result(j), acc->Finalize());
            }
          } else if (SlidingSum::Kind sk; spec.exclude == WindowDef::kNoOthers &&
                     SlidingSum::Supports(fn.agg->name, fn.args.size(), &sk)) {
            // Sliding frame: rows leave (inverse) after the previous row's
            // value was read and before new rows enter, except that sqlite3
            // steps first for RANGE n PRECEDING AND m PRECEDING.
            SlidingSum acc(sk);
            const bool step_first = range && spec.start == FrameBound::kPreceding && spec.end == FrameBound::kPreceding;
            size_t stepped = 0, removed = 0;
            for (size_t j = 0; j < m; j++) {
              size_t s = bound(j, spec.start, start_off, true);
              size_t e = std::max(bound(j, spec.end, end_off, false), s);
              auto remove = [&] {
                for (; removed < s && removed < stepped; removed++) {
                  if (ok[part[removed]]) acc.Inverse(a[part[removed]]);
                }
              };
              if (!step_first) remove();
              if (stepped < removed) stepped = removed;
              if (stepped < s && removed >= stepped) stepped = removed = s;  // rows before the frame are skipped
              for (; stepped < e; stepped++) {
                if (ok[part[stepped]]) acc.Step(a[part[stepped]]);
              }
              if (step_first) remove();
              S3LITE_ASSIGN_OR_RETURN(result(j), acc.Value_());
            }
          } else {
            for (size_t j = 0; j < m; j++) {
              Frame f = frame_of(j);
              std::unique_ptr<Aggregate> acc = fn.agg->make();
              for (int run = 0; run < f.runs; run++) {
                for (size_t p = f.begin[run]; p < f.end[run]; p++) {
                  if (ok[part[p]]) S3LITE_RETURN_IF_ERROR(acc->Step(a[part[p]]));
                }
              }
              S3LITE_ASSIGN_OR_RETURN(result(j), acc->Finalize());
            }
          }
          break;
        }
      }
    }
    pb = pe;
  }
  return Status::OK();
}

}  // namespace s3lite::sql
