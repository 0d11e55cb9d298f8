// Reading table files through a real mount: shell tools and python's csv
// module on a 100,000-row table, NDJSON, .schema, .stats, ls -l.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/fs/mount_fixture.h"

namespace s3lite::testing {
namespace {

class MountReadTest : public MountFixture {};

TEST_F(MountReadTest, ShellToolsOnBigTable) {
  const int kRows = 100000;
  std::string expected = CreateTable(kRows);
  Mount();

  ShellResult cat = Sh("cat " + Path("t.csv"));
  ASSERT_EQ(cat.exit_code, 0);
  EXPECT_EQ(cat.out.size(), expected.size());
  EXPECT_TRUE(cat.out == expected) << "cat output differs from the expected CSV";

  EXPECT_EQ(Sh("wc -l < " + Path("t.csv")).out, std::to_string(kRows + 1) + "\n");
  EXPECT_EQ(Sh("head -n 3 " + Path("t.csv")).out, "id,name,age\n1,name1,1\n2,name2,2\n");
  // name77777 only; name7777 matches name7777 and name77770..name77779.
  EXPECT_EQ(Sh("grep -c ',name7777[0-9]*,' " + Path("t.csv")).out, "11\n");
  EXPECT_EQ(Sh("tail -n 1 " + Path("t.csv")).out, "100000,name100000,0\n");

  // Python's csv module: row count and the sum of ages match.
  long long age_sum = 0;
  for (int i = 1; i <= kRows; ++i) age_sum += i % 100;
  ShellResult py = Sh("python3 -c \"import csv,sys\n"
                      "r = csv.DictReader(open(sys.argv[1], newline=''))\n"
                      "rows = list(r)\n"
                      "print(len(rows), sum(int(x['age']) for x in rows), r.fieldnames)\" " +
                      Path("t.csv"));
  ASSERT_EQ(py.exit_code, 0);
  EXPECT_EQ(py.out, std::to_string(kRows) + " " + std::to_string(age_sum) +
                        " ['id', 'name', 'age']\n");

  // Every read is consistent with a direct query through .query.
  EXPECT_EQ(Scalar("SELECT count(*), sum(age) FROM t"),
            std::to_string(kRows) + "," + std::to_string(age_sum));
}

TEST_F(MountReadTest, NdjsonValuesAreTyped) {
  ASSERT_TRUE(DirectSql("CREATE TABLE v(i INT, r REAL, s TEXT, n TEXT);"
                        "INSERT INTO v VALUES(1, 2.5, 'a \"q\" b', NULL), (-7, 3.0, '', 'x');")
                  .ok());
  Mount();
  EXPECT_EQ(Sh("cat " + Path("v.ndjson")).out,
            "{\"i\":1,\"r\":2.5,\"s\":\"a \\\"q\\\" b\",\"n\":null}\n"
            "{\"i\":-7,\"r\":3.0,\"s\":\"\",\"n\":\"x\"}\n");
  // CSV: NULL is an empty field, '' is "".
  EXPECT_EQ(Sh("cat " + Path("v.csv")).out, "i,r,s,n\n1,2.5,\"a \"\"q\"\" b\",\n-7,3.0,\"\",x\n");
}

TEST_F(MountReadTest, ListingSchemaStatsAndMtime) {
  ASSERT_TRUE(DirectSql("CREATE TABLE a(x INT); CREATE TABLE b(y TEXT); CREATE INDEX ax ON a(x);").ok());
  Mount();
  EXPECT_EQ(Sh("ls " + mnt_).out, "a.csv\na.ndjson\nb.csv\nb.ndjson\n");
  EXPECT_EQ(Sh("ls -A " + mnt_ + " | grep '^\\.' | sort").out,
            ".query\n.query.json\n.query.ndjson\n.schema\n.stats\n");
  ShellResult ls = Sh("ls -l " + mnt_ + " | grep ' a.csv$'");
  EXPECT_EQ(ls.out.substr(0, 10), "-rw-r--r--") << ls.out;

  std::string schema = Sh("cat " + Path(".schema")).out;
  EXPECT_NE(schema.find("CREATE TABLE a(x INT);"), std::string::npos) << schema;
  EXPECT_NE(schema.find("CREATE INDEX ax ON a(x);"), std::string::npos) << schema;
  std::string stats = Sh("cat " + Path(".stats")).out;
  EXPECT_NE(stats.find("fs_opens "), std::string::npos) << stats;
  EXPECT_NE(stats.find("cache_hits "), std::string::npos) << stats;

  struct stat before, after;
  ASSERT_EQ(::stat(Path("a.csv").c_str(), &before), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));  // attr cache is 1 s
  ASSERT_EQ(AppendFile(Path("a.csv"), "5\n"), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  ASSERT_EQ(::stat(Path("a.csv").c_str(), &after), 0);
  EXPECT_GT(after.st_mtime, before.st_mtime);
  EXPECT_EQ(after.st_size, 0);
}

TEST_F(MountReadTest, ReaderSeesOneSnapshot) {
  CreateTable(20000);
  Mount();
  // Open, read a little, let a writer delete everything, read the rest.
  int fd = ::open(Path("t.csv").c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  std::string text;
  char buf[4096];
  ssize_t n = ::read(fd, buf, sizeof(buf));
  ASSERT_GT(n, 0);
  text.append(buf, static_cast<size_t>(n));
  int err = 0;
  QueryOnHandle(mnt_, "DELETE FROM t;", &err);
  ASSERT_EQ(err, 0);
  EXPECT_EQ(Scalar("SELECT count(*) FROM t"), "0");
  while ((n = ::read(fd, buf, sizeof(buf))) > 0) text.append(buf, static_cast<size_t>(n));
  ::close(fd);
  size_t lines = std::count(text.begin(), text.end(), '\n');
  EXPECT_EQ(lines, 20001u);
}

}  // namespace
}  // namespace s3lite::testing
