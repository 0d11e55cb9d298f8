// Value operations with SQLite's semantics, used by the expression evaluator.
//
// Arithmetic: INTEGER op INTEGER stays INTEGER unless it overflows (then REAL);
// '/' on integers truncates; x/0 and x%0 are NULL; TEXT/BLOB operands are
// converted to numbers as SQLite does ("12abc" -> 12, "abc" -> 0).
// Comparison applies column affinity per SQLite's rules before comparing.
//
// Thread-safety: stateless functions.
#pragma once

#include <string>
#include <string_view>

#include "engine/util/status.h"
#include "engine/value/value.h"

namespace s3lite {

// Column affinity, from the declared type name (SQLite 3.1 rules: INT ->
// INTEGER; CHAR/CLOB/TEXT -> TEXT; BLOB or empty -> BLOB (none); REAL/FLOA/DOUB
// -> REAL; otherwise NUMERIC).
enum class Affinity { kNone /* BLOB */, kText, kNumeric, kInteger, kReal };
Affinity AffinityOfType(std::string_view declared_type);

// Apply affinity as SQLite does when storing into a column or comparing.
Value ApplyAffinity(const Value& v, Affinity a);

// False when ApplyAffinity(v, a) certainly returns v unchanged (the storage
// class is one the affinity keeps), so callers can skip the copy.
inline bool AffinityChanges(const Value& v, Affinity a) {
  switch (a) {
    case Affinity::kNone: return false;
    case Affinity::kText: return v.is_numeric();
    case Affinity::kNumeric:
    case Affinity::kInteger: return v.is_real() || v.is_text();
    case Affinity::kReal: return v.is_integer() || v.is_text();
  }
  return true;
}

// CAST(v AS type): the affinity of `type_name` decides (an unknown name is
// NUMERIC); NULL stays NULL. CAST('12abc' AS INTEGER) = 12,
// CAST('1e2' AS INTEGER) = 1, CAST('1e2' AS NUMERIC) = 100.
Value CastValue(const Value& v, std::string_view type_name);

enum class BinaryOp { kAdd, kSub, kMul, kDiv, kMod, kConcat, kBitAnd, kBitOr, kShl, kShr };
Result<Value> ApplyBinary(BinaryOp op, const Value& a, const Value& b);
Value Negate(const Value& v);
Value BitNot(const Value& v);

// Truth value of v as SQLite's WHERE sees it: NULL -> unknown (-1), 0 -> false,
// nonzero number -> true; text is converted to a number first.
int Truthiness(const Value& v);  // 1 true, 0 false, -1 NULL

// Rendering as sqlite3 prints values (REAL with %!.15g, e.g. 1.0, 0.1,
// 1.0e+20; INTEGER in decimal; TEXT and BLOB as their bytes; NULL as "").
std::string ValueToText(const Value& v);
std::string RealToText(double d);

// Numeric conversion as SQLite does for arithmetic: returns INTEGER or REAL
// (NULL stays NULL). "12abc" -> 12, "1.5x" -> 1.5, "abc" -> 0.
Value ToNumeric(const Value& v);

// sqlite3_value_int64 / sqlite3_value_double: TEXT and BLOB use their numeric
// prefix ("12abc" -> 12, "1e3" -> 1 as an integer), REAL truncates toward
// zero saturating at the int64 range, NULL is 0.
int64_t ValueToInt64(const Value& v);
double ValueToDouble(const Value& v);

// LIKE with SQLite's default (ASCII case-insensitive, '%' and '_', optional
// escape) and GLOB (case-sensitive, '*', '?', '[...]').
bool LikeMatch(std::string_view pattern, std::string_view text, int escape = -1);
bool GlobMatch(std::string_view pattern, std::string_view text);

}  // namespace s3lite
