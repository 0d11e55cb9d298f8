// sqllogictest runner: script parsing, execution, rendering and hashing.
#include "tests/sql/slt/slt_runner.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <strings.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/db/database.h"
#include "engine/store/local_store.h"
#include "sql/function/builtin_functions.h"
#include "sql/function/value_ops.h"

namespace s3lite::slt {
namespace {

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string line(text.substr(pos, nl - pos));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    pos = nl + 1;
  }
  return lines;
}

std::vector<std::string> Tokens(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  std::string t;
  while (in >> t) out.push_back(t);
  return out;
}

std::string Join(const std::vector<std::string>& lines, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; i++) {
    if (i > from) out += '\n';
    out += lines[i];
  }
  return out;
}

// Error text with digits folded to '#', so messages group by kind.
std::string ErrorKey(std::string_view message) {
  std::string key;
  for (char c : message) key += (c >= '0' && c <= '9') ? '#' : c;
  if (key.size() > 120) key.resize(120);
  return key;
}

// Runs every statement in `sql`, discarding rows (sqlite3_exec).
Status ExecuteAll(Connection& conn, std::string_view sql) {
  std::string_view rest = sql;
  while (true) {
    std::string_view tail;
    S3LITE_ASSIGN_OR_RETURN(auto stmt, conn.Prepare(rest, &tail));
    if (!stmt) return Status::OK();
    while (true) {
      S3LITE_ASSIGN_OR_RETURN(bool row, stmt->Step());
      if (!row) break;
    }
    rest = tail;
  }
}

// Runs the first statement of `sql` as a query; values rendered by `types`.
Status Query(Connection& conn, std::string_view sql, const std::string& types,
             std::vector<std::string>* values) {
  std::string_view tail;
  S3LITE_ASSIGN_OR_RETURN(auto stmt, conn.Prepare(sql, &tail));
  if (!stmt) return Status::InvalidArgument("query has no statement");
  size_t ncol = stmt->column_names().size();
  if (ncol != types.size()) {
    return Status::InvalidArgument("wrong number of result columns: expected " +
                                   std::to_string(types.size()) + " but got " +
                                   std::to_string(ncol));
  }
  while (true) {
    S3LITE_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) break;
    const Row& r = stmt->row();
    for (size_t i = 0; i < types.size(); i++) values->push_back(RenderValue(r[i], types[i]));
  }
  return Status::OK();
}

std::string Preview(const std::vector<std::string>& values) {
  std::string out;
  size_t n = std::min<size_t>(values.size(), 12);
  for (size_t i = 0; i < n; i++) out += (i ? " " : "") + values[i];
  if (values.size() > n) out += " ... (" + std::to_string(values.size()) + " values)";
  return out;
}

}  // namespace

std::string RenderValue(const Value& v, char type) {
  if (v.is_null()) return "NULL";
  char buf[64];
  switch (type) {
    case 'I':
      snprintf(buf, sizeof buf, "%d", static_cast<int>(ValueToInt64(v)));
      return buf;
    case 'R':  // sqlite3_snprintf's %.3f: 16 significant digits, -0.0 as 0.000
      return ValueToText(SqlPrintf({Value::Text("%.3f"), Value::Real(ValueToDouble(v))}));
    default: {
      std::string s = ValueToText(v);
      size_t nul = s.find('\0');  // sqlite3_column_text is a C string
      if (nul != std::string::npos) s.resize(nul);
      if (s.empty()) return "(empty)";
      for (char& c : s) {
        if (c < ' ' || c > '~') c = '@';
      }
      return s;
    }
  }
}

std::string HashValues(const std::vector<std::string>& values) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_md5(), nullptr);
  for (const auto& v : values) {
    EVP_DigestUpdate(ctx, v.data(), v.size());
    EVP_DigestUpdate(ctx, "\n", 1);
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, digest, &len);
  EVP_MD_CTX_free(ctx);
  std::string hex;
  char b[3];
  for (unsigned int i = 0; i < len; i++) {
    snprintf(b, sizeof b, "%02x", digest[i]);
    hex += b;
  }
  return hex;
}

