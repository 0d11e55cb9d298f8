#include "engine/value/record.h"

#include <cstring>

namespace s3lite {

namespace {

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

bool GetVarint(std::string_view* in, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift <= 63 && !in->empty(); shift += 7) {
    uint8_t b = static_cast<uint8_t>((*in)[0]);
    in->remove_prefix(1);
    result |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      *v = result;
      return true;
    }
  }
  return false;
}

uint64_t ZigZag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
int64_t UnZigZag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

Status Truncated() { return Status::Corruption("record: truncated"); }

// Decodes one value at the front of *in; with out == nullptr it only skips.
Status DecodeOne(std::string_view* in, Value* out) {
  if (in->empty()) return Truncated();
  uint8_t tag = static_cast<uint8_t>((*in)[0]);
  in->remove_prefix(1);
  switch (static_cast<ValueType>(tag)) {
    case ValueType::kNull:
      if (out) out->AssignNull();
      return Status::OK();
    case ValueType::kInteger: {
      uint64_t u;
      if (!GetVarint(in, &u)) return Truncated();
      if (out) out->AssignInteger(UnZigZag(u));
      return Status::OK();
    }
    case ValueType::kReal: {
      if (in->size() < 8) return Truncated();
      double d;
      std::memcpy(&d, in->data(), 8);
      in->remove_prefix(8);
      if (out) out->AssignReal(d);
      return Status::OK();
    }
    case ValueType::kText:
    case ValueType::kBlob: {
      uint64_t len;
      if (!GetVarint(in, &len) || len > in->size()) return Truncated();
      if (out) {
        std::string_view bytes(in->data(), len);
        if (tag == static_cast<uint8_t>(ValueType::kText)) {
          out->AssignText(bytes);
        } else {
          out->AssignBlob(bytes);
        }
      }
      in->remove_prefix(len);
      return Status::OK();
    }
  }
  return Status::Corruption("record: unknown value tag " + std::to_string(tag));
}

}  // namespace

void EncodeRecord(const Row& row, std::string* out) {
  PutVarint(row.size(), out);
  for (const Value& v : row) {
    out->push_back(static_cast<char>(v.type()));
    switch (v.type()) {
      case ValueType::kNull: break;
      case ValueType::kInteger: PutVarint(ZigZag(v.integer()), out); break;
      case ValueType::kReal: {
        double d = v.real();
        char b[8];
        std::memcpy(b, &d, 8);
        out->append(b, 8);
        break;
      }
      case ValueType::kText:
      case ValueType::kBlob:
        PutVarint(v.bytes().size(), out);
        out->append(v.bytes());
        break;
    }
  }
}

std::string EncodeRecord(const Row& row) {
  std::string out;
  EncodeRecord(row, &out);
  return out;
}

Result<size_t> RecordColumnCount(std::string_view in) {
  uint64_t n;
  if (!GetVarint(&in, &n)) return Truncated();
  // Every value takes at least one byte: a count larger than the rest is corrupt.
  if (n > in.size()) return Status::Corruption("record: column count " + std::to_string(n) + " exceeds size");
  return static_cast<size_t>(n);
}

Status DecodeRecord(std::string_view in, Row* out) {
  S3LITE_ASSIGN_OR_RETURN(size_t n, RecordColumnCount(in));
  uint64_t skip;
  GetVarint(&in, &skip);
  // Every value is assigned below: a reused row keeps its TEXT/BLOB strings.
  out->resize(n);
  for (size_t i = 0; i < n; i++) S3LITE_RETURN_IF_ERROR(DecodeOne(&in, &(*out)[i]));
  if (!in.empty()) return Status::Corruption("record: trailing bytes");
  return Status::OK();
}

Status DecodeRecordColumn(std::string_view in, size_t index, Value* out) {
  S3LITE_ASSIGN_OR_RETURN(size_t n, RecordColumnCount(in));
  uint64_t skip;
  GetVarint(&in, &skip);
  if (index >= n) {
    *out = Value::Null();
    return Status::OK();
  }
  for (size_t i = 0; i < index; i++) S3LITE_RETURN_IF_ERROR(DecodeOne(&in, nullptr));
  return DecodeOne(&in, out);
}

