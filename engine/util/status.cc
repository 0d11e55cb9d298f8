#include "engine/util/status.h"

namespace s3lite {

const char* Status::CodeName(Code code) {
  switch (code) {
    case Code::kOk: return "OK";
    case Code::kNotFound: return "not found";
    case Code::kAlreadyExists: return "already exists";
    case Code::kCorruption: return "corruption";
    case Code::kIOError: return "I/O error";
    case Code::kInvalidArgument: return "invalid argument";
    case Code::kConflict: return "conflict";
    case Code::kPermissionDenied: return "permission denied";
    case Code::kNotSupported: return "not supported";
    case Code::kReadOnly: return "read-only";
    case Code::kConstraint: return "constraint failed";
    case Code::kBusy: return "busy";
    case Code::kTimeout: return "timeout";
    case Code::kInterrupted: return "interrupted";
    case Code::kInternal: return "internal error";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string(CodeName(code_)) + ": " + message_;
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  return Status(code_, std::string(context) + ": " + message_);
}

}  // namespace s3lite