FileResult RunScript(std::string_view script, std::string name, Connection& conn,
                     const RunOptions& options) {
  FileResult result;
  result.name = std::move(name);
  int hash_threshold = options.hash_threshold >= 0 ? options.hash_threshold : 0;
  std::map<std::string, std::string> label_hashes;
  std::vector<std::string> all = SplitLines(script);

  auto fail = [&](int line, const std::string& sql, std::string expected, std::string actual,
                  const std::string& key) {
    result.failed++;
    result.error_counts[key]++;
    if (result.failures.size() < options.max_failures) {
      result.failures.push_back({line, sql, std::move(expected), std::move(actual)});
    }
  };

  size_t i = 0;
  while (i < all.size()) {
    // Gather one record: non-blank lines, comment lines dropped.
    while (i < all.size() && all[i].find_first_not_of(" \t") == std::string::npos) i++;
    if (i >= all.size()) break;
    int start_line = static_cast<int>(i) + 1;
    std::vector<std::string> rec;
    while (i < all.size() && all[i].find_first_not_of(" \t") != std::string::npos) {
      if (all[i][0] != '#') rec.push_back(all[i]);
      i++;
    }
    if (rec.empty()) continue;

    // Conditions.
    size_t head = 0;
    bool skip = false;
    std::vector<std::string> tok = Tokens(rec[0]);
    while (!tok.empty() && (tok[0] == "skipif" || tok[0] == "onlyif")) {
      bool match = tok.size() > 1 && strcasecmp(tok[1].c_str(), options.engine.c_str()) == 0;
      if (tok[0] == "skipif" ? match : !match) skip = true;
      if (++head >= rec.size()) break;
      tok = Tokens(rec[head]);
    }
    if (head >= rec.size() || tok.empty()) continue;
    const std::string& kind = tok[0];
    if (skip) {
      if (kind == "statement" || kind == "query") result.skipped++;
      continue;
    }

    if (kind == "hash-threshold") {
      if (options.hash_threshold < 0 && tok.size() > 1) hash_threshold = atoi(tok[1].c_str());
    } else if (kind == "halt") {
      result.halted = true;
      break;
    } else if (kind == "statement") {
      std::string sql = Join(rec, head + 1, rec.size());
      bool expect_ok = tok.size() > 1 && tok[1] == "ok";
      result.records++;
      Status st = ExecuteAll(conn, sql);
      if (st.ok() == expect_ok) {
        result.passed++;
      } else if (expect_ok) {
        fail(start_line, sql, "ok", st.message(), ErrorKey(st.message()));
      } else {
        fail(start_line, sql, "error", "ok", "(statement should have failed)");
      }
    } else if (kind == "query") {
      std::string types = tok.size() > 1 ? tok[1] : "";
      std::string sort = tok.size() > 2 ? tok[2] : "nosort";
      std::string label = tok.size() > 3 ? tok[3] : "";
      size_t sep = head + 1;
      while (sep < rec.size() && rec[sep] != "----") sep++;
      std::string sql = Join(rec, head + 1, sep);
      std::vector<std::string> expected;
      for (size_t k = sep + 1; k < rec.size(); k++) expected.push_back(rec[k]);
      result.records++;

      std::vector<std::string> values;
      Status st = Query(conn, sql, types, &values);
      if (!st.ok()) {
        fail(start_line, sql, Preview(expected), st.message(), ErrorKey(st.message()));
        continue;
      }
      size_t ncol = std::max<size_t>(types.size(), 1);
      if (sort == "rowsort") {
        std::vector<std::vector<std::string>> rows;
        for (size_t k = 0; k + ncol <= values.size(); k += ncol) {
          rows.emplace_back(values.begin() + k, values.begin() + k + ncol);
        }
        std::sort(rows.begin(), rows.end());
        values.clear();
        for (auto& r : rows) values.insert(values.end(), r.begin(), r.end());
      } else if (sort == "valuesort") {
        std::sort(values.begin(), values.end());
      }

      bool hashed = !label.empty() ||
                    (hash_threshold > 0 && values.size() > static_cast<size_t>(hash_threshold));
      std::string hash = hashed ? HashValues(values) : "";
      bool ok = true;
      std::string why = "(wrong result)";
      if (!label.empty()) {
        auto [it, inserted] = label_hashes.emplace(label, hash);
        if (!inserted && it->second != hash) {
          ok = false;
          why = "(labeled result disagrees)";
        }
      }
      std::string actual_text;
      if (hash_threshold > 0 && values.size() > static_cast<size_t>(hash_threshold)) {
        actual_text = std::to_string(values.size()) + " values hashing to " + hash;
        if (expected.size() != 1 || expected[0] != actual_text) ok = false;
      } else {
        actual_text = Preview(values);
        if (expected.size() == 1 && expected[0].find(" values hashing to ") != std::string::npos) {
          // Expected was hashed (threshold differs): compare the hash form.
          std::string h = HashValues(values);
          actual_text = std::to_string(values.size()) + " values hashing to " + h;
          if (expected[0] != actual_text) ok = false;
        } else if (expected != values) {
          ok = false;
        }
      }
      if (ok) {
        result.passed++;
      } else {
        std::string exp = Preview(expected);
        fail(start_line, sql, exp, actual_text, why);
      }
    } else {
      result.records++;  // the reference tool counts it as an error and stops
      fail(start_line, rec[head], "known record type", "unknown record type: " + kind,
           "(unknown record type)");
      break;
    }
  }
  return result;
}

Result<FileResult> RunFile(const std::string& path, const RunOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();

  std::filesystem::path base = std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : "/tmp";
  std::string tmpl = (base / "s3lite-slt-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) return Status::IOError("mkdtemp failed for " + tmpl);
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup{tmpl};

  S3LITE_ASSIGN_OR_RETURN(auto store, LocalStore::Open(tmpl));
  S3LITE_ASSIGN_OR_RETURN(auto db, Database::Open(std::shared_ptr<ObjectStore>(std::move(store)),
                                                  DatabaseOptions{}));
  FileResult result;
  {
    S3LITE_ASSIGN_OR_RETURN(auto conn, Connection::Open(db));
    result = RunScript(ss.str(), path, *conn, options);
  }
  (void)db->Close();
  return result;
}

}  // namespace s3lite::slt
