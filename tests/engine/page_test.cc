// Page encoding: round trips of leaf, internal and overflow pages, and
// damaged pages decode to Corruption (never a crash).
#include <gtest/gtest.h>

#include <random>

#include "engine/page/node.h"

namespace s3lite {
namespace {

TEST(PageTest, LeafRoundTrip) {
  Node n;
  n.leaf = true;
  for (int i = 0; i < 50; i++) {
    LeafEntry e;
    e.key = "key" + std::to_string(1000 + i);
    e.value = std::string(i, 'v');
    e.value_len = static_cast<uint32_t>(e.value.size());
    n.entries.push_back(e);
  }
  LeafEntry big;
  big.key = "zz";
  big.value_len = 100000;
  big.overflow = MakePageId(MakeChunkId(3, 4), 5);
  n.entries.push_back(big);
  n.Recompute();
  std::string page;
  ASSERT_TRUE(EncodePage(n, &page).ok());
  ASSERT_EQ(page.size(), kPageSize);
  auto d = DecodePage(page, MakePageId(MakeChunkId(1, 2), 3), "chunks/x");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_EQ((*d)->entries.size(), n.entries.size());
  for (size_t i = 0; i < n.entries.size(); i++) {
    EXPECT_EQ((*d)->entries[i].key, n.entries[i].key);
    EXPECT_EQ((*d)->entries[i].value, n.entries[i].value);
    EXPECT_EQ((*d)->entries[i].value_len, n.entries[i].value_len);
    EXPECT_EQ((*d)->entries[i].overflow, n.entries[i].overflow);
  }
  EXPECT_EQ((*d)->bytes, n.bytes);
}

TEST(PageTest, InternalAndOverflowRoundTrip) {
  Node n;
  n.leaf = false;
  for (int i = 0; i < 30; i++) {
    ChildRef c;
    c.key = i == 0 ? "" : "sep" + std::to_string(i);
    c.id = MakePageId(MakeChunkId(1, static_cast<uint32_t>(i)), 7);
    n.children.push_back(c);
  }
  n.Recompute();
  std::string page;
  ASSERT_TRUE(EncodePage(n, &page).ok());
  auto d = DecodePage(page, 1, "chunks/x");
  ASSERT_TRUE(d.ok());
  ASSERT_FALSE((*d)->leaf);
  ASSERT_EQ((*d)->children.size(), 30u);
  EXPECT_EQ((*d)->children[5].key, "sep5");
  EXPECT_EQ((*d)->children[5].id, n.children[5].id);

  std::string data(kOverflowDataSize, 'o');
  std::string opage;
  EncodeOverflowPage(data, 99, &opage);
  auto o = DecodePage(opage, 2, "chunks/x");
  ASSERT_TRUE(o.ok());
  EXPECT_TRUE((*o)->is_overflow);
  EXPECT_EQ((*o)->overflow_data, data);
  EXPECT_EQ((*o)->overflow_next, 99u);
}

TEST(PageTest, EncodeRefusesMemoryChildrenAndOversizedNodes) {
  Node n;
  n.leaf = false;
  ChildRef c;
  c.id = kMemoryBit | 5;
  n.children.push_back(c);
  n.Recompute();
  std::string page;
  EXPECT_FALSE(EncodePage(n, &page).ok());
  Node big;
  LeafEntry e;
  e.key = std::string(1000, 'k');
  e.value = std::string(10, 'v');
  e.value_len = 10;
  for (int i = 0; i < 5; i++) big.entries.push_back(e);
  big.Recompute();
  EXPECT_GT(big.bytes, kPageSize);
  EXPECT_FALSE(EncodePage(big, &page).ok());
}

TEST(PageTest, RandomDamageNeverCrashes) {
  Node n;
  for (int i = 0; i < 80; i++) {
    LeafEntry e;
    e.key = "k" + std::to_string(i);
    e.value = std::string(20, 'x');
    e.value_len = 20;
    n.entries.push_back(e);
  }
  n.Recompute();
  std::string good;
  ASSERT_TRUE(EncodePage(n, &good).ok());
  std::mt19937 rng(5);
  int corrupt = 0;
  for (int iter = 0; iter < 20000; iter++) {
    std::string page = good;
    int flips = 1 + static_cast<int>(rng() % 8);
    for (int f = 0; f < flips; f++) page[rng() % (iter % 2 ? 64 : kPageSize)] = static_cast<char>(rng());
    auto d = DecodePage(page, 1, "chunks/x");
    if (!d.ok()) {
      EXPECT_TRUE(d.status().IsCorruption());
      EXPECT_NE(d.status().message().find("chunks/x"), std::string::npos);
      corrupt++;
    }
  }
  EXPECT_GT(corrupt, 0);
}

}  // namespace
}  // namespace s3lite
