// The tree that sqlite3's shell draws for EXPLAIN QUERY PLAN:
//
//   QUERY PLAN
//   |--SEARCH t USING INTEGER PRIMARY KEY (rowid=?)
//   |--LIST SUBQUERY 1
//   |  `--SEARCH t USING INDEX tb (b>?)
//   `--USE TEMP B-TREE FOR ORDER BY
//
// Rows are (id, parent, notused, detail). They are buffered until End(),
// then each row is printed under its parent in arrival order, "|--" before
// every child but the last, "`--" before the last, with "|  " or "   "
// continuing the ancestors' lines; the prefix stops growing past 93 bytes,
// as in sqlite3's eqp_render_level().
#include <cstdint>
#include <cstdlib>

#include "cli/common/result_formatter.h"
#include "cli/common/value_render.h"

namespace s3lite {
namespace {

class EqpFormatter : public ResultFormatter {
 public:
  explicit EqpFormatter(std::FILE* out) : out_(out) {}

  void Begin(const std::vector<std::string>&) override {}

  void Row(const s3lite::Row& row) override {
    if (row.size() < 4) return;
    rows_.push_back({IdOf(row[0]), IdOf(row[1]), RenderText(row[3])});
  }

  void End() override {
    if (rows_.empty()) return;
    Emit(out_, "QUERY PLAN\n");
    std::string prefix;
    RenderLevel(0, &prefix);
    rows_.clear();
  }

 private:
  struct PlanRow {
    int64_t id;
    int64_t parent;
    std::string detail;
  };

  static int64_t IdOf(const Value& v) { return std::atoll(RenderText(v).c_str()); }

  static std::string RenderText(const Value& v) { return ColumnText(v).value_or(std::string()); }

  // The index of the first row after `after` whose parent is `parent`, or -1.
  long NextChild(int64_t parent, long after) const {
    for (size_t i = static_cast<size_t>(after + 1); i < rows_.size(); ++i) {
      if (rows_[i].parent == parent) return static_cast<long>(i);
    }
    return -1;
  }

  void RenderLevel(int64_t parent, std::string* prefix) {
    size_t n = prefix->size();
    for (long i = NextChild(parent, -1); i >= 0;) {
      long next = NextChild(parent, i);
      Emit(out_, *prefix + (next >= 0 ? "|--" : "`--") + rows_[static_cast<size_t>(i)].detail + "\n");
      if (n < kMaxPrefix) {
        prefix->append(next >= 0 ? "|  " : "   ");
        // A row listing itself as its parent would recurse forever.
        if (rows_[static_cast<size_t>(i)].id != parent) RenderLevel(rows_[static_cast<size_t>(i)].id, prefix);
        prefix->resize(n);
      }
      i = next;
    }
  }

  static constexpr size_t kMaxPrefix = 100 - 7;  // sqlite3's zPrefix[100]

  std::FILE* out_;
  std::vector<PlanRow> rows_;
};

}  // namespace

std::unique_ptr<ResultFormatter> NewEqpFormatter(std::FILE* out) { return std::make_unique<EqpFormatter>(out); }

}  // namespace s3lite
