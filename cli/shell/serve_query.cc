#include "cli/shell/serve_query.h"

#include <cctype>

#include "cli/shell/serve_json.h"
#include "cli/shell/serve_session.h"

namespace s3lite {
namespace {

using Clock = std::chrono::steady_clock;

const char* CodeString(Status::Code code) {
  switch (code) {
    case Status::Code::kOk: return "ok";
    case Status::Code::kNotFound: return "not_found";
    case Status::Code::kAlreadyExists: return "already_exists";
    case Status::Code::kCorruption: return "corruption";
    case Status::Code::kIOError: return "io_error";
    case Status::Code::kInvalidArgument: return "sql_error";
    case Status::Code::kConflict: return "conflict";
    case Status::Code::kPermissionDenied: return "permission_denied";
    case Status::Code::kNotSupported: return "not_supported";
    case Status::Code::kReadOnly: return "read_only";
    case Status::Code::kConstraint: return "constraint";
    case Status::Code::kBusy: return "busy";
    case Status::Code::kTimeout: return "timeout";
    case Status::Code::kInterrupted: return "interrupted";
    case Status::Code::kInternal: return "internal";
  }
  return "internal";
}

int HttpStatusFor(Status::Code code) {
  switch (code) {
    case Status::Code::kInvalidArgument:
    case Status::Code::kConstraint:
    case Status::Code::kNotFound:
    case Status::Code::kAlreadyExists:
    case Status::Code::kReadOnly:
    case Status::Code::kNotSupported:
      return 400;
    case Status::Code::kConflict: return 409;
    case Status::Code::kBusy:
    case Status::Code::kTimeout:
    case Status::Code::kInterrupted:
      return 503;
    default: return 500;
  }
}

// First keyword of a statement text, upper-cased.
std::string FirstWord(std::string_view sql) {
  size_t i = 0;
  while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) i++;
  std::string w;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i]))) {
    w.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i++]))));
  }
  return w;
}

// True when `tail` holds more than whitespace and comments.
bool HasMoreText(std::string_view tail) {
  size_t i = 0;
  while (i < tail.size()) {
    char c = tail[i];
    if (std::isspace(static_cast<unsigned char>(c)) || c == ';') {
      i++;
    } else if (tail.substr(i, 2) == "--") {
      size_t nl = tail.find('\n', i);
      i = nl == std::string_view::npos ? tail.size() : nl + 1;
    } else if (tail.substr(i, 2) == "/*") {
      size_t end = tail.find("*/", i + 2);
      i = end == std::string_view::npos ? tail.size() : end + 2;
    } else {
      return true;
    }
  }
  return false;
}

double MsSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

}  // namespace

QueryResponse ErrorResponse(int http_status, const std::string& code, const std::string& message) {
  QueryResponse r;
  r.http_status = http_status;
  r.body = nlohmann::json{{"error", message}, {"code", code}};
  return r;
}

QueryResponse ErrorResponse(const Status& status, bool timed_out) {
  if (timed_out && (status.code() == Status::Code::kInterrupted || status.code() == Status::Code::kTimeout)) {
    return ErrorResponse(503, "timeout", "request exceeded --timeout-ms; the statement was interrupted");
  }
  return ErrorResponse(HttpStatusFor(status.code()), CodeString(status.code()), status.message());
}

Result<QueryRequest> ParseQueryRequest(const std::string& body, std::string* session, bool* close_session) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument("request body is not valid JSON");
  if (!j.is_object()) return Status::InvalidArgument("request body must be a JSON object");
  QueryRequest req;
  auto sql = j.find("sql");
  if (sql == j.end() || !sql->is_string()) {
    return Status::InvalidArgument("request needs \"sql\": a string of SQL statements");
  }
  req.sql = sql->get<std::string>();
  if (auto p = j.find("params"); p != j.end() && !p->is_null()) {
    if (!p->is_array()) return Status::InvalidArgument("\"params\" must be an array");
    for (size_t i = 0; i < p->size(); i++) {
      S3LITE_ASSIGN_OR_RETURN(Value v, JsonToValue((*p)[i], i));
      req.params.push_back(std::move(v));
    }
  }
  if (auto s = j.find("session"); s != j.end() && !s->is_null()) {
    if (!s->is_string()) return Status::InvalidArgument("\"session\" must be a string");
    *session = s->get<std::string>();
  }
  if (auto c = j.find("close_session"); c != j.end() && !c->is_null()) {
    if (!c->is_boolean()) return Status::InvalidArgument("\"close_session\" must be true or false");
    *close_session = c->get<bool>();
  }
  if (auto v = j.find("as_of_version"); v != j.end() && !v->is_null()) {
    if (!v->is_number_unsigned() && !(v->is_number_integer() && v->get<int64_t>() >= 0)) {
      return Status::InvalidArgument("\"as_of_version\" must be a non-negative integer");
    }
    req.as_of_version = v->get<uint64_t>();
  }
  return req;
}

