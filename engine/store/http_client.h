// HttpClient: blocking HTTP requests over a pool of libcurl easy handles.
//
// Each easy handle keeps its own connection cache, so returning handles to
// the pool (instead of creating one per request) reuses TCP/TLS connections.
// At most `max_connections` requests run at once; further callers wait for a
// free handle.
//
// Perform() returns a response for any HTTP status (callers interpret it);
// a non-OK Status means the request did not complete at the transport level:
// IOError "cannot reach endpoint ..." (connection refused, DNS), Timeout
// (connect or total timeout) or IOError (other transport failures). The
// `transient` flag of the result says whether retrying may help.
//
// Thread-safety: Perform() may be called from many threads.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/util/status.h"

namespace s3lite {

struct HttpRequest {
  std::string method;  // GET, HEAD, PUT, POST, DELETE
  std::string url;     // already encoded
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view body;  // PUT/POST payload (not owned)
};

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // lowercased names
  std::string body;
};

struct HttpClientOptions {
  int max_connections = 16;
  int connect_timeout_ms = 5000;
  int request_timeout_ms = 120000;  // whole request, including the transfer
};

struct HttpOutcome {
  Status status;           // transport status; OK when an HTTP response arrived
  bool transient = false;  // for non-OK: worth retrying
  HttpResponse response;
};

class HttpClient {
 public:
  explicit HttpClient(HttpClientOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpOutcome Perform(const HttpRequest& req);

 private:
  void* Acquire();          // a CURL*, blocking while all are busy
  void Release(void* h);

  const HttpClientOptions options_;
  std::mutex mu_;
  std::condition_variable freed_;
  std::vector<void*> idle_;  // guarded by mu_: handles ready for reuse
  int created_ = 0;          // guarded by mu_: handles alive (idle + in use)
};

}  // namespace s3lite
