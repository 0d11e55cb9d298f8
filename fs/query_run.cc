#include "fs/query_run.h"

#include <limits>

namespace s3lite {
namespace {

// True if `sql` holds only whitespace and ';' (comment-only tails count as
// statements; they just make an earlier SELECT render eagerly).
bool IsBlankSql(std::string_view sql) {
  for (char c : sql) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != ';') return false;
  }
  return true;
}

}  // namespace

QueryRun::QueryRun(Connection* conn, std::string sql, RowFormat format)
    : conn_(conn), sql_(std::move(sql)), format_(format) {
  rest_ = sql_;
}

void QueryRun::Fail(const Status& s, std::string* out) {
  error_ = s;
  out->append("Error: " + s.message() + "\n");
  stmt_.reset();
  done_ = true;
}

bool QueryRun::Run(size_t target, std::string* out) {
  while (!done_) {
    if (stmt_ == nullptr) {
      if (IsBlankSql(rest_)) {
        done_ = true;
        break;
      }
      std::string_view tail;
      auto stmt = conn_->Prepare(rest_, &tail);
      if (!stmt.ok()) {
        Fail(stmt.status(), out);
        break;
      }
      rest_ = tail;
      if (*stmt == nullptr) {
        done_ = true;
        break;
      }
      stmt_ = std::move(stmt).value();
      last_ = IsBlankSql(rest_);
      renderer_.reset();
      if (stmt_->returns_rows()) {
        renderer_ = NewRowRenderer(format_, stmt_->column_names());
        renderer_->AppendHeader(out);
      }
    }
    // Step the current statement, rendering its rows.
    while (true) {
      if (last_ && out->size() >= target) return true;
      auto has_row = stmt_->Step();
      if (!has_row.ok()) {
        Fail(has_row.status(), out);
        return false;
      }
      if (!*has_row) break;
      if (renderer_ != nullptr) renderer_->AppendRow(stmt_->row(), out);
    }
    if (renderer_ != nullptr) renderer_->AppendFooter(out);
    renderer_.reset();
    stmt_.reset();
  }
  return false;
}

Result<bool> QueryRun::Produce(size_t want, std::string* out) {
  if (done_) return false;
  return Run(out->size() + want, out);
}

}  // namespace s3lite