namespace {

// The statements of one request; fills `out` with the last result. Returns
// the first error.
Status RunStatements(Connection& conn, const QueryRequest& request, std::optional<Clock::time_point> deadline,
                     nlohmann::json* out, int64_t* statements) {
  std::string_view rest = request.sql;
  size_t next_param = 0;
  nlohmann::json columns = nlohmann::json::array(), rows = nlohmann::json::array();
  for (;;) {
    if (deadline && Clock::now() >= *deadline) return Status::Interrupted("interrupted");
    std::string_view tail;
    S3LITE_ASSIGN_OR_RETURN(std::unique_ptr<Statement> stmt, conn.Prepare(rest, &tail));
    rest = tail;
    if (stmt == nullptr) break;
    ++*statements;
    for (int i = 1; i <= stmt->parameter_count(); i++) {
      if (next_param >= request.params.size()) {
        return Status::InvalidArgument("statement " + std::to_string(*statements) + " needs parameter " +
                                       std::to_string(i) + " but only " + std::to_string(request.params.size()) +
                                       " were given");
      }
      S3LITE_RETURN_IF_ERROR(stmt->Bind(i, request.params[next_param++]));
    }
    columns = nlohmann::json::array();
    rows = nlohmann::json::array();
    for (const std::string& c : stmt->column_names()) columns.push_back(c);
    for (;;) {
      S3LITE_ASSIGN_OR_RETURN(bool has_row, stmt->Step());
      if (!has_row) break;
      nlohmann::json row = nlohmann::json::array();
      for (const Value& v : stmt->row()) row.push_back(ValueToJson(v));
      rows.push_back(std::move(row));
    }
  }
  if (next_param != request.params.size()) {
    return Status::InvalidArgument(std::to_string(request.params.size()) + " parameters given but the statements use " +
                                   std::to_string(next_param));
  }
  (*out)["columns"] = std::move(columns);
  (*out)["rows"] = std::move(rows);
  return Status::OK();
}

}  // namespace

QueryResponse RunQuery(Connection& conn, const QueryRequest& request, bool in_session,
                       std::optional<Clock::time_point> deadline) {
  const Clock::time_point t0 = Clock::now();
  const EngineStats stats0 = conn.database().stats();
  const int64_t changes0 = conn.total_changes();
  auto timed_out = [&] { return deadline && Clock::now() >= *deadline; };

  if (request.as_of_version) {
    Status s = conn.SetAsOfVersion(request.as_of_version);
    if (!s.ok()) return ErrorResponse(s, false);
  }
  struct AsOfReset {
    Connection& c;
    bool active;
    ~AsOfReset() {
      if (active) (void)c.SetAsOfVersion(std::nullopt);
    }
  } as_of_reset{conn, request.as_of_version.has_value()};

  // Decide whether to wrap the request in one transaction.
  bool wrap = false;
  if (!conn.in_transaction()) {
    std::string_view tail;
    Result<std::unique_ptr<Statement>> first = conn.Prepare(request.sql, &tail);
    if (!first.ok()) return ErrorResponse(first.status(), false);
    if (*first != nullptr && HasMoreText(tail)) {
      std::string w = FirstWord((*first)->sql());
      wrap = w != "BEGIN" && w != "SAVEPOINT";
    }
  }
  if (wrap) {
    Status s = conn.ExecuteScript("BEGIN");
    if (!s.ok()) return ErrorResponse(s, timed_out());
  }

  nlohmann::json body = nlohmann::json::object();
  int64_t statements = 0;
  Status s = RunStatements(conn, request, deadline, &body, &statements);
  if (s.ok() && wrap) s = conn.ExecuteScript("COMMIT");
  if (!s.ok()) {
    if (wrap || !in_session) RollbackIfOpen(conn);
    QueryResponse r = ErrorResponse(s, timed_out());
    r.body["statements_run"] = statements;
    r.body["in_transaction"] = conn.in_transaction();
    return r;
  }
  if (!in_session && conn.in_transaction()) {
    RollbackIfOpen(conn);
    return ErrorResponse(400, "transaction_open",
                         "the request left a transaction open and was rolled back; use a session "
                         "(X-S3lite-Session header) for transactions that span requests");
  }
  body["changes"] = conn.total_changes() - changes0;
  body["statements"] = statements;
  body["last_insert_rowid"] = conn.last_insert_rowid();
  body["in_transaction"] = conn.in_transaction();
  body["elapsed_ms"] = MsSince(t0);
  body["requests"] = StoreStatsToJson((conn.database().stats() - stats0).store);
  return QueryResponse{200, std::move(body)};
}

}  // namespace s3lite
