// The writer lease through a real mount (docs/SCALE_OUT.md "Writer model"):
// while another instance holds the lease, an append fails close() with EBUSY
// and inserts nothing; a mount with `-o writer` takes over, its appends
// commit, and the old writer's next commit is refused as fenced.
#include <gtest/gtest.h>

#include <cerrno>

#include "tests/fs/mount_fixture.h"

namespace s3lite::testing {
namespace {

class MountWriterLeaseTest : public MountFixture {
 protected:
  void SetUp() override {
    MountFixture::SetUp();
    ASSERT_TRUE(DirectSql("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)").ok());
    // Another instance (this test process) writes and so holds the lease.
    StoreCli cli;
    cli.store = store_;
    auto opened = OpenDatabase(cli);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    holder_db_ = opened->db;
    auto conn = Connection::Open(holder_db_);
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    holder_ = std::move(*conn);
    ASSERT_TRUE(holder_->ExecuteScript("INSERT INTO t VALUES (1, 'holder')").ok());
  }
  void TearDown() override {
    MountFixture::TearDown();
    holder_.reset();
    if (holder_db_) (void)holder_db_->Close();
  }

  std::shared_ptr<Database> holder_db_;
  std::unique_ptr<Connection> holder_;
};

TEST_F(MountWriterLeaseTest, AppendIsRefusedWithEbusyWhileAnotherWriterHoldsTheLease) {
  Mount();
  std::string failed_at;
  EXPECT_EQ(AppendFile(Path("t.csv"), "2,mount\n", O_APPEND, &failed_at), EBUSY);
  EXPECT_EQ(failed_at, "close");
  EXPECT_EQ(Scalar("SELECT group_concat(id, ' ') FROM t"), "1");  // nothing inserted; reads still work
}

TEST_F(MountWriterLeaseTest, WriterOptionTakesOverAndFencesTheOldWriter) {
  Mount("writer");
  EXPECT_EQ(AppendFile(Path("t.csv"), "2,mount\n"), 0);
  EXPECT_EQ(Scalar("SELECT group_concat(id, ' ') FROM t"), "1 2");
  Status s = holder_->ExecuteScript("INSERT INTO t VALUES (3, 'holder again')");
  EXPECT_TRUE(s.IsConflict()) << s.ToString();
  EXPECT_NE(s.message().find("fenced"), std::string::npos) << s.message();
  EXPECT_EQ(Scalar("SELECT group_concat(id, ' ') FROM t"), "1 2");
}

}  // namespace
}  // namespace s3lite::testing
