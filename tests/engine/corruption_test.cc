// Damaged objects: a flipped byte in a chunk, a manifest or a WAL batch gives
// Status::Corruption naming the object, never a crash or wrong data.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/engine/db_test_util.h"

namespace s3lite {
namespace {

namespace fs = std::filesystem;

// Files of the LocalStore under `dir` whose path contains `part`.
std::vector<fs::path> FilesWith(const std::string& dir, const std::string& part) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().string().find(part) != std::string::npos) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

void FlipByte(const fs::path& p, size_t offset) {
  std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
  ASSERT_TRUE(f.good()) << p;
  f.seekg(static_cast<std::streamoff>(offset));
  char c = 0;
  f.read(&c, 1);
  c ^= 0x5a;
  f.seekp(static_cast<std::streamoff>(offset));
  f.write(&c, 1);
}

TreeId Populate(const std::string& dir, bool checkpoint) {
  DatabaseOptions o;
  o.checkpoint_on_close = checkpoint;
  auto db = OpenDb(OpenLocal(dir), o);
  auto t = BeginWrite(*db);
  TreeId tree = *t->CreateTree(TreeKind::kTable);
  for (int i = 0; i < 3000; i++) EXPECT_TRUE(t->Put(tree, TestKey(i), std::string(50, 'v')).ok());
  EXPECT_TRUE(t->Commit().ok());
  EXPECT_TRUE(db->Close().ok());
  return tree;
}

TEST(CorruptionTest, DamagedChunkNamesTheChunk) {
  TempDir dir;
  TreeId tree = Populate(dir.path(), true);
  auto chunks = FilesWith(dir.path(), "chunks");
  ASSERT_FALSE(chunks.empty());
  for (const auto& c : chunks) FlipByte(c, 100);  // inside page 0 of every chunk
  auto db = OpenDb(OpenLocal(dir.path()));
  auto r = BeginRead(*db);
  auto v = r->Get(tree, TestKey(5));
  ASSERT_FALSE(v.ok());
  EXPECT_TRUE(v.status().IsCorruption()) << v.status().ToString();
  EXPECT_NE(v.status().message().find("chunks/"), std::string::npos) << v.status().message();
  auto c = r->NewCursor(tree).value();
  Status s = c->SeekFirst();
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
}

TEST(CorruptionTest, DamagedChunkFooter) {
  TempDir dir;
  TreeId tree = Populate(dir.path(), true);
  for (const auto& c : FilesWith(dir.path(), "chunks")) FlipByte(c, fs::file_size(c) - 3);
  auto db = OpenDb(OpenLocal(dir.path()));
  auto r = BeginRead(*db);
  auto v = r->Get(tree, TestKey(5));
  ASSERT_TRUE(v.status().IsCorruption()) << v.status().ToString();
  EXPECT_NE(v.status().message().find("chunks/"), std::string::npos) << v.status().message();
}

TEST(CorruptionTest, DamagedManifestNamesTheManifest) {
  TempDir dir;
  Populate(dir.path(), true);
  auto manifests = FilesWith(dir.path(), "manifest");
  ASSERT_FALSE(manifests.empty());
  FlipByte(manifests.back(), fs::file_size(manifests.back()) / 2);
  auto db = Database::Open(OpenLocal(dir.path()), DatabaseOptions{});
  ASSERT_FALSE(db.ok());
  EXPECT_TRUE(db.status().IsCorruption()) << db.status().ToString();
  EXPECT_NE(db.status().message().find("manifest/"), std::string::npos) << db.status().message();
}

TEST(CorruptionTest, DamagedWalNamesTheWalObject) {
  TempDir dir;
  Populate(dir.path(), false);
  auto wal = FilesWith(dir.path(), "wal");
  ASSERT_FALSE(wal.empty());
  FlipByte(wal.back(), fs::file_size(wal.back()) / 2);
  auto db = Database::Open(OpenLocal(dir.path()), DatabaseOptions{});
  ASSERT_FALSE(db.ok());
  EXPECT_TRUE(db.status().IsCorruption()) << db.status().ToString();
  EXPECT_NE(db.status().message().find("wal/"), std::string::npos) << db.status().message();
}

}  // namespace
}  // namespace s3lite
