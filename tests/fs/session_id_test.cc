// SessionOf / SessionResults: the `.query` last-result-per-session machinery.
#include "fs/session_id.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <thread>

#include "fs/session_results.h"

namespace s3lite {
namespace {

TEST(SessionIdTest, ParsesStatWithAwkwardComm) {
  auto sid = ParseSessionFromStat("4242 (my (odd) prog) S 1 4242 777 0 -1 4194560 1 0");
  ASSERT_TRUE(sid.ok()) << sid.status().message();
  EXPECT_EQ(*sid, 777);
  EXPECT_FALSE(ParseSessionFromStat("garbage").ok());
  EXPECT_FALSE(ParseSessionFromStat("1 (x) S 1").ok());
}

TEST(SessionIdTest, OwnProcessMatchesGetsid) {
  auto sid = SessionOf(getpid());
  ASSERT_TRUE(sid.ok()) << sid.status().message();
  EXPECT_EQ(*sid, getsid(0));
  EXPECT_FALSE(SessionOf(-5).ok());
}

TEST(SessionResultsTest, PerSessionAndFormatWithExpiry) {
  SessionResults results(/*ttl_ms=*/200);
  results.Put(10, RowFormat::kCsv, "a\n1\n");
  results.Put(11, RowFormat::kCsv, "b\n2\n");
  results.Put(10, RowFormat::kJson, "[]\n");
  ASSERT_NE(results.Get(10, RowFormat::kCsv), nullptr);
  EXPECT_EQ(*results.Get(10, RowFormat::kCsv), "a\n1\n");
  EXPECT_EQ(*results.Get(11, RowFormat::kCsv), "b\n2\n");
  EXPECT_EQ(*results.Get(10, RowFormat::kJson), "[]\n");
  EXPECT_EQ(results.Get(12, RowFormat::kCsv), nullptr);
  results.Put(10, RowFormat::kCsv, "c\n");
  EXPECT_EQ(*results.Get(10, RowFormat::kCsv), "c\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(results.Get(10, RowFormat::kCsv), nullptr);
  EXPECT_EQ(results.size(), 0u);
}

}  // namespace
}  // namespace s3lite
