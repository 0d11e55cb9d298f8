// Debugging aid: S3LITE_SQL_SCRIPT=<file> sql_test --gtest_filter=ScriptRunner*
// runs the file through Connection and prints what sqlite3 would print
// (list mode, errors as "Error: ..."). Skipped when the variable is unset.
#include <fstream>
#include <iostream>
#include <sstream>

#include "tests/sql/sql_test_util.h"

namespace s3lite::sqltest {
namespace {

class ScriptRunner : public SqlFixture {};

TEST_F(ScriptRunner, RunFromEnv) {
  const char* path = std::getenv("S3LITE_SQL_SCRIPT");
  if (path == nullptr) GTEST_SKIP() << "S3LITE_SQL_SCRIPT not set";
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  std::cout << Run(ss.str()) << std::flush;
}

}  // namespace
}  // namespace s3lite::sqltest
