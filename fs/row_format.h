// RowFormat and RowRenderer: how rows become the bytes of a generated file.
//
//   kCsv     header line, then one RFC 4180 line per row ("\n" line ends).
//            NULL is an empty field, '' is "" (so the two stay distinct),
//            numbers are printed as sqlite3 prints them.
//   kNdjson  one JSON object per row, values typed: {"id":1,"name":"Eve"}.
//   kJson    one JSON array of such objects, as `sqlite3 -json` prints it.
// BLOBs become text: raw bytes in CSV, "X'hex'" strings in JSON.
//
// Renderers append to a caller's buffer so a reader can fill 64 KiB+ per
// read() without per-value allocations on the common paths.
//
// Thread-safety: a renderer is used by one thread at a time.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/value/value.h"

namespace s3lite {

enum class RowFormat { kCsv, kNdjson, kJson };

// "csv", "ndjson", "json".
const char* RowFormatExtension(RowFormat format);

class RowRenderer {
 public:
  virtual ~RowRenderer() = default;
  // Called once before the first row (also for empty results).
  virtual void AppendHeader(std::string* out) = 0;
  virtual void AppendRow(const Row& row, std::string* out) = 0;
  // Called once after the last row.
  virtual void AppendFooter(std::string* out) = 0;
};

std::unique_ptr<RowRenderer> NewRowRenderer(RowFormat format, std::vector<std::string> columns);

// One value as CSV text (without the field separator).
void AppendCsvValue(const Value& v, std::string* out);

}  // namespace s3lite
