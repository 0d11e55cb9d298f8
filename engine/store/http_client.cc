#include "engine/store/http_client.h"

#include <curl/curl.h>
#include <dlfcn.h>

#include <cctype>
#include <mutex>

namespace s3lite {
namespace {

// libcurl is loaded with dlopen on the first HttpClient, not linked: its
// ~25 dependent libraries (TLS, Kerberos, LDAP, ...) cost a process several
// milliseconds of dynamic linking at startup, which every shell run on a
// local store would pay for nothing (docs/PERFORMANCE.md, W5).
struct CurlApi {
  CURLcode (*global_init)(long);
  CURL* (*easy_init)();
  void (*easy_cleanup)(CURL*);
  void (*easy_reset)(CURL*);
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  CURLcode (*easy_perform)(CURL*);
  const char* (*easy_strerror)(CURLcode);
  curl_slist* (*slist_append)(curl_slist*, const char*);
  void (*slist_free_all)(curl_slist*);
  std::string error;  // set when loading failed; the pointers are then null
};

template <class F>
bool LoadSymbol(void* lib, const char* name, F* out, std::string* error) {
  *out = reinterpret_cast<F>(dlsym(lib, name));
  if (*out == nullptr && error->empty()) *error = std::string("libcurl has no symbol ") + name;
  return *out != nullptr;
}

const CurlApi& Curl() {
  static const CurlApi api = [] {
    CurlApi a{};
    void* lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
      const char* e = dlerror();
      a.error = std::string("cannot load libcurl.so.4: ") + (e != nullptr ? e : "unknown error");
      return a;
    }
    bool ok = LoadSymbol(lib, "curl_global_init", &a.global_init, &a.error) &&
              LoadSymbol(lib, "curl_easy_init", &a.easy_init, &a.error) &&
              LoadSymbol(lib, "curl_easy_cleanup", &a.easy_cleanup, &a.error) &&
              LoadSymbol(lib, "curl_easy_reset", &a.easy_reset, &a.error) &&
              LoadSymbol(lib, "curl_easy_setopt", &a.easy_setopt, &a.error) &&
              LoadSymbol(lib, "curl_easy_getinfo", &a.easy_getinfo, &a.error) &&
              LoadSymbol(lib, "curl_easy_perform", &a.easy_perform, &a.error) &&
              LoadSymbol(lib, "curl_easy_strerror", &a.easy_strerror, &a.error) &&
              LoadSymbol(lib, "curl_slist_append", &a.slist_append, &a.error) &&
              LoadSymbol(lib, "curl_slist_free_all", &a.slist_free_all, &a.error);
    if (!ok) return a;  // the library stays loaded; harmless
    a.global_init(CURL_GLOBAL_DEFAULT);
    return a;
  }();
  return api;
}

size_t OnBody(char* ptr, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(ptr, size * n);
  return size * n;
}

size_t OnHeader(char* ptr, size_t size, size_t n, void* user) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(user);
  std::string_view line(ptr, size * n);
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view v = line.substr(colon + 1);
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.remove_suffix(1);
    (*headers)[name] = std::string(v);
  } else if (line.rfind("HTTP/", 0) == 0) {
    headers->clear();  // a new response (after 100 Continue or a redirect)
  }
  return size * n;
}

// The scheme://host[:port] part of a URL, for messages.
std::string Endpoint(const std::string& url) {
  size_t p = url.find("://");
  size_t slash = url.find('/', p == std::string::npos ? 0 : p + 3);
  return url.substr(0, slash);
}

struct SList {
  curl_slist* list = nullptr;
  ~SList() { Curl().slist_free_all(list); }
  void Add(const std::string& s) { list = Curl().slist_append(list, s.c_str()); }
};

}  // namespace

HttpClient::HttpClient(HttpClientOptions options) : options_(options) { Curl(); }

HttpClient::~HttpClient() {
  for (void* h : idle_) Curl().easy_cleanup(static_cast<CURL*>(h));
}

void* HttpClient::Acquire() {
  std::unique_lock<std::mutex> l(mu_);
  for (;;) {
    if (!idle_.empty()) {
      void* h = idle_.back();
      idle_.pop_back();
      return h;
    }
    if (created_ < std::max(1, options_.max_connections)) {
      created_++;
      l.unlock();
      CURL* h = Curl().easy_init();
      if (!h) {
        l.lock();
        created_--;
        freed_.notify_one();
        return nullptr;
      }
      return h;
    }
    freed_.wait(l);
  }
}

void HttpClient::Release(void* h) {
  {
    std::lock_guard<std::mutex> l(mu_);
    idle_.push_back(h);
  }
  freed_.notify_one();
}

HttpOutcome HttpClient::Perform(const HttpRequest& req) {
  HttpOutcome out;
  const CurlApi& curl = Curl();
  if (!curl.error.empty()) {
    out.status = Status::IOError(curl.error);
    return out;
  }
  CURL* h = static_cast<CURL*>(Acquire());
  if (!h) {
    out.status = Status::IOError("curl_easy_init failed");
    return out;
  }
  curl.easy_reset(h);  // keeps the connection cache
  SList headers;
  for (const auto& [k, v] : req.headers) headers.Add(k + ": " + v);
  headers.Add("Expect:");  // no 100-continue round trip
  curl.easy_setopt(h, CURLOPT_URL, req.url.c_str());
  curl.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl.easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);  // keys may contain "." / ".." segments
  curl.easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout_ms));
  curl.easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.request_timeout_ms));
  curl.easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
  curl.easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
  curl.easy_setopt(h, CURLOPT_WRITEDATA, &out.response.body);
  curl.easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
  curl.easy_setopt(h, CURLOPT_HEADERDATA, &out.response.headers);
  if (req.method == "GET") {
    curl.easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else if (req.method == "HEAD") {
    curl.easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (req.method == "PUT" || req.method == "POST") {
    headers.Add("Content-Type: application/octet-stream");
    // Never NULL: curl would then read the body from stdin.
    curl.easy_setopt(h, CURLOPT_POSTFIELDS, req.body.empty() ? "" : req.body.data());
    curl.easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
    if (req.method == "PUT") curl.easy_setopt(h, CURLOPT_CUSTOMREQUEST, "PUT");
  } else {
    curl.easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
  }
  curl.easy_setopt(h, CURLOPT_HTTPHEADER, headers.list);

  CURLcode rc = curl.easy_perform(h);
  if (rc == CURLE_OK) curl.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out.response.status);
  Release(h);

  if (rc == CURLE_OK) return out;
  std::string what = curl.easy_strerror(rc);
  switch (rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      out.status = Status::IOError("cannot reach endpoint " + Endpoint(req.url) + ": " + what);
      out.transient = true;
      break;
    case CURLE_OPERATION_TIMEDOUT:
      out.status = Status::Timeout("request to " + Endpoint(req.url) + " timed out: " + what);
      out.transient = true;
      break;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      out.status = Status::IOError("connection to " + Endpoint(req.url) + " failed: " + what);
      out.transient = true;
      break;
    default:
      out.status = Status::IOError("HTTP request to " + Endpoint(req.url) + " failed: " + what);
      out.transient = false;
  }
  return out;
}

}  // namespace s3lite
