// Fuzz target: the SQL parser (sql/parser/parser.h), the front of
// Connection::Prepare.
//
// Input: arbitrary text, parsed as a script statement by statement, the way
// Prepare walks its `tail`. Properties:
//  - No crash, stack overflow, hang or leak on any text (deep nesting is
//    refused with an error, not by exhausting the stack).
//  - Each parsed statement's offsets are ordered and inside the text, and
//    parsing always advances (a script of N bytes takes at most N steps).
//  - Errors carry a message (sqlite3-style `near "X": syntax error`).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sql/parser/parser.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view sql(reinterpret_cast<const char*>(data), size);
  size_t pos = 0;
  for (size_t steps = 0; pos < sql.size(); steps++) {
    FUZZ_CHECK(steps <= sql.size(), "parser did not advance through the script");
    auto parsed = s3lite::sql::ParseStatement(sql, pos);
    if (!parsed.ok()) {
      FUZZ_CHECK(!parsed.status().message().empty(), "parse error without a message");
      break;
    }
    const auto& p = *parsed;
    FUZZ_CHECK(p.end <= sql.size(), "statement end %zu past text size %zu", p.end, sql.size());
    if (p.stmt == nullptr) {
      // Only whitespace/comments/';' were left.
      FUZZ_CHECK(p.end >= pos, "empty statement moved backwards");
      break;
    }
    FUZZ_CHECK(pos <= p.begin && p.begin < p.text_end && p.text_end <= p.end,
               "offsets out of order: pos %zu begin %zu text_end %zu end %zu", pos, p.begin, p.text_end, p.end);
    FUZZ_CHECK(p.max_param >= 0, "negative parameter index");
    pos = p.end;
  }
  return 0;
}
