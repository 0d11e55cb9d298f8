// LocalStore specifics: the key-to-path mapping, temp files after a crash,
// and directory placement.
#include "engine/store/local_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace s3lite {
namespace {

namespace fs = std::filesystem;

class LocalStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("s3lite-local-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    auto r = LocalStore::Open((dir_ / "nested" / "db").string());  // parents created
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    store_ = *r;
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path root() const { return dir_ / "nested" / "db"; }

  fs::path dir_;
  std::shared_ptr<LocalStore> store_;
};

TEST(LocalKeyMapping, EscapesUnsafeBytesAndMarksDirectories) {
  auto m = [](const std::string& k) {
    auto r = LocalStore::KeyToRelativePath(k);
    return r.ok() ? *r : "ERROR " + r.status().message();
  };
  EXPECT_EQ(m("manifest/00000000000000000042"), "manifest%d/00000000000000000042");
  EXPECT_EQ(m("chunks/1-17"), "chunks%d/1-17");
  EXPECT_EQ(m("a b+c=&%"), "a%20b%2Bc%3D%26%25");
  EXPECT_EQ(m("\xC3\xBC"), "%C3%BC");
  EXPECT_EQ(m(".hidden/..//x."), "%2Ehidden%d/%2E.%d/%d/x.");
  EXPECT_EQ(m("dir/"), "dir%d/%e");
  EXPECT_EQ(m("%d"), "%25d");
  EXPECT_FALSE(LocalStore::KeyToRelativePath("").ok());
  EXPECT_FALSE(LocalStore::KeyToRelativePath(std::string(300, 'x')).ok());
  EXPECT_TRUE(LocalStore::KeyToRelativePath(std::string(250, 'x')).ok());
}

TEST_F(LocalStoreTest, ObjectsAreFilesUnderTheRoot) {
  ASSERT_TRUE(store_->Put("chunks/1-1", "abc").ok());
  std::ifstream f(root() / "chunks%d" / "1-1");
  std::string content((std::istreambuf_iterator<char>(f)), {});
  EXPECT_EQ(content, "abc");
  EXPECT_EQ(store_->Describe(), "local:" + root().string());
}

TEST_F(LocalStoreTest, TempFilesAreInvisibleAndCleaned) {
  ASSERT_TRUE(store_->Put("wal/1", "x").ok());
  // What a writer that crashed between write and link leaves behind.
  fs::path stale = root() / "wal%d" / ".tmp-99999-1-deadbeef";
  { std::ofstream(stale) << "partial"; }
  fs::path fresh = root() / ".tmp-99999-2-cafe";
  { std::ofstream(fresh) << "in flight"; }
  struct timespec old[2] = {{0, UTIME_OMIT}, {std::time(nullptr) - 7200, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, stale.c_str(), old, 0), 0);

  auto list = store_->List("");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].key, "wal/1");

  auto cleaned = store_->CleanTempFiles(3600);
  ASSERT_TRUE(cleaned.ok());
  EXPECT_EQ(*cleaned, 1);
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(fresh));  // may belong to a live writer

  // Reopening cleans the same way.
  fs::path stale2 = root() / ".tmp-1-1-1";
  { std::ofstream(stale2) << "x"; }
  ASSERT_EQ(::utimensat(AT_FDCWD, stale2.c_str(), old, 0), 0);
  ASSERT_TRUE(LocalStore::Open(root().string()).ok());
  EXPECT_FALSE(fs::exists(stale2));
}

TEST_F(LocalStoreTest, ForeignFilesAreIgnored) {
  ASSERT_TRUE(store_->Put("k", "v").ok());
  { std::ofstream(root() / "not%escaped") << "?"; }
  { std::ofstream(root() / "bad%zz") << "?"; }
  auto list = store_->List("");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
}

