// Lexer: splits SQL text into Tokens, skipping whitespace and comments
// (-- to end of line, /* ... */). Follows SQLite's tokenizer rules for
// literals: '' escapes a quote in strings, "" in quoted identifiers; a number
// may be decimal, real with exponent, or 0x hex. Bare words are classified
// as keywords here, once (Token::kw).
//
// Thread-safety: a Lexer is used by one thread.
#pragma once

#include <string_view>

#include "sql/parser/token.h"

namespace s3lite::sql {

class Lexer {
 public:
  explicit Lexer(std::string_view sql, size_t start = 0) : sql_(sql), pos_(start) {}

  // Returns the next token; kEnd at end of input (repeatedly).
  Token Next();
  size_t position() const { return pos_; }

 private:
  void SkipSpaceAndComments();

  std::string_view sql_;
  size_t pos_;
};

// ASCII case-insensitive comparison.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace s3lite::sql
