#include "cli/common/maintenance_ops.h"

#include <map>

#include "engine/value/key_codec.h"
#include "engine/value/record.h"

namespace s3lite {
namespace {

Status NotAvailable(const char* what) {
  return Status::NotSupported(std::string(what) +
                              " is not available in this build: the engine has no maintenance API "
                              "(engine/db/maintenance.h)");
}

}  // namespace

bool MaintenanceAvailable() { return false; }

Result<MaintenanceReport> CompactDatabase(Database& db) {
  (void)db;
  return NotAvailable("compaction");
}

Result<MaintenanceReport> CollectGarbage(Database& db, const GcRequest& request) {
  (void)db;
  (void)request;
  return NotAvailable("garbage collection");
}

MaintenanceReport VerifyReport::ToReport() const {
  MaintenanceReport r;
  r.text = "verified version " + std::to_string(version) + ": " + std::to_string(trees) + " trees, " +
           std::to_string(entries) + " entries, " + std::to_string(problems.size()) + " problem(s)\n";
  for (const auto& p : problems) r.text += "  PROBLEM: " + p + "\n";
  r.text += problems.empty() ? "OK\n" : "FAILED\n";
  r.json = {{"version", version}, {"trees", trees}, {"entries", entries},
            {"problems", problems}, {"ok", problems.empty()}};
  return r;
}

Result<VerifyReport> VerifyDatabase(Database& db, const VerifyOptions& options) {
  VerifyReport report;
  S3LITE_ASSIGN_OR_RETURN(auto txn, db.Begin(TxnMode::kRead, options.version));
  report.version = txn->snapshot_version();
  const auto& entries = txn->catalog().entries();

  // Row counts of table trees, for the index checks.
  std::map<std::string, uint64_t> table_rows;
  std::map<std::string, TreeId> table_tree;
  auto problem = [&](const std::string& p) { report.problems.push_back(p); };

  for (int pass = 0; pass < 2; ++pass) {  // tables first, then indexes
    for (const SchemaEntry& e : entries) {
      if (e.tree == 0) continue;
      bool is_index = e.kind == SchemaKind::kIndex;
      if (is_index != (pass == 1)) continue;
      if (options.progress) options.progress("verifying " + e.name);
      report.trees++;
      const std::string what = std::string(is_index ? "index " : "table ") + e.name;
      auto cursor = txn->NewCursor(e.tree);
      if (!cursor.ok()) {
        problem(what + ": cannot open cursor: " + cursor.status().message());
        continue;
      }
      Status st = (*cursor)->SeekFirst();
      std::string prev;
      bool first = true;
      uint64_t n = 0;
      while (st.ok() && (*cursor)->Valid()) {
        std::string key((*cursor)->key());
        if (!first && !(prev < key)) {
          problem(what + ": keys out of order after entry " + std::to_string(n));
        }
        if (!is_index) {
          if (key.size() != 8 || !DecodeRowid(key).ok()) problem(what + ": bad rowid key at entry " + std::to_string(n));
          Row row;
          Status rs = DecodeRecord((*cursor)->value(), &row);
          if (!rs.ok()) problem(what + ": undecodable record at entry " + std::to_string(n) + ": " + rs.message());
        } else {
          std::string_view in = key;
          bool ok = in.size() >= 8;
          while (ok && in.size() > 8) {
            Value v;
            ok = DecodeKey(&in, &v).ok();
          }
          if (!ok || in.size() != 8) {
            problem(what + ": undecodable index key at entry " + std::to_string(n));
          } else if (auto tt = table_tree.find(e.table); tt != table_tree.end()) {
            auto rowid = DecodeRowid(in);
            if (rowid.ok()) {
              auto row = txn->Get(tt->second, EncodeRowid(*rowid));
              if (!row.ok()) {
                problem(what + ": entry " + std::to_string(n) + " points at missing rowid " +
                        std::to_string(*rowid) + " of table " + e.table);
              }
            }
          }
        }
        prev = std::move(key);
        first = false;
        n++;
        st = (*cursor)->Next();
      }
      if (!st.ok()) problem(what + ": read failed after entry " + std::to_string(n) + ": " + st.message());
      report.entries += n;
      if (!is_index) {
        table_rows[e.name] = n;
        table_tree[e.name] = e.tree;
      } else if (auto rows = table_rows.find(e.table); rows != table_rows.end()) {
        // Partial indexes (CREATE INDEX ... WHERE) legitimately hold fewer entries.
        bool partial = e.sql.find(" WHERE ") != std::string::npos || e.sql.find(" where ") != std::string::npos;
        if (!partial && rows->second != n) {
          problem(what + ": " + std::to_string(n) + " entries but table " + e.table + " has " +
                  std::to_string(rows->second) + " rows");
        }
      }
    }
  }
  txn->Rollback();

  auto versions = db.ListVersions();
  if (!versions.ok()) {
    problem("cannot list versions: " + versions.status().message());
  } else {
    for (uint64_t v : *versions) {
      auto info = db.DescribeVersion(v);
      if (!info.ok()) problem("version " + std::to_string(v) + ": " + info.status().message());
    }
  }
  return report;
}

}  // namespace s3lite
