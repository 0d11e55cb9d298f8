// DDL: CREATE/DROP TABLE, INDEX, VIEW and ALTER TABLE, as catalog entries
// holding the CREATE text (like sqlite_master) plus engine trees. Index
// creation back-fills the index from the table.
//
// Thread-safety: runs on the statement's thread inside its write transaction.
#pragma once

#include <string_view>

#include "sql/execution/dml.h"

namespace s3lite::sql {

// `sql_text` is the statement's source text (stored for CREATE statements).
Status ExecuteDdl(const Stmt& stmt, std::string_view sql_text, WriteEnv& env);

}  // namespace s3lite::sql
