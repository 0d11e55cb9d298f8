// LIKE and GLOB pattern matching with SQLite's rules (see value_ops.h).
//
// Both patterns are sequences of tokens that each consume exactly one
// character (a literal, '_' / '?', an escaped character, a GLOB set) plus the
// "any sequence" token ('%' / '*'). For such patterns, remembering only the
// last "any sequence" and retrying from one character further on a mismatch
// is complete, and runs in O(pattern x text) instead of SQLite's recursion.
#include <string_view>

#include "sql/function/utf8.h"
#include "sql/function/value_ops.h"

namespace s3lite {
namespace {

uint32_t FoldAscii(uint32_t c) { return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c; }

struct PatternRules {
  uint32_t any_sequence;  // '%' or '*'
  uint32_t any_char;      // '_' or '?'
  bool no_case;           // ASCII case folding (LIKE)
  bool sets;              // '[...]' (GLOB)
  int escape;             // LIKE escape code point or -1
};

enum class Step { kMatch, kNoMatch };

// Matches the single-character token at pattern[*p] against c; advances *p
// past the token. Must not be called on an any-sequence token.
Step MatchOne(std::string_view pattern, size_t* p, uint32_t c, const PatternRules& rules) {
  uint32_t pc = Utf8Read(pattern, p);
  if (rules.escape >= 0 && pc == static_cast<uint32_t>(rules.escape)) {
    if (*p >= pattern.size()) return Step::kNoMatch;  // a trailing escape matches nothing
    pc = Utf8Read(pattern, p);
  } else if (pc == rules.any_char) {
    return Step::kMatch;
  } else if (rules.sets && pc == '[') {
    bool seen = false;
    bool invert = false;
    if (*p >= pattern.size()) return Step::kNoMatch;
    uint32_t sc = Utf8Read(pattern, p);
    if (sc == '^') {
      invert = true;
      if (*p >= pattern.size()) return Step::kNoMatch;
      sc = Utf8Read(pattern, p);
    }
    if (sc == ']') {  // a leading ']' is a member, not the end
      if (c == ']') seen = true;
      if (*p >= pattern.size()) return Step::kNoMatch;
      sc = Utf8Read(pattern, p);
    }
    uint32_t prior = 0;
    while (sc != ']') {
      if (sc == '-' && *p < pattern.size() && pattern[*p] != ']' && prior > 0) {
        uint32_t hi = Utf8Read(pattern, p);
        if (c >= prior && c <= hi) seen = true;
        prior = 0;
      } else {
        if (c == sc) seen = true;
        prior = sc;
      }
      if (*p >= pattern.size()) return Step::kNoMatch;  // unterminated set
      sc = Utf8Read(pattern, p);
    }
    return seen != invert ? Step::kMatch : Step::kNoMatch;
  }
  if (pc == c) return Step::kMatch;
  if (rules.no_case && pc < 0x80 && c < 0x80 && FoldAscii(pc) == FoldAscii(c)) return Step::kMatch;
  return Step::kNoMatch;
}

bool IsAnySequence(std::string_view pattern, size_t p, const PatternRules& rules) {
  size_t q = p;
  uint32_t c = Utf8Read(pattern, &q);
  if (rules.escape >= 0 && c == static_cast<uint32_t>(rules.escape)) return false;
  return c == rules.any_sequence;
}

bool PatternMatch(std::string_view pattern, std::string_view text, const PatternRules& rules) {
  size_t p = 0;
  size_t t = 0;
  constexpr size_t kNone = static_cast<size_t>(-1);
  size_t resume_p = kNone;  // pattern position after the last any-sequence
  size_t resume_t = 0;      // text position that any-sequence currently absorbs up to
  while (t < text.size()) {
    if (p < pattern.size()) {
      if (IsAnySequence(pattern, p, rules)) {
        Utf8Read(pattern, &p);
        resume_p = p;
        resume_t = t;
        continue;
      }
      size_t next_t = t;
      uint32_t c = Utf8Read(text, &next_t);
      size_t next_p = p;
      if (MatchOne(pattern, &next_p, c, rules) == Step::kMatch) {
        p = next_p;
        t = next_t;
        continue;
      }
    }
    if (resume_p == kNone) return false;
    resume_t += Utf8CharLength(text, resume_t);
    t = resume_t;
    p = resume_p;
  }
  while (p < pattern.size() && IsAnySequence(pattern, p, rules)) Utf8Read(pattern, &p);
  return p == pattern.size();
}

}  // namespace

bool LikeMatch(std::string_view pattern, std::string_view text, int escape) {
  PatternRules rules{'%', '_', true, false, escape};
  return PatternMatch(pattern, text, rules);
}

bool GlobMatch(std::string_view pattern, std::string_view text) {
  PatternRules rules{'*', '?', false, true, -1};
  return PatternMatch(pattern, text, rules);
}

}  // namespace s3lite
