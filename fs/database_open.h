// OpenMountDatabase: the store and database a mount serves, opened from the
// mount options, with one clear error line when that is impossible.
//
// Uses cli/common OpenDatabase (the store options every binary shares).
// SOURCE is a local directory (which must exist; an empty one becomes an
// empty database) or s3://bucket[/prefix] (endpoint_url, region and
// force_path_style from the options; credentials from the AWS environment /
// profile chain only). The store is probed once (CheckReachable) so a missing
// bucket, rejected credentials or an unreachable endpoint fail the mount
// instead of the first `ls`.
//
// Thread-safety: call from one thread.
#pragma once

#include <memory>

#include "engine/db/database.h"
#include "fs/mount_options.h"

namespace s3lite {

Result<std::shared_ptr<Database>> OpenMountDatabase(const MountOptions& options);

}  // namespace s3lite
