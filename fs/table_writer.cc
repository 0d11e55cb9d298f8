#include "fs/table_writer.h"

#include "cli/common/value_render.h"

namespace s3lite {
namespace {

// A batch this large begins the transaction and is inserted.
constexpr size_t kBatchRows = 4096;
constexpr size_t kBatchBytes = 4u << 20;
// Bound parameters per INSERT statement (SQLite's historical default limit).
constexpr size_t kMaxParameters = 999;

size_t ApproxBytes(const Row& row) {
  size_t n = 16 * row.size();
  for (const Value& v : row) {
    if (v.is_text() || v.is_blob()) n += v.bytes().size();
  }
  return n;
}

}  // namespace

Result<std::vector<std::string>> TableColumns(Connection& conn, const std::string& table) {
  std::string sql = "SELECT * FROM " + QuoteIdentifier(table);
  std::string_view tail;
  auto stmt = conn.Prepare(sql, &tail);
  if (!stmt.ok()) return stmt.status();
  if (*stmt == nullptr) return Status::Internal("empty statement for table " + table);
  return (*stmt)->column_names();
}

Result<std::unique_ptr<TableWriter>> TableWriter::Open(std::shared_ptr<Database> db,
                                                       const std::string& table,
                                                       RowFormat format, Mode mode) {
  S3LITE_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, Connection::Open(std::move(db)));
  S3LITE_ASSIGN_OR_RETURN(std::vector<std::string> columns, TableColumns(*conn, table));
  return std::unique_ptr<TableWriter>(
      new TableWriter(std::move(conn), table, std::move(columns), format, mode));
}

TableWriter::TableWriter(std::unique_ptr<Connection> conn, std::string table,
                         std::vector<std::string> columns, RowFormat format, Mode mode)
    : conn_(std::move(conn)),
      table_(std::move(table)),
      quoted_table_(QuoteIdentifier(table_)),
      columns_(std::move(columns)),
      format_(format),
      mode_(mode) {
  ResetInput();
}

TableWriter::~TableWriter() { Abort(); }

void TableWriter::ResetInput() {
  parser_ = std::make_unique<RowParser>(format_, table_, columns_);
  batch_.clear();
  batch_columns_.clear();
  batch_bytes_ = 0;
  rows_pending_ = 0;
  poisoned_ = Status::OK();
  dirty_ = false;
}

void TableWriter::Abort() {
  if (in_transaction_) {
    // A failed ROLLBACK leaves nothing committed either; the connection is discarded.
    (void)conn_->ExecuteScript("ROLLBACK");
    in_transaction_ = false;
  }
  ResetInput();
}

Status TableWriter::EnsureTransaction() {
  if (in_transaction_) return Status::OK();
  S3LITE_RETURN_IF_ERROR(conn_->ExecuteScript("BEGIN"));
  in_transaction_ = true;
  if (mode_ == Mode::kReplace) {
    S3LITE_RETURN_IF_ERROR(conn_->ExecuteScript("DELETE FROM " + quoted_table_));
  }
  return Status::OK();
}

Status TableWriter::InsertRows(size_t begin, size_t count) {
  const size_t width = batch_columns_.size();
  std::string sql = "INSERT INTO " + quoted_table_ + "(";
  for (size_t i = 0; i < width; ++i) {
    if (i > 0) sql += ',';
    sql += QuoteIdentifier(columns_[batch_columns_[i]]);
  }
  sql += ") VALUES ";
  std::string tuple = "(";
  for (size_t i = 0; i < width; ++i) tuple += i == 0 ? "?" : ",?";
  tuple += ")";
  for (size_t r = 0; r < count; ++r) {
    if (r > 0) sql += ',';
    sql += tuple;
  }
  std::string_view tail;
  S3LITE_ASSIGN_OR_RETURN(std::unique_ptr<Statement> stmt, conn_->Prepare(sql, &tail));
  int index = 1;
  for (size_t r = begin; r < begin + count; ++r) {
    for (const Value& v : batch_[r]) S3LITE_RETURN_IF_ERROR(stmt->Bind(index++, v));
  }
  S3LITE_ASSIGN_OR_RETURN(bool has_row, stmt->Step());
  (void)has_row;
  return Status::OK();
}

Status TableWriter::FlushBatch() {
  if (batch_.empty()) return Status::OK();
  S3LITE_RETURN_IF_ERROR(EnsureTransaction());
  const size_t width = std::max<size_t>(1, batch_columns_.size());
  const size_t per_statement = std::max<size_t>(1, kMaxParameters / width);
  for (size_t begin = 0; begin < batch_.size(); begin += per_statement) {
    size_t count = std::min(per_statement, batch_.size() - begin);
    S3LITE_RETURN_IF_ERROR(InsertRows(begin, count));
  }
  rows_pending_ += batch_.size();
  batch_.clear();
  batch_bytes_ = 0;
  return Status::OK();
}

Status TableWriter::OnRow(const std::vector<size_t>& columns, Row& row) {
  if (columns != batch_columns_) {
    S3LITE_RETURN_IF_ERROR(FlushBatch());
    batch_columns_ = columns;
  }
  batch_bytes_ += ApproxBytes(row);
  batch_.push_back(std::move(row));
  row = Row();
  if (batch_.size() >= kBatchRows || batch_bytes_ >= kBatchBytes) return FlushBatch();
  return Status::OK();
}

Status TableWriter::Write(std::string_view data) {
  if (!poisoned_.ok()) return poisoned_;
  dirty_ = true;
  Status s = parser_->Feed(data, [this](const std::vector<size_t>& columns, Row& row) {
    return OnRow(columns, row);
  });
  if (!s.ok()) poisoned_ = s.WithContext(table_);
  return poisoned_;
}

Status TableWriter::Commit() {
  if (!poisoned_.ok()) {
    Status s = poisoned_;
    Abort();
    return s;
  }
  if (!dirty_ && !in_transaction_ && mode_ == Mode::kAppend) return Status::OK();
  Status s = parser_->Finish([this](const std::vector<size_t>& columns, Row& row) {
    return OnRow(columns, row);
  });
  if (s.ok()) s = FlushBatch();
  if (s.ok()) s = EnsureTransaction();  // replace mode with no rows: empty the table
  if (s.ok()) {
    s = conn_->ExecuteScript("COMMIT");
    if (s.ok()) in_transaction_ = false;
  }
  if (!s.ok()) {
    s = s.WithContext(table_);
    Abort();
    return s;
  }
  rows_committed_ += rows_pending_;
  // The table has been replaced; later writes through this handle append.
  mode_ = Mode::kAppend;
  ResetInput();
  return Status::OK();
}

}  // namespace s3lite
