// ErrnoFor: the errno a FUSE reply carries for an engine/SQL Status.
//
//   InvalidArgument, Constraint, NotFound (e.g. no such table)  -> EINVAL
//   ReadOnly -> EROFS        PermissionDenied -> EACCES
//   Busy -> EBUSY            Timeout -> ETIMEDOUT     NotSupported -> ENOTSUP
//   Interrupted -> EINTR     Conflict, IOError, Corruption, Internal, ... -> EIO
//
// docs/TROUBLESHOOTING.md lists the same table from the user's side.
//
// Thread-safety: stateless.
#pragma once

#include "engine/util/status.h"

namespace s3lite {

int ErrnoFor(const Status& status);

}  // namespace s3lite
