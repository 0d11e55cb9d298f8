// Parser: recursive-descent parser for the SQLite dialect s3lite supports
// (see docs/SQL.md). Parses one statement at a time from a script.
//
// Errors read like sqlite3's: `near "X": syntax error` naming the offending
// token, or `incomplete input` when the text ends mid-statement.
//
// Thread-safety: a Parser is used by one thread.
#pragma once

#include <cstdint>
#include <optional>

#include <string_view>
#include <vector>

#include "engine/util/status.h"
#include "sql/parser/ast.h"
#include "sql/parser/lexer.h"

namespace s3lite::sql {

struct ParsedStatement {
  StmtPtr stmt;          // null when the text held only whitespace/comments/';'
  size_t begin = 0;      // byte offset of the statement's first token
  size_t end = 0;        // byte offset just after the statement (and its ';')
  size_t text_end = 0;   // byte offset just after the statement's last token
  int max_param = 0;     // highest ?NNN index used
  std::optional<uint64_t> as_of_version;  // first `t AS OF VERSION n` in the statement
};

// Parses the first statement of `sql` starting at byte `start`.
Result<ParsedStatement> ParseStatement(std::string_view sql, size_t start = 0);
// Same; on a syntax error *error_offset is the byte offset in `sql` of the
// offending token (-1 for "incomplete input" and errors without a token).
Result<ParsedStatement> ParseStatement(std::string_view sql, size_t start, int* error_offset);

// Parses an expression on its own (tests, DEFAULT values).
Result<ExprPtr> ParseExpression(std::string_view sql);

// True for words that cannot be bare identifiers in most positions.
bool IsReservedWord(std::string_view word);

}  // namespace s3lite::sql
