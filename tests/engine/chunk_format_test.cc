// Chunk objects: writer/reader round trip, checksums catch every byte flip,
// truncations and garbage give Corruption (never a crash).
#include <gtest/gtest.h>

#include <random>

#include "engine/chunk/chunk_reader.h"
#include "engine/chunk/chunk_writer.h"
#include "engine/value/key_codec.h"

namespace s3lite {
namespace {

std::string PageImage(int seed) {
  std::string p(kPageSize, '\0');
  std::mt19937 rng(seed);
  for (char& c : p) c = static_cast<char>(rng());
  return p;
}

// A chunk of `pages` pages: leaves with keys [10*i, 10*i+9] and rows.
std::string MakeChunk(int pages, TreeId tree = 7) {
  ChunkWriter w(tree, TreeKind::kTable);
  for (int i = 0; i < pages; i++) {
    PageKind kind = (i == pages - 1 && pages > 1) ? PageKind::kInternal : PageKind::kLeaf;
    auto slot = w.AddPage(kind, PageImage(i));
    EXPECT_TRUE(slot.ok());
    EXPECT_EQ(static_cast<uint32_t>(i), *slot);
    if (kind != PageKind::kLeaf) continue;
    for (int k = 0; k < 10; k++) {
      w.AddKey(EncodeRowid(10 * i + k));
      w.AddRow({Value::Integer(10 * i + k), Value::Text("name" + std::to_string(k))});
    }
  }
  return w.Finish();
}

TEST(ChunkFormatTest, RoundTrip) {
  std::string obj = MakeChunk(5);
  EXPECT_EQ(5u * kPageSize, obj.size() - [&] {
    auto len = DecodeChunkTrailer(obj, "x");
    return *len + kChunkTrailerSize;
  }());
  auto r = ChunkReader::Open("chunks/aa/0000000001-0000000001", obj);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(5u, r->page_count());
  EXPECT_EQ(7u, r->footer().tree);
  EXPECT_EQ(TreeKind::kTable, r->footer().tree_kind);
  for (uint32_t i = 0; i < 5; i++) {
    auto p = r->page(i);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(PageImage(static_cast<int>(i)), *p);
    EXPECT_EQ(i == 4 ? PageKind::kInternal : PageKind::kLeaf, r->page_kind(i));
  }
  EXPECT_FALSE(r->page(5).ok());
  EXPECT_EQ(Status::Code::kInvalidArgument, r->page(5).status().code());
  // Bloom filter over leaf keys.
  for (int k = 0; k < 40; k++) EXPECT_TRUE(r->footer().bloom.MayContain(EncodeRowid(k)));
  int fp = 0;
  for (int k = 1000; k < 2000; k++) fp += r->footer().bloom.MayContain(EncodeRowid(k));
  EXPECT_LT(fp, 50);
  // Zone map: keys [0, 39], column 0 in [0, 39].
  const ZoneMap& z = r->footer().zone_map;
  EXPECT_EQ(EncodeRowid(0), z.min_key);
  EXPECT_EQ(EncodeRowid(39), z.max_key);
  EXPECT_FALSE(z.MayMatchColumn(0, Value::Integer(40), Value::Null()));
  EXPECT_TRUE(z.MayMatchColumn(1, Value::Text("name3"), Value::Text("name3")));
}

TEST(ChunkFormatTest, FooterAloneFromSuffix) {
  std::string obj = MakeChunk(3);
  auto len = DecodeChunkTrailer(std::string_view(obj).substr(obj.size() - kChunkTrailerSize), "k");
  ASSERT_TRUE(len.ok());
  // The footer range a reader computes from page_count and object size.
  std::string_view footer_bytes = std::string_view(obj).substr(3 * kPageSize);
  EXPECT_EQ(footer_bytes.size(), *len + kChunkTrailerSize);
  auto f = DecodeChunkFooter(footer_bytes, "k");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(3u, f->page_count());
  EXPECT_EQ(3u * kPageSize, f->pages_size());
  // A longer suffix works too.
  auto f2 = DecodeChunkFooter(std::string_view(obj).substr(kPageSize + 17), "k");
  ASSERT_TRUE(f2.ok());
  EXPECT_EQ(f->pages, f2->pages);
  EXPECT_EQ(f->zone_map, f2->zone_map);
  EXPECT_EQ(f->bloom.bytes(), f2->bloom.bytes());
}

TEST(ChunkFormatTest, WriterRejectsBadPages) {
  ChunkWriter w(1, TreeKind::kIndex);
  EXPECT_FALSE(w.AddPage(PageKind::kLeaf, "short").ok());
  std::string page(kPageSize, 'p');
  for (uint32_t i = 0; i < kPagesPerChunk; i++) ASSERT_TRUE(w.AddPage(PageKind::kLeaf, page).ok());
  EXPECT_TRUE(w.full());
  auto over = w.AddPage(PageKind::kLeaf, page);
  EXPECT_FALSE(over.ok());
  std::string obj = w.Finish();
  auto r = ChunkReader::Open("full", obj);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(kPagesPerChunk, r->page_count());
  EXPECT_EQ(TreeKind::kIndex, r->footer().tree_kind);
  // The writer's own copy of the footer matches what a reader decodes.
  EXPECT_EQ(r->footer().pages, w.footer().pages);
  EXPECT_EQ(r->footer().zone_map, w.footer().zone_map);
  EXPECT_EQ(r->footer().bloom.bytes(), w.footer().bloom.bytes());
  EXPECT_TRUE(r->footer().bloom.empty());  // no keys added: no filter
  EXPECT_TRUE(r->footer().bloom.MayContain("x"));
}

TEST(ChunkFormatTest, EveryByteFlipIsDetected) {
  std::string obj = MakeChunk(2);
  const std::string key = "chunks/0f/0000000003-0000000009";
  // Flip every footer byte, and a sample of page bytes (all would take long).
  for (size_t pos = 0; pos < obj.size(); pos += (pos < 2 * kPageSize ? 61 : 1)) {
    std::string bad = obj;
    bad[pos] = static_cast<char>(bad[pos] ^ 0x01);
    auto r = ChunkReader::Open(key, bad);
    if (pos < 2 * kPageSize) {
      // Page bytes: the footer is intact, the page read fails and names the slot.
      ASSERT_TRUE(r.ok()) << pos;
      uint32_t slot = static_cast<uint32_t>(pos / kPageSize);
      auto p = r->page(slot);
      ASSERT_FALSE(p.ok()) << pos;
      EXPECT_TRUE(p.status().IsCorruption());
      EXPECT_NE(std::string::npos, p.status().message().find(key));
      EXPECT_NE(std::string::npos, p.status().message().find("slot " + std::to_string(slot)));
      EXPECT_TRUE(r->page(1 - slot).ok());
    } else {
      ASSERT_FALSE(r.ok()) << "flip at " << pos << " undetected";
      EXPECT_TRUE(r.status().IsCorruption()) << r.status().ToString();
      EXPECT_NE(std::string::npos, r.status().message().find(key));
    }
  }
}

TEST(ChunkFormatTest, TruncationAtEveryLengthFails) {
  std::string obj = MakeChunk(2);
  for (size_t len = 0; len < obj.size(); len++) {
    auto r = ChunkReader::Open("t", obj.substr(0, len));
    ASSERT_FALSE(r.ok()) << len;
    EXPECT_TRUE(r.status().IsCorruption());
  }
  // Extra bytes before the object (wrong size) are caught as well.
  EXPECT_FALSE(ChunkReader::Open("t", "x" + obj).ok());
}

TEST(ChunkFormatTest, GarbageNeverCrashes) {
  std::string obj = MakeChunk(1);
  std::mt19937 rng(99);
  for (int iter = 0; iter < 3000; iter++) {
    std::string bad;
    if (iter % 2 == 0) {
      // Random footer bytes behind a valid trailer magic.
      bad = std::string(rng() % 64, '\0');
      for (char& c : bad) c = static_cast<char>(rng());
      std::string trailer = obj.substr(obj.size() - kChunkTrailerSize);
      bad += trailer;
    } else {
      bad = obj;
      for (int k = 0; k < 4; k++) bad[obj.size() - 1 - rng() % 200] = static_cast<char>(rng());
    }
    auto r = ChunkReader::Open("g", bad);
    if (r.ok()) (void)r->page(0);
    (void)DecodeChunkFooter(bad, "g");
  }
}

}  // namespace
}  // namespace s3lite
