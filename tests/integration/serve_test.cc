// `s3lite serve` over real HTTP: a real server process on 127.0.0.1 (free
// port) and the real curl binary as the client. Covers the JSON result
// format and typed values, parameters, errors and their HTTP statuses, the
// bearer token, body size and time limits, multi-statement atomicity,
// sessions (transactions across requests, idle expiry), /tables, /health,
// the request log, and graceful shutdown on SIGTERM. Docs: docs/SERVE.md.
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "tests/integration/multi/serve_process.h"

namespace s3lite::multi {
namespace {

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(ShellPath())) << ShellPath() << " not built";
    ASSERT_FALSE(dir_.path().empty());
    store_ = LocalStoreArgs(dir_.path() + "/db");
  }
  void TearDown() override { server_.KillHard(); }

  void StartServer(const std::vector<std::string>& options = {}) {
    ASSERT_TRUE(server_.Start(store_, options));
  }
  HttpReply Ok(const std::string& sql, const nlohmann::json& params = nullptr, const std::string& session = "") {
    HttpReply r = server_.Query(sql, params, session);
    EXPECT_EQ(r.status, 200) << sql << " -> " << r.body;
    return r;
  }

  TempDir dir_;
  StoreArgs store_;
  ServeProcess server_;
};

TEST_F(ServeTest, QueryReturnsTypedColumnsRowsAndRequestCounts) {
  StartServer();
  Ok("CREATE TABLE t(id INTEGER PRIMARY KEY, i INTEGER, r REAL, s TEXT, b BLOB)");
  HttpReply ins = Ok("INSERT INTO t VALUES (?, ?, ?, ?, ?), (2, NULL, -0.5, 'x', NULL)",
                     nlohmann::json::array({1, 9007199254740993LL, 1.25, "héllo \"q\"", {{"blob", "00ff10"}}}));
  EXPECT_EQ(ins.json["changes"], 2);
  EXPECT_EQ(ins.json["columns"], nlohmann::json::array());
  EXPECT_GE(ins.json["requests"]["put_if_absent"].get<int>(), 1) << ins.body;  // the WAL object

  HttpReply sel = Ok("SELECT id, i, r, s, b, typeof(b) FROM t ORDER BY id");
  EXPECT_EQ(sel.json["columns"], nlohmann::json::parse(R"j(["id","i","r","s","b","typeof(b)"])j"));
  ASSERT_EQ(sel.json["rows"].size(), 2u) << sel.body;
  const nlohmann::json& row = sel.json["rows"][0];
  EXPECT_TRUE(row[1].is_number_integer());
  EXPECT_EQ(row[1].get<int64_t>(), 9007199254740993LL);  // exact, not via double
  EXPECT_TRUE(row[2].is_number_float());
  EXPECT_DOUBLE_EQ(row[2].get<double>(), 1.25);
  EXPECT_EQ(row[3], "héllo \"q\"");
  EXPECT_EQ(row[4], nlohmann::json({{"blob", "00ff10"}}));
  EXPECT_EQ(row[5], "blob");
  EXPECT_TRUE(sel.json["rows"][1][1].is_null());
  EXPECT_EQ(sel.json["changes"], 0);
  EXPECT_TRUE(sel.json["elapsed_ms"].is_number());
  for (const char* k : {"get", "range_get", "put", "put_if_absent", "delete", "list", "head", "total"}) {
    EXPECT_TRUE(sel.json["requests"].contains(k)) << k;
  }
}

