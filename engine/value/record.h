// Record codec: how a table row is stored as a B+ tree value.
//
// A record is a self-describing sequence of values: a varint column count,
// then per value a one-byte type tag and its payload (integers zig-zag varint,
// reals 8 bytes little-endian IEEE, text/blob varint length + bytes). Rows
// written before an ALTER TABLE ADD COLUMN have fewer values; readers treat
// missing trailing columns as the column default (the SQL layer supplies it).
//
// Thread-safety: stateless functions.
#pragma once

#include <string>
#include <string_view>

#include "engine/util/status.h"
#include "engine/value/value.h"

namespace s3lite {

void EncodeRecord(const Row& row, std::string* out);
std::string EncodeRecord(const Row& row);
Status DecodeRecord(std::string_view in, Row* out);
// Number of values stored in the record.
Result<size_t> RecordColumnCount(std::string_view in);
// Decodes only column `index` (NULL if the record is shorter).
Status DecodeRecordColumn(std::string_view in, size_t index, Value* out);
// Decodes the values at positions `columns` (n of them, strictly ascending,
// >= 0) in one pass: dst[columns[i]] receives the value; positions past the
// record's end are left untouched (*stored = the record's value count, so
// the caller fills defaults). TEXT/BLOB reuse dst's string when it already
// holds that type. Other dst entries are not touched.
Status DecodeRecordColumns(std::string_view in, const int* columns, size_t n, Value* dst, size_t* stored);

}  // namespace s3lite
