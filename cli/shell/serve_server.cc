#include "cli/shell/serve_server.h"

#ifdef S3LITE_HAVE_HTTPLIB

// The Debian library (libcpp-httplib.so) is built with these; the header must
// see the same configuration so the classes have the same layout.
#if __has_include(<openssl/ssl.h>)
#define CPPHTTPLIB_OPENSSL_SUPPORT
#endif
#if __has_include(<zlib.h>)
#define CPPHTTPLIB_ZLIB_SUPPORT
#endif
#if __has_include(<brotli/decode.h>)
#define CPPHTTPLIB_BROTLI_SUPPORT
#endif
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "cli/shell/serve_query.h"
#include "cli/shell/serve_session.h"
#include "cli/shell/serve_watchdog.h"

namespace s3lite {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kServeVersion = "0.1.0";  // as `s3lite -version`
constexpr const char* kJson = "application/json";
constexpr const char* kSessionHeader = "X-S3lite-Session";

thread_local Clock::time_point t_request_start{};

void SendJson(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", kJson);
}

const char* DefaultCode(int status) {
  switch (status) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 408: return "timeout";
    case 413: return "too_large";
    case 414: return "uri_too_long";
    case 503: return "unavailable";
    default: return status < 500 ? "bad_request" : "internal";
  }
}

}  // namespace

struct QueryServer::Impl {
  Impl(const ServeOptions& o, std::shared_ptr<Database> d, BearerAuth a, std::string loc)
      : options(o),
        db(std::move(d)),
        auth(std::move(a)),
        location(std::move(loc)),
        pool(db),
        sessions(db, std::chrono::milliseconds(o.session_idle_ms), static_cast<size_t>(o.max_sessions)) {}

  void Routes();
  void HandleQuery(const httplib::Request& req, httplib::Response& res);
  void HandleTables(httplib::Response& res);
  void HandleHealth(httplib::Response& res);
  void ExpiryLoop();

  std::optional<Clock::time_point> Deadline() const {
    if (options.timeout_ms <= 0) return std::nullopt;
    return Clock::now() + std::chrono::milliseconds(options.timeout_ms);
  }

  const ServeOptions options;
  std::shared_ptr<Database> db;
  const BearerAuth auth;
  const std::string location;
  ConnectionPool pool;
  SessionManager sessions;
  Watchdog watchdog;
  httplib::Server http;
  std::mutex log_mu;

  std::mutex expiry_mu;
  std::condition_variable expiry_cv;
  bool stopping = false;  // guarded by expiry_mu
};

void QueryServer::Impl::Routes() {
  http.set_payload_max_length(static_cast<size_t>(options.max_body_bytes));
  http.set_keep_alive_timeout(2);
  const size_t threads = static_cast<size_t>(options.threads);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };

  http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    t_request_start = Clock::now();
    // cpp-httplib 0.11 applies set_payload_max_length only to bodies with a
    // Content-Length: a chunked body would be read whole, of any size. The
    // pre-routing handler runs before the body is read, so refuse those here.
    if (req.has_header("Transfer-Encoding") && req.get_header_value("Transfer-Encoding") != "identity") {
      res.set_header("Connection", "close");
      SendJson(res, 411, {{"error", "chunked request bodies are not accepted; send a Content-Length"},
                          {"code", "length_required"}});
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.path == "/health" || auth.Check(req.get_header_value("Authorization"))) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    res.set_header("WWW-Authenticate", "Bearer");
    SendJson(res, 401, {{"error", "missing or wrong bearer token"}, {"code", "unauthorized"}});
    return httplib::Server::HandlerResponse::Handled;
  });
  http.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string msg = res.status == 413 ? "request body larger than --max-body-bytes"
                      : res.status == 404 ? "no such endpoint (try POST /query, GET /tables, GET /health)"
                                          : std::string("HTTP ") + std::to_string(res.status);
    SendJson(res, res.status, {{"error", msg}, {"code", DefaultCode(res.status)}});
    return httplib::Server::HandlerResponse::Handled;
  }));
  http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    double ms = t_request_start == Clock::time_point{}
                    ? 0.0
                    : std::chrono::duration<double, std::milli>(Clock::now() - t_request_start).count();
    t_request_start = Clock::time_point{};
    std::lock_guard<std::mutex> lock(log_mu);
    std::fprintf(stderr, "%s %s %d %.1fms\n", req.method.c_str(), req.path.c_str(), res.status, ms);
  });

  http.Post("/query", [this](const httplib::Request& req, httplib::Response& res) { HandleQuery(req, res); });
  http.Get("/tables", [this](const httplib::Request&, httplib::Response& res) { HandleTables(res); });
  http.Get("/health", [this](const httplib::Request&, httplib::Response& res) { HandleHealth(res); });
}