TEST_F(ServeTest, ErrorsAreJsonWithStatusAndCode) {
  StartServer({"--max-body-bytes", "2000"});
  HttpReply syntax = server_.Query("SELEC 1");
  EXPECT_EQ(syntax.status, 400);
  EXPECT_EQ(syntax.json["code"], "sql_error") << syntax.body;
  EXPECT_NE(syntax.json["error"].get<std::string>().find("syntax error"), std::string::npos) << syntax.body;

  HttpReply missing = server_.Query("SELECT * FROM nope");
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.json["error"].get<std::string>().find("no such table: nope"), std::string::npos);

  Ok("CREATE TABLE u(id INTEGER PRIMARY KEY)");
  Ok("INSERT INTO u VALUES (1)");
  HttpReply dup = server_.Query("INSERT INTO u VALUES (1)");
  EXPECT_EQ(dup.status, 400);
  EXPECT_EQ(dup.json["code"], "constraint") << dup.body;

  HttpReply not_json = Curl(server_.port(), "POST", "/query", "{\"sql\": ");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_EQ(not_json.json["code"], "bad_request");
  HttpReply no_sql = Curl(server_.port(), "POST", "/query", "{\"params\": []}");
  EXPECT_EQ(no_sql.status, 400);
  HttpReply bad_param = server_.Query("SELECT ?", nlohmann::json::array({nlohmann::json::array({1})}));
  EXPECT_EQ(bad_param.status, 400);
  HttpReply too_few = server_.Query("SELECT ?, ?", nlohmann::json::array({1}));
  EXPECT_EQ(too_few.status, 400);
  EXPECT_NE(too_few.body.find("parameter"), std::string::npos);

  HttpReply big = server_.Query("SELECT '" + std::string(5000, 'x') + "'");
  EXPECT_EQ(big.status, 413) << big.body;
  EXPECT_EQ(big.json["code"], "too_large") << big.body;

  HttpReply nowhere = Curl(server_.port(), "GET", "/nowhere");
  EXPECT_EQ(nowhere.status, 404);
  EXPECT_EQ(nowhere.json["code"], "not_found");
}

TEST_F(ServeTest, BearerTokenIsRequiredAndNeverLogged) {
  const std::string token = "s3cr3t-token-value-123";
  const std::string token_file = dir_.path() + "/token";
  std::ofstream(token_file) << token << "\n";
  StartServer({"--token-file", token_file});

  HttpReply none = server_.Query("SELECT 1");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.json["code"], "unauthorized");
  HttpReply wrong = server_.Query("SELECT 1", nullptr, "", {"Authorization: Bearer s3cr3t-token-value-12"});
  EXPECT_EQ(wrong.status, 401);
  HttpReply longer = server_.Query("SELECT 1", nullptr, "", {"Authorization: Bearer " + token + "4"});
  EXPECT_EQ(longer.status, 401);
  HttpReply tables = Curl(server_.port(), "GET", "/tables");
  EXPECT_EQ(tables.status, 401);

  HttpReply good = server_.Query("SELECT 41 + 1", nullptr, "", {"Authorization: Bearer " + token});
  EXPECT_EQ(good.status, 200) << good.body;
  EXPECT_EQ(good.json["rows"][0][0], 42);
  HttpReply health = Curl(server_.port(), "GET", "/health");  // open for load balancers
  EXPECT_EQ(health.status, 200);

  EXPECT_EQ(server_.Stop(), 0);
  std::string log = server_.log();
  EXPECT_EQ(log.find(token), std::string::npos) << log;
  EXPECT_NE(log.find("POST /query 401"), std::string::npos) << log;
  EXPECT_NE(log.find("POST /query 200"), std::string::npos) << log;
}

TEST_F(ServeTest, MultiStatementRequestIsOneTransaction) {
  StartServer();
  Ok("CREATE TABLE acct(id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)");
  Ok("INSERT INTO acct VALUES (1, 100), (2, 0)");
  // The second UPDATE fails (NOT NULL): the first must be undone too.
  HttpReply bad = server_.Query("UPDATE acct SET balance = balance - 10 WHERE id = 1; "
                                "UPDATE acct SET balance = NULL WHERE id = 2");
  EXPECT_EQ(bad.status, 400) << bad.body;
  HttpReply after_bad = Ok("SELECT balance FROM acct ORDER BY id");
  EXPECT_EQ(after_bad.json["rows"], nlohmann::json::parse("[[100],[0]]"));

  HttpReply good = Ok("UPDATE acct SET balance = balance - ? WHERE id = 1; "
                      "UPDATE acct SET balance = balance + ? WHERE id = 2; SELECT sum(balance) FROM acct",
                      nlohmann::json::array({30, 30}));
  EXPECT_EQ(good.json["changes"], 2);
  EXPECT_EQ(good.json["statements"], 3);
  EXPECT_EQ(good.json["rows"], nlohmann::json::parse("[[100]]"));  // the last statement's result
  EXPECT_EQ(Ok("SELECT balance FROM acct ORDER BY id").json["rows"], nlohmann::json::parse("[[70],[30]]"));

  // BEGIN ... COMMIT inside one request is the client's own transaction.
  Ok("BEGIN; INSERT INTO acct VALUES (3, 5); COMMIT");
  // A one-shot request may not leave a transaction open.
  HttpReply open = server_.Query("BEGIN; INSERT INTO acct VALUES (4, 5)");
  EXPECT_EQ(open.status, 400);
  EXPECT_EQ(open.json["code"], "transaction_open") << open.body;
  EXPECT_EQ(Ok("SELECT count(*) FROM acct").json["rows"][0][0], 3);
}

