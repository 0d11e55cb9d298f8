// How the sqlite3 3.40 shell turns one result value into output bytes. The
// formatters build on these so every mode renders values the way sqlite3
// does (byte for byte): INTEGER/REAL text comes from the function library's
// ValueToText (sqlite3_column_text); quote/insert/json modes print REALs
// with sqlite3's own "%!.20g" conversion, reproduced here digit for digit.
//
// Thread-safety: stateless functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/value/value.h"

namespace s3lite {

// What sqlite3_column_text() yields, as the shell prints it with "%s":
// nullopt for NULL; numbers via ValueToText; TEXT and BLOB bytes up to the
// first NUL byte.
std::optional<std::string> ColumnText(const Value& v);

// sqlite3_snprintf("%!.20g", d): 20 significant digits computed the way
// SQLite 3.40's printf does (long double digit extraction), trailing zeros
// removed but at least one digit after the point ("1.0e+20").
std::string SqlitePrintfReal20(double d);

// A REAL as insert mode prints it: "1e999"/"-1e999" for infinities,
// "%lld.0" when the value is integral and fits in int64, else %!.20g.
// (quote mode prints %!.20g alone, so infinities come out as Inf/-Inf.)
std::string InsertModeReal(double d);
// A REAL as json mode prints it: infinities as above, else %!.20g.
std::string JsonModeReal(double d);

// 'text' with embedded quotes doubled (stops at a NUL byte, as sqlite3 does).
std::string QuoteSqlString(std::string_view s);
// Like QuoteSqlString but newlines and carriage returns become
// replace('...\n...','\n',char(10)) so the literal fits on one line (insert mode).
std::string QuoteSqlStringEscaped(std::string_view s);
// X'0aff' (lower-case hex).
std::string HexBlobLiteral(std::string_view bytes);
// "..." with \" \\ \b \f \n \r \t and \u00XX for other control bytes.
std::string JsonString(std::string_view s);
// A value as SQL literal text, as quote mode prints it (TEXT with
// QuoteSqlString, REAL with %!.20g).
std::string QuoteModeValue(const Value& v);
// A value as insert mode prints it (TEXT with QuoteSqlStringEscaped, REAL
// with InsertModeReal).
std::string InsertModeValue(const Value& v);

// True if `name` must be quoted to be used as an SQL identifier (not a plain
// [A-Za-z_][A-Za-z0-9_]* word, or an SQLite keyword).
bool IdentifierNeedsQuotes(std::string_view name);
// "name" with embedded double quotes doubled.
std::string QuoteIdentifier(std::string_view name);
// name, or "name" when IdentifierNeedsQuotes(name).
std::string QuoteIdentifierIfNeeded(std::string_view name);

}  // namespace s3lite
