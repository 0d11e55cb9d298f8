// QueryServer: the HTTP side of `s3lite serve` (cpp-httplib).
//
// Routes (docs/SERVE.md): POST /query, GET /tables, GET /health. Every
// route except /health needs the bearer token when one is configured (401).
// Bodies larger than max_body_bytes get 413; unknown paths 404; every error
// body is JSON {"error": "...", "code": "..."}. One log line per request goes
// to stderr: method, path, status, milliseconds (never headers or bodies).
//
// Run() blocks until Stop() (from another thread, e.g. on SIGTERM): the
// listening socket closes, requests in flight finish, then Run() returns.
// The owner then closes sessions and the Database.
//
// Thread-safety: Stop() may be called from any thread; Run() from one.
#pragma once

#include <memory>
#include <string>

#include "cli/shell/serve_auth.h"
#include "cli/shell/serve_options.h"
#include "engine/db/database.h"

namespace s3lite {

class QueryServer {
 public:
  QueryServer(const ServeOptions& options, std::shared_ptr<Database> db, BearerAuth auth, std::string location);
  ~QueryServer();

  // Binds the listen address; returns the bound port (useful with port 0).
  Result<int> Bind();
  // Serves until Stop(). Then rolls back open sessions.
  Status Run();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace s3lite
