// Test helper: random schemas, data and SELECT statements for the
// differential test against sqlite3. Everything derives from one seed, so a
// failing case is reproduced by its seed alone.
//
// What is generated (and what is avoided on purpose):
//  * 2-4 tables of INTEGER/INT/REAL/TEXT/NUMERIC columns with NULLs, small
//    values so that joins and groups collide, some secondary indexes;
//    text that looks like numbers and numbers given as text exercise affinity.
//  * REAL data are multiples of 0.25: sums and averages are then exact in
//    any order, so a different scan order cannot change the printed digits.
//  * A few UPDATE/DELETE/INSERT...SELECT statements after the data, and plain
//    "SELECT * FROM t" among the queries, check stored rows and indexes.
//  * Queries: WHERE with AND/OR/NOT, comparisons, IS [NOT] NULL, [NOT] IN
//    lists and subqueries, BETWEEN, LIKE, GLOB, EXISTS; inner/left/right/USING/comma
//    joins; GROUP BY/HAVING with count/sum/avg/min/max/total (DISTINCT too);
//    DISTINCT; compound selects; subqueries in FROM and scalar subqueries;
//    CASE, CAST and scalar functions.
//  * An ORDER BY always ends with every output column, so the order of the
//    printed rows is fully determined; only then is LIMIT/OFFSET used.
//    Without ORDER BY results are compared as multisets. Bare columns in
//    aggregate queries, group_concat and random() are never generated: their
//    results legitimately depend on the scan order.
#pragma once

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace s3lite::difftest {

struct GenColumn {
  std::string name;
  char kind;  // 'i' integer, 'r' real, 't' text, 'n' numeric
};

struct GenTable {
  std::string name;
  std::vector<GenColumn> columns;
};

struct GenSchema {
  std::vector<GenTable> tables;
  std::string script;  // CREATE TABLE / CREATE INDEX / INSERT statements, one per line
};

struct GenQuery {
  std::string sql;
  bool ordered = false;  // the row order is fully determined
};

// Constructs that can be switched off, e.g. to look past a known bug
// (S3LITE_DIFFTEST_SKIP=between,union in differential_test.cc).
struct GeneratorOptions {
  bool between = true;
  bool union_distinct = true;  // UNION (not UNION ALL), INTERSECT, EXCEPT
  bool left_join = true;
  bool subqueries = true;
  bool derived_tables = true;  // subqueries in FROM
  bool right_join = true;
};

class QueryGenerator {
 public:
  explicit QueryGenerator(uint64_t seed, GeneratorOptions options = {}) : rng_(seed), options_(options) {}

  GenSchema MakeSchema() {
    GenSchema s;
    int ntables = 2 + Rand(3);
    for (int t = 0; t < ntables; t++) {
      GenTable table;
      table.name = "t" + std::to_string(t);
      bool rowid_alias = Chance(50);
      std::string ddl = "CREATE TABLE " + table.name + "(";
      if (rowid_alias) {
        ddl += "id INTEGER PRIMARY KEY, ";
        table.columns.push_back({"id", 'i'});
      }
      int ncols = 2 + Rand(3);
      for (int c = 0; c < ncols; c++) {
        static const char* kTypes[] = {"INTEGER", "INT", "REAL", "TEXT", "NUMERIC", "VARCHAR(10)", "DOUBLE"};
        static const char kKinds[] = {'i', 'i', 'r', 't', 'n', 't', 'r'};
        int k = Rand(7);
        GenColumn col{"c" + std::to_string(c), kKinds[k]};
        ddl += (c ? ", " : "") + col.name + " " + kTypes[k];
        table.columns.push_back(col);
      }
      ddl += ");";
      s.script += ddl + "\n";
      int nindexes = Rand(3);
      for (int i = 0; i < nindexes; i++) {
        const GenColumn& a = table.columns[Rand(static_cast<int>(table.columns.size()))];
        std::string cols = a.name;
        if (Chance(40)) {
          const GenColumn& b = table.columns[Rand(static_cast<int>(table.columns.size()))];
          if (b.name != a.name) cols += ", " + b.name;
        }
        s.script += "CREATE INDEX " + table.name + "_i" + std::to_string(i) + " ON " + table.name +
                    "(" + cols + ");\n";
      }
      int nrows = Rand(4) == 0 ? Rand(3) : 5 + Rand(25);
      bool previous_id_null = false;
      for (int r = 0; r < nrows; r++) {
        std::string row = "INSERT INTO " + table.name + " VALUES(";
        for (size_t c = 0; c < table.columns.size(); c++) {
          const GenColumn& col = table.columns[c];
          std::string v;
          if (rowid_alias && c == 0) {
            // Explicit ids step by 5; a NULL id takes max+1, and never two
            // NULLs in a row, so automatic ids cannot collide with explicit ones.
            bool null_id = !previous_id_null && Chance(20);
            previous_id_null = null_id;
            v = null_id ? "NULL" : std::to_string(r * 5 - 20);
          } else {
            v = DataValue(col.kind);
          }
          row += (c ? ", " : "") + v;
        }
        s.script += row + ");\n";
      }
      s.tables.push_back(table);
    }
    // A few UPDATE/DELETE statements, so that queries also see rows (and
    // index entries) that were rewritten or removed. The rowid alias "id" is
    // never assigned: no statement here can fail.
    // No subqueries here: sqlite3 evaluates a correlated subquery over the
    // table being updated against rows it has already changed (its result
    // then depends on scan order; s3lite sees the statement's snapshot).
    schema_ = &s;
    const bool subqueries = options_.subqueries;
    options_.subqueries = false;
    int nmutations = Rand(5);
    for (int m = 0; m < nmutations; m++) {
      const GenTable& t = Pick(s.tables);
      Scope scope = {{t.name, &t}};
      if (Chance(60)) {
        std::string sql = "UPDATE " + t.name + " SET ";
        int nset = 1 + Rand(2);
        int assigned = 0;
        for (int i = 0; i < nset; i++) {
          const GenColumn& c = Pick(t.columns);
          if (c.name == "id") continue;
          sql += (assigned++ ? ", " : "") + c.name + " = " + Expr(scope, 1);
        }
        if (assigned == 0) continue;
        if (Chance(80)) sql += " WHERE " + Cond(scope, 1);
        s.script += sql + ";\n";
      } else if (Chance(50)) {
        s.script += "DELETE FROM " + t.name + " WHERE " + Cond(scope, 1) + ";\n";
      } else {
        // INSERT ... SELECT from any table (itself too); ids are assigned.
        const GenTable& src = Pick(s.tables);
        Scope from = {{"s", &src}};
        std::string sql = "INSERT INTO " + t.name + " SELECT ";
        for (size_t c = 0; c < t.columns.size(); c++) {
          sql += (c ? ", " : "") + (t.columns[c].name == "id" ? std::string("NULL") : Expr(from, 1));
        }
        sql += " FROM " + src.name + " AS s";
        if (Chance(70)) sql += " WHERE " + Cond(from, 0);
        // New ids follow the order of the SELECT: make it fully determined.
        sql += " ORDER BY ";
        for (size_t c = 0; c < t.columns.size(); c++) sql += (c ? ", " : "") + std::to_string(c + 1);
        s.script += sql + ";\n";
      }
    }
    options_.subqueries = subqueries;
    return s;
  }

  GenQuery MakeQuery(const GenSchema& schema) {
    schema_ = &schema;
    alias_counter_ = 0;
    int kind = Rand(100);
    if (kind < 4) {  // the stored rows themselves
      GenQuery q;
      q.sql = "SELECT * FROM " + Pick(schema.tables).name;
      return q;
    }
    if (kind < 40) return PlainSelect(/*depth=*/2, /*allow_order=*/true);
    if (kind < 70) return AggregateSelect(/*allow_order=*/true);
    if (kind < 82) return CompoundSelect();
    if (!options_.derived_tables) return PlainSelect(2, true);
    return DerivedTableSelect();
  }

 private:
  struct ScopeEntry {
    std::string alias;
    const GenTable* table;
  };
  using Scope = std::vector<ScopeEntry>;

  // Column references are written "sN.column" (aliases are s0, s1, ...).
  static bool HasColumn(const std::string& expr) {
    for (size_t i = 0; i + 2 < expr.size(); i++) {
      if (expr[i] != 's' || (i > 0 && (std::isalnum(static_cast<unsigned char>(expr[i - 1])) || expr[i - 1] == '\''))) continue;
      size_t j = i + 1;
      while (j < expr.size() && std::isdigit(static_cast<unsigned char>(expr[j]))) j++;
      if (j > i + 1 && j < expr.size() && expr[j] == '.') return true;
    }
    return false;
  }
  int Rand(int n) { return static_cast<int>(rng_() % static_cast<uint64_t>(n)); }
  bool Chance(int percent) { return Rand(100) < percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) { return v[Rand(static_cast<int>(v.size()))]; }

  std::string DataValue(char kind) {
    if (Chance(15)) return "NULL";
    switch (kind) {
      case 'i':
        if (Chance(8)) return Pick(std::vector<std::string>{"'5'", "'x'", "2.5", "'07'", "3.0"});
        return std::to_string(Rand(11) - 2);
      case 'r':
        if (Chance(8)) return Pick(std::vector<std::string>{"'1.5'", "'y'", "4", "'1e1'"});
        return RealLiteral();
      case 't':
        if (Chance(10)) return Pick(std::vector<std::string>{"3", "1.5", "-2"});
        return TextLiteral();
      default:  // numeric
        return Pick(std::vector<std::string>{"1", "2", "'3'", "'4.0'", "2.5", "'abc'", "0", "'1e2'", "-1"});
    }
  }

  std::string RealLiteral() {
    int q = Rand(33) - 8;  // quarters from -2.0 to 6.0
    std::string s = std::to_string(q / 4);
    if (q < 0 && q / 4 == 0) s = "-0";
    static const char* kFrac[] = {".0", ".25", ".5", ".75"};
    return s + kFrac[(q % 4 + 4) % 4];
  }

  std::string TextLiteral() {
    static const std::vector<std::string> kWords = {"'a'",  "'b'",   "'ab'",  "'abc'", "'B'", "''",
                                                    "'10'", "'2'",   "' 3'",  "'x%y'", "'b_c'",
                                                    "'Abc'", "'1.5'", "'zz'", "'a b'"};
    return Pick(kWords);
  }

  std::string Literal() {
    switch (Rand(5)) {
      case 0: return std::to_string(Rand(11) - 2);
      case 1: return RealLiteral();
      case 2: return TextLiteral();
      case 3: return Chance(30) ? "NULL" : std::to_string(Rand(5));
      default: return std::to_string(Rand(4));
    }
  }

  std::string Column(const Scope& scope) {
    const ScopeEntry& e = Pick(scope);
    const GenColumn& c = Pick(e.table->columns);
    return e.alias + "." + c.name;
  }

  std::string NewAlias() { return "s" + std::to_string(alias_counter_++); }

  std::string Expr(const Scope& scope, int depth) {
    if (depth <= 0 || Chance(35)) return Chance(72) ? Column(scope) : Literal();
    int r = Rand(100);
    if (r < 22) {
      static const char* kOps[] = {"+", "-", "*", "/", "%"};
      return "(" + Expr(scope, depth - 1) + " " + kOps[Rand(5)] + " " + Expr(scope, depth - 1) + ")";
    }
    if (r < 27) return "(" + Expr(scope, depth - 1) + " || " + Expr(scope, depth - 1) + ")";
    if (r < 30) return "(- " + Expr(scope, depth - 1) + ")";  // "--" would start a comment
    if (r < 62) return FunctionCall(scope, depth);
    if (r < 70) {
      static const char* kTypes[] = {"INTEGER", "REAL", "TEXT", "NUMERIC"};
      return "CAST(" + Expr(scope, depth - 1) + " AS " + kTypes[Rand(4)] + ")";
    }
    if (r < 82) {
      std::string s = "CASE";
      if (Chance(40)) {
        s += " " + Expr(scope, depth - 1);
        int n = 1 + Rand(2);
        for (int i = 0; i < n; i++) s += " WHEN " + Literal() + " THEN " + Expr(scope, depth - 1);
      } else {
        int n = 1 + Rand(2);
        for (int i = 0; i < n; i++) s += " WHEN " + Cond(scope, depth - 1) + " THEN " + Expr(scope, depth - 1);
      }
      if (Chance(70)) s += " ELSE " + Expr(scope, depth - 1);
      return s + " END";
    }
    if (r < 90 && depth >= 2 && options_.subqueries) return ScalarSubquery(scope);
    return "(" + Cond(scope, depth - 1) + ")";
  }

  std::string FunctionCall(const Scope& scope, int depth) {
    auto e = [&] { return Expr(scope, depth - 1); };
    switch (Rand(26)) {
      case 19: return "printf('%.2f|%d|%s', " + e() + ", " + e() + ", " + e() + ")";
      case 20: return "(" + e() + " " + std::string(Pick(std::vector<std::string>{"&", "|", "<<", ">>"})) + " " + e() + ")";
      case 21: return "(~" + e() + ")";
      case 22: return "date('2024-02-29', " + std::to_string(Rand(9) - 4) + " || ' days')";
      case 23: return "strftime('%Y-%j %H:%M', '2021-03-04 05:06:07', " + e() + " || ' hours')";
      case 24: return "(" + e() + " || '')";  // text rendering of numbers
      case 25: return "char(65 + abs(" + e() + ") % 26)";
      case 0: return "abs(" + e() + ")";
      case 1: return "length(" + e() + ")";
      case 2: return "lower(" + e() + ")";
      case 3: return "upper(" + e() + ")";
      case 4: return "substr(" + e() + ", " + std::to_string(Rand(5) - 1) + (Chance(60) ? ", " + std::to_string(Rand(4) - 1) : "") + ")";
      case 5: return "coalesce(" + e() + ", " + e() + (Chance(30) ? ", " + e() : "") + ")";
      case 6: return "ifnull(" + e() + ", " + e() + ")";
      case 7: return "nullif(" + e() + ", " + e() + ")";
      case 8: return "typeof(" + e() + ")";
      case 9: return "round(" + e() + (Chance(50) ? ", " + std::to_string(Rand(3)) : "") + ")";
      case 10: return "min(" + e() + ", " + e() + ")";
      case 11: return "max(" + e() + ", " + e() + ")";
      case 12: return "trim(" + e() + ")";
      case 13: return "replace(" + e() + ", 'a', 'xy')";
      case 14: return "instr(" + e() + ", 'b')";
      case 15: return "iif(" + Cond(scope, depth - 1) + ", " + e() + ", " + e() + ")";
      case 16: return "quote(" + e() + ")";
      case 17: return "hex(" + e() + ")";
      default: return "sign(" + e() + ")";
    }
  }

  std::string Cond(const Scope& scope, int depth) {
    int r = Rand(100);
    if (depth > 0 && r < 22) {
      std::string op = Chance(50) ? " AND " : " OR ";
      return "(" + Cond(scope, depth - 1) + op + Cond(scope, depth - 1) + ")";
    }
    if (depth > 0 && r < 27) return "NOT (" + Cond(scope, depth - 1) + ")";
    int d = depth > 0 ? depth - 1 : 0;
    if (r < 55) {
      static const char* kCmp[] = {"=", "<>", "!=", "<", "<=", ">", ">=", "IS", "IS NOT", "=="};
      return Expr(scope, d) + " " + kCmp[Rand(10)] + " " + Expr(scope, d);
    }
    if (r < 62) return Expr(scope, d) + (Chance(50) ? " IS NULL" : " IS NOT NULL");
    if (r < 68 && options_.between) return Expr(scope, d) + (Chance(25) ? " NOT" : "") + " BETWEEN " + Expr(scope, 0) + " AND " + Expr(scope, 0);
    if (r < 76) {
      std::string s = Expr(scope, d) + (Chance(25) ? " NOT IN (" : " IN (");
      int n = 1 + Rand(4);
      for (int i = 0; i < n; i++) s += (i ? ", " : "") + Literal();
      return s + ")";
    }
    if (r < 82) {
      static const char* kPatterns[] = {"'a%'", "'%b%'", "'_'", "'A%'", "'%1%'", "'%'", "'b_c'", "'%c'"};
      return PatternOperand(scope, d) + (Chance(20) ? " NOT LIKE " : " LIKE ") + kPatterns[Rand(8)];
    }
    if (r < 85) {
      static const char* kGlobs[] = {"'a*'", "'*b*'", "'?'", "'[a-b]*'", "'*[0-9]'"};
      return PatternOperand(scope, d) + " GLOB " + kGlobs[Rand(5)];
    }
    if (r < 93 && depth > 0 && options_.subqueries) {
      // [NOT] EXISTS, correlated with the outer scope.
      const GenTable& t = Pick(schema_->tables);
      std::string alias = NewAlias();
      Scope inner = scope;
      inner.push_back({alias, &t});
      std::string s = std::string(Chance(30) ? "NOT " : "") + "EXISTS (SELECT 1 FROM " + t.name + " AS " + alias +
                      " WHERE " + alias + "." + Pick(t.columns).name + " = " + Column(scope);
      if (Chance(40)) s += " AND " + Cond(inner, 0);
      return s + ")";
    }
    if (r < 100 && depth > 0 && options_.subqueries) {
      const GenTable& t = Pick(schema_->tables);
      std::string alias = NewAlias();
      Scope inner = {{alias, &t}};
      std::string s = Expr(scope, d) + (Chance(25) ? " NOT IN " : " IN ") + "(SELECT " + alias + "." +
                      Pick(t.columns).name + " FROM " + t.name + " AS " + alias;
      if (Chance(50)) s += " WHERE " + Cond(inner, 0);
      return s + ")";
    }
    return Expr(scope, d);
  }

  // sqlite3 3.40.1 drops the outer rows of a LEFT JOIN whose ON clause has
  // "rowid_alias LIKE 'a%'" (its LIKE optimization); "+x" sidesteps that bug.
  std::string PatternOperand(const Scope& scope, int depth) {
    std::string e = Expr(scope, depth);
    if (e.size() > 3 && e.compare(e.size() - 3, 3, ".id") == 0) return "(+" + e + ")";
    return e;
  }

  std::string ScalarSubquery(const Scope& scope) {
    const GenTable& t = Pick(schema_->tables);
    std::string alias = NewAlias();
    static const char* kAggs[] = {"count(*)", "max", "min", "sum", "count"};
    int a = Rand(5);
    size_t agg_col = static_cast<size_t>(Rand(static_cast<int>(t.columns.size())));
    size_t key_col = (agg_col + 1) % t.columns.size();
    std::string col = alias + "." + t.columns[agg_col].name;
    std::string agg = a == 0 ? "count(*)" : std::string(kAggs[a]) + "(" + col + ")";
    std::string s = "(SELECT " + agg + " FROM " + t.name + " AS " + alias;
    // The key column differs from the aggregated one: with "max(c) WHERE c =
    // x" sqlite3 may answer from an index with any value equal to x (' 3'
    // and '3' are both equal to 3 under numeric affinity).
    if (Chance(70)) s += " WHERE " + alias + "." + t.columns[key_col].name + " = " + Column(scope);
    return s + ")";
  }

  // FROM clause over 1-3 tables; fills `scope`.
  std::string From(Scope* scope) {
    int n = Chance(45) ? 1 : (Chance(75) ? 2 : 3);
    std::string from;
    for (int i = 0; i < n; i++) {
      const GenTable& t = Pick(schema_->tables);
      std::string alias = NewAlias();
      if (i == 0) {
        from = t.name + " AS " + alias;
        scope->push_back({alias, &t});
        continue;
      }
      Scope right = {{alias, &t}};
      std::string on = alias + "." + Pick(t.columns).name + " = " + Column(*scope);
      if (Chance(20)) {
        Scope both = *scope;
        both.push_back({alias, &t});
        // Never a constant term: sqlite3 3.40.1 loses the rows of a later
        // RIGHT JOIN after "A JOIN B ON ... AND 0" (its bug, not s3lite's).
        std::string extra = Cond(both, 0);
        if (HasColumn(extra)) on += " AND " + extra;
      }
      int j = Rand(20);
      if (j < 7) {
        from += " JOIN " + t.name + " AS " + alias + " ON " + on;
      } else if (j < 14 && options_.left_join) {
        from += " LEFT JOIN " + t.name + " AS " + alias + " ON " + on;
      } else if (j < 16 && options_.right_join) {
        from += " RIGHT JOIN " + t.name + " AS " + alias + " ON " + on;
      } else if (j < 17 && i == 1) {
        // Every table has c0; with one table on the left it is unambiguous.
        from += std::string(Chance(50) ? " LEFT" : "") + " JOIN " + t.name + " AS " + alias + " USING (c0)";
      } else {
        from += ", " + t.name + " AS " + alias;
        pending_where_.push_back(on);
      }
      scope->push_back({alias, &t});
    }
    return from;
  }

  std::string Where(const Scope& scope, int depth) {
    std::vector<std::string> parts = pending_where_;
    pending_where_.clear();
    if (Chance(70)) parts.push_back(Cond(scope, depth));
    if (parts.empty()) return "";
    std::string s = " WHERE ";
    for (size_t i = 0; i < parts.size(); i++) s += (i ? " AND " : "") + parts[i];
    return s;
  }

  // ORDER BY [key,] 1, 2, ..., n with random directions; plus LIMIT/OFFSET.
  std::string OrderBy(int ncols, const std::string& extra_key) {
    std::string s = " ORDER BY ";
    // A constant integer would be a column position, not an expression.
    if (!extra_key.empty() && HasColumn(extra_key)) s += extra_key + (Chance(40) ? " DESC" : "") + ", ";
    std::vector<int> cols;
    for (int i = 1; i <= ncols; i++) cols.push_back(i);
    std::shuffle(cols.begin(), cols.end(), rng_);
    for (size_t i = 0; i < cols.size(); i++) {
      s += (i ? ", " : "") + std::to_string(cols[i]);
      if (Chance(40)) s += " DESC";
      if (Chance(10)) s += Chance(50) ? " NULLS FIRST" : " NULLS LAST";
    }
    if (Chance(40)) {
      s += " LIMIT " + std::to_string(Rand(8));
      if (Chance(50)) s += " OFFSET " + std::to_string(Rand(5));
    }
    return s;
  }

  GenQuery PlainSelect(int depth, bool allow_order) {
    Scope scope;
    std::string from = From(&scope);
    int ncols = 1 + Rand(3);
    bool distinct = Chance(20);
    std::string sql = distinct ? "SELECT DISTINCT " : "SELECT ";
    for (int i = 0; i < ncols; i++) sql += (i ? ", " : "") + Expr(scope, depth);
    sql += " FROM " + from + Where(scope, depth);
    GenQuery q;
    if (allow_order && Chance(50)) {
      sql += OrderBy(ncols, (!distinct && Chance(40)) ? Expr(scope, 1) : "");
      q.ordered = true;
    }
    q.sql = sql;
    return q;
  }

  std::string AggregateCall(const Scope& scope) {
    static const char* kAggs[] = {"count", "sum", "avg", "min", "max", "total"};
    int a = Rand(7);
    if (a == 6) return "count(*)";
    // sum/avg/total only over columns: a sum of rounded quotients would
    // depend on the order in which rows arrive.
    bool column_only = a == 1 || a == 2 || a == 5;
    std::string arg = (column_only || Chance(70)) ? Column(scope) : Expr(scope, 1);
    std::string distinct = Chance(15) ? "DISTINCT " : "";
    return std::string(kAggs[a]) + "(" + distinct + arg + ")";
  }

  GenQuery AggregateSelect(bool allow_order) {
    Scope scope;
    std::string from = From(&scope);
    std::vector<std::string> keys;
    int nkeys = Chance(25) ? 0 : 1 + Rand(2);
    for (int i = 0; i < nkeys; i++) {
      // A column never holds both 2 and 2.0 (affinity normalizes), but an
      // expression can, and which of the equal values names the group then
      // depends on row order; CAST AS TEXT keeps expression keys exact.
      std::string key = Column(scope);
      if (Chance(20)) {
        std::string e = Expr(scope, 1);
        if (HasColumn(e)) key = "CAST(" + e + " AS TEXT)";  // no constant (positional) keys
      }
      keys.push_back(key);
    }
    int naggs = 1 + Rand(3);
    std::string sql = "SELECT ";
    int ncols = 0;
    for (const std::string& k : keys) sql += (ncols++ ? ", " : "") + k;
    for (int i = 0; i < naggs; i++) sql += (ncols++ ? ", " : "") + AggregateCall(scope);
    sql += " FROM " + from + Where(scope, 1);
    if (!keys.empty()) {
      sql += " GROUP BY ";
      for (size_t i = 0; i < keys.size(); i++) sql += (i ? ", " : "") + keys[i];
      if (Chance(35)) {
        static const char* kCmp[] = {">", "<", "=", ">=", "<>"};
        sql += " HAVING " + AggregateCall(scope) + " " + kCmp[Rand(5)] + " " + std::to_string(Rand(4));
      }
    }
    GenQuery q;
    if (allow_order && Chance(50)) {
      sql += OrderBy(ncols, "");
      q.ordered = true;
    }
    q.sql = sql;
    return q;
  }

  GenQuery CompoundSelect() {
    int ncols = 1 + Rand(2);
    auto arm = [&]() {
      Scope scope;
      std::string from = From(&scope);
      std::string s = "SELECT ";
      for (int i = 0; i < ncols; i++) s += (i ? ", " : "") + Expr(scope, 1);
      return s + " FROM " + from + Where(scope, 1);
    };
    static const char* kOps[] = {" UNION ALL ", " UNION ", " INTERSECT ", " EXCEPT "};
    const int nops = options_.union_distinct ? 4 : 1;
    std::string sql = arm() + kOps[Rand(nops)] + arm();
    if (Chance(25)) sql += kOps[Rand(nops)] + arm();
    GenQuery q;
    if (Chance(50)) {
      sql += OrderBy(ncols, "");
      q.ordered = true;
    }
    q.sql = sql;
    return q;
  }

  GenQuery DerivedTableSelect() {
    // The inner query's columns are named v0..vN and form a pseudo table.
    GenQuery inner = Chance(50) ? PlainSelect(1, false) : AggregateSelect(false);
    size_t from_pos = inner.sql.find(" FROM ");
    size_t select_len = inner.sql.rfind("SELECT DISTINCT ", 0) == 0 ? 16 : 7;
    std::string list = inner.sql.substr(select_len, from_pos - select_len);
    // Re-alias each top-level output expression.
    std::vector<std::string> items;
    int paren = 0;
    bool quote = false;
    std::string cur;
    for (char c : list) {
      if (c == '\'') quote = !quote;
      if (!quote && c == '(') paren++;
      if (!quote && c == ')') paren--;
      if (!quote && paren == 0 && c == ',') {
        items.push_back(cur);
        cur.clear();
        continue;
      }
      cur.push_back(c);
    }
    items.push_back(cur);
    std::string aliased;
    derived_.name = "(" + inner.sql.substr(0, select_len);
    derived_.columns.clear();
    for (size_t i = 0; i < items.size(); i++) {
      std::string name = "v" + std::to_string(i);
      derived_.name += (i ? ", " : "") + items[i] + " AS " + name;
      derived_.columns.push_back({name, 'n'});
    }
    derived_.name += inner.sql.substr(from_pos) + ")";
    std::string alias = NewAlias();
    Scope scope = {{alias, &derived_}};
    int ncols = 1 + Rand(2);
    std::string sql = "SELECT ";
    for (int i = 0; i < ncols; i++) sql += (i ? ", " : "") + Expr(scope, 1);
    sql += " FROM " + derived_.name + " AS " + alias;
    if (Chance(60)) sql += " WHERE " + Cond(scope, 1);
    GenQuery q;
    if (Chance(50)) {
      sql += OrderBy(ncols, "");
      q.ordered = true;
    }
    q.sql = sql;
    return q;
  }

  std::mt19937_64 rng_;
  GeneratorOptions options_;
  const GenSchema* schema_ = nullptr;
  int alias_counter_ = 0;
  std::vector<std::string> pending_where_;
  GenTable derived_;
};

}  // namespace s3lite::difftest
