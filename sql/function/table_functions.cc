// json_each, json_tree and generate_series with sqlite3 3.40's columns and
// row order (see table_functions.h).
//
// json_each/json_tree walk the flat node array of json.h: the `id` column
// is a node's index in it (an object member's id is its value's index, one
// past its label), `parent` the index of the enclosing container, exactly
// as sqlite3 numbers them.
#include "sql/function/table_functions.h"

#include <cstdint>

#include "sql/function/builtin_functions.h"
#include "sql/function/json.h"

namespace s3lite {
namespace {

using json::JsonDoc;
using json::JsonNode;
using json::JsonType;

class JsonEachCursor final : public TableFunctionCursor {
 public:
  JsonEachCursor(bool recursive, const std::vector<bool>& used) : recursive_(recursive), used_(used) {
    used_.resize(10, true);
  }

  // Parses the document and positions on the first row (none if `json` is
  // NULL or the root path names nothing).
  Status Start(const std::vector<Value>& args) {
    if (args.empty() || args[0].is_null()) return Status::OK();
    const Value& j = args[0];
    if (!doc_.Parse(j.is_text() || j.is_blob() ? std::string_view(j.bytes()) : std::string_view(TextOf(j)))) {
      return Status::InvalidArgument("malformed JSON");
    }
    if (recursive_) doc_.FindParents();
    uint32_t node = 0;
    if (args.size() > 1) {
      if (args[1].is_null()) return Status::OK();
      root_ = TextOf(args[1]);
      root_ = root_.substr(0, root_.find('\0'));
      has_root_ = true;
      const char* error_at = nullptr;
      int found = -1;
      if (root_[0] != '$') error_at = root_.c_str();
      else found = doc_.LookupStep(0, root_.c_str() + 1, nullptr, &error_at);
      if (error_at != nullptr) return Status::InvalidArgument("JSON path error near '" + std::string(error_at) + "'");
      if (found < 0) return Status::OK();
      node = static_cast<uint32_t>(found);
    }
    begin_ = i_ = node;
    type_ = doc_.nodes[node].type;
    if (type_ >= JsonType::kArray) {
      doc_.nodes[node].key = 0;
      end_ = i_ + doc_.nodes[node].n + 1;
      if (recursive_) {
        type_ = doc_.nodes[doc_.up[i_]].type;
        if (i_ > 0 && (doc_.nodes[i_ - 1].flags & json::kNodeLabel) != 0) i_--;
      } else {
        i_++;
      }
    } else {
      end_ = i_ + 1;
    }
    return Status::OK();
  }

  Status Next(Row* row, bool* has_row) override {
    *has_row = i_ < end_;
    if (!*has_row) return Status::OK();
    Fill(row);
    Advance();
    return Status::OK();
  }

 private:
  void Fill(Row* row) {
    row->assign(10, Value());
    const JsonNode& self = doc_.nodes[i_];
    bool label = (self.flags & json::kNodeLabel) != 0;
    uint32_t value_index = label ? i_ + 1 : i_;
    const JsonNode& value = doc_.nodes[value_index];
    Value& key = (*row)[0];
    if (i_ != 0 && used_[0]) {
      if (type_ == JsonType::kObject) {
        key = doc_.ToSql(i_, json::SqlArgs());
      } else if (type_ == JsonType::kArray) {
        if (!recursive_) key = Value::Integer(rowid_);
        else if (rowid_ != 0) key = Value::Integer(doc_.nodes[doc_.up[i_]].key);
      }
    }
    if (used_[1] || (used_[3] && value.type < JsonType::kArray)) (*row)[1] = doc_.ToSql(value_index, json::SqlArgs());
    if (used_[2]) (*row)[2] = Value::Text(json::JsonTypeName(value.type));
    if (used_[3] && value.type < JsonType::kArray) (*row)[3] = (*row)[1];
    (*row)[4] = Value::Integer(static_cast<int64_t>(i_) + (label ? 1 : 0));
    if (i_ > begin_ && recursive_) (*row)[5] = Value::Integer(doc_.up[i_]);
    const std::string root = has_root_ ? root_ : "$";
    if (used_[6]) {
      std::string fullkey;
      if (recursive_) {
        ComputePath(i_, &fullkey);
      } else {
        fullkey = root;
        if (type_ == JsonType::kArray) fullkey += "[" + std::to_string(rowid_) + "]";
        else if (type_ == JsonType::kObject) json::AppendObjectPathElement(self, &fullkey);
      }
      (*row)[6] = Value::Text(std::move(fullkey));
    }
    if (used_[7] && recursive_) {
      std::string path;
      ComputePath(doc_.up[i_], &path);
      (*row)[7] = Value::Text(std::move(path));
    } else if (used_[7]) {
      (*row)[7] = Value::Text(root);
    }
    if (used_[8]) (*row)[8] = Value::Text(doc_.text());
    if (used_[9]) (*row)[9] = Value::Text(root);
  }

