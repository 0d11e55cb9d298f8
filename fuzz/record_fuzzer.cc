// Fuzz target: the row record codec (engine/value/record.h).
//
// Input: arbitrary bytes read as one stored record. Properties checked:
//  - DecodeRecord, RecordColumnCount and DecodeRecordColumn never crash and
//    report malformed bytes as Corruption.
//  - When DecodeRecord succeeds: the column count agrees, every column read
//    alone equals the same column of the full decode, columns past the end
//    read as NULL, and EncodeRecord of the row decodes back to the same row.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/value/record.h"
#include "engine/value/value.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace s3lite;
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  Result<size_t> count = RecordColumnCount(input);
  if (!count.ok()) FUZZ_CHECK(count.status().IsCorruption(), "%s", count.status().ToString().c_str());

  Row row;
  Status s = DecodeRecord(input, &row);
  if (!s.ok()) {
    FUZZ_CHECK(s.IsCorruption(), "DecodeRecord error is not Corruption: %s", s.ToString().c_str());
    // Reading single columns of a corrupt record must fail cleanly too.
    Value v;
    Status cs = DecodeRecordColumn(input, 0, &v);
    if (!cs.ok()) FUZZ_CHECK(cs.IsCorruption(), "%s", cs.ToString().c_str());
    return 0;
  }

  FUZZ_CHECK(count.ok() && *count == row.size(), "column count %zu vs decoded %zu",
             count.ok() ? *count : 0, row.size());
  const size_t probe = std::min<size_t>(row.size(), 64);
  for (size_t i = 0; i < probe; i++) {
    Value v;
    Status cs = DecodeRecordColumn(input, i, &v);
    FUZZ_CHECK(cs.ok(), "column %zu: %s", i, cs.ToString().c_str());
    FUZZ_CHECK(v == row[i], "column %zu: alone %s, in row %s", i, v.DebugString().c_str(),
               row[i].DebugString().c_str());
  }
  Value past;
  FUZZ_CHECK(DecodeRecordColumn(input, row.size(), &past).ok() && past.is_null(),
             "column past the end is not NULL");

  std::string enc = EncodeRecord(row);
  Row back;
  Status rs = DecodeRecord(enc, &back);
  FUZZ_CHECK(rs.ok(), "re-decode failed: %s", rs.ToString().c_str());
  FUZZ_CHECK(back == row, "re-decoded row differs (%zu columns)", row.size());
  return 0;
}
