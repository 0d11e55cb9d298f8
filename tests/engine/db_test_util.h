// Helpers for engine Database tests: a temporary LocalStore directory and
// small wrappers that turn Status failures into gtest failures.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "engine/db/database.h"
#include "engine/store/local_store.h"

namespace s3lite {

// A temporary directory, removed at scope exit. `in_memory` puts it on
// /dev/shm when available: the same code paths without fsync latency, for
// tests that do thousands of commits.
class TempDir {
 public:
  explicit TempDir(bool in_memory = false) {
    std::filesystem::path base = std::filesystem::temp_directory_path();
    if (in_memory && std::filesystem::is_directory("/dev/shm")) base = "/dev/shm";
    std::string tmpl = (base / "s3lite-engine-XXXXXX").string();
    char* p = mkdtemp(tmpl.data());
    EXPECT_NE(p, nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline std::shared_ptr<ObjectStore> OpenLocal(const std::string& dir) {
  auto s = LocalStore::Open(dir);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? std::shared_ptr<ObjectStore>(*s) : nullptr;
}

inline std::shared_ptr<Database> OpenDb(std::shared_ptr<ObjectStore> store, DatabaseOptions o = {}) {
  auto db = Database::Open(std::move(store), o);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return db.ok() ? *db : nullptr;
}

inline std::unique_ptr<Transaction> BeginWrite(Database& db) {
  auto t = db.Begin(TxnMode::kWrite);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? std::move(*t) : nullptr;
}

inline std::unique_ptr<Transaction> BeginRead(Database& db) {
  auto t = db.Begin(TxnMode::kRead);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? std::move(*t) : nullptr;
}

#define S3L_ASSERT_OK(expr)                         \
  do {                                              \
    ::s3lite::Status _st = (expr);                  \
    ASSERT_TRUE(_st.ok()) << #expr << ": " << _st.ToString(); \
  } while (0)

inline std::string TestKey(int i) {
  char b[24];
  snprintf(b, sizeof b, "key%09d", i);
  return b;
}

}  // namespace s3lite
