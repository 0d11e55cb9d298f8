#include "fs/byte_stream.h"

#include <algorithm>

namespace s3lite {

ByteStream::ByteStream(SourceFactory factory) : factory_(std::move(factory)) {}

ByteStream::ByteStream(std::unique_ptr<ByteSource> source) : source_(std::move(source)) {}

Status ByteStream::Restart() {
  if (!factory_) {
    return Status::InvalidArgument(
        "this result cannot be read again from an earlier offset (it was produced once)");
  }
  source_.reset();
  S3LITE_ASSIGN_OR_RETURN(source_, factory_());
  buffer_.clear();
  buffer_offset_ = 0;
  eof_ = false;
  return Status::OK();
}

Status ByteStream::ProduceMore(size_t want) {
  auto more = source_->Produce(std::max(want, kRenderChunk), &buffer_);
  if (!more.ok()) return more.status();
  if (!*more) eof_ = true;
  return Status::OK();
}

Status ByteStream::Prime() {
  if (source_ == nullptr) S3LITE_RETURN_IF_ERROR(Restart());
  if (buffer_.empty() && !eof_) S3LITE_RETURN_IF_ERROR(ProduceMore(kRenderChunk));
  return Status::OK();
}

Result<std::string_view> ByteStream::Read(uint64_t offset, size_t size) {
  if (source_ == nullptr || offset < buffer_offset_) S3LITE_RETURN_IF_ERROR(Restart());
  const uint64_t want_end = offset + size;
  while (!eof_ && buffer_offset_ + buffer_.size() < want_end) {
    // Skipping forward: drop what lies wholly before `offset` as we go.
    uint64_t end = buffer_offset_ + buffer_.size();
    if (end <= offset && !buffer_.empty()) {
      buffer_offset_ = end;
      buffer_.clear();
    }
    S3LITE_RETURN_IF_ERROR(ProduceMore(want_end - (buffer_offset_ + buffer_.size())));
  }
  // Keep at most kKeepBehind bytes before `offset` (re-reads of the same
  // block are served; older bytes go).
  if (offset > buffer_offset_ + kKeepBehind) {
    uint64_t drop = std::min<uint64_t>(offset - buffer_offset_, buffer_.size());
    buffer_.erase(0, drop);
    buffer_offset_ += drop;
  }
  uint64_t end = buffer_offset_ + buffer_.size();
  if (offset >= end) return std::string_view();
  size_t begin = static_cast<size_t>(offset - buffer_offset_);
  size_t n = static_cast<size_t>(std::min<uint64_t>(size, end - offset));
  return std::string_view(buffer_).substr(begin, n);
}

Result<bool> ByteStream::ReadAll(size_t limit, std::string* out) {
  if (source_ == nullptr) S3LITE_RETURN_IF_ERROR(Restart());
  if (buffer_offset_ != 0) {
    return Status::InvalidArgument("the start of this result has already been dropped");
  }
  while (!eof_ && buffer_.size() < limit) S3LITE_RETURN_IF_ERROR(ProduceMore(limit - buffer_.size()));
  bool complete = eof_ && buffer_.size() <= limit;
  out->assign(buffer_, 0, std::min(limit, buffer_.size()));
  return complete;
}

}  // namespace s3lite
