// S3Store: an ObjectStore on the S3 API (AWS S3, Ceph radosgw, MinIO, R2...)
// over libcurl, signed with our own SigV4 (sigv4.h).
//
// Objects live under s3://bucket/prefix/<key> (no prefix: s3://bucket/<key>).
//
// Behaviour (docs/STORE.md has the details):
//  - Addressing: path-style (http://host/bucket/key) when forced, when the
//    endpoint host is an IP address or "localhost", or when the bucket name
//    is not DNS-friendly; virtual-hosted (http://bucket.host/key) otherwise.
//  - Endpoint: options, else AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, else
//    https://s3.<region>.amazonaws.com. Region: options, else AWS_REGION /
//    AWS_DEFAULT_REGION, else us-east-1.
//  - Every request carries x-amz-content-sha256 of its payload (signed).
//  - PutIfAbsent sends If-None-Match: *; 412 and 409 mean AlreadyExists.
//    If an earlier attempt of the same PutIfAbsent may have landed (its
//    response was lost and the retry gets 412), the object is read back and
//    compared: identical bytes mean our write won.
//  - Retries with full-jitter exponential backoff on transport errors,
//    timeouts, 5xx and SlowDown; never on other 4xx. Each retry is counted
//    in stats().retries.
//  - List pages through ListObjectsV2 continuation tokens (each page is one
//    LIST in stats); DeleteMany sends DeleteObjects batches of <= 1000 keys
//    (each batch is one DELETE in stats).
//  - Errors name the operation, s3:// URL, HTTP status and S3 error code:
//    "S3 PUT s3://b/p/key: HTTP 403 SignatureDoesNotMatch: ...". 403 ->
//    PermissionDenied, 404 -> NotFound (NoSuchBucket says so), transport
//    failures -> IOError "cannot reach endpoint ..." or Timeout. Credentials
//    never appear in messages.
//
// Thread-safety: all methods may be called concurrently; requests share a
// pool of at most max_connections curl handles.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "engine/store/aws_credentials.h"
#include "engine/store/http_client.h"
#include "engine/store/object_store.h"
#include "engine/store/sigv4.h"

namespace s3lite {

struct S3Options {
  std::string bucket;
  std::string prefix;        // without leading/trailing '/'; may be empty
  std::string endpoint_url;  // "" = environment / AWS default
  std::string region;        // "" = environment / us-east-1
  std::string profile;       // "" = environment credentials, AWS_PROFILE, "default"
  bool force_path_style = false;
  int max_connections = 16;
  int connect_timeout_ms = 5000;
  int request_timeout_ms = 120000;
  int max_attempts = 6;       // first try + retries
  int retry_base_ms = 50;     // backoff: random in [0, min(max, base * 2^n)]
  int retry_max_ms = 5000;
  std::optional<AwsCredentials> credentials;  // explicit; skips the lookup chain
};

class S3Store : public ObjectStore {
 public:
  // Resolves endpoint, region and credentials; does not contact the server.
  static Result<std::shared_ptr<S3Store>> Open(S3Options options);

  std::string Describe() const override;
  // One cheap LIST (max-keys=1) of the prefix: distinguishes "bucket does
  // not exist", "credentials rejected" and "cannot reach endpoint".
  Status CheckReachable() override;

  // How a request is addressed; exposed for tests.
  struct Target {
    std::string url;            // full URL with encoded path and query
    std::string host;           // Host header value (host[:port])
    std::string canonical_uri;  // encoded path, as signed
  };
  Target MakeTarget(const std::string& object_name, const QueryParams& query) const;
  bool path_style() const { return path_style_; }
  const std::string& endpoint() const { return endpoint_; }
  const std::string& region() const { return region_; }

 protected:
  Result<std::string> DoGet(const std::string& key) override;
  Result<std::string> DoGetRange(const std::string& key, uint64_t offset, uint64_t length) override;
  Status DoPut(const std::string& key, std::string_view data) override;
  Status DoPutIfAbsent(const std::string& key, std::string_view data) override;
  Status DoDelete(const std::string& key) override;
  Status DoDeleteMany(const std::vector<std::string>& keys) override;
  Result<std::vector<ObjectInfo>> DoList(const std::string& prefix) override;
  Result<ObjectInfo> DoHead(const std::string& key) override;

 private:
  struct Call {
    const char* op;           // "GET", "PUT", ... for messages
    std::string method;
    std::string object_name;  // full name in the bucket ("" for bucket-level)
    QueryParams query;
    HeaderList extra_headers;  // signed too
    std::string_view body;
  };
  S3Store(S3Options options, std::string endpoint, std::string scheme, std::string host, bool path_style,
          std::string region, AwsCredentials creds);

  // Signs and sends `call`, retrying transient failures. Returns the final
  // response (any HTTP status) or a transport error. `*attempts` gets the
  // number of attempts made.
  Result<HttpResponse> Send(const Call& call, int* attempts = nullptr);
  // Maps a non-2xx response to a Status naming the call.
  Status ErrorFor(const Call& call, const HttpResponse& resp, const std::string& key_url) const;
  std::string ObjectName(const std::string& key) const;
  std::string UrlFor(const std::string& key) const;  // s3://bucket/prefix/key
  std::string Scrub(std::string msg) const;          // removes any credential text

  const S3Options options_;
  const std::string endpoint_;  // scheme://host[:port], no trailing '/'
  const std::string scheme_;
  const std::string host_;      // host[:port]
  const bool path_style_;
  const std::string region_;
  const AwsCredentials creds_;
  HttpClient http_;
};

}  // namespace s3lite
