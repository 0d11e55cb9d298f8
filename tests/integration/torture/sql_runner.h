// Test helpers (header-only) for the reliability tests that use the engine
// and SQL layers in-process: a scratch directory, a Database + Connection on
// any ObjectStore, and a runner that executes SQL and renders the rows as
// text ("a|b|c" per row, as the shell's list mode) for exact comparison.
//
// Thread-safety: one thread per SqlSession.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "engine/db/database.h"
#include "engine/store/object_store.h"
#include "engine/util/status.h"
#include "sql/connection.h"

namespace s3lite::torture {

// A temporary directory, removed with everything in it at scope exit. On
// /dev/shm when present: these tests crash processes, not machines, so
// fsync latency would only slow them down.
class ScratchDir {
 public:
  ScratchDir() {
    std::filesystem::path base = std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : "/tmp";
    std::string tmpl = (base / "s3lite-reliability-XXXXXX").string();
    if (mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Renders one value the way the shell's list mode does (NULL as empty).
inline std::string RenderValue(const Value& v) {
  switch (v.type()) {
    case ValueType::kNull: return "";
    case ValueType::kInteger: return std::to_string(v.integer());
    case ValueType::kReal: return std::to_string(v.real());
    case ValueType::kText: return v.text();
    case ValueType::kBlob: return v.blob();
  }
  return "";
}

// Runs every statement of `sql`; rows of all statements are appended to
// *out (if given) as "v1|v2|...\n". Stops at the first error.
inline Status RunSql(Connection& conn, std::string_view sql, std::string* out = nullptr) {
  std::string_view rest = sql;
  while (!rest.empty()) {
    std::string_view tail;
    auto stmt = conn.Prepare(rest, &tail);
    if (!stmt.ok()) return stmt.status();
    rest = tail;
    if (*stmt == nullptr) break;
    for (;;) {
      auto more = (*stmt)->Step();
      if (!more.ok()) return more.status();
      if (!*more) break;
      if (out == nullptr) continue;
      const Row& row = (*stmt)->row();
      for (size_t i = 0; i < row.size(); i++) {
        if (i) *out += '|';
        *out += RenderValue(row[i]);
      }
      *out += '\n';
    }
  }
  return Status::OK();
}

// A Database and one Connection on `store`.
struct SqlSession {
  std::shared_ptr<Database> db;
  std::unique_ptr<Connection> conn;

  static Result<SqlSession> Open(std::shared_ptr<ObjectStore> store, const DatabaseOptions& options) {
    SqlSession s;
    auto db = Database::Open(std::move(store), options);
    if (!db.ok()) return db.status();
    s.db = *db;
    auto conn = Connection::Open(s.db);
    if (!conn.ok()) return conn.status();
    s.conn = std::move(*conn);
    return s;
  }
};

}  // namespace s3lite::torture
