#include "cli/common/maintenance_ops.h"

#include <map>

#include "engine/db/maintenance.h"
#include "engine/manifest/gc.h"
#include "engine/manifest/verify_objects.h"
#include "engine/value/key_codec.h"
#include "engine/value/record.h"

namespace s3lite {

Result<MaintenanceReport> CompactDatabase(Database& db) {
  S3LITE_ASSIGN_OR_RETURN(CompactReport r, Compact(db));
  MaintenanceReport out;
  out.text = r.Summary() + "\n";
  out.json = {{"version_before", r.version_before}, {"version_after", r.version_after},
              {"chunks_before", r.chunks_before},   {"chunks_after", r.chunks_after},
              {"chunks_rewritten", r.chunks_rewritten}, {"chunks_dropped", r.chunks_dropped},
              {"pages_moved", r.pages_moved},       {"live_pages", r.live_pages},
              {"total_pages_before", r.total_pages_before}};
  return out;
}

Result<MaintenanceReport> CollectGarbage(Database& db, const GcRequest& request) {
  if (request.keep_versions < 1) return Status::InvalidArgument("gc: --keep must be at least 1");
  GcOptions options;
  options.keep_versions = static_cast<uint32_t>(request.keep_versions);
  options.min_age_ms = request.min_age_ms;
  options.grace_ms = request.grace_ms;
  S3LITE_ASSIGN_OR_RETURN(GcPlan plan, GarbageCollect(db, options, request.dry_run));
  MaintenanceReport out;
  out.text = std::string(request.dry_run ? "dry run, nothing deleted: " : "") + plan.Summary() + "\n";
  out.json = {{"dry_run", request.dry_run},
              {"retained_versions", plan.retained_versions},
              {"deleted_versions", plan.deleted_versions},
              {"deleted_objects", plan.delete_keys.size()},
              {"deleted_bytes", plan.delete_bytes},
              {"manifests", plan.manifests},
              {"segments", plan.segments},
              {"chunks", plan.chunks},
              {"wal", plan.wal},
              {"fences", plan.fences},
              {"kept_young", plan.kept_young}};
  if (request.dry_run) out.json["would_delete"] = plan.delete_keys;
  return out;
}

Result<LogicalVerifyReport> LogicalVerify(Database& db, const LogicalVerifyOptions& options) {
  LogicalVerifyReport report;
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

Result<MaintenanceReport> VerifyStore(Database& db, const StoreVerifyOptions& options) {
  MaintenanceReport out;
  std::vector<std::string> problems;

  if (options.progress) options.progress("checking objects");
  VerifyOptions vo;
  vo.all_versions = options.all_versions;
  vo.check_pages = options.check_pages;
  S3LITE_ASSIGN_OR_RETURN(VerifyReport objects, VerifyObjects(db.store(), vo));
  for (const VerifyIssue& i : objects.issues) problems.push_back("object " + i.object + ": " + i.problem);
  out.text += "objects: " + objects.Summary() + "\n";

  if (options.progress) options.progress("walking pages");
  Result<PageVerifyReport> pages = VerifyPages(db, options.version);
  if (pages.ok()) {
    for (const std::string& p : pages->problems) problems.push_back("pages: " + p);
    out.text += "pages: " + pages->Summary() + "\n";
  } else {
    problems.push_back("pages: check could not run: " + pages.status().message());
  }

  LogicalVerifyOptions lo;
  lo.version = options.version;
  lo.progress = options.progress;
  Result<LogicalVerifyReport> logical = LogicalVerify(db, lo);
  if (logical.ok()) {
    for (const std::string& p : logical->problems) problems.push_back("logical: " + p);
    out.text += "logical: version " + std::to_string(logical->version) + ": " + std::to_string(logical->trees) +
                " trees, " + std::to_string(logical->entries) + " entries, " +
                std::to_string(logical->problems.size()) + " problem(s)\n";
  } else {
    problems.push_back("logical: check could not run: " + logical.status().message());
  }

  for (const std::string& p : problems) out.text += "  PROBLEM: " + p + "\n";
  out.ok = problems.empty();
  out.text += out.ok ? "OK\n" : "FAILED: " + std::to_string(problems.size()) + " problem(s)\n";
  out.json = {{"ok", out.ok},
              {"problems", problems},
              {"objects", {{"manifests", objects.manifests}, {"segments", objects.segments},
                           {"chunks", objects.chunks}, {"pages", objects.pages},
                           {"wal_objects", objects.wal_objects}}}};
  if (pages.ok()) {
    out.json["pages"] = {{"version", pages->version}, {"trees", pages->trees}, {"entries", pages->entries},
                         {"leaf_pages", pages->leaf_pages}, {"internal_pages", pages->internal_pages},
                         {"overflow_pages", pages->overflow_pages}, {"chunks", pages->chunks}};
  }
  if (logical.ok()) {
    out.json["logical"] = {{"version", logical->version}, {"trees", logical->trees}, {"entries", logical->entries}};
  }
  return out;
}

}  // namespace s3lite