TEST_F(LocalStoreTest, FileAndDirectoryWithTheSameNameCoexist) {
  ASSERT_TRUE(store_->Put("a", "file").ok());
  ASSERT_TRUE(store_->Put("a/b", "child").ok());
  ASSERT_TRUE(store_->PutIfAbsent("a/b/c", "grandchild").ok());
  EXPECT_EQ(*store_->Get("a"), "file");
  EXPECT_EQ(*store_->Get("a/b"), "child");
  EXPECT_EQ(*store_->Get("a/b/c"), "grandchild");
  EXPECT_TRUE(store_->Get("a/b/c/d").status().IsNotFound());
}

TEST_F(LocalStoreTest, OpenRejectsAFile) {
  fs::path file = dir_ / "plainfile";
  { std::ofstream(file) << "x"; }
  auto r = LocalStore::Open(file.string());
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("not a directory"), std::string::npos) << r.status().message();
}

TEST_F(LocalStoreTest, PutIfAbsentRaceAcrossProcesses) {
  // link() decides across processes too: 8 forked children race.
  constexpr int kProcs = 8;
  std::vector<pid_t> pids;
  for (int i = 0; i < kProcs; i++) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      auto s = LocalStore::Open(root().string());
      if (!s.ok()) ::_exit(3);
      Status st = (*s)->PutIfAbsent("fence/1", "proc " + std::to_string(i));
      ::_exit(st.ok() ? 0 : st.IsAlreadyExists() ? 1 : 2);
    }
    pids.push_back(pid);
  }
  int wins = 0, losses = 0;
  for (pid_t pid : pids) {
    int ws = 0;
    ::waitpid(pid, &ws, 0);
    ASSERT_TRUE(WIFEXITED(ws));
    if (WEXITSTATUS(ws) == 0) wins++;
    if (WEXITSTATUS(ws) == 1) losses++;
  }
  EXPECT_EQ(wins, 1);
  EXPECT_EQ(losses, kProcs - 1);
  // No temp files left behind by the losers.
  int temps = 0;
  for (auto& e : fs::recursive_directory_iterator(root())) {
    if (e.path().filename().string().rfind(".tmp-", 0) == 0) temps++;
  }
  EXPECT_EQ(temps, 0);
}

// GetShared returns Get's bytes: mapped for large objects, read for small
// ones; the bytes outlive a Delete or a Put replacing the object; missing
// keys are NotFound; each call counts as one GET with its bytes.
TEST_F(LocalStoreTest, GetSharedMatchesGetAndOutlivesDeleteAndReplace) {
  std::string big(300 * 1024 + 7, '\0');
  for (size_t i = 0; i < big.size(); i++) big[i] = static_cast<char>(i * 131 + (i >> 9));
  ASSERT_TRUE(store_->Put("chunks/big", big).ok());
  ASSERT_TRUE(store_->Put("small", "tiny").ok());
  ASSERT_TRUE(store_->Put("empty", "").ok());
  StoreStatsSnapshot before = store_->stats().Snapshot();
  auto b = store_->GetShared("chunks/big");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  auto s = store_->GetShared("small");
  ASSERT_TRUE(s.ok());
  auto e = store_->GetShared("empty");
  ASSERT_TRUE(e.ok());
  StoreStatsSnapshot d = store_->stats().Snapshot() - before;
  EXPECT_EQ(d.gets(), 3u);
  EXPECT_EQ(d.bytes_read, big.size() + 4);
  EXPECT_EQ((*s)->data(), "tiny");
  EXPECT_EQ((*e)->size(), 0u);
  std::shared_ptr<const ObjectBytes> bytes = *b;
  ASSERT_EQ(bytes->size(), big.size());
  EXPECT_TRUE(bytes->data() == big);
  // Replaced and then deleted: a reader holding the bytes still sees the old object.
  ASSERT_TRUE(store_->Put("chunks/big", std::string(big.size(), 'x')).ok());
  ASSERT_TRUE(store_->Delete("chunks/big").ok());
  EXPECT_TRUE(bytes->data() == big);
  auto gone = store_->GetShared("chunks/big");
  EXPECT_TRUE(gone.status().IsNotFound()) << gone.status().ToString();
  EXPECT_TRUE(store_->GetShared("no/such/key").status().IsNotFound());
}

}  // namespace
}  // namespace s3lite
