#include "fs/errno_map.h"

#include <cerrno>

namespace s3lite {

int ErrnoFor(const Status& status) {
  using C = Status::Code;
  switch (status.code()) {
    case C::kOk:
      return 0;
    case C::kInvalidArgument:
    case C::kConstraint:
    case C::kNotFound:
    case C::kAlreadyExists:
      return EINVAL;
    case C::kReadOnly:
      return EROFS;
    case C::kPermissionDenied:
      return EACCES;
    case C::kBusy:
    case C::kConflict:  // another writer holds the lease, or won the commit slot
      return EBUSY;
    case C::kTimeout:
      return ETIMEDOUT;
    case C::kNotSupported:
      return ENOTSUP;
    case C::kInterrupted:
      return EINTR;
    case C::kIOError:
    case C::kCorruption:
    case C::kInternal:
      return EIO;
  }
  return EIO;
}

}  // namespace s3lite
