#include "engine/store/store_location.h"

#include "engine/store/local_store.h"
#include "engine/store/redact.h"
#include "engine/store/s3_store.h"

namespace s3lite {
namespace {

Status Invalid(const std::string& location, const std::string& why) {
  return Status::InvalidArgument("invalid store URL \"" + RedactUrl(location) + "\": " + why +
                                 " (expected a directory, file:///path or s3://bucket/prefix)");
}

bool ValidBucketChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_';
}

}  // namespace

Result<StoreLocation> ParseStoreLocation(const std::string& location) {
  StoreLocation loc;
  if (location.empty()) return Invalid(location, "empty location");
  size_t sep = location.find("://");
  if (sep == std::string::npos) {
    loc.kind = StoreLocation::Kind::kLocal;
    loc.path = location;
    return loc;
  }
  std::string scheme = location.substr(0, sep);
  std::string rest = location.substr(sep + 3);
  if (scheme == "file") {
    if (rest.rfind("localhost/", 0) == 0) rest = rest.substr(9);
    if (rest.empty() || rest[0] != '/') return Invalid(location, "file URLs need an absolute path (file:///dir)");
    loc.kind = StoreLocation::Kind::kLocal;
    loc.path = rest;
    return loc;
  }
  if (scheme == "s3") {
    if (UrlHasUserInfo(location)) {
      return Invalid(location,
                     "credentials are never taken from the store URL; set AWS_ACCESS_KEY_ID and "
                     "AWS_SECRET_ACCESS_KEY, or use --profile / AWS_PROFILE with ~/.aws/credentials");
    }
    size_t slash = rest.find('/');
    std::string bucket = rest.substr(0, slash);
    std::string prefix = slash == std::string::npos ? "" : rest.substr(slash + 1);
    if (bucket.empty()) return Invalid(location, "missing bucket name");
    if (bucket.size() < 3 || bucket.size() > 63) return Invalid(location, "bucket names have 3 to 63 characters");
    for (char c : bucket) {
      if (!ValidBucketChar(c)) return Invalid(location, std::string("bad character '") + c + "' in bucket name");
    }
    while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
    if (prefix.find("//") != std::string::npos) return Invalid(location, "empty path segment in prefix");
    loc.kind = StoreLocation::Kind::kS3;
    loc.bucket = bucket;
    loc.prefix = prefix;
    return loc;
  }
  return Invalid(location, "unsupported scheme \"" + scheme + "\"");
}

Result<std::shared_ptr<ObjectStore>> OpenStore(const StoreOptions& options) {
  S3LITE_ASSIGN_OR_RETURN(StoreLocation loc, ParseStoreLocation(options.location));
  if (loc.kind == StoreLocation::Kind::kLocal) {
    S3LITE_ASSIGN_OR_RETURN(std::shared_ptr<LocalStore> store, LocalStore::Open(loc.path));
    return std::shared_ptr<ObjectStore>(std::move(store));
  }
  S3Options s3;
  s3.bucket = loc.bucket;
  s3.prefix = loc.prefix;
  s3.endpoint_url = options.endpoint_url;
  s3.region = options.region;
  s3.profile = options.profile;
  s3.force_path_style = options.force_path_style;
  s3.max_connections = options.max_connections;
  s3.connect_timeout_ms = options.connect_timeout_ms;
  s3.request_timeout_ms = options.request_timeout_ms;
  s3.max_attempts = options.max_attempts;
  auto store = S3Store::Open(std::move(s3));
  if (!store.ok()) return store.status().WithContext("cannot open " + RedactUrl(options.location));
  return std::shared_ptr<ObjectStore>(std::move(*store));
}

Status CheckStoreReachable(ObjectStore& store) { return store.CheckReachable(); }

}  // namespace s3lite
