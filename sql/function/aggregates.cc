// Aggregate functions with SQLite 3.40 semantics: count(*), count(x), sum,
// total, avg, min, max, group_concat(x [, sep]), string_agg(x, sep).
//
// sum() keeps an exact int64 sum while every input is an integer and
// reports "integer overflow" if that sum overflows; any REAL (or non-numeric
// TEXT) input switches it to the floating-point sum, which it maintains in
// parallel. NULL inputs are ignored everywhere except count(*).
#include <memory>
#include <string>

#include "sql/function/builtin_functions.h"

namespace s3lite {
namespace {

using Args = std::vector<Value>;

class CountAggregate final : public Aggregate {
 public:
  explicit CountAggregate(bool star) : star_(star) {}
  Status Step(const Args& args) override {
    if (star_ || !args[0].is_null()) n_++;
    return Status::OK();
  }
  Result<Value> Finalize() override { return Value::Integer(n_); }

 private:
  bool star_;
  int64_t n_ = 0;
};

// Shared state of sum/total/avg.
class SumAggregate final : public Aggregate {
 public:
  enum class Kind { kSum, kTotal, kAvg };
  explicit SumAggregate(Kind kind) : kind_(kind) {}

  Status Step(const Args& args) override {
    const Value& in = args[0];
    if (in.is_integer()) {  // the common case, without a Value copy
      AddInteger(in.integer());
      return Status::OK();
    }
    Value v = NumericTypeOf(in);
    if (v.is_null()) return Status::OK();
    if (v.is_integer()) {
      AddInteger(v.integer());
    } else {
      count_++;
      real_sum_ += ValueToDouble(v);
      approximate_ = true;
    }
    return Status::OK();
  }

  void AddInteger(int64_t i) {
    count_++;
    real_sum_ += static_cast<double>(i);
    if (!approximate_ && !overflow_ && __builtin_add_overflow(int_sum_, i, &int_sum_)) {
      approximate_ = overflow_ = true;
    }
  }

  Result<Value> Finalize() override {
    switch (kind_) {
      case Kind::kTotal:
        return Value::Real(real_sum_);
      case Kind::kAvg:
        if (count_ == 0) return Value::Null();
        return Value::Real(real_sum_ / static_cast<double>(count_));
      case Kind::kSum:
        if (count_ == 0) return Value::Null();
        if (overflow_) return Status::InvalidArgument("integer overflow");
        if (approximate_) return Value::Real(real_sum_);
        return Value::Integer(int_sum_);
    }
    return Value::Null();
  }

 private:
  Kind kind_;
  int64_t count_ = 0;
  int64_t int_sum_ = 0;
  double real_sum_ = 0.0;
  bool approximate_ = false;
  bool overflow_ = false;
};

// min()/max(): the first value wins among equals; NULLs are skipped.
class MinMaxAggregate final : public Aggregate {
 public:
  explicit MinMaxAggregate(bool is_max) : is_max_(is_max) {}
  Status Step(const Args& args) override {
    const Value& v = args[0];
    if (v.is_null()) return Status::OK();
    if (!has_value_) {
      best_ = v;
      has_value_ = true;
      return Status::OK();
    }
    int cmp = CompareValues(best_, v);
    if (is_max_ ? cmp < 0 : cmp > 0) best_ = v;
    return Status::OK();
  }
  Result<Value> Finalize() override { return has_value_ ? best_ : Value::Null(); }

 private:
  bool is_max_;
  bool has_value_ = false;
  Value best_;
};

// group_concat: the separator before each value after the first is the
// separator argument of that value's row (',' by default).
class GroupConcatAggregate final : public Aggregate {
 public:
  Status Step(const Args& args) override {
    if (args[0].is_null()) return Status::OK();
    if (started_) {
      if (args.size() == 1) {
        out_.push_back(',');
      } else if (!args[1].is_null()) {
        out_ += TextOf(args[1]);
      }
    }
    started_ = true;
    out_ += TextOf(args[0]);
    if (out_.size() > 1000000000) return Status::InvalidArgument("string or blob too big");
    return Status::OK();
  }
  Result<Value> Finalize() override {
    if (!started_) return Value::Null();
    return Value::Text(out_);
  }

 private:
  bool started_ = false;
  std::string out_;
};

}  // namespace

std::vector<AggregateFunction> BuiltinAggregates() {
  using Kind = SumAggregate::Kind;
  return {
      {"count", 0, 0, [] { return std::make_unique<CountAggregate>(true); }},
      {"count", 1, 1, [] { return std::make_unique<CountAggregate>(false); }},
      {"sum", 1, 1, [] { return std::make_unique<SumAggregate>(Kind::kSum); }},
      {"total", 1, 1, [] { return std::make_unique<SumAggregate>(Kind::kTotal); }},
      {"avg", 1, 1, [] { return std::make_unique<SumAggregate>(Kind::kAvg); }},
      {"min", 1, 1, [] { return std::make_unique<MinMaxAggregate>(false); }},
      {"max", 1, 1, [] { return std::make_unique<MinMaxAggregate>(true); }},
      {"group_concat", 1, 2, [] { return std::make_unique<GroupConcatAggregate>(); }},
      {"string_agg", 2, 2, [] { return std::make_unique<GroupConcatAggregate>(); }},
  };
}

}  // namespace s3lite
