// Connections for `s3lite serve` requests: a pool for one-shot requests and
// named sessions for transactions that span requests.
//
// ConnectionPool hands each request its own Connection (a Connection is
// single-threaded; many share the Database, so readers run in parallel and
// the engine serializes writers). A connection comes back to the pool only
// when it is outside a transaction; one left inside is rolled back first.
//
// SessionManager keeps one Connection per client-chosen session id
// (X-S3lite-Session header or "session" field: 1-128 characters of
// [A-Za-z0-9._-]), created on first use. A session's requests run one at a
// time (Session::mu). Sessions idle for longer than the idle limit are rolled
// back and dropped by ExpireIdle (the server calls it periodically); a
// request that finds its session expired gets a fresh one, so its COMMIT
// fails with "no transaction is active" rather than committing anything.
//
// Thread-safety: both classes are thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/db/database.h"
#include "sql/connection.h"

namespace s3lite {

class ConnectionPool {
 public:
  explicit ConnectionPool(std::shared_ptr<Database> db) : db_(std::move(db)) {}

  Result<std::unique_ptr<Connection>> Acquire();
  void Release(std::unique_ptr<Connection> conn);
  void Clear();

 private:
  std::shared_ptr<Database> db_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

struct Session {
  std::mutex mu;  // held while a request uses `conn`
  std::unique_ptr<Connection> conn;
  std::chrono::steady_clock::time_point last_used;  // guarded by mu
  bool closed = false;                               // guarded by mu
};

class SessionManager {
 public:
  SessionManager(std::shared_ptr<Database> db, std::chrono::milliseconds idle_limit, size_t max_sessions)
      : db_(std::move(db)), idle_limit_(idle_limit), max_sessions_(max_sessions) {}

  static bool ValidId(const std::string& id);

  // The session `id`, created if absent. Busy when max_sessions are open.
  // The caller locks session->mu and must re-check `closed` (then retry).
  Result<std::shared_ptr<Session>> Get(const std::string& id);
  // Rolls back and removes the session (caller holds session->mu).
  void Close(const std::string& id, Session* session);
  // Rolls back and removes sessions idle longer than the limit. Sessions in
  // use are skipped. Returns how many were expired.
  size_t ExpireIdle();
  void CloseAll();
  size_t size();

 private:
  std::shared_ptr<Database> db_;
  const std::chrono::milliseconds idle_limit_;
  const size_t max_sessions_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<Session>> sessions_;
};

// Rolls back an open transaction of `conn` (best effort).
void RollbackIfOpen(Connection& conn);

}  // namespace s3lite
