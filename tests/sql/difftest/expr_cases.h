// Test helper: table-driven cases that evaluate an expression with s3lite's
// function library and, as the expected value, ask sqlite3 for
// quote(<the same expression>). Results are compared through quote(), which
// shows the storage class (1 vs 1.0 vs '1') and all printed digits.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "sql/function/builtin_functions.h"
#include "sql/function/function_registry.h"
#include "sql/function/value_ops.h"
#include "tests/sql/difftest/sqlite_oracle.h"

namespace s3lite::difftest {

struct ExprCase {
  std::string sql;  // one line for sqlite3, printing the quoted result
  std::function<Result<Value>()> eval;
};

inline Value I(int64_t v) { return Value::Integer(v); }
inline Value R(double v) { return Value::Real(v); }
inline Value T(std::string v) { return Value::Text(std::move(v)); }
inline Value B(std::string v) { return Value::Blob(std::move(v)); }
inline Value N() { return Value::Null(); }

// The SQL literal of v, parenthesized so that "-5" stays one operand.
inline std::string Lit(const Value& v) { return "(" + QuoteValue(v) + ")"; }

inline std::string OpSql(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd: return "+";
    case BinaryOp::kSub: return "-";
    case BinaryOp::kMul: return "*";
    case BinaryOp::kDiv: return "/";
    case BinaryOp::kMod: return "%";
    case BinaryOp::kConcat: return "||";
    case BinaryOp::kBitAnd: return "&";
    case BinaryOp::kBitOr: return "|";
    case BinaryOp::kShl: return "<<";
    case BinaryOp::kShr: return ">>";
  }
  return "?";
}

inline ExprCase Binary(BinaryOp op, Value a, Value b) {
  std::string sql = "SELECT quote(" + Lit(a) + " " + OpSql(op) + " " + Lit(b) + ");";
  return {sql, [=] { return ApplyBinary(op, a, b); }};
}

inline ExprCase Call(const std::string& name, std::vector<Value> args) {
  std::string sql = "SELECT quote(" + name + "(";
  for (size_t i = 0; i < args.size(); i++) sql += (i ? ", " : "") + Lit(args[i]);
  sql += "));";
  return {sql, [=]() -> Result<Value> {
            const ScalarFunction* f = FindScalarFunction(name, static_cast<int>(args.size()));
            if (f == nullptr) return Status::NotFound("no such function: " + name);
            return f->fn(args);
          }};
}

inline ExprCase Cast(Value v, const std::string& type) {
  std::string sql = "SELECT quote(CAST(" + Lit(v) + " AS " + type + "));";
  return {sql, [=]() -> Result<Value> { return CastValue(v, type); }};
}

// Stores v in a column declared `type` and reads it back.
inline ExprCase Store(Value v, const std::string& type) {
  std::string sql = "CREATE TEMP TABLE IF NOT EXISTS aff(c " + type + "); DELETE FROM aff; " +
                    "INSERT INTO aff VALUES(" + Lit(v) + "); SELECT quote(c) FROM aff; DROP TABLE aff;";
  return {sql, [=]() -> Result<Value> { return ApplyAffinity(v, AffinityOfType(type)); }};
}

// name(args...) over rows given as argument tuples; an empty tuple list is
// an empty input. count(*) is name "count" with zero-length tuples.
inline ExprCase Agg(const std::string& name, std::vector<std::vector<Value>> rows, int argc) {
  std::string call = name + "(";
  if (argc == 0) call += "*";
  for (int i = 0; i < argc; i++) call += (i ? ", column" : "column") + std::to_string(i + 1);
  call += ")";
  std::string from;
  if (rows.empty()) {
    from = "(VALUES (1, 1)) WHERE 0";
  } else {
    from = "(VALUES ";
    for (size_t r = 0; r < rows.size(); r++) {
      from += r ? ", (" : "(";
      if (rows[r].empty()) from += "0";
      for (size_t c = 0; c < rows[r].size(); c++) from += (c ? ", " : "") + Lit(rows[r][c]);
      from += ")";
    }
    from += ")";
  }
  std::string sql = "SELECT quote(" + call + ") FROM " + from + ";";
  return {sql, [=]() -> Result<Value> {
            const AggregateFunction* f = FindAggregateFunction(name, argc);
            if (f == nullptr) return Status::NotFound("no such function: " + name);
            std::unique_ptr<Aggregate> agg = f->make();
            for (const auto& row : rows) {
              Status s = agg->Step(row);
              if (!s.ok()) return s;
            }
            return agg->Finalize();
          }};
}

// Runs every case through sqlite3 in one process and compares.
inline void ExpectSameAsSqlite(const std::vector<ExprCase>& cases) {
  std::vector<std::string> lines;
  for (const ExprCase& c : cases) lines.push_back(c.sql);
  std::vector<OracleAnswer> expected = AskSqlite(lines);
  ASSERT_EQ(expected.size(), cases.size());
  for (size_t i = 0; i < cases.size(); i++) {
    Result<Value> got = cases[i].eval();
    if (expected[i].error) {
      EXPECT_FALSE(got.ok()) << cases[i].sql << "\n  sqlite3 error: " << expected[i].text
                             << "\n  s3lite: " << (got.ok() ? QuoteValue(*got) : "");
      if (!got.ok()) {
        EXPECT_EQ(got.status().message(), expected[i].text) << cases[i].sql;
      }
    } else {
      ASSERT_TRUE(got.ok()) << cases[i].sql << "\n  s3lite error: " << got.status().ToString()
                            << "\n  sqlite3: " << expected[i].text;
      EXPECT_EQ(QuoteValue(*got), expected[i].text) << cases[i].sql;
    }
  }
}

}  // namespace s3lite::difftest
