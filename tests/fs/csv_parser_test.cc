// CsvParser: RFC 4180 records however the bytes are split across writes.
#include "fs/csv_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace s3lite {
namespace {

struct Parsed {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::vector<bool>> quoted;
  std::vector<uint64_t> lines;
};

// Feeds `input` in pieces of `piece` bytes.
Status ParseInPieces(const std::string& input, size_t piece, Parsed* out) {
  CsvParser parser;
  auto on_record = [out](std::vector<CsvField>& record, uint64_t line) {
    std::vector<std::string> row;
    std::vector<bool> q;
    for (auto& f : record) {
      row.push_back(f.text);
      q.push_back(f.quoted);
    }
    out->rows.push_back(row);
    out->quoted.push_back(q);
    out->lines.push_back(line);
    return Status::OK();
  };
  for (size_t i = 0; i < input.size(); i += piece) {
    S3LITE_RETURN_IF_ERROR(parser.Feed(std::string_view(input).substr(i, piece), on_record));
  }
  return parser.Finish(on_record);
}

TEST(CsvParserTest, SimpleRowsEveryPieceSize) {
  const std::string input = "1,Eve,41\n2,\"Bob, Jr.\",\"\"\n3,\"say \"\"hi\"\"\",\r\n4,\"two\nlines\",x";
  for (size_t piece = 1; piece <= input.size(); ++piece) {
    Parsed p;
    ASSERT_TRUE(ParseInPieces(input, piece, &p).ok()) << piece;
    ASSERT_EQ(p.rows.size(), 4u) << piece;
    EXPECT_EQ(p.rows[0], (std::vector<std::string>{"1", "Eve", "41"}));
    EXPECT_EQ(p.rows[1], (std::vector<std::string>{"2", "Bob, Jr.", ""}));
    EXPECT_TRUE(p.quoted[1][2]);
    EXPECT_EQ(p.rows[2], (std::vector<std::string>{"3", "say \"hi\"", ""}));
    EXPECT_FALSE(p.quoted[2][2]);
    EXPECT_EQ(p.rows[3], (std::vector<std::string>{"4", "two\nlines", "x"}));
    EXPECT_EQ(p.lines, (std::vector<uint64_t>{1, 2, 3, 4}));
  }
}

TEST(CsvParserTest, BlankLinesSkippedAndTrailingEmptyField) {
  Parsed p;
  ASSERT_TRUE(ParseInPieces("\n\na,b,\n\n", 3, &p).ok());
  ASSERT_EQ(p.rows.size(), 1u);
  EXPECT_EQ(p.rows[0], (std::vector<std::string>{"a", "b", ""}));
  EXPECT_EQ(p.lines[0], 3u);
}

TEST(CsvParserTest, Errors) {
  Parsed p;
  Status s = ParseInPieces("1,ab\"c\n", 2, &p);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("line 1"), std::string::npos) << s.message();

  Parsed p2;
  s = ParseInPieces("1,2\n3,\"x\"y\n", 4, &p2);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("line 2"), std::string::npos) << s.message();

  Parsed p3;
  s = ParseInPieces("1,\"open\n", 100, &p3);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("unterminated"), std::string::npos) << s.message();
}

TEST(CsvParserTest, AppendCsvFieldQuotesWhenNeeded) {
  std::string out;
  AppendCsvField("plain", true, &out);
  out += '|';
  AppendCsvField("a,b", true, &out);
  out += '|';
  AppendCsvField("say \"x\"", true, &out);
  out += '|';
  AppendCsvField("", true, &out);
  out += '|';
  AppendCsvField("", false, &out);
  EXPECT_EQ(out, "plain|\"a,b\"|\"say \"\"x\"\"\"|\"\"|");
}

TEST(CsvParserTest, RoundTripThroughAppendCsvField) {
  std::vector<std::string> values = {"x", "", "a,b", "\"", "line\nbreak", "cr\r", " sp "};
  std::string text;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) text += ',';
    AppendCsvField(values[i], true, &text);
  }
  text += '\n';
  Parsed p;
  ASSERT_TRUE(ParseInPieces(text, 5, &p).ok());
  ASSERT_EQ(p.rows.size(), 1u);
  EXPECT_EQ(p.rows[0], values);
}

}  // namespace
}  // namespace s3lite
