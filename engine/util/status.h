// Status and Result<T>: how errors travel between layers.
//
// Every fallible operation returns a Status (or a Result<T>, which is a value
// or a Status). A Status carries a code that callers branch on and a message
// for humans that names the object, key or statement involved. Nothing in the
// project throws across a layer boundary.
//
// Thread-safety: values; safe to copy and move between threads.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace s3lite {

class Status {
 public:
  enum class Code {
    kOk = 0,
    kNotFound,         // key/object/table absent
    kAlreadyExists,    // put-if-absent lost; name taken
    kCorruption,       // checksum or format error in stored bytes
    kIOError,          // local or network I/O failed (possibly transient)
    kInvalidArgument,  // bad input from the user or caller
    kConflict,         // another writer committed or holds a newer epoch
    kPermissionDenied, // credentials rejected, access denied
    kNotSupported,     // operation or feature not available
    kReadOnly,         // write attempted on a read-only handle
    kConstraint,       // SQL constraint violated
    kBusy,             // resource temporarily unavailable
    kTimeout,          // deadline exceeded
    kInterrupted,      // cancelled by the user (Ctrl-C)
    kInternal,         // a bug: an invariant did not hold
  };

  Status() = default;
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status OK() { return Status(); }
  static Status NotFound(std::string m) { return {Code::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {Code::kAlreadyExists, std::move(m)}; }
  static Status Corruption(std::string m) { return {Code::kCorruption, std::move(m)}; }
  static Status IOError(std::string m) { return {Code::kIOError, std::move(m)}; }
  static Status InvalidArgument(std::string m) { return {Code::kInvalidArgument, std::move(m)}; }
  static Status Conflict(std::string m) { return {Code::kConflict, std::move(m)}; }
  static Status PermissionDenied(std::string m) { return {Code::kPermissionDenied, std::move(m)}; }
  static Status NotSupported(std::string m) { return {Code::kNotSupported, std::move(m)}; }
  static Status ReadOnly(std::string m) { return {Code::kReadOnly, std::move(m)}; }
  static Status Constraint(std::string m) { return {Code::kConstraint, std::move(m)}; }
  static Status Busy(std::string m) { return {Code::kBusy, std::move(m)}; }
  static Status Timeout(std::string m) { return {Code::kTimeout, std::move(m)}; }
  static Status Interrupted(std::string m) { return {Code::kInterrupted, std::move(m)}; }
  static Status Internal(std::string m) { return {Code::kInternal, std::move(m)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsAlreadyExists() const { return code_ == Code::kAlreadyExists; }
  bool IsCorruption() const { return code_ == Code::kCorruption; }
  bool IsConflict() const { return code_ == Code::kConflict; }

  // "<code name>: <message>", for logs and tests. User-facing surfaces
  // usually print message() alone.
  std::string ToString() const;
  static const char* CodeName(Code code);

  // Returns a copy whose message is prefixed with `context: `.
  Status WithContext(std::string_view context) const;

 private:
  Code code_ = Code::kOk;
  std::string message_;
};

// Result<T>: a T or a non-OK Status.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(v_).ok() && "Result constructed from an OK Status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace s3lite

// Propagate a non-OK Status to the caller.
#define S3LITE_RETURN_IF_ERROR(expr)              \
  do {                                            \
    ::s3lite::Status _s3l_st = (expr);            \
    if (!_s3l_st.ok()) return _s3l_st;            \
  } while (0)

#define S3LITE_CONCAT_INNER(a, b) a##b
#define S3LITE_CONCAT(a, b) S3LITE_CONCAT_INNER(a, b)

// S3LITE_ASSIGN_OR_RETURN(auto x, Foo()); declares x from a Result or returns its Status.
#define S3LITE_ASSIGN_OR_RETURN(decl, expr) \
  S3LITE_ASSIGN_OR_RETURN_IMPL(S3LITE_CONCAT(_s3l_res_, __LINE__), decl, expr)
#define S3LITE_ASSIGN_OR_RETURN_IMPL(tmp, decl, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  decl = std::move(tmp).value()
