// Keyword: the SQL keywords, recognised once by the Lexer so that the parser
// compares small integers instead of case-folding strings at every grammar
// level (a VALUES literal is looked at by a dozen levels).
//
// The list is SQLite's keyword list plus the few words s3lite's grammar
// treats specially (TRUE, FALSE, ROWID, STRICT, VERSION, STORED). A keyword
// is still an identifier token: most keywords may serve as names, and the
// parser decides from context. `reserved` marks the words that cannot be
// bare names in most positions (IsReservedWord).
//
// Word is the parser's way to name a keyword: it converts from a string
// literal at compile time (consteval), so `t.Is("select")` costs one integer
// compare and a misspelt keyword is a compile error.
//
// Thread-safety: constant tables; all functions are pure.
#pragma once

#include <cstdint>
#include <string_view>

namespace s3lite::sql {

// X(enumerator, lower-case text, reserved)
#define S3LITE_SQL_KEYWORDS(X)                                                                                  \
  X(kAbort, "abort", false) X(kAction, "action", false) X(kAdd, "add", false) X(kAfter, "after", false)         \
  X(kAll, "all", true) X(kAlter, "alter", true) X(kAlways, "always", false) X(kAnalyze, "analyze", false)       \
  X(kAnd, "and", true) X(kAs, "as", true) X(kAsc, "asc", false) X(kAttach, "attach", false)                     \
  X(kAutoincrement, "autoincrement", true) X(kBefore, "before", false) X(kBegin, "begin", false)                \
  X(kBetween, "between", true) X(kBy, "by", false) X(kCascade, "cascade", false) X(kCase, "case", true)         \
  X(kCast, "cast", false) X(kCheck, "check", true) X(kCollate, "collate", true) X(kColumn, "column", false)     \
  X(kCommit, "commit", true) X(kConflict, "conflict", false) X(kConstraint, "constraint", true)                 \
  X(kCreate, "create", true) X(kCross, "cross", true) X(kCurrent, "current", false)                             \
  X(kCurrentDate, "current_date", false) X(kCurrentTime, "current_time", false)                                 \
  X(kCurrentTimestamp, "current_timestamp", false) X(kDatabase, "database", false)                              \
  X(kDefault, "default", true) X(kDeferrable, "deferrable", true) X(kDeferred, "deferred", false)               \
  X(kDelete, "delete", true) X(kDesc, "desc", false) X(kDetach, "detach", false)                                \
  X(kDistinct, "distinct", true) X(kDo, "do", false) X(kDrop, "drop", true) X(kEach, "each", false)             \
  X(kElse, "else", true) X(kEnd, "end", false) X(kEscape, "escape", true) X(kExcept, "except", true)            \
  X(kExclude, "exclude", false) X(kExclusive, "exclusive", false) X(kExists, "exists", true)                    \
  X(kExplain, "explain", false) X(kFail, "fail", false) X(kFalse, "false", false) X(kFilter, "filter", false)   \
  X(kFirst, "first", false) X(kFollowing, "following", false) X(kFor, "for", false)                             \
  X(kForeign, "foreign", true) X(kFrom, "from", true) X(kFull, "full", true) X(kGenerated, "generated", false)  \
  X(kGlob, "glob", true) X(kGroup, "group", true) X(kGroups, "groups", false) X(kHaving, "having", true)        \
  X(kIf, "if", false) X(kIgnore, "ignore", false) X(kImmediate, "immediate", false) X(kIn, "in", true)          \
  X(kIndex, "index", true) X(kIndexed, "indexed", true) X(kInitially, "initially", false)                       \
  X(kInner, "inner", true) X(kInsert, "insert", true) X(kInstead, "instead", false)                             \
  X(kIntersect, "intersect", true) X(kInto, "into", true) X(kIs, "is", true) X(kIsnull, "isnull", true)         \
  X(kJoin, "join", true) X(kKey, "key", false) X(kLast, "last", false) X(kLeft, "left", true)                   \
  X(kLike, "like", true) X(kLimit, "limit", true) X(kMatch, "match", true)                                      \
  X(kMaterialized, "materialized", false) X(kNatural, "natural", true) X(kNo, "no", false)                      \
  X(kNot, "not", true) X(kNothing, "nothing", true) X(kNotnull, "notnull", true) X(kNull, "null", true)         \
  X(kNulls, "nulls", false) X(kOf, "of", false) X(kOffset, "offset", true) X(kOn, "on", true)                   \
  X(kOr, "or", true) X(kOrder, "order", true) X(kOthers, "others", false) X(kOuter, "outer", true)              \
  X(kOver, "over", false) X(kPartition, "partition", false) X(kPlan, "plan", false)                             \
  X(kPragma, "pragma", false) X(kPreceding, "preceding", false) X(kPrimary, "primary", true)                    \
  X(kQuery, "query", false) X(kRaise, "raise", false) X(kRange, "range", false)                                 \
  X(kRecursive, "recursive", false) X(kReferences, "references", true) X(kRegexp, "regexp", true)               \
  X(kReindex, "reindex", false) X(kRelease, "release", false) X(kRename, "rename", false)                       \
  X(kReplace, "replace", false) X(kRestrict, "restrict", false) X(kReturning, "returning", true)                \
  X(kRight, "right", true) X(kRollback, "rollback", false) X(kRow, "row", false) X(kRowid, "rowid", false)      \
  X(kRows, "rows", false) X(kSavepoint, "savepoint", false) X(kSelect, "select", true) X(kSet, "set", true)     \
  X(kStored, "stored", false) X(kStrict, "strict", false) X(kTable, "table", true) X(kTemp, "temp", false)      \
  X(kTemporary, "temporary", false) X(kThen, "then", true) X(kTies, "ties", false) X(kTo, "to", true)           \
  X(kTransaction, "transaction", true) X(kTrigger, "trigger", false) X(kTrue, "true", false)                    \
  X(kUnbounded, "unbounded", false) X(kUnion, "union", true) X(kUnique, "unique", true)                         \
  X(kUpdate, "update", true) X(kUsing, "using", true) X(kVacuum, "vacuum", false) X(kValues, "values", true)    \
  X(kVersion, "version", false) X(kView, "view", false) X(kVirtual, "virtual", false) X(kWhen, "when", true)    \
  X(kWhere, "where", true) X(kWindow, "window", true) X(kWith, "with", false) X(kWithout, "without", false)

enum class Keyword : uint8_t {
  kNone = 0,
#define S3LITE_KW_ENUM(e, text, reserved) e,
  S3LITE_SQL_KEYWORDS(S3LITE_KW_ENUM)
#undef S3LITE_KW_ENUM
      kCount,
};

namespace keyword_internal {
inline constexpr std::string_view kNames[] = {
    "",
#define S3LITE_KW_NAME(e, text, reserved) text,
    S3LITE_SQL_KEYWORDS(S3LITE_KW_NAME)
#undef S3LITE_KW_NAME
};
inline constexpr bool kReserved[] = {
    false,
#define S3LITE_KW_RESERVED(e, text, reserved) reserved,
    S3LITE_SQL_KEYWORDS(S3LITE_KW_RESERVED)
#undef S3LITE_KW_RESERVED
};
static_assert(sizeof(kNames) / sizeof(kNames[0]) == static_cast<size_t>(Keyword::kCount));

// Compile-time lookup of a lower-case keyword literal; not a keyword:
// the throw makes the consteval caller ill-formed (a compile error).
consteval Keyword FromLiteral(const char* s) {
  std::string_view w(s);
  for (size_t i = 1; i < static_cast<size_t>(Keyword::kCount); i++) {
    if (kNames[i] == w) return static_cast<Keyword>(i);
  }
  throw "not an SQL keyword (add it to S3LITE_SQL_KEYWORDS)";
}
}  // namespace keyword_internal

// A keyword named by its lower-case literal: Word("select").
struct Word {
  consteval Word(const char* s) : kw(keyword_internal::FromLiteral(s)) {}  // NOLINT: implicit by design
  Keyword kw;
};

// The keyword `word` spells, case-insensitively; kNone if it is none.
Keyword LookupKeyword(std::string_view word);

inline std::string_view KeywordText(Keyword k) { return keyword_internal::kNames[static_cast<size_t>(k)]; }
inline bool IsReservedKeyword(Keyword k) { return keyword_internal::kReserved[static_cast<size_t>(k)]; }

}  // namespace s3lite::sql
