// Torture workload (test helper, header-only): a random sequence of
// acknowledged SQL writes for the `s3lite` shell and an exact model of the
// database state they produce.
//
// Each Op is one atomic unit of work: an autocommit INSERT, a multi-statement
// transaction (inserts + update + delete), a big-value insert (overflow
// pages), a range DELETE, transactional DDL (CREATE TABLE + INSERT), DROP
// TABLE, CREATE/DROP INDEX, a `.commit` checkpoint, `.compact` or `.gc 2`. Op::script is what the
// shell reads: the op's SQL and then `SELECT 'ack', <op number>;` on the same
// line, so the ack is printed only after the op has fully committed (the
// shell skips the rest of a line after an error).
//
// Model is the state after a prefix of ops. Because the shell runs ops in
// order, a process killed at any moment leaves the state of "every acked op"
// or "every acked op plus the next one" (committed, ack not yet printed);
// anything else is a lost acknowledged write or a torn transaction.
//
// Thread-safety: values.
#pragma once

#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace s3lite::torture {

struct Model {
  struct Row {
    std::string v;
    int64_t grp = 0;
    bool operator==(const Row&) const = default;
  };
  std::map<int64_t, Row> t;                               // table t(id, v, grp)
  std::map<int64_t, std::map<int64_t, std::string>> d;    // tables d<k>(a, b)
  bool index_on_grp = false;                               // index t_grp on t(grp)
  int64_t next_id = 1;

  bool operator==(const Model& o) const { return t == o.t && d == o.d && index_on_grp == o.index_on_grp; }
};

struct Op {
  int64_t n = 0;       // op number (global, increasing)
  std::string kind;    // for messages
  std::string script;  // shell input, ends with the ack line
  Model after;         // model state once this op committed
};

inline std::string AckLine(int64_t n) { return "SELECT 'ack', " + std::to_string(n) + ";\n"; }

inline constexpr const char* kSetupSql =
    "CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, v TEXT, grp INTEGER);\n";

class Workload {
 public:
  explicit Workload(uint64_t seed) : rng_(seed) {}

  // The next op, applied to *m (which becomes op.after).
  Op Next(int64_t n, Model* m) {
    Op op;
    op.n = n;
    int r = Uniform(0, 99);
    std::string sql;
    if (r < 35 || m->t.size() < 3) {
      op.kind = "insert";
      int64_t id = m->next_id++;
      Model::Row row{"i" + std::to_string(n), n % 10};
      sql = "INSERT INTO t(id, v, grp) VALUES (" + std::to_string(id) + ", '" + row.v + "', " +
            std::to_string(row.grp) + ");";
      m->t[id] = row;
    } else if (r < 60) {
      op.kind = "transaction";
      sql = "BEGIN;";
      for (int i = 0; i < 3; i++) {
        int64_t id = m->next_id++;
        Model::Row row{"x" + std::to_string(n) + "_" + std::to_string(i), n % 10};
        sql += " INSERT INTO t VALUES (" + std::to_string(id) + ", '" + row.v + "', " + std::to_string(row.grp) + ");";
        m->t[id] = row;
      }
      int64_t upd = PickId(*m);
      sql += " UPDATE t SET v = 'u" + std::to_string(n) + "' WHERE id = " + std::to_string(upd) + ";";
      m->t[upd].v = "u" + std::to_string(n);
      int64_t del = PickId(*m);
      sql += " DELETE FROM t WHERE id = " + std::to_string(del) + ";";
      m->t.erase(del);
      sql += " COMMIT;";
    } else if (r < 66) {
      op.kind = "big-value";
      int64_t id = m->next_id++;
      Model::Row row{std::string(static_cast<size_t>(Uniform(3000, 9000)), static_cast<char>('a' + n % 26)), n % 10};
      sql = "INSERT INTO t VALUES (" + std::to_string(id) + ", '" + row.v + "', " + std::to_string(row.grp) + ");";
      m->t[id] = row;
    } else if (r < 70) {
      op.kind = "range-delete";
      int64_t g = Uniform(0, 9);
      sql = "DELETE FROM t WHERE grp = " + std::to_string(g) + " AND id % 5 = 0;";
      for (auto it = m->t.begin(); it != m->t.end();) {
        it = (it->second.grp == g && it->first % 5 == 0) ? m->t.erase(it) : std::next(it);
      }
    } else if (r < 76) {
      op.kind = "create-table";
      std::string name = "d" + std::to_string(n);
      sql = "BEGIN; CREATE TABLE " + name + "(a INTEGER PRIMARY KEY, b TEXT); INSERT INTO " + name +
            " VALUES (1, 'one'), (2, '" + name + "'); COMMIT;";
      m->d[n] = {{1, "one"}, {2, name}};
    } else if (r < 80 && !m->d.empty()) {
      op.kind = "insert-d";
      auto it = m->d.begin();
      std::advance(it, Uniform(0, static_cast<int>(m->d.size()) - 1));
      int64_t a = it->second.empty() ? 1 : it->second.rbegin()->first + 1;
      sql = "INSERT INTO d" + std::to_string(it->first) + " VALUES (" + std::to_string(a) + ", 'n" +
            std::to_string(n) + "');";
      it->second[a] = "n" + std::to_string(n);
    } else if (r < 83 && !m->d.empty()) {
      op.kind = "drop-table";
      auto it = m->d.begin();
      std::advance(it, Uniform(0, static_cast<int>(m->d.size()) - 1));
      sql = "DROP TABLE d" + std::to_string(it->first) + ";";
      m->d.erase(it);
    } else if (r < 86) {
      op.kind = m->index_on_grp ? "drop-index" : "create-index";
      sql = m->index_on_grp ? "DROP INDEX t_grp;" : "CREATE INDEX t_grp ON t(grp);";
      m->index_on_grp = !m->index_on_grp;
    } else if (r < 94) {
      op.kind = "checkpoint";
      op.script = ".commit\n" + AckLine(n);
      op.after = *m;
      return op;
    } else if (r < 98) {
      op.kind = "compact";
      op.script = ".compact\n" + AckLine(n);
      op.after = *m;
      return op;
    } else {
      op.kind = "gc";
      op.script = ".gc 2\n" + AckLine(n);
      op.after = *m;
      return op;
    }
    op.script = sql + " " + AckLine(n);
    op.after = *m;
    return op;
  }

  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  std::mt19937_64& rng() { return rng_; }

