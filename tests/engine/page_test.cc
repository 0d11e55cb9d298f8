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

// The packed leaf form (what the pager caches) reads the same entries as
// the entries form, reports the same size, and unpacks to an equal copy.
TEST(PageTest, PackedLeafMatchesEntriesForm) {
  Node n;
  for (int i = 0; i < 60; i++) {
    LeafEntry e;
    e.key = "key" + std::to_string(1000 + i);
    e.value = std::string(static_cast<size_t>(i), static_cast<char>('a' + i % 26));
    e.value_len = static_cast<uint32_t>(e.value.size());
    n.entries.push_back(e);
  }
  LeafEntry big;
  big.key = "zz";
  big.value_len = 70000;
  big.overflow = MakePageId(MakeChunkId(3, 4), 5);
  n.entries.push_back(big);
  n.Recompute();
  std::string page;
  ASSERT_TRUE(EncodePage(n, &page).ok());
  auto p = DecodePage(page, 7, "chunks/x", LeafForm::kPacked);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const Node& packed = **p;
  EXPECT_TRUE(packed.packed);
  EXPECT_TRUE(packed.entries.empty());
  ASSERT_EQ(packed.size(), n.entries.size());
  EXPECT_EQ(packed.bytes, n.bytes);
  for (size_t i = 0; i < n.entries.size(); i++) {
    LeafView v = packed.entry(i);
    EXPECT_EQ(packed.key(i), n.entries[i].key);
    EXPECT_EQ(v.key, n.entries[i].key);
    EXPECT_EQ(v.value, n.entries[i].value);
    EXPECT_EQ(v.value_len, n.entries[i].value_len);
    EXPECT_EQ(v.overflow, n.entries[i].overflow);
  }
  NodePtr copy = packed.UnpackedCopy();
  EXPECT_FALSE(copy->packed);
  EXPECT_EQ(copy->id, 7u);
  ASSERT_EQ(copy->entries.size(), n.entries.size());
  for (size_t i = 0; i < n.entries.size(); i++) {
    EXPECT_EQ(copy->entries[i].key, n.entries[i].key);
    EXPECT_EQ(copy->entries[i].value, n.entries[i].value);
    EXPECT_EQ(copy->entries[i].overflow, n.entries[i].overflow);
  }
  copy->Recompute();
  EXPECT_EQ(copy->bytes, n.bytes);
  // A packed leaf is read-only: encoding one is refused.
  std::string again;
  EXPECT_FALSE(EncodePage(packed, &again).ok());
  EXPECT_TRUE(EncodePage(*copy, &again).ok());
  EXPECT_EQ(again, page);
}

// Both forms accept and reject exactly the same damaged pages, and agree on
// every entry of the pages they accept.
TEST(PageTest, PackedAndEntriesFormsAgreeOnDamagedPages) {
  Node n;
  for (int i = 0; i < 70; i++) {
    LeafEntry e;
    e.key = "k" + std::to_string(i);
    e.value = std::string(static_cast<size_t>(i % 30), 'x');
    e.value_len = static_cast<uint32_t>(e.value.size());
    n.entries.push_back(e);
  }
  n.Recompute();
  std::string good;
  ASSERT_TRUE(EncodePage(n, &good).ok());
  std::mt19937 rng(11);
  int accepted = 0, rejected = 0;
  for (int iter = 0; iter < 20000; iter++) {
    std::string page = good;
    int flips = 1 + static_cast<int>(rng() % 6);
    for (int f = 0; f < flips; f++) page[rng() % (iter % 2 ? 160 : kPageSize)] = static_cast<char>(rng());
    auto a = DecodePage(page, 1, "chunks/x");
    auto b = DecodePage(page, 1, "chunks/x", LeafForm::kPacked);
    ASSERT_EQ(a.ok(), b.ok()) << "iteration " << iter;
    if (!a.ok()) {
      EXPECT_EQ(a.status().message(), b.status().message());
      rejected++;
      continue;
    }
    accepted++;
    const Node& x = **a;
    const Node& y = **b;
    ASSERT_EQ(x.leaf, y.leaf);
    ASSERT_EQ(x.size(), y.size());
    EXPECT_EQ(x.bytes, y.bytes);
    if (!x.leaf) continue;
    for (size_t i = 0; i < x.size(); i++) {
      LeafView u = x.entry(i), v = y.entry(i);
      ASSERT_EQ(u.key, v.key);
      ASSERT_EQ(u.value, v.value);
      ASSERT_EQ(u.overflow, v.overflow);
      ASSERT_EQ(u.value_len, v.value_len);
    }
  }
  EXPECT_GT(accepted, 0);
  EXPECT_GT(rejected, 0);
}

// EncodePageWithIds substitutes overflow refs and child ids without a copy.
TEST(PageTest, EncodeWithIdsSubstitutes) {
  Node leaf;
  LeafEntry small;
  small.key = "a";
  small.value = "1";
  small.value_len = 1;
  LeafEntry big;
  big.key = "b";
  big.value = std::string(5000, 'v');  // in memory, no chain yet
  big.value_len = 5000;
  leaf.entries = {small, big};
  leaf.Recompute();
  std::string page;
  EXPECT_FALSE(EncodePage(leaf, &page).ok());  // no overflow ref
  page.clear();
  PageId head = MakePageId(MakeChunkId(2, 9), 4);
  ASSERT_TRUE(EncodePageWithIds(leaf, {0, head}, &page).ok());
  auto d = DecodePage(page, 1, "chunks/x", LeafForm::kPacked);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ((*d)->entry(0).value, "1");
  EXPECT_EQ((*d)->entry(1).overflow, head);
  EXPECT_EQ((*d)->entry(1).value_len, 5000u);
  EXPECT_FALSE(EncodePageWithIds(leaf, {0}, &page).ok());  // wrong id count

  Node in;
  in.leaf = false;
  ChildRef c0, c1;
  c0.id = MakePageId(MakeChunkId(1, 1), 1);
  c1.key = "m";
  c1.id = kMemoryBit | 77;
  in.children = {c0, c1};
  in.Recompute();
  page.clear();
  EXPECT_FALSE(EncodePage(in, &page).ok());  // memory child
  page.clear();
  ASSERT_TRUE(EncodePageWithIds(in, {0, MakePageId(MakeChunkId(1, 2), 3)}, &page).ok());
  auto di = DecodePage(page, 2, "chunks/x");
  ASSERT_TRUE(di.ok());
  EXPECT_EQ((*di)->children[0].id, c0.id);
  EXPECT_EQ((*di)->children[1].id, MakePageId(MakeChunkId(1, 2), 3));
  EXPECT_EQ((*di)->children[1].key, "m");
}

}  // namespace
}  // namespace s3lite
