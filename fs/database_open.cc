#include "fs/database_open.h"

#include <sys/stat.h>

#include "cli/common/store_cli.h"
#include "engine/store/store_location.h"

namespace s3lite {

Result<std::shared_ptr<Database>> OpenMountDatabase(const MountOptions& options) {
  // Unlike the shell, a mount never creates a local store directory: a typo
  // in fstab should fail the mount, not serve an empty database.
  S3LITE_ASSIGN_OR_RETURN(StoreLocation location, ParseStoreLocation(options.source));
  if (location.kind == StoreLocation::Kind::kLocal) {
    struct stat st;
    if (::stat(location.path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      return Status::NotFound("store directory " + location.path + " does not exist");
    }
  }
  // The shared store options of every binary (cli/common/store_cli.h).
  StoreCli cli;
  cli.store = options.source;
  cli.endpoint_url = options.endpoint_url;
  cli.region = options.region;
  cli.force_path_style = options.force_path_style;
  cli.read_only = options.read_only;
  cli.writer = options.writer;
  if (options.writer_lease_ms) cli.writer_lease_ms = *options.writer_lease_ms;
  if (options.cache_bytes) {
    cli.cache_pages = std::max<int64_t>(16, static_cast<int64_t>(*options.cache_bytes / 4096));
  }
  if (options.refresh_ms) cli.refresh_ms = *options.refresh_ms;
  S3LITE_ASSIGN_OR_RETURN(OpenedDatabase opened, OpenDatabase(cli));
  return opened.db;
}

}  // namespace s3lite
