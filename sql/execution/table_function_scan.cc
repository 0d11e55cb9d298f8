// TableFunctionScan (see table_function_scan.h).
#include "sql/execution/table_function_scan.h"

namespace s3lite::sql {

Status TableFunctionScan::Open() {
  cursor_.reset();
  std::vector<Value> values(args_->size());
  for (size_t i = 0; i < args_->size(); i++) S3LITE_RETURN_IF_ERROR(Eval(*(*args_)[i], *st_, &values[i]));
  S3LITE_ASSIGN_OR_RETURN(cursor_, fn_->open(values, used_));
  return Status::OK();
}

Status TableFunctionScan::Next(bool* has_row) {
  *has_row = false;
  if (cursor_ == nullptr) return Status::OK();
  S3LITE_RETURN_IF_ERROR(cursor_->Next(&row_, has_row));
  if (!*has_row) return Status::OK();
  for (size_t i = 0; i < row_.size(); i++) st_->tuple[offset_ + i] = std::move(row_[i]);
  return Status::OK();
}

}  // namespace s3lite::sql
