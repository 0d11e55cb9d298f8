// The chunk directory at a million chunks (DESIGN.md 9: ~1 TB): the manifest
// stays small, a checkpoint rewrites only the segments it touches, and
// finding a chunk's segment needs no segment reads.
#include <gtest/gtest.h>

#include <map>
#include <mutex>

#include "engine/manifest/chunk_directory.h"
#include "engine/manifest/manifest.h"
#include "engine/manifest/object_names.h"

namespace s3lite {
namespace {

// A minimal in-memory ObjectStore (test scaffolding: LocalStore fsyncs every
// object, too slow for hundreds of megabytes of segments).
class MemoryStore : public ObjectStore {
 public:
  std::string Describe() const override { return "memory:"; }

 protected:
  Result<std::string> DoGet(const std::string& key) override {
    std::lock_guard<std::mutex> l(mu_);
    auto it = objects_.find(key);
    if (it == objects_.end()) return Status::NotFound(key);
    return it->second;
  }
  Result<std::string> DoGetRange(const std::string& key, uint64_t offset, uint64_t length) override {
    S3LITE_ASSIGN_OR_RETURN(std::string all, DoGet(key));
    if (offset >= all.size()) return std::string();
    return all.substr(offset, length);
  }
  Status DoPut(const std::string& key, std::string_view data) override {
    std::lock_guard<std::mutex> l(mu_);
    objects_[key] = std::string(data);
    return Status::OK();
  }
  Status DoPutIfAbsent(const std::string& key, std::string_view data) override {
    std::lock_guard<std::mutex> l(mu_);
    if (!objects_.emplace(key, std::string(data)).second) return Status::AlreadyExists(key);
    return Status::OK();
  }
  Status DoDelete(const std::string& key) override {
    std::lock_guard<std::mutex> l(mu_);
    objects_.erase(key);
    return Status::OK();
  }
  Result<std::vector<ObjectInfo>> DoList(const std::string& prefix) override {
    std::lock_guard<std::mutex> l(mu_);
    std::vector<ObjectInfo> out;
    for (auto it = objects_.lower_bound(prefix); it != objects_.end() && it->first.starts_with(prefix); ++it) {
      out.push_back({it->first, it->second.size(), 0});
    }
    return out;
  }
  Result<ObjectInfo> DoHead(const std::string& key) override {
    std::lock_guard<std::mutex> l(mu_);
    auto it = objects_.find(key);
    if (it == objects_.end()) return Status::NotFound(key);
    return ObjectInfo{key, it->second.size(), 0};
  }

 private:
  std::mutex mu_;
  std::map<std::string, std::string> objects_;
};

ChunkEntry Entry(uint64_t epoch, uint32_t counter) {
  ChunkEntry e;
  e.id = MakeChunkId(epoch, counter);
  e.key = ChunkKey(e.id);
  e.tree = 1 + counter % 7;
  e.page_count = 256;
  e.live_pages = 256;
  e.bytes = 256 * kPageSize + 2000;
  e.min_key = std::string(8, 'a');
  e.max_key = std::string(8, 'z');
  return e;
}

TEST(ChunkDirectoryScaleTest, MillionChunks) {
  MemoryStore store;
  std::vector<ChunkSegmentRef> segments;
  uint64_t version = 0;
  uint32_t counter = 0;
  auto checkpoint = [&](const ChunkDirectoryDelta& delta) {
    ++version;
    auto u = UpdateChunkDirectory(segments, delta, version, StoreSegmentLoader(store));
    EXPECT_TRUE(u.ok()) << u.status().ToString();
    EXPECT_TRUE(WriteChunkSegments(store, u->writes).ok());
    segments = u->segments;
    return std::move(u).value();
  };
  // Bulk growth to a million chunks (a 1 TB database).
  for (int round = 0; round < 4; round++) {
    ChunkDirectoryDelta d;
    for (int i = 0; i < 250000; i++) d.added.push_back(Entry(1, counter++));
    checkpoint(d);
  }
  ASSERT_EQ(245u, segments.size());  // ceil(1e6 / 4096)

  Manifest m;
  m.database_id = NewDatabaseId();
  m.version = version;
  m.chunk_segments = segments;
  m.chunk_count = 1000000;
  std::string manifest = EncodeManifest(m);
  EXPECT_LT(manifest.size(), 40u * 1024) << "the manifest must not grow with the database";
  RecordProperty("manifest_bytes_at_1M_chunks", std::to_string(manifest.size()));

  // A typical checkpoint: 4 new chunks, and live-page changes in 3 old chunks
  // spread over the directory. It reads and writes 4 segments, not 245.
  auto before = store.stats().Snapshot();
  ChunkDirectoryDelta d;
  for (int i = 0; i < 4; i++) d.added.push_back(Entry(2, i));
  d.live_pages[MakeChunkId(1, 10)] = 100;
  d.live_pages[MakeChunkId(1, 500000)] = 12;
  d.live_pages[MakeChunkId(1, 999000)] = 0;
  ChunkDirectoryUpdate u = checkpoint(d);
  auto used = store.stats().Snapshot() - before;
  EXPECT_EQ(4u, u.writes.size());
  EXPECT_EQ(4u, used.gets());
  EXPECT_EQ(1000004u, u.chunk_count);
  EXPECT_EQ(245u, u.segments.size());

  // Locating any chunk's segment is a binary search over the manifest alone.
  before = store.stats().Snapshot();
  for (uint32_t c = 0; c < 1000000; c += 9973) {
    int s = FindChunkSegment(segments, MakeChunkId(1, c));
    ASSERT_GE(s, 0);
    ASSERT_LE(segments[s].first_id, MakeChunkId(1, c));
    ASSERT_GE(segments[s].last_id, MakeChunkId(1, c));
  }
  EXPECT_EQ(0u, (store.stats().Snapshot() - before).total_requests());
  auto seg = ReadChunkSegment(store, segments[FindChunkSegment(segments, MakeChunkId(1, 500000))]);
  ASSERT_TRUE(seg.ok());
  bool found = false;
  for (const ChunkEntry& e : *seg) {
    if (e.id == MakeChunkId(1, 500000)) {
      found = true;
      EXPECT_EQ(12u, e.live_pages);
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace s3lite
