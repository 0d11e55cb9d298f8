// RunQuery: executes one POST /query body on a Connection and builds the
// JSON answer (docs/SERVE.md has the format).
//
// - Statements run in order; "params" are consumed in order, each statement
//   taking as many as it has placeholders (?, ?NNN).
// - Several statements outside an open transaction run as ONE transaction
//   (BEGIN ... COMMIT added around them; any error rolls everything back),
//   unless the text itself starts with BEGIN/SAVEPOINT (then the client
//   controls the transaction).
// - The answer carries the LAST statement's columns and rows, the sum of the
//   changes of all statements, and the store requests made meanwhile
//   (Database::stats() difference: exact when requests do not overlap, else
//   it includes concurrent requests' work).
// - `in_session`: the connection belongs to a session and may stay inside a
//   transaction; otherwise a transaction left open is rolled back and the
//   request fails (400), as a one-shot request cannot continue it later.
//
// Thread-safety: the caller owns `conn` for the duration of the call.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sql/connection.h"

namespace s3lite {

struct QueryRequest {
  std::string sql;
  std::vector<Value> params;
  std::optional<uint64_t> as_of_version;  // time travel for this request
};

struct QueryResponse {
  int http_status = 200;
  nlohmann::json body;
};

// The HTTP status and JSON "code" for a failed Status (see docs/SERVE.md).
QueryResponse ErrorResponse(const Status& status, bool timed_out);
QueryResponse ErrorResponse(int http_status, const std::string& code, const std::string& message);

// Parses a POST /query body: {"sql": "...", "params": [...], "session": "...",
// "as_of_version": N, "close_session": bool}. `session` and `close_session`
// are returned separately (the handler deals with them).
Result<QueryRequest> ParseQueryRequest(const std::string& body, std::string* session, bool* close_session);

QueryResponse RunQuery(Connection& conn, const QueryRequest& request, bool in_session,
                       std::optional<std::chrono::steady_clock::time_point> deadline);

}  // namespace s3lite
