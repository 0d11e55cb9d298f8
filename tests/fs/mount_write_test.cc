// Writing table files through a real mount: appends of good and bad CSV and
// NDJSON (a bad row fails close() and inserts nothing), partial lines across
// writes, header reordering, O_TRUNC replace, refused operations, readers
// running while appends commit.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "tests/fs/mount_fixture.h"

namespace s3lite::testing {
namespace {

class MountWriteTest : public MountFixture {
 protected:
  void SetUp() override {
    MountFixture::SetUp();
    ASSERT_TRUE(DirectSql("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INT)").ok());
    Mount();
  }
  std::string Count() { return Scalar("SELECT count(*) FROM t"); }
};

TEST_F(MountWriteTest, AppendCsvWithAndWithoutHeader) {
  EXPECT_EQ(Sh("printf '1,Ann,30\\n2,\"Bob, Jr.\",41\\n' >> " + Path("t.csv")).exit_code, 0);
  // A header may reorder (and name a subset of) the columns.
  EXPECT_EQ(Sh("printf 'age,name,id\\n50,Cy,3\\n' >> " + Path("t.csv")).exit_code, 0);
  EXPECT_EQ(Sh("printf 'name\\nDee\\n' >> " + Path("t.csv")).exit_code, 0);
  EXPECT_EQ(Sh("cat " + Path("t.csv")).out,
            "id,name,age\n1,Ann,30\n2,\"Bob, Jr.\",41\n3,Cy,50\n4,Dee,\n");
  EXPECT_EQ(Scalar("SELECT typeof(age) FROM t WHERE id = 1"), "integer");
}

TEST_F(MountWriteTest, PartialLinesAcrossWrites) {
  int fd = ::open(Path("t.csv").c_str(), O_WRONLY | O_APPEND);
  ASSERT_GE(fd, 0);
  for (const char* piece : {"1,A", "n", "n,3", "0\n2,\"multi", "\nline\",", "7\n3,C,9"}) {
    ASSERT_EQ(::write(fd, piece, std::strlen(piece)), static_cast<ssize_t>(std::strlen(piece)));
  }
  ASSERT_EQ(::close(fd), 0);
  EXPECT_EQ(Sh("cat " + Path("t.csv")).out, "id,name,age\n1,Ann,30\n2,\"multi\nline\",7\n3,C,9\n");
}

TEST_F(MountWriteTest, AppendNdjson) {
  EXPECT_EQ(AppendFile(Path("t.ndjson"),
                       "{\"id\":1,\"name\":\"Ann\",\"age\":30}\n{\"name\":\"Bo\",\"age\":null}\n"),
            0);
  EXPECT_EQ(Sh("cat " + Path("t.ndjson")).out,
            "{\"id\":1,\"name\":\"Ann\",\"age\":30}\n{\"id\":2,\"name\":\"Bo\",\"age\":null}\n");
}

TEST_F(MountWriteTest, BadRowsFailCloseAndInsertNothing) {
  ASSERT_EQ(AppendFile(Path("t.csv"), "1,Ann,30\n"), 0);
  struct Case {
    const char* file;
    std::string data;
    int expected_errno;
  };
  const Case cases[] = {
      {"t.csv", "2,Bob,40\n3,Cy\n", EINVAL},              // wrong field count
      {"t.csv", "2,Bob,40\n3,C\"y,5\n", EINVAL},          // bad quoting
      {"t.csv", "2,Bob,40\n1,Dup,5\n", EINVAL},           // UNIQUE constraint
      {"t.csv", "2,Bob,40\n3,,5\n", EINVAL},              // NOT NULL (empty field is NULL)
      {"t.csv", "id,nmae,age\n2,Bob,40\n", EINVAL},       // mistyped header
      {"t.csv", "2,Bob,40\n3,\"open quote,5\n", EINVAL},  // unterminated at close
      {"t.ndjson", "{\"id\":2,\"name\":\"B\"}\n{\"idx\":3}\n", EINVAL},  // unknown column
      {"t.ndjson", "{\"id\":2,\"name\":\"B\"}\nnot json\n", EINVAL},
      {"t.ndjson", "{\"id\":2,\"name\":\"B\"}\n{\"id\":1,\"name\":\"dup\"}", EINVAL},
  };
  for (const Case& c : cases) {
    std::string failed_at;
    int err = AppendFile(Path(c.file), c.data, O_APPEND, &failed_at);
    EXPECT_EQ(err, c.expected_errno) << c.data << " failed at " << failed_at;
    EXPECT_EQ(Count(), "1") << c.data;
  }
  // The close itself reports a failure found only at the end (no newline).
  int fd = ::open(Path("t.csv").c_str(), O_WRONLY | O_APPEND);
  ASSERT_GE(fd, 0);
  std::string data = "2,Bob,40\n1,Dup,5";
  ASSERT_EQ(::write(fd, data.data(), data.size()), static_cast<ssize_t>(data.size()));
  EXPECT_EQ(::close(fd), -1);
  EXPECT_EQ(errno, EINVAL);
  EXPECT_EQ(Count(), "1");
}

TEST_F(MountWriteTest, BigAppendIsOneTransaction) {
  std::string data;
  for (int i = 1; i <= 100000; ++i) data += std::to_string(i) + ",n" + std::to_string(i) + ",1\n";
  ASSERT_EQ(AppendFile(Path("t.csv"), data), 0);
  EXPECT_EQ(Count(), "100000");
  // A bad row at the very end rolls back rows already streamed into the transaction.
  std::string more;
  for (int i = 100001; i <= 150000; ++i) more += std::to_string(i) + ",n,1\n";
  more += "99,dup,1\n";
  EXPECT_EQ(AppendFile(Path("t.csv"), more), EINVAL);
  EXPECT_EQ(Count(), "100000");
}

TEST_F(MountWriteTest, TruncateReplacesRows) {
  ASSERT_EQ(AppendFile(Path("t.csv"), "1,a,1\n2,b,2\n3,c,3\n"), 0);
  EXPECT_EQ(Sh("printf 'id,name,age\\n10,x,5\\n' > " + Path("t.csv")).exit_code, 0);
  EXPECT_EQ(Sh("cat " + Path("t.csv")).out, "id,name,age\n10,x,5\n");
  // A failed replace leaves the old rows.
  EXPECT_EQ(AppendFile(Path("t.csv"), "11,y\n", O_TRUNC), EINVAL);
  EXPECT_EQ(Sh("cat " + Path("t.csv")).out, "id,name,age\n10,x,5\n");
  // `: > t.csv` empties the table.
  EXPECT_EQ(Sh(": > " + Path("t.csv")).exit_code, 0);
  EXPECT_EQ(Count(), "0");
}

TEST_F(MountWriteTest, RefusedOperations) {
  std::string failed_at;
  EXPECT_EQ(AppendFile(Path("t.csv"), "1,a,1\n", 0, &failed_at), EINVAL);  // no O_APPEND/O_TRUNC
  EXPECT_EQ(::unlink(Path("t.csv").c_str()), -1);
  EXPECT_EQ(errno, EPERM);
  EXPECT_EQ(::rename(Path("t.csv").c_str(), Path("u.csv").c_str()), -1);
  EXPECT_EQ(errno, ENOTSUP);
  EXPECT_EQ(::open(Path("new.csv").c_str(), O_WRONLY | O_CREAT, 0644), -1);
  EXPECT_EQ(errno, EPERM);
  EXPECT_EQ(::mkdir(Path("d").c_str(), 0755), -1);
  EXPECT_EQ(errno, EPERM);
  EXPECT_EQ(::open(Path(".schema").c_str(), O_WRONLY | O_APPEND), -1);
  EXPECT_EQ(errno, EPERM);
  EXPECT_EQ(::truncate(Path("t.csv").c_str(), 0), -1);
  EXPECT_EQ(errno, EPERM);
  EXPECT_EQ(::chmod(Path("t.csv").c_str(), 0600), -1);
  EXPECT_EQ(errno, EPERM);
  EXPECT_EQ(Sh("touch " + Path("t.csv")).exit_code, 0);  // timestamps: accepted, ignored
  EXPECT_EQ(Sh("ls " + mnt_).out, "t.csv\nt.ndjson\n");
}

TEST_F(MountWriteTest, AllowDropLetsRmDropTheTable) {
  Unmount();
  Mount("allow_drop");
  ASSERT_EQ(AppendFile(Path("t.csv"), "1,a,1\n"), 0);
  EXPECT_EQ(Sh("rm " + Path("t.ndjson")).exit_code, 0);
  EXPECT_EQ(Sh("ls " + mnt_).out, "");
  int err = 0;
  std::string out = QueryOnHandle(mnt_, "SELECT * FROM t;", &err);
  EXPECT_EQ(err, EINVAL);
  EXPECT_NE(out.find("no such table: t"), std::string::npos) << out;
}

TEST_F(MountWriteTest, ConcurrentReadersDuringAppends) {
  const int kBatches = 30, kBatchRows = 1000;
  std::atomic<bool> done{false};
  std::atomic<int> append_errors{0};
  std::thread writer([&] {
    for (int b = 0; b < kBatches; ++b) {
      std::string data;
      for (int i = 0; i < kBatchRows; ++i) {
        int id = b * kBatchRows + i + 1;
        data += std::to_string(id) + ",n" + std::to_string(id) + "," + std::to_string(b) + "\n";
      }
      if (AppendFile(Path("t.csv"), data) != 0) ++append_errors;
    }
    done = true;
  });
  int reads = 0;
  while (!done || reads < 3) {
    ShellResult r = Sh("cat " + Path("t.csv"));
    ASSERT_EQ(r.exit_code, 0);
    // Every read shows whole transactions: a multiple of kBatchRows rows,
    // ids 1..N in order.
    std::istringstream in(r.out);
    std::string line;
    std::getline(in, line);
    ASSERT_EQ(line, "id,name,age");
    int expect_id = 1;
    while (std::getline(in, line)) {
      ASSERT_EQ(line.substr(0, line.find(',')), std::to_string(expect_id)) << "read " << reads;
      ++expect_id;
    }
    EXPECT_EQ((expect_id - 1) % kBatchRows, 0) << "torn read: " << expect_id - 1 << " rows";
    ++reads;
  }
  writer.join();
  EXPECT_EQ(append_errors, 0);
  EXPECT_EQ(Count(), std::to_string(kBatches * kBatchRows));
}

}  // namespace
}  // namespace s3lite::testing
