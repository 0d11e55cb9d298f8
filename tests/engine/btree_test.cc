// B+ tree tests on memory pages only: model test against std::map, cursor
// in both directions, copy-on-write isolation of older roots, fill factor.
#include "engine/btree/btree.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "engine/btree/tree_cursor.h"

namespace s3lite {
namespace {

class NoStore : public PageSource {
 public:
  Result<ConstNodePtr> Load(PageId id) override {
    return Status::Internal("no stored pages in this test: " + std::to_string(id));
  }
};

struct Fixture {
  NoStore source;
  std::atomic<uint64_t> counter{1};
  TreeWriter w;
  ChildRef root;
  Fixture() {
    w.source = &source;
    w.next_memory_page = &counter;
  }
  void Freeze() { w.mutable_floor = counter.load(); }
};

std::string Key(int i) {
  char b[16];
  snprintf(b, sizeof b, "k%08d", i);
  return b;
}

// Depth-first check of key order, fill and separators; returns leaf count.
void CheckTree(PageSource& src, const ChildRef& ref, std::string lo, int depth, int* leaf_depth,
               size_t* leaves, size_t* leaf_bytes) {
  auto n = LoadNode(src, ref);
  ASSERT_TRUE(n.ok());
  const Node& node = **n;
  ASSERT_LE(node.bytes, kPageSize);
  if (node.leaf) {
    if (*leaf_depth < 0) *leaf_depth = depth;
    ASSERT_EQ(*leaf_depth, depth);
    (*leaves)++;
    *leaf_bytes += node.bytes;
    for (size_t i = 0; i < node.size(); i++) {
      ASSERT_GE(node.key(i), lo);
      if (i) {
        ASSERT_LT(node.key(i - 1), node.key(i));
      }
    }
    return;
  }
  ASSERT_GE(node.children.size(), 1u);
  for (size_t i = 0; i < node.children.size(); i++) {
    std::string clo = i == 0 ? lo : node.children[i].key;
    if (i) {
      ASSERT_GE(node.children[i].key, lo);
    }
    if (i > 1) {
      ASSERT_LT(node.children[i - 1].key, node.children[i].key);
    }
    CheckTree(src, node.children[i], clo, depth + 1, leaf_depth, leaves, leaf_bytes);
  }
}

TEST(BTreeTest, ModelRandomOps) {
  Fixture f;
  std::map<std::string, std::string> model;
  std::mt19937 rng(42);
  for (int op = 0; op < 120000; op++) {
    int k = static_cast<int>(rng() % 5000);
    int what = static_cast<int>(rng() % 10);
    if (op % 20000 == 0) f.Freeze();  // like a commit: older pages become immutable
    if (what < 6) {
      std::string v(rng() % 3 == 0 ? rng() % 3000 : rng() % 40, static_cast<char>('a' + op % 26));
      ASSERT_TRUE(BTreePut(f.w, &f.root, Key(k), v).ok());
      model[Key(k)] = v;
    } else if (what < 9) {
      bool found = false;
      ASSERT_TRUE(BTreeDelete(f.w, &f.root, Key(k), &found).ok());
      ASSERT_EQ(found, model.erase(Key(k)) == 1);
    } else {
      // Lower bound of a key that may be absent, or just after a key.
      std::string target = op % 2 ? Key(k) : Key(k) + "x";
      std::string lb;
      Status ls = BTreeLowerBound(f.source, f.root, target, &lb);
      auto lit = model.lower_bound(target);
      if (lit == model.end()) {
        ASSERT_TRUE(ls.IsNotFound()) << ls.ToString();
      } else {
        ASSERT_TRUE(ls.ok()) << ls.ToString();
        ASSERT_EQ(lb, lit->first);
      }
      std::string v;
      Status s = BTreeGet(f.source, f.root, Key(k), &v);
      auto it = model.find(Key(k));
      if (it == model.end()) {
        ASSERT_TRUE(s.IsNotFound());
      } else {
        ASSERT_TRUE(s.ok()) << s.ToString();
        ASSERT_EQ(v, it->second);
      }
    }
  }
  int depth = -1;
  size_t leaves = 0, bytes = 0;
  CheckTree(f.source, f.root, "", 0, &depth, &leaves, &bytes);
  // Full forward and backward scans equal the model.
  TreeCursor c(&f.source, [&] { return f.root; }, nullptr);
  ASSERT_TRUE(c.SeekFirst().ok());
  for (auto& [k, v] : model) {
    ASSERT_TRUE(c.Valid());
    ASSERT_EQ(c.key(), k);
    ASSERT_EQ(c.value(), v);
    ASSERT_TRUE(c.Next().ok());
  }
  ASSERT_FALSE(c.Valid());
  ASSERT_TRUE(c.SeekLast().ok());
  for (auto it = model.rbegin(); it != model.rend(); ++it) {
    ASSERT_TRUE(c.Valid());
    ASSERT_EQ(c.key(), it->first);
    ASSERT_TRUE(c.Prev().ok());
  }
  ASSERT_FALSE(c.Valid());
  // Deleting everything empties the tree.
  for (auto& [k, v] : model) {
    bool found = false;
    ASSERT_TRUE(BTreeDelete(f.w, &f.root, k, &found).ok());
    ASSERT_TRUE(found);
  }
  EXPECT_EQ(f.root.id, kInvalidPageId);
}

// Lower bounds across leaf ends: after deleting runs of keys, targets in
// the gaps must find the first key of a later leaf.
TEST(BTreeTest, LowerBoundCrossesLeaves) {
  Fixture f;
  std::map<std::string, std::string> model;
  for (int i = 0; i < 6000; i++) {
    ASSERT_TRUE(BTreePut(f.w, &f.root, Key(i), std::string(30, 'v')).ok());
    model[Key(i)] = "";
  }
  for (int i = 0; i < 6000; i++) {
    if ((i / 150) % 3 == 1) {  // delete runs longer than a leaf
      bool found = false;
      ASSERT_TRUE(BTreeDelete(f.w, &f.root, Key(i), &found).ok());
      model.erase(Key(i));
    }
  }
  std::string lb;
  EXPECT_TRUE(BTreeLowerBound(f.source, ChildRef{}, "a", &lb).IsNotFound());
  for (int i = -1; i <= 6001; i++) {
    std::string target = i < 0 ? "" : Key(i);
    Status s = BTreeLowerBound(f.source, f.root, target, &lb);
    auto it = model.lower_bound(target);
    if (it == model.end()) {
      ASSERT_TRUE(s.IsNotFound()) << target;
    } else {
      ASSERT_TRUE(s.ok()) << s.ToString();
      ASSERT_EQ(lb, it->first) << target;
    }
  }
}

TEST(BTreeTest, SeekAndSeekForPrev) {
  Fixture f;
  for (int i = 0; i < 10000; i += 2) ASSERT_TRUE(BTreePut(f.w, &f.root, Key(i), "v").ok());
  TreeCursor c(&f.source, [&] { return f.root; }, nullptr);
  for (int i = -1; i <= 10000; i += 7) {
    std::string target = i < 0 ? "" : Key(i);
    ASSERT_TRUE(c.Seek(target).ok());
    int want = i < 0 ? 0 : (i % 2 ? i + 1 : i);
    if (want >= 10000) {
      EXPECT_FALSE(c.Valid());
    } else {
      ASSERT_TRUE(c.Valid());
      EXPECT_EQ(c.key(), Key(want));
    }
    ASSERT_TRUE(c.SeekForPrev(target).ok());
    int pwant = i < 0 ? -1 : (i % 2 ? i - 1 : i);
    if (i >= 10000) pwant = 9998;
    if (pwant < 0) {
      EXPECT_FALSE(c.Valid());
    } else {
      ASSERT_TRUE(c.Valid());
      EXPECT_EQ(c.key(), Key(pwant));
    }
  }
  ASSERT_TRUE(c.SeekForPrev("zzz").ok());
  ASSERT_TRUE(c.Valid());
  EXPECT_EQ(c.key(), Key(9998));
}

TEST(BTreeTest, AppendsFillLeaves) {
  Fixture f;
  for (int i = 0; i < 100000; i++) ASSERT_TRUE(BTreePut(f.w, &f.root, Key(i), std::string(20, 'x')).ok());
  int depth = -1;
  size_t leaves = 0, bytes = 0;
  CheckTree(f.source, f.root, "", 0, &depth, &leaves, &bytes);
  EXPECT_GT(static_cast<double>(bytes) / (leaves * kPageSize), 0.95);
}

TEST(BTreeTest, CopyOnWriteKeepsOldRoot) {
  Fixture f;
  for (int i = 0; i < 3000; i++) ASSERT_TRUE(BTreePut(f.w, &f.root, Key(i), "old").ok());
  f.Freeze();
  ChildRef old = f.root;
  for (int i = 0; i < 3000; i += 3) ASSERT_TRUE(BTreePut(f.w, &f.root, Key(i), "new").ok());
  for (int i = 1; i < 3000; i += 3) {
    bool found;
    ASSERT_TRUE(BTreeDelete(f.w, &f.root, Key(i), &found).ok());
  }
  for (int i = 0; i < 3000; i++) {
    std::string v;
    ASSERT_TRUE(BTreeGet(f.source, old, Key(i), &v).ok());
    EXPECT_EQ(v, "old");
  }
}

TEST(BTreeTest, CursorSurvivesWritesToItsTree) {
  Fixture f;
  uint64_t version = 0;
  for (int i = 0; i < 2000; i++) ASSERT_TRUE(BTreePut(f.w, &f.root, Key(i * 2), "v").ok());
  TreeCursor c(&f.source, [&] { return f.root; }, &version);
  ASSERT_TRUE(c.SeekFirst().ok());
  int seen = 0;
  while (c.Valid()) {
    std::string k(c.key());
    // Insert odd keys behind and far ahead of the cursor.
    ASSERT_TRUE(BTreePut(f.w, &f.root, k + "a", std::string(100, 'z')).ok());
    version++;
    ASSERT_TRUE(c.Next().ok());
    if (c.Valid()) {
      ASSERT_EQ(c.key(), k + "a");
      ASSERT_TRUE(c.Next().ok());
    }
    seen++;
  }
  EXPECT_EQ(seen, 2000);
}

}  // namespace
}  // namespace s3lite
