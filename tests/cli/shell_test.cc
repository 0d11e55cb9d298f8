// The s3lite shell binary, run for real (fork/exec with pipes) and compared
// byte for byte with Debian's sqlite3 on the same input: output modes, dot
// commands, flags, error messages and exit codes, .import, persistence.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "tests/cli/process_runner.h"

namespace s3lite {
namespace {

using test::ProcessResult;
using test::RunProcess;
using test::ShellBinary;
using test::TempDir;

// Runs `args` (with "@DB" replaced by a fresh database) through s3lite and
// sqlite3 with the same stdin.
struct Pair {
  ProcessResult ours, theirs;
};

class ShellTest : public ::testing::Test {
 protected:
  std::string Store() const { return dir_.Sub("store"); }

  ProcessResult Ours(std::vector<std::string> args, const std::string& in = "", std::string store = "") {
    if (store.empty()) store = Store();
    std::vector<std::string> argv = {ShellBinary()};
    for (auto& a : args) argv.push_back(a == "@DB" ? store : a);
    return RunProcess(argv, in, {}, dir_.path());
  }

  Pair Both(const std::vector<std::string>& args, const std::string& in = "") {
    Pair p;
    p.ours = Ours(args, in, dir_.Sub("fresh" + std::to_string(n_)));
    std::vector<std::string> argv = {"sqlite3"};
    for (const auto& a : args) argv.push_back(a == "@DB" ? dir_.Sub("sqlite" + std::to_string(n_) + ".db") : a);
    n_++;
    p.theirs = RunProcess(argv, in, {}, dir_.path());
    return p;
  }

  void ExpectSameOutput(const std::vector<std::string>& args, const std::string& in) {
    Pair p = Both(args, in);
    EXPECT_EQ(p.ours.out, p.theirs.out) << "stdin:\n" << in << "\nour stderr: " << p.ours.err;
    EXPECT_EQ(p.ours.exit_code, p.theirs.exit_code) << p.ours.err;
  }