 private:
  int64_t PickId(const Model& m) {
    auto it = m.t.begin();
    std::advance(it, Uniform(0, static_cast<int>(m.t.size()) - 1));
    return it->first;
  }

  std::mt19937_64 rng_;
};

// The shell script that dumps a database for comparison with a Model:
// table t in id order, the d<k> tables named in `tables`, whether the index
// exists, and t's rows found THROUGH the index column (grp) for every group,
// which checks index entries against the table.
inline std::string DumpScript(const std::set<int64_t>& tables) {
  std::string s = "SELECT 'T', id, length(v), substr(v, 1, 12), grp FROM t ORDER BY id;\n";
  s += "SELECT 'M', name FROM sqlite_master WHERE type = 'table' AND name LIKE 'd%' ORDER BY name;\n";
  s += "SELECT 'I', name FROM sqlite_master WHERE type = 'index' AND name = 't_grp';\n";
  for (int64_t k : tables) {
    s += "SELECT 'D', " + std::to_string(k) + ", a, b FROM d" + std::to_string(k) + " ORDER BY a;\n";
  }
  for (int g = 0; g < 10; g++) s += "SELECT 'G', grp, id FROM t WHERE grp = " + std::to_string(g) + " ORDER BY id;\n";
  s += "SELECT 'done';\n";
  return s;
}

// The output DumpScript should print for model `m` (tables: as passed to
// DumpScript; a table not in m must print nothing and fail "no such table").
inline std::string ExpectedDump(const Model& m, const std::set<int64_t>& tables) {
  std::string s;
  for (const auto& [id, row] : m.t) {
    s += "T|" + std::to_string(id) + "|" + std::to_string(row.v.size()) + "|" + row.v.substr(0, 12) + "|" +
         std::to_string(row.grp) + "\n";
  }
  std::set<std::string> names;  // sqlite_master order is by name (text order)
  for (const auto& [k, rows] : m.d) names.insert("d" + std::to_string(k));
  for (const auto& name : names) s += "M|" + name + "\n";
  if (m.index_on_grp) s += "I|t_grp\n";
  for (int64_t k : tables) {
    auto it = m.d.find(k);
    if (it == m.d.end()) continue;
    for (const auto& [a, b] : it->second) s += "D|" + std::to_string(k) + "|" + std::to_string(a) + "|" + b + "\n";
  }
  for (int g = 0; g < 10; g++) {
    for (const auto& [id, row] : m.t) {
      if (row.grp == g) s += "G|" + std::to_string(g) + "|" + std::to_string(id) + "\n";
    }
  }
  s += "done\n";
  return s;
}

}  // namespace s3lite::torture