namespace {

// Allocation- and Status-free decoding for the hot path (a scan decodes a
// few columns of every row). Each returns false on malformed input; the
// caller then re-runs the checked decoder above for the exact error.
inline bool FastVarint(const char** p, const char* end, uint64_t* v) {
  const char* q = *p;
  if (q < end && static_cast<uint8_t>(*q) < 0x80) {
    *v = static_cast<uint8_t>(*q);
    *p = q + 1;
    return true;
  }
  uint64_t result = 0;
  for (int shift = 0; shift <= 63 && q < end; shift += 7) {
    uint8_t b = static_cast<uint8_t>(*q++);
    result |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      *v = result;
      *p = q;
      return true;
    }
  }
  return false;
}

// Decodes (out != nullptr) or skips the value at *p.
inline bool FastValue(const char** p, const char* end, Value* out) {
  if (*p >= end) return false;
  uint8_t tag = static_cast<uint8_t>(**p);
  (*p)++;
  switch (static_cast<ValueType>(tag)) {
    case ValueType::kNull:
      if (out) out->AssignNull();
      return true;
    case ValueType::kInteger: {
      uint64_t u;
      if (!FastVarint(p, end, &u)) return false;
      if (out) out->AssignInteger(UnZigZag(u));
      return true;
    }
    case ValueType::kReal: {
      if (end - *p < 8) return false;
      if (out) {
        double d;
        std::memcpy(&d, *p, 8);
        out->AssignReal(d);
      }
      *p += 8;
      return true;
    }
    case ValueType::kText:
    case ValueType::kBlob: {
      uint64_t len;
      if (!FastVarint(p, end, &len) || len > static_cast<uint64_t>(end - *p)) return false;
      if (out) {
        std::string_view bytes(*p, len);
        if (tag == static_cast<uint8_t>(ValueType::kText)) {
          out->AssignText(bytes);
        } else {
          out->AssignBlob(bytes);
        }
      }
      *p += len;
      return true;
    }
  }
  return false;
}

// The checked (slow) path of DecodeRecordColumns: exact error statuses.
Status DecodeRecordColumnsChecked(std::string_view in, const int* columns, size_t n, Value* dst,
                                  size_t* stored) {
  S3LITE_ASSIGN_OR_RETURN(size_t count, RecordColumnCount(in));
  uint64_t skip;
  GetVarint(&in, &skip);
  *stored = count;
  size_t pos = 0;  // index of the value at the front of `in`
  for (size_t k = 0; k < n; k++) {
    if (columns[k] < 0 || (k > 0 && columns[k] <= columns[k - 1])) {
      return Status::InvalidArgument("DecodeRecordColumns: columns must be ascending and >= 0");
    }
    size_t want = static_cast<size_t>(columns[k]);
    if (want >= count) break;  // ascending: the rest are past the end too
    for (; pos < want; pos++) S3LITE_RETURN_IF_ERROR(DecodeOne(&in, nullptr));
    S3LITE_RETURN_IF_ERROR(DecodeOne(&in, &dst[want]));
    pos++;
  }
  return Status::OK();
}

}  // namespace

Status DecodeRecordColumns(std::string_view in, const int* columns, size_t n, Value* dst, size_t* stored) {
  const char* p = in.data();
  const char* end = p + in.size();
  uint64_t count;
  // Every value takes at least one byte: a count larger than the rest is corrupt.
  bool ok = FastVarint(&p, end, &count) && count <= static_cast<uint64_t>(end - p);
  size_t pos = 0;  // index of the value at p
  for (size_t k = 0; ok && k < n; k++) {
    if (columns[k] < 0 || (k > 0 && columns[k] <= columns[k - 1])) {
      ok = false;
      break;
    }
    size_t want = static_cast<size_t>(columns[k]);
    if (want >= count) break;  // ascending: the rest are past the end too
    for (; ok && pos < want; pos++) ok = FastValue(&p, end, nullptr);
    ok = ok && FastValue(&p, end, &dst[want]);
    pos++;
  }
  if (!ok) return DecodeRecordColumnsChecked(in, columns, n, dst, stored);
  *stored = static_cast<size_t>(count);
  return Status::OK();
}

}  // namespace s3lite