TEST_F(ServeTest, SessionsSpanRequestsAndExpireWhenIdle) {
  StartServer({"--session-idle-ms", "700"});
  Ok("CREATE TABLE t(x)");
  Ok("BEGIN", nullptr, "s1");
  HttpReply ins = Ok("INSERT INTO t VALUES (1)", nullptr, "s1");
  EXPECT_EQ(ins.json["in_transaction"], true);
  EXPECT_EQ(ins.json["session"], "s1");
  // Not visible outside the session until COMMIT; visible inside.
  EXPECT_EQ(Ok("SELECT count(*) FROM t").json["rows"][0][0], 0);
  EXPECT_EQ(Ok("SELECT count(*) FROM t", nullptr, "s1").json["rows"][0][0], 1);
  // The header names the session as well as the field does.
  HttpReply via_header = server_.Query("INSERT INTO t VALUES (2)", nullptr, "", {"X-S3lite-Session: s1"});
  EXPECT_EQ(via_header.status, 200) << via_header.body;
  Ok("COMMIT", nullptr, "s1");
  EXPECT_EQ(Ok("SELECT count(*) FROM t").json["rows"][0][0], 2);

  // ROLLBACK in a session.
  Ok("BEGIN", nullptr, "s2");
  Ok("DELETE FROM t", nullptr, "s2");
  Ok("ROLLBACK", nullptr, "s2");
  EXPECT_EQ(Ok("SELECT count(*) FROM t").json["rows"][0][0], 2);

  // An idle session is rolled back; its late COMMIT fails and nothing lands.
  Ok("BEGIN", nullptr, "s3");
  Ok("INSERT INTO t VALUES (3)", nullptr, "s3");
  std::this_thread::sleep_for(std::chrono::milliseconds(1800));
  HttpReply late = server_.Query("COMMIT", nullptr, "s3");
  EXPECT_EQ(late.status, 400) << late.body;
  EXPECT_NE(late.body.find("no transaction is active"), std::string::npos) << late.body;
  EXPECT_EQ(Ok("SELECT count(*) FROM t").json["rows"][0][0], 2);
  // The expired session no longer blocked the writer slot.
  Ok("INSERT INTO t VALUES (4)");

  HttpReply bad_id = server_.Query("SELECT 1", nullptr, "no spaces allowed");
  EXPECT_EQ(bad_id.status, 400);
  // close_session ends a session (and rolls back what it left open).
  Ok("BEGIN", nullptr, "s4");
  Ok("INSERT INTO t VALUES (5)", nullptr, "s4");
  HttpReply closing = Curl(server_.port(), "POST", "/query",
                           R"({"sql": "SELECT 1", "session": "s4", "close_session": true})");
  EXPECT_EQ(closing.status, 200) << closing.body;
  EXPECT_EQ(Ok("SELECT count(*) FROM t").json["rows"][0][0], 3);
}

