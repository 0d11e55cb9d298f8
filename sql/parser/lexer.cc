#include "sql/parser/lexer.h"

#include <cctype>

namespace s3lite::sql {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

bool Token::Is(std::string_view word) const {
  return type == TokenType::kIdentifier && EqualsIgnoreCase(text, word);
}

namespace {
bool IsIdStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80); }
bool IsIdChar(char c) { return IsIdStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

void Lexer::SkipSpaceAndComments() {
  while (pos_ < sql_.size()) {
    char c = sql_[pos_];
    if (std::isspace(static_cast<unsigned char>(c))) {
      pos_++;
    } else if (c == '-' && pos_ + 1 < sql_.size() && sql_[pos_ + 1] == '-') {
      while (pos_ < sql_.size() && sql_[pos_] != '\n') pos_++;
    } else if (c == '/' && pos_ + 1 < sql_.size() && sql_[pos_ + 1] == '*') {
      size_t end = sql_.find("*/", pos_ + 2);
      pos_ = end == std::string_view::npos ? sql_.size() : end + 2;
    } else {
      break;
    }
  }
}

Token Lexer::Next() {
  SkipSpaceAndComments();
  Token t;
  t.pos = pos_;
  if (pos_ >= sql_.size()) {
    t.type = TokenType::kEnd;
    return t;
  }
  size_t start = pos_;
  char c = sql_[pos_];
  auto finish = [&](TokenType type) {
    t.type = type;
    t.text = sql_.substr(start, pos_ - start);
    return t;
  };
  // Blob literal X'..'
  if ((c == 'x' || c == 'X') && pos_ + 1 < sql_.size() && sql_[pos_ + 1] == '\'') {
    pos_ += 2;
    std::string bytes;
    size_t digits_start = pos_;
    while (pos_ < sql_.size() && sql_[pos_] != '\'') pos_++;
    if (pos_ >= sql_.size()) return finish(TokenType::kIllegal);
    std::string_view hex = sql_.substr(digits_start, pos_ - digits_start);
    pos_++;
    if (hex.size() % 2 != 0) return finish(TokenType::kIllegal);
    for (size_t i = 0; i < hex.size(); i += 2) {
      int hi = HexVal(hex[i]), lo = HexVal(hex[i + 1]);
      if (hi < 0 || lo < 0) return finish(TokenType::kIllegal);
      bytes.push_back(static_cast<char>(hi * 16 + lo));
    }
    t.value = std::move(bytes);
    return finish(TokenType::kBlob);
  }
  if (IsIdStart(c)) {
    while (pos_ < sql_.size() && IsIdChar(sql_[pos_])) pos_++;
    return finish(TokenType::kIdentifier);
  }
  if (IsDigit(c) || (c == '.' && pos_ + 1 < sql_.size() && IsDigit(sql_[pos_ + 1]))) {
    if (c == '0' && pos_ + 2 < sql_.size() && (sql_[pos_ + 1] == 'x' || sql_[pos_ + 1] == 'X') &&
        HexVal(sql_[pos_ + 2]) >= 0) {
      pos_ += 2;
      while (pos_ < sql_.size() && HexVal(sql_[pos_]) >= 0) pos_++;
      if (pos_ < sql_.size() && IsIdChar(sql_[pos_])) {
        while (pos_ < sql_.size() && IsIdChar(sql_[pos_])) pos_++;
        return finish(TokenType::kIllegal);
      }
      return finish(TokenType::kInteger);
    }
    bool is_float = false;
    while (pos_ < sql_.size() && IsDigit(sql_[pos_])) pos_++;
    if (pos_ < sql_.size() && sql_[pos_] == '.') {
      is_float = true;
      pos_++;
      while (pos_ < sql_.size() && IsDigit(sql_[pos_])) pos_++;
    }
    if (pos_ < sql_.size() && (sql_[pos_] == 'e' || sql_[pos_] == 'E')) {
      size_t p = pos_ + 1;
      if (p < sql_.size() && (sql_[p] == '+' || sql_[p] == '-')) p++;
      if (p < sql_.size() && IsDigit(sql_[p])) {
        is_float = true;
        pos_ = p;
        while (pos_ < sql_.size() && IsDigit(sql_[pos_])) pos_++;
      }
    }
    if (pos_ < sql_.size() && IsIdChar(sql_[pos_])) {
      while (pos_ < sql_.size() && IsIdChar(sql_[pos_])) pos_++;
      return finish(TokenType::kIllegal);
    }
    return finish(is_float ? TokenType::kFloat : TokenType::kInteger);
  }
  if (c == '\'' || c == '"' || c == '`' || c == '[') {
    char close = c == '[' ? ']' : c;
    pos_++;
    std::string v;
    while (true) {
      if (pos_ >= sql_.size()) return finish(TokenType::kIllegal);
      char d = sql_[pos_++];
      if (d == close) {
        if (close != ']' && pos_ < sql_.size() && sql_[pos_] == close) {
          v.push_back(close);
          pos_++;
          continue;
        }
        break;
      }
      v.push_back(d);
    }
    t.value = std::move(v);
    return finish(c == '\'' ? TokenType::kString : TokenType::kQuotedId);
  }
  if (c == '?') {
    pos_++;
    while (pos_ < sql_.size() && IsDigit(sql_[pos_])) pos_++;
    return finish(TokenType::kParam);
  }
  if (c == ':' || c == '@' || c == '$') {
    pos_++;
    while (pos_ < sql_.size() && IsIdChar(sql_[pos_])) pos_++;
    if (pos_ == start + 1) return finish(TokenType::kIllegal);
    return finish(TokenType::kParam);
  }
  // Operators, longest match first.
  // Two-character operators: || == != <> <= >= << >> ->
  if (pos_ + 1 < sql_.size()) {
    char d = sql_[pos_ + 1];
    bool two = false;
    switch (c) {
      case '|': two = d == '|'; break;
      case '=': two = d == '='; break;
      case '!': two = d == '='; break;
      case '<': two = d == '>' || d == '=' || d == '<'; break;
      case '>': two = d == '=' || d == '>'; break;
      case '-': two = d == '>'; break;
      default: break;
    }
    if (two) {
      pos_ += 2;
      return finish(TokenType::kOperator);
    }
  }
  static const std::string_view kOne = "(),;.+-*/%=<>&|~";
  if (kOne.find(c) != std::string_view::npos) {
    pos_++;
    return finish(TokenType::kOperator);
  }
  pos_++;
  return finish(TokenType::kIllegal);
}

}  // namespace s3lite::sql
