// insert mode: one "INSERT INTO <table>[(cols)] VALUES(...);" per row, the
// column list only when headers are on; text with newlines is written with
// replace(...,char(10)) so each statement stays on one line, as sqlite3 does.
#include "cli/common/result_formatter.h"
#include "cli/common/value_render.h"
#include "sql/function/value_ops.h"

namespace s3lite {
namespace {

class InsertFormatter : public ResultFormatter {
 public:
  InsertFormatter(const OutputSettings& s, std::FILE* out) : s_(s), out_(out) {}

  void Begin(const std::vector<std::string>& columns) override {
    prefix_ = "INSERT INTO " + s_.insert_table;
    if (s_.headers) {
      prefix_ += '(';
      for (size_t i = 0; i < columns.size(); ++i) {
        if (i > 0) prefix_ += ',';
        prefix_ += QuoteIdentifierIfNeeded(columns[i]);
      }
      prefix_ += ')';
    }
  }

  void Row(const s3lite::Row& row) override {
    std::string line = prefix_;
    for (size_t i = 0; i < row.size(); ++i) {
      line += i > 0 ? "," : " VALUES(";
      line += InsertModeValue(row[i]);
    }
    line += ");\n";
    Emit(out_, line);
  }

  void End() override {}

 private:
  OutputSettings s_;
  std::FILE* out_;
  std::string prefix_;
};

}  // namespace

std::unique_ptr<ResultFormatter> NewInsertFormatter(const OutputSettings& s, std::FILE* out) {
  return std::make_unique<InsertFormatter>(s, out);
}

}  // namespace s3lite
