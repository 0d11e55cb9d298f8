// json mode: one JSON array per result set, one object per row, keys in
// column order (duplicates kept, as sqlite3 does); INTEGER as a number, REAL
// with sqlite3's %!.20g, TEXT and BLOB as strings, NULL as null.
#include "cli/common/result_formatter.h"
#include "cli/common/value_render.h"
#include "sql/function/value_ops.h"

namespace s3lite {
namespace {

class JsonFormatter : public ResultFormatter {
 public:
  JsonFormatter(const OutputSettings& s, std::FILE* out) : out_(out) { (void)s; }

  void Begin(const std::vector<std::string>& columns) override {
    keys_.clear();
    for (const auto& c : columns) keys_.push_back(JsonString(c.substr(0, c.find('\0'))) + ":");
    rows_ = 0;
  }

  void Row(const s3lite::Row& row) override {
    std::string line = rows_++ == 0 ? "[{" : ",\n{";
    for (size_t i = 0; i < row.size(); ++i) {
      if (i < keys_.size()) line += keys_[i];
      const Value& v = row[i];
      switch (v.type()) {
        case ValueType::kNull: line += "null"; break;
        case ValueType::kInteger: line += ValueToText(v); break;
        case ValueType::kReal: line += JsonModeReal(v.real()); break;
        case ValueType::kText: line += JsonString(v.text().substr(0, v.text().find('\0'))); break;
        case ValueType::kBlob: line += JsonString(v.blob()); break;
      }
      if (i + 1 < row.size()) line += ',';
    }
    line += '}';
    Emit(out_, line);
  }

  void End() override {
    if (rows_ > 0) Emit(out_, "]\n");
  }

 private:
  std::FILE* out_;
  std::vector<std::string> keys_;
  size_t rows_ = 0;
};

}  // namespace

std::unique_ptr<ResultFormatter> NewJsonFormatter(const OutputSettings& s, std::FILE* out) {
  return std::make_unique<JsonFormatter>(s, out);
}

}  // namespace s3lite
