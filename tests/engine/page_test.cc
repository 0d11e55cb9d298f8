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
    n.AppendEntry(e);
  }
  LeafEntry big;
  big.key = "zz";
  big.value_len = 100000;
  big.overflow = MakePageId(MakeChunkId(3, 4), 5);
  n.AppendEntry(big);
  n.Recompute();
  std::string page;
  ASSERT_TRUE(EncodePage(n, &page).ok());
  ASSERT_EQ(page.size(), kPageSize);
  auto d = DecodePage(page, MakePageId(MakeChunkId(1, 2), 3), "chunks/x");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_EQ((*d)->size(), n.size());
  for (size_t i = 0; i < n.size(); i++) {
    EXPECT_EQ((*d)->entry(i).key, n.entry(i).key);
    EXPECT_EQ((*d)->entry(i).value, n.entry(i).value);
    EXPECT_EQ((*d)->entry(i).value_len, n.entry(i).value_len);
    EXPECT_EQ((*d)->entry(i).overflow, n.entry(i).overflow);
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
  for (int i = 0; i < 5; i++) big.AppendEntry(e);
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
    n.AppendEntry(e);
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
    n.AppendEntry(e);
  }
  LeafEntry big;
  big.key = "zz";
  big.value_len = 70000;
  big.overflow = MakePageId(MakeChunkId(3, 4), 5);
  n.AppendEntry(big);
  n.Recompute();
  std::string page;
  ASSERT_TRUE(EncodePage(n, &page).ok());
  auto p = DecodePage(page, 7, "chunks/x", LeafForm::kPacked);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const Node& packed = **p;
  EXPECT_TRUE(packed.packed);
  EXPECT_TRUE(packed.slots.empty());
  ASSERT_EQ(packed.size(), n.size());
  EXPECT_EQ(packed.bytes, n.bytes);
  for (size_t i = 0; i < n.size(); i++) {
    LeafView v = packed.entry(i);
    EXPECT_EQ(packed.key(i), n.entry(i).key);
    EXPECT_EQ(v.key, n.entry(i).key);
    EXPECT_EQ(v.value, n.entry(i).value);
    EXPECT_EQ(v.value_len, n.entry(i).value_len);
    EXPECT_EQ(v.overflow, n.entry(i).overflow);
  }
  NodePtr copy = packed.UnpackedCopy();
  EXPECT_FALSE(copy->packed);
  EXPECT_EQ(copy->id, 7u);
  ASSERT_EQ(copy->size(), n.size());
  for (size_t i = 0; i < n.size(); i++) {
    EXPECT_EQ(copy->entry(i).key, n.entry(i).key);
    EXPECT_EQ(copy->entry(i).value, n.entry(i).value);
    EXPECT_EQ(copy->entry(i).overflow, n.entry(i).overflow);
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
    n.AppendEntry(e);
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
  leaf.AppendEntry(small);
  leaf.AppendEntry(big);
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

// The entries form under random inserts, value changes (small, big in
// memory, stored overflow), erases and truncations stays equal to a plain
// model, keeps `bytes` equal to Recompute(), drops its garbage, encodes to
// the same page as a freshly built node, and copies (AppendEntries) exactly.
TEST(PageTest, EntriesFormMutationsMatchModel) {
  std::mt19937 rng(17);
  Node n;
  std::vector<LeafEntry> model;
  auto check = [&](const Node& x) {
    ASSERT_EQ(x.size(), model.size());
    for (size_t i = 0; i < model.size(); i++) {
      LeafView v = x.entry(i);
      ASSERT_EQ(v.key, model[i].key);
      ASSERT_EQ(v.value, model[i].value);
      ASSERT_EQ(v.value_len, model[i].value_len);
      ASSERT_EQ(v.overflow, model[i].overflow);
      ASSERT_EQ(x.key(i), model[i].key);
    }
    uint32_t bytes = x.bytes;
    Node y = x;
    y.Recompute();
    ASSERT_EQ(bytes, y.bytes);
  };
  auto value_of = [&](int kind) {
    LeafEntry e;
    if (kind == 0) {
      e.value = std::string(rng() % 40, static_cast<char>('a' + rng() % 26));
    } else if (kind == 1) {
      e.value = std::string(2000 + rng() % 3000, 'B');  // big, in memory
    } else {
      e.overflow = MakePageId(MakeChunkId(1, rng() % 100 + 1), 3);  // big, stored
      e.value_len = 5000;
      return e;
    }
    e.value_len = static_cast<uint32_t>(e.value.size());
    return e;
  };
  for (int iter = 0; iter < 4000; iter++) {
    int op = static_cast<int>(rng() % 10);
    if (op < 5 || model.empty()) {
      LeafEntry e = value_of(rng() % 10 == 0 ? 1 + static_cast<int>(rng() % 2) : 0);
      e.key = "k" + std::to_string(rng() % 100000);
      size_t at = 0;
      while (at < model.size() && model[at].key < e.key) at++;
      if (at < model.size() && model[at].key == e.key) continue;
      n.InsertEntry(at, e);
      model.insert(model.begin() + static_cast<long>(at), e);
    } else if (op < 7) {
      size_t at = rng() % model.size();
      LeafEntry e = value_of(rng() % 10 == 0 ? 1 : 0);
      n.SetValue(at, e.value);
      model[at].value = e.value;
      model[at].value_len = e.value_len;
      model[at].overflow = 0;
    } else if (op < 9) {
      size_t at = rng() % model.size();
      n.EraseEntry(at);
      model.erase(model.begin() + static_cast<long>(at));
    } else {
      size_t keep = model.size() - rng() % (model.size() / 4 + 1);
      n.TruncateEntries(keep);
      model.resize(keep);
    }
    check(n);
    // The arena never holds much more than its live bytes.
    ASSERT_LE(n.garbage, n.arena.size());
  }
  Node copy;
  copy.AppendEntries(n, 0, n.size());
  check(copy);
  EXPECT_EQ(copy.garbage, 0u);
  NodePtr unpacked = n.UnpackedCopy();
  check(*unpacked);
}

// Keys and values read from the node itself may be passed back to it (an
// UPDATE that writes a value it read, INSERT ... SELECT from the same
// table): they are copied before the arena moves.
TEST(PageTest, EntriesFormAcceptsItsOwnBytes) {
  Node n;
  for (int i = 0; i < 40; i++) n.AppendEntry(LeafView("k" + std::to_string(100 + i), std::string(30, 'a' + i % 26)));
  for (int round = 0; round < 50; round++) {
    LeafView v = n.entry(static_cast<size_t>(round % 40));
    std::string want_key = std::string(v.key) + "x", want_value(v.value);
    // A new key made of the same bytes (a view into the arena) plus a suffix
    // would not alias; use the value view directly as another entry's value.
    n.InsertEntry(n.size(), LeafView(std::string_view(want_key), v.value));
    ASSERT_EQ(n.entry(n.size() - 1).value, want_value);
    n.SetValue(0, n.entry(1).value);  // own bytes
    ASSERT_EQ(n.entry(0).value, n.entry(1).value);
    n.EraseEntry(n.size() - 1);
  }
  std::string big(5000, 'B');
  n.SetValue(2, big);
  n.SetValue(2, n.entry(2).value);  // its own big value
  EXPECT_EQ(n.entry(2).value, big);
  uint32_t bytes = n.bytes;
  n.Recompute();
  EXPECT_EQ(n.bytes, bytes);
}

// A full page built by appends re-encodes byte for byte after a decode
// into the entries form, with every key and value in place.
TEST(PageTest, EntriesFormFromDecodedPageReencodes) {
  Node n;
  for (int i = 0; n.bytes < kPageSize - 64; i++) {
    n.AppendEntry(LeafView("key" + std::to_string(100000 + i), std::string(17, 'v')));
  }
  std::string page;
  ASSERT_TRUE(EncodePage(n, &page).ok());
  auto d = DecodePage(page, 9, "chunks/x");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_FALSE((*d)->packed);
  EXPECT_LE((*d)->arena.size(), kPageSize);
  std::string again;
  ASSERT_TRUE(EncodePage(**d, &again).ok());
  EXPECT_EQ(again, page);
}

}  // namespace
}  // namespace s3lite