void QueryServer::Impl::HandleQuery(const httplib::Request& req, httplib::Response& res) {
  std::string session_id = req.get_header_value(kSessionHeader);
  bool close_session = false;
  std::string body_session;
  Result<QueryRequest> parsed = ParseQueryRequest(req.body, &body_session, &close_session);
  if (!parsed.ok()) {
    SendJson(res, 400, {{"error", parsed.status().message()}, {"code", "bad_request"}});
    return;
  }
  if (session_id.empty()) session_id = body_session;
  QueryResponse out;
  if (session_id.empty()) {
    Result<std::unique_ptr<Connection>> conn = pool.Acquire();
    if (!conn.ok()) {
      out = ErrorResponse(conn.status(), false);
    } else {
      std::optional<Clock::time_point> deadline = Deadline();
      {
        WatchdogGuard guard(&watchdog, conn->get(), deadline.has_value(), deadline.value_or(Clock::now()));
        out = RunQuery(**conn, *parsed, /*in_session=*/false, deadline);
      }
      pool.Release(std::move(conn).value());
    }
  } else if (!SessionManager::ValidId(session_id)) {
    out = ErrorResponse(400, "bad_request", "session ids are 1-128 characters of [A-Za-z0-9._-]");
  } else {
    for (;;) {
      Result<std::shared_ptr<Session>> session = sessions.Get(session_id);
      if (!session.ok()) {
        out = ErrorResponse(session.status(), false);
        break;
      }
      std::lock_guard<std::mutex> lock((*session)->mu);
      if ((*session)->closed) continue;  // expired meanwhile: take a fresh one
      Connection* conn = (*session)->conn.get();
      std::optional<Clock::time_point> deadline = Deadline();
      {
        WatchdogGuard guard(&watchdog, conn, deadline.has_value(), deadline.value_or(Clock::now()));
        out = RunQuery(*conn, *parsed, /*in_session=*/true, deadline);
      }
      (*session)->last_used = Clock::now();
      if (close_session) {
        sessions.Close(session_id, session->get());
        out.body["in_transaction"] = false;
      }
      out.body["session"] = session_id;
      break;
    }
  }
  SendJson(res, out.http_status, out.body);
}

void QueryServer::Impl::HandleTables(httplib::Response& res) {
  Result<std::unique_ptr<Transaction>> txn = db->Begin(TxnMode::kRead);
  if (!txn.ok()) {
    QueryResponse e = ErrorResponse(txn.status(), false);
    SendJson(res, e.http_status, e.body);
    return;
  }
  nlohmann::json tables = nlohmann::json::array();
  for (const SchemaEntry& e : (*txn)->catalog().entries()) {
    tables.push_back({{"name", e.name}, {"type", SchemaKindName(e.kind)}, {"table", e.table}, {"sql", e.sql}});
  }
  SendJson(res, 200, {{"version", (*txn)->snapshot_version()}, {"tables", std::move(tables)}});
}

void QueryServer::Impl::HandleHealth(httplib::Response& res) {
  nlohmann::json j = {{"status", "ok"},
                      {"service", "s3lite serve"},
                      {"version", kServeVersion},
                      {"httplib", CPPHTTPLIB_VERSION},
                      {"store", location},
                      {"read_only", db->read_only()},
                      {"sessions", sessions.size()}};
  Result<VersionInfo> v = db->CurrentVersion();
  j["db_version"] = v.ok() ? nlohmann::json(v->version) : nlohmann::json(nullptr);
  SendJson(res, 200, j);
}

void QueryServer::Impl::ExpiryLoop() {
  const auto period = std::chrono::milliseconds(std::clamp<int64_t>(options.session_idle_ms / 4, 10, 1000));
  std::unique_lock<std::mutex> lock(expiry_mu);
  while (!stopping) {
    expiry_cv.wait_for(lock, period);
    if (stopping) break;
    lock.unlock();
    size_t n = sessions.ExpireIdle();
    if (n > 0) {
      std::lock_guard<std::mutex> log(log_mu);
      std::fprintf(stderr, "s3lite serve: expired %zu idle session(s)\n", n);
    }
    lock.lock();
  }
}

QueryServer::QueryServer(const ServeOptions& options, std::shared_ptr<Database> db, BearerAuth auth,
                         std::string location)
    : impl_(std::make_unique<Impl>(options, std::move(db), std::move(auth), std::move(location))) {
  impl_->Routes();
}

QueryServer::~QueryServer() = default;

Result<int> QueryServer::Bind() {
  S3LITE_ASSIGN_OR_RETURN(auto addr, impl_->options.ListenAddress());
  if (addr.second == 0) {
    int port = impl_->http.bind_to_any_port(addr.first);
    if (port <= 0) return Status::IOError("cannot listen on " + addr.first + " (any port)");
    return port;
  }
  if (!impl_->http.bind_to_port(addr.first, addr.second)) {
    return Status::IOError("cannot listen on " + impl_->options.listen + " (address in use or not local?)");
  }
  return addr.second;
}

Status QueryServer::Run() {
  std::thread expiry([this] { impl_->ExpiryLoop(); });
  bool ok = impl_->http.listen_after_bind();  // returns after Stop(), in-flight requests done
  {
    std::lock_guard<std::mutex> lock(impl_->expiry_mu);
    impl_->stopping = true;
  }
  impl_->expiry_cv.notify_all();
  expiry.join();
  impl_->sessions.CloseAll();
  impl_->pool.Clear();
  return ok ? Status::OK() : Status::IOError("HTTP server stopped with an error");
}

void QueryServer::Stop() { impl_->http.stop(); }

}  // namespace s3lite

#endif  // S3LITE_HAVE_HTTPLIB
