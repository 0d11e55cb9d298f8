// VerifyPages (maintenance.h): a physical walk of one stored version.
#include <set>

#include "engine/cache/pager.h"
#include "engine/db/maintenance.h"
#include "engine/manifest/manifest.h"

namespace s3lite {
namespace {

constexpr size_t kMaxProblems = 100;

class PageWalker {
 public:
  PageWalker(Pager* pager, PageVerifyReport* report) : pager_(pager), report_(report) {}

  void Tree(const TreeRoot& t) {
    tree_ = t.tree;
    leaf_depth_ = -1;
    if (t.root == kInvalidPageId) return;
    Walk(t.root, std::nullopt, std::nullopt, 0);
  }
  const std::set<ChunkId>& chunks() const { return chunks_; }

 private:
  void Problem(const std::string& p) {
    if (report_->problems.size() < kMaxProblems) report_->problems.push_back("tree " + std::to_string(tree_) + ": " + p);
  }
  static std::string Where(PageId id) {
    return "page " + std::to_string(PageSlot(id)) + " of chunk " + std::to_string(ChunkEpoch(PageChunk(id))) + "-" +
           std::to_string(ChunkCounter(PageChunk(id)));
  }

  // Every key under `id` must be >= lo and < hi (when set).
  void Walk(PageId id, std::optional<std::string> lo, std::optional<std::string> hi, int depth) {
    if (report_->problems.size() >= kMaxProblems) return;
    if (id == kInvalidPageId || IsMemoryPage(id)) return Problem("invalid page reference " + std::to_string(id));
    chunks_.insert(PageChunk(id));
    Result<ConstNodePtr> r = pager_->Load(id);
    if (!r.ok()) return Problem(Where(id) + ": " + r.status().message());
    const Node& n = **r;
    if (n.is_overflow) return Problem(Where(id) + ": overflow page where a tree node was expected");
    auto in_bounds = [&](std::string_view k) { return (!lo || k >= *lo) && (!hi || k < *hi); };
    if (n.leaf) {
      report_->leaf_pages++;
      if (leaf_depth_ < 0) leaf_depth_ = depth;
      if (depth != leaf_depth_) Problem(Where(id) + ": leaf at depth " + std::to_string(depth));
      if (n.size() == 0) Problem(Where(id) + ": empty leaf");
      for (size_t i = 0; i < n.size(); i++) {
        LeafView e = n.entry(i);
        report_->entries++;
        if (i > 0 && !(n.key(i - 1) < e.key)) Problem(Where(id) + ": keys out of order at cell " + std::to_string(i));
        if (!in_bounds(e.key)) Problem(Where(id) + ": key outside its parent's range at cell " + std::to_string(i));
        if (e.overflow != 0) Chain(id, e);
      }
      return;
    }
    report_->internal_pages++;
    if (n.children.empty()) return Problem(Where(id) + ": internal page without children");
    for (size_t i = 0; i < n.children.size(); i++) {
      if (i > 0) {
        const std::string& k = n.children[i].key;
        if (i > 1 && !(n.children[i - 1].key < k)) Problem(Where(id) + ": separators out of order at cell " + std::to_string(i));
        if (!in_bounds(k)) Problem(Where(id) + ": separator outside its parent's range at cell " + std::to_string(i));
      }
      std::optional<std::string> clo = i == 0 ? lo : std::optional<std::string>(n.children[i].key);
      std::optional<std::string> chi = i + 1 < n.children.size() ? std::optional<std::string>(n.children[i + 1].key) : hi;
      Walk(n.children[i].id, clo, chi, depth + 1);
    }
  }

  void Chain(PageId leaf, const LeafView& e) {
    uint64_t total = 0;
    int pages = 0;
    for (PageId p = e.overflow; p != 0; pages++) {
      if (pages > (1 << 21)) return Problem(Where(leaf) + ": overflow chain does not end");
      chunks_.insert(PageChunk(p));
      Result<ConstNodePtr> r = pager_->Load(p);
      if (!r.ok()) return Problem(Where(p) + ": " + r.status().message());
      if (!(*r)->is_overflow) return Problem(Where(p) + ": overflow chain reaches a non-overflow page");
      report_->overflow_pages++;
      total += (*r)->overflow_data.size();
      p = (*r)->overflow_next;
    }
    if (total != e.value_len) {
      Problem(Where(leaf) + ": overflow value has " + std::to_string(total) + " bytes, cell says " +
              std::to_string(e.value_len));
    }
  }

  Pager* pager_;
  PageVerifyReport* report_;
  TreeId tree_ = 0;
  int leaf_depth_ = -1;
  std::set<ChunkId> chunks_;
};

}  // namespace

std::string PageVerifyReport::Summary() const {
  return "version " + std::to_string(version) + ": " + std::to_string(trees) + " trees, " + std::to_string(entries) +
         " entries, " + std::to_string(leaf_pages) + " leaf / " + std::to_string(internal_pages) + " internal / " +
         std::to_string(overflow_pages) + " overflow pages in " + std::to_string(chunks) + " chunks: " +
         (problems.empty() ? "OK" : std::to_string(problems.size()) + " problem(s)");
}

Result<PageVerifyReport> VerifyPages(Database& db, std::optional<uint64_t> version) {
  ObjectStore& store = db.store();
  uint64_t v = 0;
  if (version) {
    v = *version;
  } else {
    S3LITE_ASSIGN_OR_RETURN(v, FindNewestManifestVersion(store));
    if (v == 0) return Status::NotFound("no database version in " + store.Describe());
  }
  S3LITE_ASSIGN_OR_RETURN(Manifest m, ReadManifest(store, v));
  PageVerifyReport report;
  report.version = v;
  Pager pager(&store, 4096, 0);  // private: every chunk is fetched and checksummed again
  PageWalker walker(&pager, &report);
  for (const TreeRoot& t : m.trees) {
    report.trees++;
    walker.Tree(t);
  }
  report.chunks = walker.chunks().size();
  Result<std::vector<ChunkEntry>> dir = LoadChunkDirectory(store, m.chunk_segments);
  if (!dir.ok()) {
    report.problems.push_back("chunk directory: " + dir.status().message());
    return report;
  }
  std::set<ChunkId> listed;
  for (const ChunkEntry& c : *dir) listed.insert(c.id);
  for (ChunkId c : walker.chunks()) {
    if (!listed.count(c) && report.problems.size() < kMaxProblems) {
      report.problems.push_back("chunk " + ChunkKey(c) + " is referenced but not in the chunk directory");
    }
  }
  return report;
}

}  // namespace s3lite
