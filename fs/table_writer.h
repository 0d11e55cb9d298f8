// TableWriter: the state of one `/<table>.csv|.ndjson` handle opened for
// writing -- append (`>>`, O_APPEND) or replace (`>`, O_TRUNC).
//
// Everything written through the handle between two Commit() calls is ONE
// transaction: Commit() (called at flush, i.e. close()) inserts the rows that
// are still buffered and commits; it returns the commit's Status, so close()
// reports a bad row, a constraint failure or a conflict, and then nothing
// written through the handle is in the table. In replace mode the table's
// rows are deleted in the same transaction before the new ones go in, so
// readers see either the old rows or the new ones.
//
// Rows are parsed as they arrive (RowParser) and kept in a batch; the write
// transaction begins only when a batch fills up (or at Commit), so small
// appends hold the database's single write lock for milliseconds, and a big
// append streams into its transaction with bounded memory. Rows are inserted
// with multi-row `INSERT INTO t(cols) VALUES (?,..),(?,..)` statements, so
// affinity, defaults and constraints are exactly those of SQL.
//
// After a failed Write() the handle is poisoned: later writes fail with the
// same Status and Commit() returns it (rolling everything back), then the
// handle starts afresh.
//
// Thread-safety: not thread-safe; the caller serialises calls per handle.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/db/database.h"
#include "fs/row_format.h"
#include "fs/row_parser.h"
#include "sql/connection.h"

namespace s3lite {

class TableWriter {
 public:
  enum class Mode { kAppend, kReplace };

  // Fails if the table does not exist.
  static Result<std::unique_ptr<TableWriter>> Open(std::shared_ptr<Database> db,
                                                   const std::string& table, RowFormat format,
                                                   Mode mode);
  ~TableWriter();

  Status Write(std::string_view data);
  Status Commit();
  // Rolls back whatever was written since the last Commit().
  void Abort();

  // Rows inserted by successful commits of this handle.
  uint64_t rows_committed() const { return rows_committed_; }
  // True if something was written since the last Commit().
  bool dirty() const { return dirty_; }

 private:
  TableWriter(std::unique_ptr<Connection> conn, std::string table,
              std::vector<std::string> columns, RowFormat format, Mode mode);
  Status OnRow(const std::vector<size_t>& columns, Row& row);
  Status FlushBatch();
  Status InsertRows(size_t begin, size_t count);
  Status EnsureTransaction();
  void ResetInput();

  std::unique_ptr<Connection> conn_;
  std::string table_;
  std::string quoted_table_;
  std::vector<std::string> columns_;
  RowFormat format_;
  Mode mode_;

  std::unique_ptr<RowParser> parser_;
  bool in_transaction_ = false;
  bool dirty_ = false;
  Status poisoned_;

  std::vector<size_t> batch_columns_;
  std::vector<Row> batch_;
  size_t batch_bytes_ = 0;
  uint64_t rows_pending_ = 0;
  uint64_t rows_committed_ = 0;
};

// The result columns of `SELECT * FROM table` (the table's columns, in order).
Result<std::vector<std::string>> TableColumns(Connection& conn, const std::string& table);

}  // namespace s3lite
