// RowParser: appended bytes -> rows of a table (header detection, NDJSON
// types, BOM), however the bytes are split.
#include "fs/row_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace s3lite {
namespace {

struct Rows {
  std::vector<std::vector<size_t>> columns;
  std::vector<Row> rows;
};

Status Parse(RowFormat format, const std::string& input, size_t piece, Rows* out) {
  RowParser parser(format, "t", {"id", "name", "age"});
  auto on_row = [out](const std::vector<size_t>& columns, Row& row) {
    out->columns.push_back(columns);
    out->rows.push_back(row);
    return Status::OK();
  };
  for (size_t i = 0; i < input.size(); i += piece) {
    S3LITE_RETURN_IF_ERROR(parser.Feed(std::string_view(input).substr(i, piece), on_row));
  }
  return parser.Finish(on_row);
}

TEST(RowParserTest, CsvHeaderReordersAndBomIsSkipped) {
  const std::string input = "\xEF\xBB\xBF" "AGE,id\n41,1\n,2\n";
  for (size_t piece = 1; piece <= input.size(); ++piece) {
    Rows r;
    ASSERT_TRUE(Parse(RowFormat::kCsv, input, piece, &r).ok()) << piece;
    ASSERT_EQ(r.rows.size(), 2u);
    EXPECT_EQ(r.columns[0], (std::vector<size_t>{2, 0}));
    EXPECT_EQ(r.rows[0], (Row{Value::Text("41"), Value::Text("1")}));
    EXPECT_EQ(r.rows[1], (Row{Value::Null(), Value::Text("2")}));
  }
}

TEST(RowParserTest, CsvWithoutHeaderAndBadRows) {
  Rows r;
  ASSERT_TRUE(Parse(RowFormat::kCsv, "1,v,3\n2,\"\",4", 3, &r).ok());
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.columns[0], (std::vector<size_t>{0, 1, 2}));
  EXPECT_EQ(r.rows[1][1], Value::Text(""));  // "" is the empty string, not NULL

  Rows bad;
  Status s = Parse(RowFormat::kCsv, "1,a,2\n3,b\n", 4, &bad);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("line 2"), std::string::npos) << s.message();

  Rows typo;
  s = Parse(RowFormat::kCsv, "id,nmae,age\n1,a,2\n", 100, &typo);
  EXPECT_NE(s.message().find("no column named 'nmae'"), std::string::npos) << s.message();
  EXPECT_TRUE(typo.rows.empty());
}

TEST(RowParserTest, NdjsonTypes) {
  Rows r;
  ASSERT_TRUE(Parse(RowFormat::kNdjson,
                    "{\"name\":\"x\",\"id\":7,\"age\":1.5}\n\n{\"ID\":true,\"name\":null,\"age\":[1]}",
                    5, &r)
                  .ok());
  ASSERT_EQ(r.rows.size(), 2u);
  // Keys come in sorted order (nlohmann::json objects are maps), so rows
  // with the same keys in any order share one INSERT column list.
  EXPECT_EQ(r.columns[0], (std::vector<size_t>{2, 0, 1}));
  EXPECT_EQ(r.rows[0], (Row{Value::Real(1.5), Value::Integer(7), Value::Text("x")}));
  EXPECT_EQ(r.columns[1], (std::vector<size_t>{0, 2, 1}));
  EXPECT_EQ(r.rows[1], (Row{Value::Integer(1), Value::Text("[1]"), Value::Null()}));

  Rows bad;
  Status s = Parse(RowFormat::kNdjson, "{\"id\":1}\n{\"nope\":2}\n", 100, &bad);
  EXPECT_NE(s.message().find("NDJSON line 2"), std::string::npos) << s.message();
  EXPECT_FALSE(Parse(RowFormat::kNdjson, "[1,2]\n", 100, &bad).ok());
  // The same column under two spellings.
  EXPECT_FALSE(Parse(RowFormat::kNdjson, "{\"id\":1,\"ID\":2}\n", 100, &bad).ok());
}

}  // namespace
}  // namespace s3lite