  void Advance() {
    if (recursive_) {
      if ((doc_.nodes[i_].flags & json::kNodeLabel) != 0) i_++;
      i_++;
      rowid_++;
      if (i_ < end_) {
        uint32_t up = doc_.up[i_];
        JsonNode& parent = doc_.nodes[up];
        type_ = parent.type;
        if (parent.type == JsonType::kArray) {
          if (up == i_ - 1) parent.key = 0;
          else parent.key++;
        }
      }
      return;
    }
    switch (type_) {
      case JsonType::kArray:
        i_ += json::NodeSize(doc_.nodes[i_]);
        rowid_++;
        break;
      case JsonType::kObject:
        i_ += 1 + json::NodeSize(doc_.nodes[i_ + 1]);
        rowid_++;
        break;
      default:
        i_ = end_;
        break;
    }
  }

  // "$", then ".key" / "[n]" per level down to node i.
  void ComputePath(uint32_t i, std::string* out) const {
    if (i == 0) {
      out->push_back('$');
      return;
    }
    uint32_t up = doc_.up[i];
    ComputePath(up, out);
    const JsonNode& parent = doc_.nodes[up];
    if (parent.type == JsonType::kArray) {
      *out += "[" + std::to_string(parent.key) + "]";
    } else {
      uint32_t label = (doc_.nodes[i].flags & json::kNodeLabel) != 0 ? i : i - 1;
      json::AppendObjectPathElement(doc_.nodes[label], out);
    }
  }

  bool recursive_;
  std::vector<bool> used_;
  JsonDoc doc_;
  std::string root_;
  bool has_root_ = false;
  uint32_t begin_ = 0, i_ = 0, end_ = 0;
  JsonType type_ = JsonType::kNull;
  int64_t rowid_ = 0;
};

// generate_series as the 3.40 shell's series.c: a negative step counts down
// from the last term; any NULL argument gives no rows; a missing stop is
// 4294967295; step 0 is 1.
class SeriesCursor final : public TableFunctionCursor {
 public:
  explicit SeriesCursor(const std::vector<Value>& args) {
    min_ = ValueToInt64(args[0]);
    max_ = args.size() > 1 ? ValueToInt64(args[1]) : 0xffffffff;
    bool desc = false;
    if (args.size() > 2) {
      step_ = ValueToInt64(args[2]);
      if (step_ == 0) {
        step_ = 1;
      } else if (step_ < 0) {
        step_ = step_ == INT64_MIN ? INT64_MAX : -step_;
        desc = true;
      }
    }
    for (const Value& v : args) {
      if (v.is_null()) {
        min_ = 1;
        max_ = 0;
        break;
      }
    }
    desc_ = desc;
    if (desc_) {
      value_ = max_;
      if (max_ >= min_) value_ -= static_cast<int64_t>(static_cast<uint64_t>(max_ - min_) % static_cast<uint64_t>(step_));
    } else {
      value_ = min_;
    }
  }

  Status Next(Row* row, bool* has_row) override {
    *has_row = !done_ && (desc_ ? value_ >= min_ : value_ <= max_);
    if (!*has_row) return Status::OK();
    row->assign({Value::Integer(value_), Value::Integer(min_), Value::Integer(max_), Value::Integer(step_)});
    if (desc_ ? __builtin_sub_overflow(value_, step_, &value_) : __builtin_add_overflow(value_, step_, &value_)) {
      done_ = true;
    }
    return Status::OK();
  }

 private:
  int64_t min_ = 0, max_ = 0, step_ = 1, value_ = 0;
  bool desc_ = false, done_ = false;
};

std::vector<TableFunction> MakeTable() {
  std::vector<TableFunction> out;
  for (bool recursive : {false, true}) {
    TableFunction f;
    f.name = recursive ? "json_tree" : "json_each";
    f.columns = {"key", "value", "type", "atom", "id", "parent", "fullkey", "path", "json", "root"};
    f.hidden_from = 8;
    f.json_column = 1;
    f.max_args = 2;
    f.open = [recursive](const std::vector<Value>& args,
                         const std::vector<bool>& used) -> Result<std::unique_ptr<TableFunctionCursor>> {
      auto cursor = std::make_unique<JsonEachCursor>(recursive, used);
      S3LITE_RETURN_IF_ERROR(cursor->Start(args));
      return std::unique_ptr<TableFunctionCursor>(std::move(cursor));
    };
    out.push_back(std::move(f));
  }
  TableFunction series;
  series.name = "generate_series";
  series.columns = {"value", "start", "stop", "step"};
  series.hidden_from = 1;
  series.min_args = 1;
  series.max_args = 3;
  series.open = [](const std::vector<Value>& args,
                   const std::vector<bool>&) -> Result<std::unique_ptr<TableFunctionCursor>> {
    return std::unique_ptr<TableFunctionCursor>(std::make_unique<SeriesCursor>(args));
  };
  out.push_back(std::move(series));
  return out;
}

}  // namespace

const TableFunction* FindTableFunction(std::string_view name) {
  static const std::vector<TableFunction> table = MakeTable();
  for (const TableFunction& f : table) {
    if (f.name.size() != name.size()) continue;
    bool same = true;
    for (size_t i = 0; i < name.size() && same; i++) {
      char c = name[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      same = c == f.name[i];
    }
    if (same) return &f;
  }
  return nullptr;
}

}  // namespace s3lite
