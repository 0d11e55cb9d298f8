// /.query through a real mount: results per handle, errors, formats, the
// per-session last result of `echo SQL > .query; cat .query`, and two
// processes using it at once.
#include <gtest/gtest.h>

#include <thread>

#include "tests/fs/mount_fixture.h"

namespace s3lite::testing {
namespace {

class MountQueryTest : public MountFixture {
 protected:
  void SetUp() override {
    MountFixture::SetUp();
    ASSERT_TRUE(DirectSql("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT);"
                          "INSERT INTO t VALUES (1,'a'),(2,'b'),(3,'c');")
                    .ok());
    Mount();
  }
};

TEST_F(MountQueryTest, SameHandleResultAndFormats) {
  EXPECT_EQ(QueryOnHandle(mnt_, "SELECT id, name FROM t ORDER BY id;"), "id,name\n1,a\n2,b\n3,c\n");
  EXPECT_EQ(QueryOnHandle(mnt_, "SELECT id, name FROM t WHERE id < 3 ORDER BY id;", nullptr,
                          ".query.json"),
            "[{\"id\":1,\"name\":\"a\"},\n{\"id\":2,\"name\":\"b\"}]\n");
  EXPECT_EQ(QueryOnHandle(mnt_, "SELECT id FROM t WHERE id = 3", nullptr, ".query.ndjson"),
            "{\"id\":3}\n");
  // Several statements: DML runs, every row-returning statement contributes.
  EXPECT_EQ(QueryOnHandle(mnt_, "INSERT INTO t VALUES (4,'d'); SELECT count(*) AS n FROM t;"),
            "n\n4\n");
  // New tables appear as files.
  int err = 0;
  QueryOnHandle(mnt_, "CREATE TABLE u(x INT);", &err);
  EXPECT_EQ(err, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_EQ(Sh("ls " + mnt_).out, "t.csv\nt.ndjson\nu.csv\nu.ndjson\n");
}

TEST_F(MountQueryTest, ReadWithoutSeekingBack) {
  int fd = ::open(Path(".query").c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  std::string sql = "SELECT name FROM t WHERE id = 2;";
  ASSERT_EQ(::write(fd, sql.data(), sql.size()), static_cast<ssize_t>(sql.size()));
  char buf[256];
  ssize_t n = ::read(fd, buf, sizeof(buf));  // file position is after the SQL
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(buf, static_cast<size_t>(n)), "name\nb\n");
  ::close(fd);
}

TEST_F(MountQueryTest, ErrorsFailTheWriteAndReadAsError) {
  int err = 0;
  std::string out = QueryOnHandle(mnt_, "SELECT * FROM nosuch;", &err);
  EXPECT_EQ(err, EINVAL);
  EXPECT_EQ(out.rfind("Error: ", 0), 0u) << out;
  EXPECT_NE(out.find("no such table: nosuch"), std::string::npos) << out;
  out = QueryOnHandle(mnt_, "INSERT INTO t VALUES (1,'dup');", &err);
  EXPECT_EQ(err, EINVAL);
  EXPECT_NE(out.find("UNIQUE constraint failed"), std::string::npos) << out;
}

TEST_F(MountQueryTest, EchoThenCatSameSession) {
  ShellResult r = Sh("echo 'SELECT name FROM t WHERE id = 1' > " + Path(".query") + " && cat " +
                     Path(".query") + " && cat " + Path(".query"));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "name\na\nname\na\n");
  // Another session does not see it.
  EXPECT_EQ(Sh("setsid sh -c 'cat " + Path(".query") + "'").out, "");
}

TEST_F(MountQueryTest, TwoProcessesAtOnce) {
  // Two sessions (setsid) loop on echo/cat with different queries at the
  // same time; each must always read its own result.
  auto loop = [&](int id) {
    return "setsid sh -c 'for i in $(seq 40); do echo \"SELECT name FROM t WHERE id = " +
           std::to_string(id) + "\" > " + Path(".query") + "; cat " + Path(".query") +
           "; done' | sort | uniq -c";
  };
  ShellResult a, b;
  std::thread ta([&] { a = Sh(loop(1)); });
  std::thread tb([&] { b = Sh(loop(2)); });
  // Meanwhile same-handle queries from this process.
  for (int i = 0; i < 40; ++i) {
    ASSERT_EQ(QueryOnHandle(mnt_, "SELECT name FROM t WHERE id = 3;"), "name\nc\n");
  }
  ta.join();
  tb.join();
  EXPECT_EQ(a.out, "     40 a\n     40 name\n");
  EXPECT_EQ(b.out, "     40 b\n     40 name\n");
}

}  // namespace
}  // namespace s3lite::testing
