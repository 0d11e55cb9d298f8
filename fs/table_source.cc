#include "fs/table_source.h"

#include "cli/common/value_render.h"

namespace s3lite {

Result<std::unique_ptr<ByteSource>> TableSource::Open(std::shared_ptr<Database> db,
                                                      const std::string& table,
                                                      RowFormat format) {
  S3LITE_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, Connection::Open(std::move(db)));
  std::string sql = "SELECT * FROM " + QuoteIdentifier(table);
  std::string_view tail;
  S3LITE_ASSIGN_OR_RETURN(std::unique_ptr<Statement> stmt, conn->Prepare(sql, &tail));
  if (stmt == nullptr) return Status::Internal("no statement for " + sql);
  auto renderer = NewRowRenderer(format, stmt->column_names());
  std::unique_ptr<TableSource> source(
      new TableSource(std::move(conn), std::move(stmt), std::move(renderer)));
  // The first Step takes the snapshot: the file is this version of the table.
  S3LITE_ASSIGN_OR_RETURN(source->has_row_, source->stmt_->Step());
  return std::unique_ptr<ByteSource>(std::move(source));
}

TableSource::TableSource(std::unique_ptr<Connection> conn, std::unique_ptr<Statement> stmt,
                         std::unique_ptr<RowRenderer> renderer)
    : conn_(std::move(conn)), stmt_(std::move(stmt)), renderer_(std::move(renderer)) {}

Result<bool> TableSource::Produce(size_t want, std::string* out) {
  const size_t target = out->size() + want;
  if (!header_done_) {
    renderer_->AppendHeader(out);
    header_done_ = true;
  }
  while (has_row_ && out->size() < target) {
    renderer_->AppendRow(stmt_->row(), out);
    S3LITE_ASSIGN_OR_RETURN(has_row_, stmt_->Step());
  }
  if (!has_row_) {
    if (stmt_ != nullptr) {  // the footer once, after the last row
      renderer_->AppendFooter(out);
      stmt_.reset();
    }
    return false;
  }
  return true;
}

}  // namespace s3lite
