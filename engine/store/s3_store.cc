#include "engine/store/s3_store.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <random>
#include <thread>

#include "engine/store/redact.h"
#include "engine/store/s3_xml.h"

namespace s3lite {
namespace {

constexpr size_t kMaxDeleteBatch = 1000;  // S3 DeleteObjects limit

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

bool DnsFriendlyBucket(const std::string& b) {
  if (b.size() < 3 || b.size() > 63) return false;
  for (char c : b) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return b.front() != '-' && b.back() != '-';
}

bool IpOrLocalhost(const std::string& host_port) {
  if (!host_port.empty() && host_port[0] == '[') return true;  // IPv6 literal
  std::string host = host_port.substr(0, host_port.find(':'));
  if (host == "localhost") return true;
  return !host.empty() && host.find_first_not_of("0123456789.") == std::string::npos;
}

void Backoff(int attempt, int base_ms, int max_ms) {
  thread_local std::mt19937_64 rng(std::random_device{}());
  int64_t cap = std::min<int64_t>(max_ms, static_cast<int64_t>(base_ms) << std::min(attempt, 20));
  std::uniform_int_distribution<int64_t> d(0, std::max<int64_t>(cap, 1));
  std::this_thread::sleep_for(std::chrono::milliseconds(d(rng)));
}

bool IsSuccess(long status) { return status >= 200 && status < 300; }

// 5xx (500 InternalError, 502, 503 SlowDown/ServiceUnavailable, 504) are
// worth retrying; 4xx never are (the request itself is wrong).
bool RetryableStatus(long status) { return status >= 500 && status <= 599; }

}  // namespace

Result<std::shared_ptr<S3Store>> S3Store::Open(S3Options options) {
  if (options.bucket.empty()) return Status::InvalidArgument("S3 store needs a bucket name");
  while (!options.prefix.empty() && options.prefix.back() == '/') options.prefix.pop_back();
  while (!options.prefix.empty() && options.prefix.front() == '/') options.prefix.erase(0, 1);

  std::string region = options.region;
  if (region.empty()) region = Env("AWS_REGION");
  if (region.empty()) region = Env("AWS_DEFAULT_REGION");
  if (region.empty()) region = "us-east-1";

  std::string endpoint = options.endpoint_url;
  if (endpoint.empty()) endpoint = Env("AWS_ENDPOINT_URL_S3");
  if (endpoint.empty()) endpoint = Env("AWS_ENDPOINT_URL");
  if (endpoint.empty()) endpoint = "https://s3." + region + ".amazonaws.com";
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  size_t sep = endpoint.find("://");
  std::string scheme = sep == std::string::npos ? "" : endpoint.substr(0, sep);
  if (scheme != "http" && scheme != "https") {
    return Status::InvalidArgument("invalid S3 endpoint URL \"" + RedactUrl(endpoint) +
                                   "\": must start with http:// or https://");
  }
  std::string host = endpoint.substr(sep + 3);
  if (UrlHasUserInfo(endpoint)) {
    return Status::InvalidArgument("invalid S3 endpoint URL \"" + RedactUrl(endpoint) +
                                   "\": credentials are never taken from a URL; set AWS_ACCESS_KEY_ID and "
                                   "AWS_SECRET_ACCESS_KEY, or use --profile / AWS_PROFILE with ~/.aws/credentials");
  }
  if (host.empty() || host.find_first_of("/?#@ ") != std::string::npos) {
    return Status::InvalidArgument("invalid S3 endpoint URL \"" + endpoint +
                                   "\": expected scheme://host[:port] without a path");
  }
  bool path_style = options.force_path_style || IpOrLocalhost(host) || !DnsFriendlyBucket(options.bucket);

  AwsCredentials creds;
  if (options.credentials) {
    creds = *options.credentials;
    if (creds.source.empty()) creds.source = "explicit credentials";
  } else {
    S3LITE_ASSIGN_OR_RETURN(creds, LoadAwsCredentials(options.profile));
  }
  return std::shared_ptr<S3Store>(
      new S3Store(std::move(options), endpoint, scheme, host, path_style, region, std::move(creds)));
}

S3Store::S3Store(S3Options options, std::string endpoint, std::string scheme, std::string host, bool path_style,
                 std::string region, AwsCredentials creds)
    : options_(std::move(options)),
      endpoint_(std::move(endpoint)),
      scheme_(std::move(scheme)),
      host_(std::move(host)),
      path_style_(path_style),
      region_(std::move(region)),
      creds_(std::move(creds)),
      http_(HttpClientOptions{options_.max_connections, options_.connect_timeout_ms,
                              options_.request_timeout_ms}) {}

std::string S3Store::Describe() const {
  return "s3://" + options_.bucket + (options_.prefix.empty() ? "" : "/" + options_.prefix);
}

std::string S3Store::ObjectName(const std::string& key) const {
  return options_.prefix.empty() ? key : options_.prefix + "/" + key;
}

std::string S3Store::UrlFor(const std::string& key) const { return "s3://" + options_.bucket + "/" + ObjectName(key); }

std::string S3Store::Scrub(std::string msg) const {
  for (const std::string* secret : {&creds_.secret_access_key, &creds_.session_token, &creds_.access_key_id}) {
    if (secret->size() < 4) continue;
    for (size_t p; (p = msg.find(*secret)) != std::string::npos;) msg.replace(p, secret->size(), "<redacted>");
  }
  return msg;
}

S3Store::Target S3Store::MakeTarget(const std::string& object_name, const QueryParams& query) const {
  Target t;
  std::string encoded = UriEncode(object_name, /*encode_slash=*/false);
  if (path_style_) {
    t.host = host_;
    t.canonical_uri = "/" + options_.bucket + (object_name.empty() ? "" : "/" + encoded);
  } else {
    t.host = options_.bucket + "." + host_;
    t.canonical_uri = "/" + encoded;
  }
  t.url = scheme_ + "://" + t.host + t.canonical_uri;
  std::string qs = CanonicalQueryString(query);
  if (!qs.empty()) t.url += "?" + qs;
  return t;
}

Result<HttpResponse> S3Store::Send(const Call& call, int* attempts) {
  Target target = MakeTarget(call.object_name, call.query);
  std::string payload_hash = Sha256Hex(call.body);
  int max_attempts = std::max(1, options_.max_attempts);
  Status last;
  for (int attempt = 1;; attempt++) {
    if (attempts) *attempts = attempt;
    std::string amz_date = AmzDate(std::time(nullptr));
    SigV4Request sreq;
    sreq.method = call.method;
    sreq.canonical_uri = target.canonical_uri;
    sreq.query = call.query;
    sreq.headers = {{"host", target.host}, {"x-amz-date", amz_date}, {"x-amz-content-sha256", payload_hash}};
    if (!creds_.session_token.empty()) sreq.headers.emplace_back("x-amz-security-token", creds_.session_token);
    for (const auto& h : call.extra_headers) sreq.headers.push_back(h);
    sreq.payload_hash = payload_hash;

    HttpRequest req;
    req.method = call.method;
    req.url = target.url;
    req.headers = sreq.headers;
    req.headers.emplace_back("Authorization", SigV4Authorization(sreq, creds_.access_key_id, creds_.secret_access_key,
                                                                 region_, "s3", amz_date));
    req.body = call.body;
    HttpOutcome out = http_.Perform(req);
    bool retry;
    if (!out.status.ok()) {
      last = out.status;
      retry = out.transient;
    } else {
      retry = RetryableStatus(out.response.status);
      if (!retry) return std::move(out.response);
    }
    if (!retry || attempt >= max_attempts) {
      if (!out.status.ok()) {
        std::string url = call.object_name.empty() ? Describe() : "s3://" + options_.bucket + "/" + call.object_name;
        return Status(last.code(), Scrub("S3 " + std::string(call.op) + " " + url + ": " + last.message() +
                                         (attempt > 1 ? " (after " + std::to_string(attempt) + " attempts)" : "")));
      }
      return std::move(out.response);  // a final 5xx; the caller maps it
    }
    stats().AddRetry();
    Backoff(attempt - 1, options_.retry_base_ms, options_.retry_max_ms);
  }
}

Status S3Store::ErrorFor(const Call& call, const HttpResponse& resp, const std::string& url) const {
  S3Error e = ParseS3Error(resp.body);
  std::string detail = "HTTP " + std::to_string(resp.status);
  if (!e.code.empty()) detail += " " + e.code;
  if (!e.message.empty()) detail += ": " + e.message;
  std::string prefix = "S3 " + std::string(call.op) + " " + url + ": ";
  Status st;
  if (resp.status == 404 && e.code == "NoSuchBucket") {
    st = Status::NotFound(prefix + "bucket \"" + options_.bucket + "\" does not exist at " + endpoint_ + " (" +
                          detail + ")");
  } else if (resp.status == 404) {
    st = Status::NotFound(prefix + detail);
  } else if (resp.status == 403) {
    std::string hint;
    if (e.code == "SignatureDoesNotMatch") {
      hint = "the secret key was rejected";
    } else if (e.code == "InvalidAccessKeyId") {
      hint = "the access key id is unknown to the server";
    } else {
      hint = "access denied";
    }
    st = Status::PermissionDenied(prefix + detail + " (" + hint + "; credentials from " + creds_.source + ")");
  } else if (resp.status == 412 || resp.status == 409) {
    st = Status::AlreadyExists(prefix + detail);
  } else if (resp.status >= 500) {
    st = Status::IOError(prefix + detail + " (server error, retries exhausted)");
  } else if (resp.status >= 400) {
    st = Status::InvalidArgument(prefix + detail);
  } else {
    st = Status::IOError(prefix + "unexpected " + detail);
  }
  return Status(st.code(), Scrub(st.message()));
}

Result<std::string> S3Store::DoGet(const std::string& key) {
  Call call{"GET", "GET", ObjectName(key), {}, {}, {}};
  S3LITE_ASSIGN_OR_RETURN(HttpResponse resp, Send(call));
  if (resp.status == 200) return std::move(resp.body);
  return ErrorFor(call, resp, UrlFor(key));
}

Result<std::string> S3Store::DoGetRange(const std::string& key, uint64_t offset, uint64_t length) {
  if (length == 0) return std::string();
  Call call{"GET", "GET", ObjectName(key), {}, {}, {}};
  // "bytes=a-" (to the end) when a+len would overflow, e.g. len = UINT64_MAX.
  std::string last = length > UINT64_MAX - offset ? "" : std::to_string(offset + length - 1);
  call.extra_headers.emplace_back("range", "bytes=" + std::to_string(offset) + "-" + last);
  S3LITE_ASSIGN_OR_RETURN(HttpResponse resp, Send(call));
  if (resp.status == 206) return std::move(resp.body);
  if (resp.status == 416) return std::string();  // offset at or past the end
  if (resp.status == 200) {                       // server ignored the range
    if (offset >= resp.body.size()) return std::string();
    return resp.body.substr(static_cast<size_t>(offset), static_cast<size_t>(length));
  }
  return ErrorFor(call, resp, UrlFor(key));
}

Status S3Store::DoPut(const std::string& key, std::string_view data) {
  Call call{"PUT", "PUT", ObjectName(key), {}, {}, data};
  S3LITE_ASSIGN_OR_RETURN(HttpResponse resp, Send(call));
  if (IsSuccess(resp.status)) return Status::OK();
  return ErrorFor(call, resp, UrlFor(key));
}

Status S3Store::DoPutIfAbsent(const std::string& key, std::string_view data) {
  Call call{"PUT", "PUT", ObjectName(key), {}, {{"if-none-match", "*"}}, data};
  int attempts = 0;
  S3LITE_ASSIGN_OR_RETURN(HttpResponse resp, Send(call, &attempts));
  if (IsSuccess(resp.status)) return Status::OK();
  if (resp.status == 412 || resp.status == 409) {
    if (attempts > 1) {
      // An earlier attempt may have created the object and lost its
      // response; if the stored bytes are ours, our write is the winner.
      auto existing = Get(key);
      if (existing.ok() && *existing == data) return Status::OK();
    }
    return Status::AlreadyExists("S3 PUT " + UrlFor(key) + ": object already exists (HTTP " +
                                 std::to_string(resp.status) + ", If-None-Match: *)");
  }
  return ErrorFor(call, resp, UrlFor(key));
}

Status S3Store::DoDelete(const std::string& key) {
  Call call{"DELETE", "DELETE", ObjectName(key), {}, {}, {}};
  S3LITE_ASSIGN_OR_RETURN(HttpResponse resp, Send(call));
  if (IsSuccess(resp.status)) return Status::OK();
  if (resp.status == 404 && ParseS3Error(resp.body).code != "NoSuchBucket") return Status::OK();
  return ErrorFor(call, resp, UrlFor(key));
}

Status S3Store::DoDeleteMany(const std::vector<std::string>& keys) {
  for (size_t start = 0; start < keys.size(); start += kMaxDeleteBatch) {
    size_t end = std::min(keys.size(), start + kMaxDeleteBatch);
    std::vector<std::string> names;
    names.reserve(end - start);
    for (size_t i = start; i < end; i++) names.push_back(ObjectName(keys[i]));
    std::string body = BuildDeleteObjectsBody(names);
    stats().Count(StoreOp::kDelete);  // one request per batch
    Call call{"DELETE", "POST", "", {{"delete", ""}}, {{"content-md5", Md5Base64(body)}}, body};
    S3LITE_ASSIGN_OR_RETURN(HttpResponse resp, Send(call));
    if (!IsSuccess(resp.status)) return ErrorFor(call, resp, Describe() + " (DeleteObjects of " +
                                                                 std::to_string(names.size()) + " keys)");
    for (const S3DeleteError& e : ParseDeleteObjectsErrors(resp.body)) {
      if (e.code == "NoSuchKey") continue;
      return Status::IOError(Scrub("S3 DELETE s3://" + options_.bucket + "/" + e.key + ": " + e.code + ": " +
                                   e.message + " (in a DeleteObjects batch)"));
    }
  }
  return Status::OK();
}

Result<std::vector<ObjectInfo>> S3Store::DoList(const std::string& prefix) {
  std::string name_prefix = ObjectName(prefix);
  size_t strip = options_.prefix.empty() ? 0 : options_.prefix.size() + 1;
  std::vector<ObjectInfo> out;
  std::string token;
  for (int page = 0;; page++) {
    if (page > 0) stats().Count(StoreOp::kList);  // the first page is counted by List()
    Call call{"LIST", "GET", "", {{"list-type", "2"}, {"prefix", name_prefix}, {"encoding-type", "url"}}, {}, {}};
    if (!token.empty()) call.query.emplace_back("continuation-token", token);
    S3LITE_ASSIGN_OR_RETURN(HttpResponse resp, Send(call));
    std::string url = "s3://" + options_.bucket + "/" + name_prefix;
    if (resp.status != 200) return ErrorFor(call, resp, url);
    auto parsed = ParseListObjectsV2(resp.body, /*url_encoded_keys=*/true);
    if (!parsed.ok()) return parsed.status().WithContext(url);
    for (S3ListEntry& e : parsed->entries) {
      if (e.key.size() < strip || e.key.compare(0, name_prefix.size(), name_prefix) != 0) continue;
      out.push_back(ObjectInfo{e.key.substr(strip), e.size, ParseIso8601Ms(e.last_modified)});
    }
    if (!parsed->truncated) break;
    token = parsed->next_token;
  }
  std::sort(out.begin(), out.end(), [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
  return out;
}

Result<ObjectInfo> S3Store::DoHead(const std::string& key) {
  Call call{"HEAD", "HEAD", ObjectName(key), {}, {}, {}};
  S3LITE_ASSIGN_OR_RETURN(HttpResponse resp, Send(call));
  if (resp.status != 200) {
    if (resp.status == 404) return Status::NotFound("S3 HEAD " + UrlFor(key) + ": HTTP 404 (no such object)");
    return ErrorFor(call, resp, UrlFor(key));
  }
  ObjectInfo info;
  info.key = key;
  auto it = resp.headers.find("content-length");
  if (it != resp.headers.end()) info.size = std::strtoull(it->second.c_str(), nullptr, 10);
  it = resp.headers.find("last-modified");
  if (it != resp.headers.end()) info.mtime_unix_ms = ParseHttpDateMs(it->second);
  return info;
}

Status S3Store::CheckReachable() {
  stats().Count(StoreOp::kList);
  std::string name_prefix = options_.prefix.empty() ? "" : options_.prefix + "/";
  Call call{"LIST", "GET", "", {{"list-type", "2"}, {"max-keys", "1"}, {"prefix", name_prefix}}, {}, {}};
  auto resp = Send(call);
  if (!resp.ok()) return resp.status();
  if (resp->status == 200) return Status::OK();
  return ErrorFor(call, *resp, Describe());
}

}  // namespace s3lite
