// Fuzz target: the parser of rows appended to /<table>.csv and
// /<table>.ndjson (fs/row_parser.h, fs/csv_parser.h).
//
// Input: byte 0 picks the format (bit 0: CSV or NDJSON) and the table width
// (bits 1-2: 1..4 columns); byte 1 seeds how the rest is split into write()
// pieces; the rest is the appended text. Properties:
//  - No crash, hang, leak or uncaught exception on any bytes.
//  - Splitting the same bytes into different write() pieces gives exactly
//    the same rows and the same outcome (OK, or the same error message):
//    the parser is incremental, a row never depends on where writes split.
//  - Every row maps each value to a distinct existing column.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fs/row_parser.h"
#include "fuzz/fuzz_check.h"

namespace {

using namespace s3lite;

struct Outcome {
  std::vector<std::vector<size_t>> columns;
  std::vector<Row> rows;
  Status status;
};

Outcome Parse(RowFormat format, size_t width, std::string_view text, uint8_t split_seed) {
  static const std::vector<std::string> kColumns = {"id", "name", "age", "Note"};
  RowParser parser(format, "t", std::vector<std::string>(kColumns.begin(), kColumns.begin() + width));
  Outcome out;
  auto on_row = [&](const std::vector<size_t>& columns, Row& row) -> Status {
    FUZZ_CHECK(columns.size() == row.size(), "%zu columns for %zu values", columns.size(), row.size());
    std::set<size_t> seen;
    for (size_t c : columns) {
      FUZZ_CHECK(c < width, "column index %zu of %zu", c, width);
      FUZZ_CHECK(seen.insert(c).second, "column %zu twice in one row", c);
    }
    out.columns.push_back(columns);
    out.rows.push_back(row);
    return Status::OK();
  };
  // Pieces of 1..16 bytes chosen by a tiny LCG, or the whole text at once.
  uint32_t state = split_seed;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t n = text.size() - pos;
    if (split_seed != 0) {
      state = state * 1103515245u + 12345u;
      n = std::min<size_t>(n, 1 + (state >> 16) % 16);
    }
    out.status = parser.Feed(text.substr(pos, n), on_row);
    if (!out.status.ok()) return out;  // must not be fed again after an error
    pos += n;
  }
  out.status = parser.Finish(on_row);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const RowFormat format = (data[0] & 1) ? RowFormat::kNdjson : RowFormat::kCsv;
  const size_t width = 1 + ((data[0] >> 1) & 3);
  const std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);

  Outcome whole = Parse(format, width, text, 0);
  Outcome split = Parse(format, width, text, static_cast<uint8_t>(data[1] | 1));
  FUZZ_CHECK(whole.status.ok() == split.status.ok() && whole.status.message() == split.status.message(),
             "outcome depends on write() splits: whole '%s', split '%s'", whole.status.ToString().c_str(),
             split.status.ToString().c_str());
  FUZZ_CHECK(whole.rows.size() == split.rows.size(), "rows depend on write() splits: %zu vs %zu",
             whole.rows.size(), split.rows.size());
  FUZZ_CHECK(whole.rows == split.rows && whole.columns == split.columns, "row values depend on write() splits");
  if (!whole.status.ok()) {
    FUZZ_CHECK(!whole.status.message().empty(), "error without a message");
  }
  return 0;
}
