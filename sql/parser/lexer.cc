#include "sql/parser/lexer.h"

#include <cstdint>

namespace s3lite::sql {

namespace {

// Character classes (ASCII; every byte >= 0x80 may start or continue an
// identifier, as in SQLite).
enum : uint8_t { kSpace = 1, kIdStart = 2, kIdChar = 4, kDigit = 8 };

constexpr uint8_t ClassOf(int c) {
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return kSpace;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80) return kIdStart | kIdChar;
  if (c >= '0' && c <= '9') return kDigit | kIdChar;
  if (c == '$') return kIdChar;
  return 0;
}

struct ClassTable {
  uint8_t v[256];
  constexpr ClassTable() : v() {
    for (int c = 0; c < 256; c++) v[c] = ClassOf(c);
  }
};
constexpr ClassTable kClass;

inline uint8_t Class(char c) { return kClass.v[static_cast<uint8_t>(c)]; }
inline bool IsSpace(char c) { return Class(c) & kSpace; }
inline bool IsIdStart(char c) { return Class(c) & kIdStart; }
inline bool IsIdChar(char c) { return Class(c) & kIdChar; }
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline char ToLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++) {
    if (ToLower(a[i]) != ToLower(b[i])) return false;
  }
  return true;
}

bool Token::IsWord(std::string_view word) const {
  return type == TokenType::kIdentifier && EqualsIgnoreCase(text, word);
}

std::string Token::Decoded() const {
  switch (type) {
    case TokenType::kString:
    case TokenType::kQuotedId: {
      if (text.size() < 2) return std::string();
      std::string_view inner = text.substr(1, text.size() - 2);
      if (!escaped) return std::string(inner);
      const char close = text.back();
      std::string out;
      out.reserve(inner.size());
      for (size_t i = 0; i < inner.size(); i++) {
        out.push_back(inner[i]);
        if (inner[i] == close) i++;  // doubled quote
      }
      return out;
    }
    case TokenType::kBlob: {
      std::string out;
      if (text.size() < 3) return out;
      std::string_view hex = text.substr(2, text.size() - 3);
      out.reserve(hex.size() / 2);
      for (size_t i = 0; i + 1 < hex.size(); i += 2) {
        out.push_back(static_cast<char>(HexVal(hex[i]) * 16 + HexVal(hex[i + 1])));
      }
      return out;
    }
    default:
      return std::string(text);
  }
}

void Lexer::SkipSpaceAndComments() {
  while (pos_ < sql_.size()) {
    char c = sql_[pos_];
    if (IsSpace(c)) {
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
  const size_t n = sql_.size();
  size_t start = pos_;
  char c = sql_[pos_];
  auto finish = [&](TokenType type) {
    t.type = type;
    t.text = sql_.substr(start, pos_ - start);
    return t;
  };
  // Blob literal X'..'
  if ((c == 'x' || c == 'X') && pos_ + 1 < n && sql_[pos_ + 1] == '\'') {
    pos_ += 2;
    size_t digits_start = pos_;
    while (pos_ < n && sql_[pos_] != '\'') pos_++;
    if (pos_ >= n) return finish(TokenType::kIllegal);
    std::string_view hex = sql_.substr(digits_start, pos_ - digits_start);
    pos_++;
    if (hex.size() % 2 != 0) return finish(TokenType::kIllegal);
    for (char h : hex) {
      if (HexVal(h) < 0) return finish(TokenType::kIllegal);
    }
    return finish(TokenType::kBlob);
  }
  if (IsIdStart(c)) {
    pos_++;
    while (pos_ < n && IsIdChar(sql_[pos_])) pos_++;
    finish(TokenType::kIdentifier);
    t.kw = LookupKeyword(t.text);
    return t;
  }
  if (IsDigit(c) || (c == '.' && pos_ + 1 < n && IsDigit(sql_[pos_ + 1]))) {
    if (c == '0' && pos_ + 2 < n && (sql_[pos_ + 1] == 'x' || sql_[pos_ + 1] == 'X') && HexVal(sql_[pos_ + 2]) >= 0) {
      pos_ += 2;
      while (pos_ < n && HexVal(sql_[pos_]) >= 0) pos_++;
      if (pos_ < n && IsIdChar(sql_[pos_])) {
        while (pos_ < n && IsIdChar(sql_[pos_])) pos_++;
        return finish(TokenType::kIllegal);
      }
      return finish(TokenType::kInteger);
    }
    bool is_float = false;
    while (pos_ < n && IsDigit(sql_[pos_])) pos_++;
    if (pos_ < n && sql_[pos_] == '.') {
      is_float = true;
      pos_++;
      while (pos_ < n && IsDigit(sql_[pos_])) pos_++;
    }
    if (pos_ < n && (sql_[pos_] == 'e' || sql_[pos_] == 'E')) {
      size_t p = pos_ + 1;
      if (p < n && (sql_[p] == '+' || sql_[p] == '-')) p++;
      if (p < n && IsDigit(sql_[p])) {
        is_float = true;
        pos_ = p;
        while (pos_ < n && IsDigit(sql_[pos_])) pos_++;
      }
    }
    if (pos_ < n && IsIdChar(sql_[pos_])) {
      while (pos_ < n && IsIdChar(sql_[pos_])) pos_++;
      return finish(TokenType::kIllegal);
    }
    return finish(is_float ? TokenType::kFloat : TokenType::kInteger);
  }
  if (c == '\'' || c == '"' || c == '`' || c == '[') {
    const char close = c == '[' ? ']' : c;
    pos_++;
    while (true) {
      if (pos_ >= n) return finish(TokenType::kIllegal);
      char d = sql_[pos_++];
      if (d == close) {
        if (close != ']' && pos_ < n && sql_[pos_] == close) {
          t.escaped = true;
          pos_++;
          continue;
        }
        break;
      }
    }
    return finish(c == '\'' ? TokenType::kString : TokenType::kQuotedId);
  }
  if (c == '?') {
    pos_++;
    while (pos_ < n && IsDigit(sql_[pos_])) pos_++;
    return finish(TokenType::kParam);
  }
  if (c == ':' || c == '@' || c == '$') {
    pos_++;
    while (pos_ < n && IsIdChar(sql_[pos_])) pos_++;
    if (pos_ == start + 1) return finish(TokenType::kIllegal);
    return finish(TokenType::kParam);
  }
  // Operators, longest match first.
  // Two-character operators: || == != <> <= >= << >> -> (and ->>)
  if (c == '-' && pos_ + 2 < n && sql_[pos_ + 1] == '>' && sql_[pos_ + 2] == '>') {
    pos_ += 3;
    return finish(TokenType::kOperator);
  }
  if (pos_ + 1 < n) {
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
  switch (c) {
    case '(': case ')': case ',': case ';': case '.': case '+': case '-': case '*':
    case '/': case '%': case '=': case '<': case '>': case '&': case '|': case '~':
      pos_++;
      return finish(TokenType::kOperator);
    default:
      pos_++;
      return finish(TokenType::kIllegal);
  }
}

}  // namespace s3lite::sql