TEST_F(ServeTest, LongQueryIsInterruptedAtTheTimeLimit) {
  StartServer({"--timeout-ms", "300"});
  Ok("CREATE TABLE n(x INTEGER)");
  std::string values;
  for (int i = 0; i < 400; i++) values += (i ? ",(" : "(") + std::to_string(i) + ")";
  Ok("INSERT INTO n VALUES " + values);
  auto t0 = Clock::now();
  HttpReply slow = server_.Query("SELECT count(*) FROM n a, n b, n c WHERE a.x + b.x + c.x >= 0");
  double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  EXPECT_EQ(slow.status, 503) << slow.body;
  EXPECT_EQ(slow.json["code"], "timeout") << slow.body;
  EXPECT_LT(ms, 10'000);
  // The connection is fine afterwards.
  EXPECT_EQ(Ok("SELECT count(*) FROM n").json["rows"][0][0], 400);
}

TEST_F(ServeTest, TablesHealthAndTimeTravel) {
  StartServer();
  Ok("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
  Ok("CREATE INDEX t_v ON t(v)");
  HttpReply tables = Curl(server_.port(), "GET", "/tables");
  ASSERT_EQ(tables.status, 200) << tables.body;
  bool saw_table = false, saw_index = false;
  for (const auto& e : tables.json["tables"]) {
    if (e["name"] == "t" && e["type"] == "table") saw_table = e["sql"].get<std::string>().find("CREATE TABLE") == 0;
    if (e["name"] == "t_v" && e["type"] == "index") saw_index = e["table"] == "t";
  }
  EXPECT_TRUE(saw_table && saw_index) << tables.body;

  HttpReply health = Curl(server_.port(), "GET", "/health");
  ASSERT_EQ(health.status, 200);
  EXPECT_EQ(health.json["status"], "ok");
  EXPECT_TRUE(health.json["version"].is_string());
  EXPECT_EQ(health.json["read_only"], false);

  // Time travel through the HTTP API: stop (final checkpoint = a version),
  // write more, query the old version.
  Ok("INSERT INTO t VALUES (1, 'old')");
  ASSERT_EQ(server_.Stop(), 0);
  ProcResult versions = Admin(store_, "versions", {"--json"});
  ASSERT_EQ(versions.exit_code, 0) << versions.err;
  StartServer();
  uint64_t old_version = Curl(server_.port(), "GET", "/health").json["db_version"].get<uint64_t>();
  Ok("UPDATE t SET v = 'new'");
  Ok("INSERT INTO t VALUES (2, 'new')");
  HttpReply now = Ok("SELECT id, v FROM t ORDER BY id");
  EXPECT_EQ(now.json["rows"], nlohmann::json::parse(R"([[1,"new"],[2,"new"]])"));
  HttpReply then = Curl(server_.port(), "POST", "/query",
                        nlohmann::json({{"sql", "SELECT id, v FROM t ORDER BY id"}, {"as_of_version", old_version}})
                            .dump());
  EXPECT_EQ(then.status, 200) << then.body;
  EXPECT_EQ(then.json["rows"], nlohmann::json::parse(R"([[1,"old"]])")) << then.body;
  HttpReply write_old = Curl(server_.port(), "POST", "/query",
                             nlohmann::json({{"sql", "DELETE FROM t"}, {"as_of_version", old_version}}).dump());
  EXPECT_EQ(write_old.status, 400) << write_old.body;
  EXPECT_EQ(write_old.json["code"], "read_only") << write_old.body;
}

TEST_F(ServeTest, ParallelReadersAndWriters) {
  StartServer({"--threads", "8"});
  Ok("CREATE TABLE c(id INTEGER PRIMARY KEY, n INTEGER)");
  Ok("INSERT INTO c VALUES (1, 0)");
  std::atomic<int> ok_writes{0}, bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; t++) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 15; i++) {
        HttpReply r = t % 2 == 0 ? server_.Query("UPDATE c SET n = n + 1 WHERE id = 1")
                                 : server_.Query("SELECT n FROM c WHERE id = 1");
        if (r.status != 200) {
          bad++;
          ADD_FAILURE() << r.body;
        } else if (t % 2 == 0) {
          ok_writes++;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_EQ(Ok("SELECT n FROM c").json["rows"][0][0], ok_writes.load());
}

TEST_F(ServeTest, SigtermFinishesInFlightRequestAndCheckpoints) {
  StartServer({"--timeout-ms", "0"});
  Ok("CREATE TABLE n(x INTEGER)");
  std::string values;
  for (int i = 0; i < 150; i++) values += (i ? ",(" : "(") + std::to_string(i) + ")";
  Ok("INSERT INTO n VALUES " + values);
  HttpReply in_flight;
  std::thread slow([&] { in_flight = server_.Query("SELECT count(*) FROM n a, n b, n c"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(server_.Stop(), 0) << server_.log();
  slow.join();
  EXPECT_EQ(in_flight.status, 200) << in_flight.body;
  EXPECT_EQ(in_flight.json["rows"][0][0], 150 * 150 * 150);
  // Close() checkpointed: everything is in a manifest (no WAL tail needed).
  ProcResult manifest = Admin(store_, "manifest", {"--json"});
  EXPECT_EQ(manifest.exit_code, 0) << manifest.err;
  ProcResult verify = Admin(store_, "verify");
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  StartServer();
  EXPECT_EQ(Ok("SELECT count(*) FROM n").json["rows"][0][0], 150);
}

}  // namespace
}  // namespace s3lite::multi
