// A temporary LocalStore for the format tests, removed at scope exit.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "engine/store/local_store.h"

namespace s3lite::format_test {

class TempStore {
 public:
  TempStore() {
    char tmpl[] = "/tmp/s3lite-format-test-XXXXXX";
    const char* dir = mkdtemp(tmpl);
    EXPECT_NE(nullptr, dir);
    dir_ = dir ? dir : "";
    auto s = LocalStore::Open(dir_ + "/store");
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    if (s.ok()) store_ = *s;
  }
  ~TempStore() {
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }
  TempStore(const TempStore&) = delete;
  TempStore& operator=(const TempStore&) = delete;

  ObjectStore& store() { return *store_; }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::shared_ptr<LocalStore> store_;
};

}  // namespace s3lite::format_test
