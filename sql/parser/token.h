// Token: one lexical unit of SQL text, as produced by the Lexer.
//
// A bare word is a kIdentifier; when it spells an SQL keyword, `kw` says
// which (computed once by the lexer). SQLite lets most keywords serve as
// names, so the parser decides from context: Is(Word) tests the keyword,
// reserved() whether the word cannot be a bare name in most positions.
// `text` views the statement source (quotes included); `pos` is its byte
// offset. Tokens own no memory: Decoded() builds the value of a string,
// quoted identifier or blob literal on demand.
//
// Thread-safety: value type.
#pragma once

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

#include "sql/parser/keyword.h"

namespace s3lite::sql {

enum class TokenType : uint8_t {
  kEnd,         // end of input
  kIdentifier,  // bare word (keywords included)
  kQuotedId,    // "x", [x], `x`  (Decoded() = unquoted name)
  kString,      // 'x'           (Decoded() = unescaped text)
  kInteger,     // 123, 0x1F
  kFloat,       // 1.5, 1e10, .5
  kBlob,        // X'00ff'       (Decoded() = raw bytes)
  kParam,       // ?, ?NNN, :name, @name, $name
  kOperator,    // punctuation and operators: ( ) , ; . + - * / % || = == != <> < <= > >= & | << >> ~
  kIllegal,     // unrecognized character or unterminated literal
};

struct Token {
  TokenType type = TokenType::kEnd;
  Keyword kw = Keyword::kNone;  // kIdentifier spelling a keyword
  bool escaped = false;         // kString/kQuotedId holding a doubled quote
  std::string_view text;        // exact source text
  size_t pos = 0;

  // Keyword test (case-insensitive by construction): t.Is("select").
  bool Is(Word w) const { return kw == w.kw; }
  // Case-insensitive match of a bare word against a run-time string.
  bool IsWord(std::string_view word) const;
  bool reserved() const { return IsReservedKeyword(kw); }
  bool IsOp(std::string_view op) const {
    return type == TokenType::kOperator && text.size() == op.size() && text[0] == op[0] &&
           (op.size() == 1 || text[1] == op[1]);
  }
  bool IsOp(char op) const { return type == TokenType::kOperator && text.size() == 1 && text[0] == op; }
  // The value of a string, quoted identifier or blob literal (unquoted,
  // unescaped, hex-decoded); the text itself for other tokens.
  std::string Decoded() const;
  // The identifier name this token denotes (bare or quoted).
  std::string Name() const { return type == TokenType::kQuotedId ? Decoded() : std::string(text); }
};

}  // namespace s3lite::sql
