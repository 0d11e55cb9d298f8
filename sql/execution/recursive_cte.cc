#include "sql/execution/recursive_cte.h"

namespace s3lite::sql {

bool RecursiveCte::QueueLess::operator()(const Queued& a, const Queued& b) const {
  int c = CompareRowsBy(*order, a.row, b.row);
  if (c != 0) return c < 0;
  return a.seq < b.seq;  // ties leave in arrival order
}

Status RecursiveCte::Push(Row row) {
  if (distinct) {
    if (!seen_.insert(EncodeRowKey(row, row.size(), &nocase)).second) return Status::OK();
  }
  if (order.empty()) {
    fifo_.push_back(std::move(row));
  } else {
    sorted_.insert(Queued{std::move(row), seq_++});
  }
  return Status::OK();
}

bool RecursiveCte::Pop(Row* row) {
  if (order.empty()) {
    if (fifo_.empty()) return false;
    *row = std::move(fifo_.front());
    fifo_.pop_front();
    return true;
  }
  if (sorted_.empty()) return false;
  auto it = sorted_.begin();
  *row = std::move(const_cast<Queued&>(*it).row);  // the node is erased next
  sorted_.erase(it);
  return true;
}

Status RecursiveCte::RunStep(const Row& row) {
  *current = row;
  S3LITE_RETURN_IF_ERROR(step->Open(outer_));
  while (true) {
    Row r;
    bool has;
    S3LITE_RETURN_IF_ERROR(step->Next(&r, &has));
    if (!has) break;
    S3LITE_RETURN_IF_ERROR(Push(std::move(r)));
  }
  return Status::OK();
}

Status RecursiveCte::Open(const QueryState* outer) {
  outer_ = outer;
  fifo_.clear();
  sorted_.clear();
  seen_.clear();
  seq_ = 0;
  emitted_ = 0;
  pending_ = false;
  limit_ = -1;
  skip_ = 0;
  QueryState st;
  st.outer = outer;
  st.ctx = ctx;
  if (limit) S3LITE_RETURN_IF_ERROR(EvalLimitCount(*limit, st, &limit_));
  if (offset) S3LITE_RETURN_IF_ERROR(EvalLimitCount(*offset, st, &skip_));
  if (limit_ == 0) return Status::OK();  // nothing at all, not even the setup
  S3LITE_RETURN_IF_ERROR(setup->Open(outer));
  while (true) {
    Row r;
    bool has;
    S3LITE_RETURN_IF_ERROR(setup->Next(&r, &has));
    if (!has) break;
    S3LITE_RETURN_IF_ERROR(Push(std::move(r)));
  }
  return Status::OK();
}

Status RecursiveCte::Next(Row* out, bool* has_row) {
  *has_row = false;
  if (limit_ == 0 || (limit_ > 0 && emitted_ >= limit_)) return Status::OK();
  if (pending_) {  // the previous row's recursive step, run only now that more is wanted
    pending_ = false;
    S3LITE_RETURN_IF_ERROR(RunStep(last_));
  }
  Row row;
  while (Pop(&row)) {
    if ((++rows_ & 1023) == 0 && ctx != nullptr && ctx->interrupted != nullptr && ctx->interrupted->load()) {
      return Status::Interrupted("interrupted");
    }
    if (skip_ > 0) {  // OFFSET rows are not output but still recurse
      skip_--;
      S3LITE_RETURN_IF_ERROR(RunStep(row));
      continue;
    }
    emitted_++;
    last_ = row;
    pending_ = true;
    *out = std::move(row);
    *has_row = true;
    return Status::OK();
  }
  return Status::OK();
}

void RecursiveCte::Explain(int depth, std::vector<PlanLine>* out) const {
  out->push_back({depth, "SETUP"});
  setup->Explain(depth + 1, out);
  out->push_back({depth, "RECURSIVE STEP"});
  step->Explain(depth + 1, out);
}

namespace {

class RecursiveCteScan : public TupleOp {
 public:
  RecursiveCteScan(QueryState* st, int offset, int width, std::shared_ptr<RecursiveCte> cte, bool stream,
                   bool cacheable, std::string detail)
      : st_(st),
        offset_(offset),
        width_(width),
        cte_(std::move(cte)),
        stream_(stream),
        cacheable_(cacheable),
        detail_(std::move(detail)) {}

  Status Open() override {
    pos_ = 0;
    if (stream_) return cte_->Open(st_->outer);
    if (loaded_ && cacheable_) return Status::OK();
    rows_.clear();
    S3LITE_RETURN_IF_ERROR(cte_->Open(st_->outer));
    while (true) {
      Row r;
      bool has;
      S3LITE_RETURN_IF_ERROR(cte_->Next(&r, &has));
      if (!has) break;
      rows_.push_back(std::move(r));
    }
    loaded_ = true;
    return Status::OK();
  }

  Status Next(bool* has_row) override {
    const Row* r;
    if (stream_) {
      S3LITE_RETURN_IF_ERROR(cte_->Next(&row_, has_row));
      if (!*has_row) return Status::OK();
      r = &row_;
    } else {
      *has_row = pos_ < rows_.size();
      if (!*has_row) return Status::OK();
      r = &rows_[pos_++];
    }
    for (int i = 0; i < width_; i++) {
      st_->tuple[offset_ + i] = static_cast<size_t>(i) < r->size() ? (*r)[i] : Value::Null();
    }
    return Status::OK();
  }

  void Explain(int depth, std::vector<PlanLine>* out) const override {
    out->push_back({depth, detail_});
    cte_->Explain(depth + 1, out);
  }

 private:
  QueryState* st_;
  int offset_, width_;
  std::shared_ptr<RecursiveCte> cte_;
  bool stream_;
  bool cacheable_;
  std::string detail_;
  bool loaded_ = false;
  std::vector<Row> rows_;
  size_t pos_ = 0;
  Row row_;
};

}  // namespace

TupleOpPtr MakeRecursiveCteScan(QueryState* st, int offset, int width, std::shared_ptr<RecursiveCte> cte,
                                bool stream, bool cacheable, std::string detail) {
  return std::make_unique<RecursiveCteScan>(st, offset, width, std::move(cte), stream, cacheable,
                                            std::move(detail));
}

}  // namespace s3lite::sql
