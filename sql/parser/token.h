// Token: one lexical unit of SQL text, as produced by the Lexer.
//
// Keywords are not distinguished from identifiers here: SQLite lets most
// keywords serve as names, so the parser decides from context (IsKeyword).
// `text` views the statement source; `pos` is its byte offset.
//
// Thread-safety: value type.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace s3lite::sql {

enum class TokenType {
  kEnd,         // end of input
  kIdentifier,  // bare word (keywords included)
  kQuotedId,    // "x", [x], `x`  (value = unquoted name)
  kString,      // 'x'           (value = unescaped text)
  kInteger,     // 123, 0x1F
  kFloat,       // 1.5, 1e10, .5
  kBlob,        // X'00ff'       (value = raw bytes)
  kParam,       // ?, ?NNN, :name, @name, $name
  kOperator,    // punctuation and operators: ( ) , ; . + - * / % || = == != <> < <= > >= & | << >> ~
  kIllegal,     // unrecognized character or unterminated literal
};

struct Token {
  TokenType type = TokenType::kEnd;
  std::string_view text;  // exact source text
  std::string value;      // decoded value for strings, quoted identifiers, blobs
  size_t pos = 0;

  // Case-insensitive keyword/identifier match for bare words.
  bool Is(std::string_view word) const;
  bool IsOp(std::string_view op) const {
    return type == TokenType::kOperator && text.size() == op.size() && text[0] == op[0] && text == op;
  }
  // The identifier name this token denotes (bare or quoted).
  std::string Name() const { return type == TokenType::kQuotedId ? value : std::string(text); }
};

}  // namespace s3lite::sql
