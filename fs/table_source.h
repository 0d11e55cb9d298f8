// TableSource: the bytes of `/<table>.csv` or `/<table>.ndjson`.
//
// One `SELECT * FROM table` statement on the source's own Connection: its
// snapshot is taken at the first Step (which Open performs), so the whole
// file shows the table as of one committed version however long the reader
// takes, while writers go on committing. Rows are rendered in batches of at
// least the requested size straight from the cursor.
//
// Thread-safety: used by one thread at a time (the handle's mutex).
#pragma once

#include <memory>
#include <string>

#include "engine/db/database.h"
#include "fs/byte_stream.h"
#include "fs/row_format.h"
#include "sql/connection.h"

namespace s3lite {

class TableSource : public ByteSource {
 public:
  static Result<std::unique_ptr<ByteSource>> Open(std::shared_ptr<Database> db,
                                                  const std::string& table, RowFormat format);

  Result<bool> Produce(size_t want, std::string* out) override;

 private:
  TableSource(std::unique_ptr<Connection> conn, std::unique_ptr<Statement> stmt,
              std::unique_ptr<RowRenderer> renderer);

  std::unique_ptr<Connection> conn_;
  std::unique_ptr<Statement> stmt_;
  std::unique_ptr<RowRenderer> renderer_;
  bool header_done_ = false;
  bool has_row_ = false;  // stmt_->row() holds a row not yet rendered
};

}  // namespace s3lite
