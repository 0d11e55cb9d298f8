// QueryRun: the execution of the SQL written to `/.query`, as a ByteSource.
//
// Statements run in order on the handle's Connection. Every statement except
// the last runs to completion on the first Produce() (so an INSERT after a SELECT
// happens even if nobody reads the result); the rows of the last statement
// are rendered lazily as the reader asks for them, so `SELECT * FROM big`
// streams with bounded memory. Each row-returning statement contributes its
// rows in the handle's format (CSV with a header line, JSON, NDJSON).
//
// The first error stops the run: the text "Error: <message>\n" ends the
// output, and error() returns it. The handle renders the first chunk when the
// SQL is written, so errors at prepare time and in the first rows are known
// before write() returns.
//
// Thread-safety: used by one thread at a time (the handle's mutex).
#pragma once

#include <memory>
#include <string>

#include "fs/byte_stream.h"
#include "fs/row_format.h"
#include "sql/connection.h"

namespace s3lite {

class QueryRun : public ByteSource {
 public:
  // `conn` must outlive the run.
  QueryRun(Connection* conn, std::string sql, RowFormat format);

  QueryRun(const QueryRun&) = delete;
  QueryRun& operator=(const QueryRun&) = delete;

  // The first call runs every statement but the last to completion, and the
  // last until `want` bytes of output exist.
  Result<bool> Produce(size_t want, std::string* out) override;

  // The first error, or OK.
  const Status& error() const { return error_; }

 private:
  // Advances; stops once `out` has grown to `target` while in the last statement.
  // Returns false when the run is over.
  bool Run(size_t target, std::string* out);
  void Fail(const Status& s, std::string* out);

  Connection* conn_;
  std::string sql_;
  std::string_view rest_;  // SQL not yet prepared (points into sql_)
  RowFormat format_;
  std::unique_ptr<Statement> stmt_;
  std::unique_ptr<RowRenderer> renderer_;
  bool last_ = false;  // stmt_ is the last statement
  bool done_ = false;
  Status error_;
};

}  // namespace s3lite