  TempDir dir_;
  int n_ = 0;
};

// Every line of `ours` appears in `theirs` (sqlite3 may print more: caret lines).
void ExpectLinesAmong(const std::string& ours, const std::string& theirs) {
  std::istringstream in(ours);
  std::string line;
  while (std::getline(in, line)) {
    EXPECT_NE(theirs.find(line + "\n"), std::string::npos) << "ours: " << line << "\nsqlite3:\n" << theirs;
  }
}

const char* kData =
    "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB);\n"
    "INSERT INTO t VALUES(1,'alice',1.5,x'00ff'),(2,'bob, jr',NULL,NULL),(3,'line\ntwo',3.0,'txt');\n"
    "INSERT INTO t VALUES(4,'quote \"q\" and ''s''',-0.1,x''),(5,'tab\there',1e300,'');\n";
const char* kQueries =
    "SELECT * FROM t;\n"
    "SELECT count(*), sum(score), avg(score), max(name) FROM t;\n"
    "SELECT * FROM t WHERE id > 100;\n"
    "SELECT 1/0, 7/2, 7.0/2, 1e100, 9223372036854775807, typeof(1.0), 'x' || NULL;\n"
    "SELECT id, upper(name) AS u FROM t ORDER BY name DESC LIMIT 3;\n";

TEST_F(ShellTest, EveryOutputFlagMatchesSqlite3) {
  for (const char* mode : {"-list", "-csv", "-json", "-line", "-box", "-table", "-markdown", "-column", "-quote",
                           "-tabs", "-html", "-ascii"}) {
    SCOPED_TRACE(mode);
    ExpectSameOutput({mode, "@DB"}, std::string(kData) + kQueries);
    ExpectSameOutput({mode, "-header", "@DB"}, std::string(kData) + kQueries);
    ExpectSameOutput({"-header", mode, "-noheader", "@DB"}, std::string(kData) + kQueries);
  }
}

TEST_F(ShellTest, DotModesAndSettingsMatchSqlite3) {
  std::string script = std::string(kData) +
                       ".headers on\n.mode csv\nSELECT * FROM t;\n"
                       ".mode column\nSELECT * FROM t;\n"
                       ".mode list\n.separator ; ~\n.nullvalue NIL\nSELECT * FROM t;\n"
                       ".separator |\n.mode insert dest\nSELECT * FROM t;\n"
                       ".mode insert\n.headers off\nSELECT * FROM t;\n"
                       ".mode quote\nSELECT * FROM t;\n"
                       ".mode json\nSELECT * FROM t;\n"
                       ".mode line\nSELECT * FROM t;\n"
                       ".mode box --wrap 6\nSELECT * FROM t;\n"
                       ".mode table --wrap 4 --wordwrap on\nSELECT 'the quick brown fox' AS s;\n"
                       ".mode markdown --quote\nSELECT * FROM t;\n"
                       ".mode tabs\n.headers yes\nSELECT * FROM t;\n"
                       ".mode\n";
  ExpectSameOutput({"@DB"}, script);
}

TEST_F(ShellTest, SchemaCommandsMatchSqlite3) {
  std::string script =
      "create table zeta(a integer primary key, b text);\n"
      "create table \"my tab\"(x);\n"
      "create   index zi on zeta(b);\n"
      "CREATE TABLE alpha(q);\n"
      "insert into zeta values(1,'it''s'),(2,NULL),(3,'a\nb');\n"
      "insert into \"my tab\" values(x'01'),(1.5),(1e300),(0.1);\n"
      ".tables\n.tables %a%\n.indexes\n.indexes zeta\n.schema\n.schema zeta\n"
      ".dump zeta\n.dump \"my tab\"\n.dump alpha\n";
  ExpectSameOutput({"@DB"}, script);
}

TEST_F(ShellTest, DumpRoundTripsThroughSqlite3) {
  ProcessResult w = Ours({"@DB"}, std::string(kData) + "CREATE INDEX tn ON t(name);\n");
  ASSERT_EQ(w.exit_code, 0) << w.err;
  ProcessResult dump = Ours({"@DB", ".dump"});
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  EXPECT_NE(dump.out.find("BEGIN TRANSACTION;"), std::string::npos);
  ProcessResult replay = RunProcess({"sqlite3", ":memory:"}, dump.out + "SELECT * FROM t ORDER BY id;\n");
  ProcessResult ours = Ours({"@DB", "SELECT * FROM t ORDER BY id;"});
  EXPECT_EQ(replay.err, "");
  EXPECT_EQ(replay.out, ours.out);
}

TEST_F(ShellTest, ErrorsNameTheLineAndSetTheExitStatus) {
  Pair p = Both({"@DB"}, "select 1;\n\nSELEC 1; select 2;\nselect\n x from nope;\nselect 3;\n");
  EXPECT_EQ(p.ours.out, p.theirs.out);  // "1\n3\n": the rest of a failing line is skipped
  EXPECT_EQ(p.ours.exit_code, 1);
  // sqlite3 3.40's words, with its caret line under errors that have a
  // position (more in shell_errors_test.cc).
  EXPECT_EQ(p.ours.err,
            "Parse error near line 3: near \"SELEC\": syntax error\n"
            "  SELEC 1; select 2;\n"
            "  ^--- error here\n"
            "Parse error near line 4: no such table: nope\n");
  EXPECT_EQ(p.ours.err, p.theirs.err);

  ProcessResult several = Ours({"@DB", "select 1", ".mode csv", "select 2, 'a b'"});
  EXPECT_EQ(several.out, "1\n2,\"a b\"\r\n");  // .mode csv ends rows with CRLF, as sqlite3

  ProcessResult arg = Ours({"@DB", "SELEC 1"});
  EXPECT_EQ(arg.exit_code, 1);
  EXPECT_EQ(arg.err, "Error: in prepare, near \"SELEC\": syntax error\n  SELEC 1\n  ^--- error here\n");
  EXPECT_EQ(arg.out, "");

  ProcessResult multi = Ours({"@DB", "select 1; SELEC 2; select 3"});
  EXPECT_EQ(multi.out, "1\n");
  EXPECT_EQ(multi.exit_code, 1);
}

TEST_F(ShellTest, BailStopsAtTheFirstError) {
  Pair p = Both({"-bail", "@DB"}, "select 1;\nSELEC 2;\nselect 3;\n");
  EXPECT_EQ(p.ours.out, "1\n");
  EXPECT_EQ(p.ours.out, p.theirs.out);
  EXPECT_EQ(p.ours.exit_code, 1);
  Pair dot = Both({"@DB"}, ".bail on\nselect 1;\nselect * from missing;\nselect 3;\n");
  EXPECT_EQ(dot.ours.out, dot.theirs.out);
  EXPECT_EQ(dot.ours.exit_code, 1);
  // -cmd errors count only under -bail (as in sqlite3).
  ExpectSameOutput({"-cmd", "SELEC 1", "@DB", "select 2"}, "");
  ExpectSameOutput({"-bail", "-cmd", "SELEC 1", "@DB", "select 2"}, "");
}

TEST_F(ShellTest, RuntimeAndParseErrorsAreWordedAsSqlite3) {
  // Errors while stepping: "Runtime error", the result code when it is not
  // SQLITE_ERROR; errors in name resolution: "Parse error" (no caret line here).
  const char* script =
      "CREATE TABLE u(a INTEGER UNIQUE, b TEXT NOT NULL, c CHECK (c > 0));\n"
      "INSERT INTO u VALUES(1, 'x', 1);\n"
      "INSERT INTO u VALUES(1, 'y', 1);\n"
      "INSERT INTO u VALUES(2, NULL, 1);\n"
      "INSERT INTO u VALUES(3, 'z', 0);\n"
      "SELECT abs(-9223372036854775808);\n"
      "SELECT 1;\n\n  SELECT * FROM\n    nope;\n"
      "CREATE TABLE u(a);\n"
      "SELECT count(*) FROM u;\n";
  Pair p = Both({"@DB"}, script);
  EXPECT_EQ(p.ours.out, p.theirs.out);
  EXPECT_EQ(p.ours.exit_code, p.theirs.exit_code);
  ExpectLinesAmong(p.ours.err, p.theirs.err);  // sqlite3 adds a caret under "already exists"
  EXPECT_EQ(p.ours.err,
            "Runtime error near line 3: UNIQUE constraint failed: u.a (19)\n"
            "Runtime error near line 4: NOT NULL constraint failed: u.b (19)\n"
            "Runtime error near line 5: CHECK constraint failed: c > 0 (19)\n"
            "Runtime error near line 6: integer overflow\n"
            "Parse error near line 9: no such table: nope\n"
            "Parse error near line 11: table u already exists\n");

  // SQL given on the command line or with -cmd: "Error: in prepare, / stepping,".
  Pair arg = Both({"@DB", "CREATE TABLE v(a UNIQUE); INSERT INTO v VALUES(1); INSERT INTO v VALUES(1);"});
  EXPECT_EQ(arg.ours.err, "Error: stepping, UNIQUE constraint failed: v.a (19)\n");
  EXPECT_EQ(arg.ours.err, arg.theirs.err);
  EXPECT_EQ(arg.ours.exit_code, 19);  // sqlite3 exits with the result code here
  EXPECT_EQ(arg.ours.exit_code, arg.theirs.exit_code);
  Pair cmd = Both({"-cmd", "SELECT * FROM nope", "@DB", "SELECT 1"});
  EXPECT_EQ(cmd.ours.err, "Error: in prepare, no such table: nope\n");
  EXPECT_EQ(cmd.ours.err, cmd.theirs.err);
  EXPECT_EQ(cmd.ours.out, cmd.theirs.out);

  // -bail stops after the first runtime error, with the same line.
  Pair bail = Both({"-bail", "@DB"}, "CREATE TABLE w(a NOT NULL);\nINSERT INTO w VALUES(NULL);\nSELECT 2;\n");
  EXPECT_EQ(bail.ours.err, "Runtime error near line 2: NOT NULL constraint failed: w.a (19)\n");
  EXPECT_EQ(bail.ours.err, bail.theirs.err);
  EXPECT_EQ(bail.ours.out, bail.theirs.out);
}

TEST_F(ShellTest, StatementsSpanLinesAndShareLines) {
  ExpectSameOutput({"@DB"},
                   "select 1; select 2;\nselect\n  3\n  ;\n-- comment\n/* block\n comment */ select 4;\n"
                   "select 'a;b'; select \"x\" from (select 5 as x);\nselect 6");
}

TEST_F(ShellTest, UnknownDotCommandAndBadArguments) {
  Pair p = Both({"@DB"}, ".foo\n.mode nope\n.headers maybe\nselect 1 as h;\n");
  EXPECT_EQ(p.ours.out, p.theirs.out);
  EXPECT_EQ(p.ours.exit_code, p.theirs.exit_code);
  EXPECT_NE(p.ours.err.find("Error: unknown command or invalid arguments:  \"foo\". Enter \".help\" for help"),
            std::string::npos);
  EXPECT_NE(p.ours.err.find("Error: mode should be one of:"), std::string::npos);
  EXPECT_NE(p.ours.err.find("ERROR: Not a boolean value: \"maybe\". Assuming \"no\"."), std::string::npos);
}

TEST_F(ShellTest, OptionsApplyInCommandLineOrder) {
  ExpectSameOutput({"-cmd", ".mode csv", "-json", "@DB", "select 1 a, 'x' b"}, "");
  ExpectSameOutput({"-json", "-cmd", ".mode csv", "@DB", "select 1 a, 'x' b"}, "");
  ExpectSameOutput({"-separator", ";", "-nullvalue", "NULL", "-header", "@DB", "select 1 a, null b"}, "");
  ExpectSameOutput({"-newline", "X", "@DB", "select 1 union all select 2"}, "");
  ExpectSameOutput({"-cmd", "select 1", "-cmd", "select 2", "@DB", "select 3"}, "");
  ExpectSameOutput({"-echo", "@DB"}, "select 1;\n\n.mode csv\nselect 2;\n");
  // Double-dash spellings work too.
  ProcessResult r = Ours({"--csv", "--header", "@DB", "select 1 a"});
  EXPECT_EQ(r.out, "a\n1\n");
}

TEST_F(ShellTest, RunAndExitFlags) {
  ProcessResult r = Ours({"@DB", "-c", "create table t(a); insert into t values(7)", "-e", "select a from t"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "7\n");
  // SQL on the command line: stdin is not read.
  ProcessResult s = Ours({"@DB", "select 8"}, "select 9;\n");
  EXPECT_EQ(s.out, "8\n");
}

TEST_F(ShellTest, VersionHelpAndUnknownOption) {
  ProcessResult v = Ours({"-version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_TRUE(std::regex_search(v.out, std::regex("^s3lite [0-9]+\\.[0-9]+\\.[0-9]+")));
  ProcessResult h = Ours({"-help"});
  EXPECT_EQ(h.exit_code, 0);
  for (const char* opt : {"-bail", "-batch", "-cmd", "-csv", "-json", "-line", "-list", "-box", "-table",
                          "-markdown", "-header", "-noheader", "-separator", "-nullvalue", "-readonly", "-echo",
                          "-version", "-help", "-c SQL", "-e SQL", "--data", "--s3-bucket", "--s3-prefix",
                          "--s3-endpoint", "--s3-region", "--cache", "--endpoint-url", "--region",
                          "--force-path-style", "--profile", "--prefetch-workers", "--refresh", "--read-only"}) {
    EXPECT_NE(h.out.find(opt), std::string::npos) << "help does not list " << opt;
  }
  ProcessResult bad = Ours({"-frobnicate"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.err, "s3lite: Error: unknown option: -frobnicate\nUse -help for a list of options.\n");
}

TEST_F(ShellTest, DataPersistsAcrossProcessesAndDefaultStore) {
  ASSERT_EQ(Ours({"@DB", "create table p(a); insert into p values(1),(2)"}).exit_code, 0);
  EXPECT_EQ(Ours({"@DB", "select sum(a) from p"}).out, "3\n");
  EXPECT_EQ(Ours({"--data", Store(), "select count(*) from p"}).out, "2\n");
  // No STORE: the embedded default ./s3lite-data in the working directory.
  ProcessResult d = Ours({}, "create table q(x); insert into q values(5);\n");
  EXPECT_EQ(d.exit_code, 0) << d.err;
  EXPECT_EQ(Ours({"-batch"}, "select x from q;\n").out, "5\n");
  EXPECT_EQ(RunProcess({"test", "-d", dir_.Sub("s3lite-data")}).exit_code, 0);
}

TEST_F(ShellTest, ReadOnlyRefusesWrites) {
  ASSERT_EQ(Ours({"@DB", "create table r(a)"}).exit_code, 0);
  ProcessResult w = Ours({"-readonly", "@DB", "insert into r values(1)"});
  EXPECT_EQ(w.exit_code, 8);  // SQLITE_READONLY, as sqlite3 exits for a failing SQL argument
  EXPECT_TRUE(w.err.rfind("Error: ", 0) == 0) << w.err;
  EXPECT_EQ(Ours({"--read-only", "@DB", "select count(*) from r"}).out, "0\n");
}

TEST_F(ShellTest, ImportCsvMatchesSqlite3) {
  test::WriteFile(dir_.Sub("people.csv"),
                  "name,age,\"x y\"\nalice,30,a\n\"bob \"\"b\"\"\",25\ncarol,40,c,extra\n\"multi\nline\",1,2\r\n");
  std::string script =
      ".import --csv people.csv people\n.mode quote\nselect * from people;\n.schema people\n"
      "create table n(a int, b int);\n.import --csv --skip 1 people.csv n\nselect typeof(b), * from n;\n"
      ".import --csv nope.csv zz\n";
  Pair p = Both({"@DB"}, script);
  EXPECT_EQ(p.ours.out, p.theirs.out);
  EXPECT_EQ(p.ours.exit_code, p.theirs.exit_code);
  EXPECT_NE(p.ours.err.find("people.csv:4: expected 3 columns but found 4 - extras ignored"), std::string::npos)
      << p.ours.err;
  EXPECT_NE(p.ours.err.find("cannot open \"nope.csv\""), std::string::npos);
}

TEST_F(ShellTest, ImportManyRowsIsOneTransaction) {
  std::string csv = "id,v\n";
  for (int i = 0; i < 5000; ++i) csv += std::to_string(i) + ",v" + std::to_string(i) + "\n";
  test::WriteFile(dir_.Sub("big.csv"), csv);
  ProcessResult r = Ours({"@DB"}, ".import --csv big.csv big\n.stats\nselect count(*), min(id), max(v) from big;\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("5000|0|v999\n"), std::string::npos) << r.out;
}

TEST_F(ShellTest, ReadOutputAndOnce) {
  test::WriteFile(dir_.Sub("script.sql"), "create table s(a);\ninsert into s values(1),(2);\nSELEC;\nselect 'r';\n");
  Pair p = Both({"@DB"}, ".read script.sql\nselect count(*) from s;\n");
  EXPECT_EQ(p.ours.out, p.theirs.out);
  EXPECT_EQ(p.ours.exit_code, 1);
  EXPECT_EQ(p.ours.err.rfind("Parse error near line 3: ", 0), 0u) << p.ours.err;

  ProcessResult o = Ours({"@DB"}, ".output out.txt\nselect 1;\n.output\nselect 2;\n.once once.txt\nselect 3;\nselect 4;\n");
  EXPECT_EQ(o.out, "2\n4\n");
  EXPECT_EQ(test::ReadFile(dir_.Sub("out.txt")), "1\n");
  EXPECT_EQ(test::ReadFile(dir_.Sub("once.txt")), "3\n");
}

TEST_F(ShellTest, TimerChangesShowHelpQuitExit) {
  ProcessResult t = Ours({"@DB"}, ".timer on\nselect 1;\n.timer off\nselect 2;\n");
  EXPECT_TRUE(std::regex_match(t.out, std::regex("1\nRun Time: real [0-9.]+ user [0-9.]+ sys [0-9.]+\n2\n")))
      << t.out;
  ExpectSameOutput({"@DB"}, ".changes on\ncreate table c(a);\ninsert into c values(1),(2);select 1;\n"
                            "update c set a = 3;\n.changes off\ndelete from c;\n");
  ProcessResult show = Ours({"@DB"}, ".mode csv\n.show\n");
  EXPECT_NE(show.out.find("        mode: csv"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("colseparator: \",\""), std::string::npos) << show.out;
  ProcessResult help = Ours({"@DB"}, ".help\n");
  for (const char* cmd : {".tables", ".indexes", ".schema", ".mode", ".headers", ".import", ".dump", ".read",
                          ".output", ".timer", ".stats", ".commit", ".compact", ".gc", ".bench", ".manifest",
                          ".help", ".quit", ".exit", ".once", ".separator", ".nullvalue", ".changes", ".explain",
                          ".show"}) {
    EXPECT_NE(help.out.find(cmd), std::string::npos) << "missing " << cmd;
  }
  ProcessResult quit = Ours({"@DB"}, "select 1;\n.quit\nselect 2;\n");
  EXPECT_EQ(quit.out, "1\n");
  EXPECT_EQ(quit.exit_code, 0);
  ProcessResult exit3 = Ours({"@DB"}, ".exit 3\nselect 2;\n");
  EXPECT_EQ(exit3.out, "");
  EXPECT_EQ(exit3.exit_code, 3);
}

// EXPLAIN QUERY PLAN is drawn as sqlite3's tree in every output mode, with
// leading comments and any case; `.explain off` prints the plain rows.
TEST_F(ShellTest, ExplainQueryPlanTree) {
  ExpectSameOutput({"@DB"}, "create table e(a integer primary key, b);\n"
                            "explain query plan select * from e where a = 3;\n"
                            ".mode box\n/* c */ Explain  Query\nPlan select b from e order by b;\n"
                            ".headers on\nexplain query plan select * from e;\n");
  ProcessResult off = Ours({"@DB"}, "create table e(a);\n.explain off\nexplain query plan select * from e;\n"
                                    ".explain\nexplain query plan select * from e;\n");
  EXPECT_EQ(off.out, "2|0|0|SCAN e\nQUERY PLAN\n`--SCAN e\n") << off.err;
  ProcessResult nested = Ours({"@DB"}, "create table n(a, b);\n"
                                       "explain query plan select * from (select a from n union select b from n);\n");
  EXPECT_EQ(nested.out,
            "QUERY PLAN\n"
            "`--SCAN (subquery)\n"
            "   `--COMPOUND QUERY\n"
            "      |--LEFT-MOST SUBQUERY\n"
            "      |  `--SCAN n\n"
            "      `--UNION USING TEMP B-TREE\n"
            "         `--SCAN n\n")
      << nested.err;
  ProcessResult bad = Ours({"@DB"}, ".explain a b\n");
  EXPECT_NE(bad.err.find("Usage: .explain ?on|off|auto?"), std::string::npos) << bad.err;
}

TEST_F(ShellTest, StoreDotCommands) {
  ProcessResult r = Ours({"@DB"},
                         "create table m(a integer primary key, b);\ninsert into m values(1,'x');\n"
                         "select * from m;\n.stats\n.commit\n.manifest\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("last       cache:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("total      store:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("checkpointed: version"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("version:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("table  m"), std::string::npos) << r.out;

  ProcessResult m = Ours({"@DB"}, ".compact\n.gc 1\nselect count(*) from m;\n");
  EXPECT_EQ(m.exit_code, 0) << m.err;
  EXPECT_NE(m.out.find("compact"), std::string::npos) << m.out;
  EXPECT_NE(m.out.find("1\n"), std::string::npos) << m.out;

  ProcessResult b = Ours({"@DB"}, ".bench 300\n");
  EXPECT_EQ(b.exit_code, 0) << b.err;
  EXPECT_NE(b.out.find("point select"), std::string::npos) << b.out;
  EXPECT_NE(b.out.find("req/op"), std::string::npos) << b.out;
}

TEST_F(ShellTest, BadStoreIsOneLineAndExitOne) {
  ProcessResult r = Ours({"ftp://nowhere/x", "select 1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_TRUE(r.err.rfind("s3lite: ", 0) == 0) << r.err;
  EXPECT_NE(r.err.find("ftp://nowhere/x"), std::string::npos) << r.err;

  ProcessResult unreachable =
      Ours({"--endpoint-url", "http://127.0.0.1:1", "s3://bucket/p", "select 1"});
  EXPECT_EQ(unreachable.exit_code, 1);
  EXPECT_EQ(std::count(unreachable.err.begin(), unreachable.err.end(), '\n'), 1) << unreachable.err;
}

}  // namespace
}  // namespace s3lite
