#include "fs/query_handle.h"

#include <algorithm>

namespace s3lite {

QueryHandle::QueryHandle(std::shared_ptr<Database> db, RowFormat format, bool readable,
                         pid_t sid, SessionResults* sessions)
    : db_(std::move(db)), format_(format), readable_(readable), sid_(sid), sessions_(sessions) {
  if (readable_ && sid_ >= 0) session_text_ = sessions_->Get(sid_, format_);
}

Status QueryHandle::Execute() {
  if (conn_ == nullptr) {
    S3LITE_ASSIGN_OR_RETURN(conn_, Connection::Open(db_));
  }
  auto run = std::make_unique<QueryRun>(conn_.get(), std::move(pending_sql_), format_);
  pending_sql_.clear();
  QueryRun* run_ptr = run.get();
  result_ = std::make_unique<ByteStream>(std::move(run));
  result_shift_.reset();
  executed_ = true;
  unsaved_result_ = !readable_;
  // Runs all but the last statement, and the first chunk of the last.
  S3LITE_RETURN_IF_ERROR(result_->Prime());
  if (!run_ptr->error().ok()) {
    // Every error fails the write/close with EINVAL; the text says why.
    return Status::InvalidArgument(run_ptr->error().message());
  }
  return Status::OK();
}

Status QueryHandle::Write(uint64_t offset, std::string_view data) {
  std::lock_guard<std::mutex> lock(mu_);
  pending_sql_.append(data);
  result_base_ = offset + data.size();
  if (IsCompleteStatement(pending_sql_)) return Execute();
  return Status::OK();
}

Status QueryHandle::Read(uint64_t offset, size_t size, std::string* out) {
  std::lock_guard<std::mutex> lock(mu_);
  out->clear();
  if (!pending_sql_.empty()) {
    // The error, if any, is in the result text; a read does not fail for it.
    (void)Execute();
  }
  if (result_ != nullptr) {
    // The first read after the SQL ran decides how offsets map to the result:
    // from the end of the write (no seek) or from 0 (the reader seeked back).
    if (!result_shift_) result_shift_ = offset >= result_base_ ? result_base_ : 0;
    if (offset < *result_shift_) return Status::OK();  // before the result: nothing
    uint64_t pos = offset - *result_shift_;
    S3LITE_ASSIGN_OR_RETURN(std::string_view bytes, result_->Read(pos, size));
    out->assign(bytes);
    return Status::OK();
  }
  if (session_text_ != nullptr && offset < session_text_->size()) {
    out->assign(*session_text_, static_cast<size_t>(offset),
                std::min<size_t>(size, session_text_->size() - static_cast<size_t>(offset)));
  }
  return Status::OK();
}

Status QueryHandle::Flush() {
  std::lock_guard<std::mutex> lock(mu_);
  Status status;
  bool blank = std::all_of(pending_sql_.begin(), pending_sql_.end(),
                           [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; });
  if (!blank) {
    status = Execute();
  } else {
    pending_sql_.clear();
  }
  if (unsaved_result_ && sid_ >= 0 && result_ != nullptr) {
    std::string text;
    auto complete = result_->ReadAll(SessionResults::kMaxBytes, &text);
    if (!complete.ok()) {
      text = "Error: " + complete.status().message() + "\n";
    } else if (!*complete) {
      text += "\nError: result larger than 16 MiB; read it on the handle that wrote the SQL\n";
    }
    sessions_->Put(sid_, format_, std::move(text));
    unsaved_result_ = false;
  }
  if (conn_ != nullptr && conn_->total_changes() > 0) changed_ = true;
  return status;
}

}  // namespace s3lite
