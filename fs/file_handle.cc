#include "fs/file_handle.h"

#include <algorithm>

#include "fs/table_source.h"

namespace s3lite {

Status FileHandle::Read(uint64_t, size_t, std::string*) {
  return Status::InvalidArgument("this file is open for writing only");
}

Status FileHandle::Write(uint64_t, std::string_view) {
  return Status::InvalidArgument("this file is open for reading only");
}

Status FileHandle::Flush() { return Status::OK(); }

Result<std::unique_ptr<FileHandle>> TableReadHandle::Open(std::shared_ptr<Database> db,
                                                          const std::string& table,
                                                          RowFormat format) {
  auto factory = [db, table, format]() { return TableSource::Open(db, table, format); };
  std::unique_ptr<TableReadHandle> handle(new TableReadHandle(std::move(factory)));
  S3LITE_RETURN_IF_ERROR(handle->stream_.Prime());
  return std::unique_ptr<FileHandle>(std::move(handle));
}

Status TableReadHandle::Read(uint64_t offset, size_t size, std::string* out) {
  std::lock_guard<std::mutex> lock(mu_);
  S3LITE_ASSIGN_OR_RETURN(std::string_view bytes, stream_.Read(offset, size));
  out->assign(bytes);
  return Status::OK();
}

Result<std::unique_ptr<FileHandle>> TableWriteHandle::Open(std::shared_ptr<Database> db,
                                                           const std::string& table,
                                                           RowFormat format,
                                                           TableWriter::Mode mode) {
  S3LITE_ASSIGN_OR_RETURN(std::unique_ptr<TableWriter> writer,
                          TableWriter::Open(std::move(db), table, format, mode));
  return std::unique_ptr<FileHandle>(new TableWriteHandle(std::move(writer), mode));
}

Status TableWriteHandle::Write(uint64_t offset, std::string_view data) {
  std::lock_guard<std::mutex> lock(mu_);
  if (mode_ == TableWriter::Mode::kReplace) {
    if (offset != next_offset_) {
      return Status::InvalidArgument("write at offset " + std::to_string(offset) +
                                     ": table files are written sequentially (expected offset " +
                                     std::to_string(next_offset_) + ")");
    }
    next_offset_ += data.size();
  }
  return writer_->Write(data);
}

Status TableWriteHandle::Flush() {
  std::lock_guard<std::mutex> lock(mu_);
  return writer_->Commit();
}

void TableWriteHandle::Release() {
  std::lock_guard<std::mutex> lock(mu_);
  writer_->Abort();
}

Status TextHandle::Read(uint64_t offset, size_t size, std::string* out) {
  if (offset >= text_.size()) {
    out->clear();
    return Status::OK();
  }
  out->assign(text_, static_cast<size_t>(offset),
              std::min<size_t>(size, text_.size() - static_cast<size_t>(offset)));
  return Status::OK();
}

}  // namespace s3lite
