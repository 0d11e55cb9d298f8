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

// REINDEX [name]: rebuilds, under their collations, the indexes that were
// built with BINARY keys before index keys honoured collations although a
// column's collation is not BINARY (catalog SQL without kCollatedKeysMark,
// sql/planner/schema.h), and marks them. `name` selects as sqlite3 does: ""
// or "main" all, a collation name the indexes using it, else the table or
// index of that name. Other indexes are consistent already and stay as they
// are. Fails (changing nothing) if the collation makes a UNIQUE index's keys
// collide: "UNIQUE constraint failed: t.c". *rebuilt counts rebuilt indexes.
Status Reindex(const std::string& name, WriteEnv& env, int* rebuilt);

// The text sqlite_schema keeps for a CREATE TABLE/INDEX/VIEW/TRIGGER
// statement, normalized as sqlite3 does: "CREATE [UNIQUE] TABLE|INDEX|VIEW|
// TRIGGER " followed by the statement from the object's name on (leading
// space and comments, keyword case, TEMP/TEMPORARY, IF NOT EXISTS and a
// schema qualifier are dropped; the rest stays as written). Text that does
// not have that shape is returned unchanged.
std::string SchemaText(std::string_view sql_text);

}  // namespace s3lite::sql
