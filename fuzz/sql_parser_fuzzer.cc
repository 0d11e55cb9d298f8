// Fuzz target: the SQL parser (sql/parser/parser.h), the front of
// Connection::Prepare.
//
// Input: arbitrary text, parsed as a script statement by statement, the way
// Prepare walks its `tail`; then the same text is compiled with
// Connection::Prepare (parser + binder + planner, never executed) against a
// small database with tables, indexes and a view. Properties:
//  - No crash, stack overflow, hang or leak on any text (deep nesting is
//    refused with an error, not by exhausting the stack).
//  - Each parsed statement's offsets are ordered and inside the text, and
//    parsing always advances (a script of N bytes takes at most N steps).
//  - Errors carry a message (sqlite3-style `near "X": syntax error`).
//  - Prepare never crashes either, and its `tail` always moves forward.
#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "engine/db/database.h"
#include "engine/store/local_store.h"
#include "fuzz/fuzz_check.h"
#include "sql/connection.h"
#include "sql/parser/parser.h"

namespace {

using namespace s3lite;

// One database for the whole fuzzing process, in a temp directory removed at
// exit. Statements are only prepared, so it never changes after setup.
struct FuzzDatabase {
  std::string dir;
  std::shared_ptr<Database> db;
  std::unique_ptr<Connection> conn;

  FuzzDatabase() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "s3lite-sqlfuzz-XXXXXX").string();
    FUZZ_CHECK(mkdtemp(tmpl.data()) != nullptr, "mkdtemp");
    dir = tmpl;
    auto store = LocalStore::Open(dir);
    FUZZ_CHECK(store.ok(), "%s", store.status().ToString().c_str());
    DatabaseOptions o;
    o.checkpoint_on_close = false;
    auto d = Database::Open(*store, o);
    FUZZ_CHECK(d.ok(), "%s", d.status().ToString().c_str());
    db = *d;
    auto c = Connection::Open(db);
    FUZZ_CHECK(c.ok(), "%s", c.status().ToString().c_str());
    conn = std::move(*c);
    Status s = conn->ExecuteScript(
        "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INT DEFAULT 0);"
        "CREATE TABLE orders(id INTEGER PRIMARY KEY, uid INT, total REAL, note BLOB);"
        "CREATE INDEX orders_uid ON orders(uid); CREATE UNIQUE INDEX users_name ON users(name);"
        "CREATE VIEW adults AS SELECT * FROM users WHERE age >= 18;"
        "INSERT INTO users VALUES (1, 'a', 30), (2, 'b', 12); INSERT INTO orders VALUES (1, 1, 9.5, x'00');");
    FUZZ_CHECK(s.ok(), "setup: %s", s.ToString().c_str());
  }
};

std::string g_fuzz_dir;  // removed at exit; the database itself is never torn down

void RemoveFuzzDir() {
  std::error_code ec;
  if (!g_fuzz_dir.empty()) std::filesystem::remove_all(g_fuzz_dir, ec);
}

void PrepareAll(std::string_view sql) {
  static FuzzDatabase* fdb = [] {
    auto* d = new FuzzDatabase();  // lives for the process (threads may still run at exit)
    g_fuzz_dir = d->dir;
    std::atexit(RemoveFuzzDir);
    return d;
  }();
  std::string_view rest = sql;
  for (size_t steps = 0; !rest.empty(); steps++) {
    FUZZ_CHECK(steps <= sql.size(), "Prepare did not advance through the script");
    std::string_view tail;
    auto stmt = fdb->conn->Prepare(rest, &tail);
    if (!stmt.ok()) {
      FUZZ_CHECK(!stmt.status().message().empty(), "Prepare error without a message");
      break;
    }
    if (*stmt == nullptr) break;
    FUZZ_CHECK(tail.size() < rest.size(), "Prepare tail did not move");
    FUZZ_CHECK(tail.data() >= rest.data() && tail.data() + tail.size() == rest.data() + rest.size(),
               "tail is not a suffix of the input");
    rest = tail;
  }
}

}  // namespace

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
  PrepareAll(sql);
  return 0;
}
