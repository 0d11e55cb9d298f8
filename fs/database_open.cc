#include "fs/database_open.h"

#include <sys/stat.h>

#include "engine/store/local_store.h"
#include "engine/store/s3_store.h"

namespace s3lite {
namespace {

Result<std::shared_ptr<ObjectStore>> OpenMountStore(const MountOptions& options) {
  const std::string& source = options.source;
  if (source.rfind("s3://", 0) == 0) {
    std::string rest = source.substr(5);
    S3Options s3;
    size_t slash = rest.find('/');
    s3.bucket = rest.substr(0, slash);
    if (slash != std::string::npos) s3.prefix = rest.substr(slash + 1);
    while (!s3.prefix.empty() && s3.prefix.back() == '/') s3.prefix.pop_back();
    if (s3.bucket.empty()) return Status::InvalidArgument("no bucket in '" + source + "'");
    s3.endpoint_url = options.endpoint_url;
    s3.region = options.region;
    s3.force_path_style = options.force_path_style;
    S3LITE_ASSIGN_OR_RETURN(std::shared_ptr<S3Store> store, S3Store::Open(std::move(s3)));
    return std::shared_ptr<ObjectStore>(std::move(store));
  }
  std::string dir = source.rfind("file://", 0) == 0 ? source.substr(7) : source;
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Status::NotFound("store directory " + dir + " does not exist");
  }
  S3LITE_ASSIGN_OR_RETURN(std::shared_ptr<LocalStore> store, LocalStore::Open(dir));
  return std::shared_ptr<ObjectStore>(std::move(store));
}

}  // namespace

Result<std::shared_ptr<Database>> OpenMountDatabase(const MountOptions& options) {
  S3LITE_ASSIGN_OR_RETURN(std::shared_ptr<ObjectStore> store, OpenMountStore(options));
  S3LITE_RETURN_IF_ERROR(store->CheckReachable());
  DatabaseOptions db_options;
  db_options.read_only = options.read_only;
  if (options.cache_bytes) {
    db_options.cache_pages = std::max<size_t>(16, *options.cache_bytes / 4096);
  }
  if (options.refresh_ms) db_options.refresh_ms = *options.refresh_ms;
  return Database::Open(std::move(store), db_options);
}

}  // namespace s3lite
