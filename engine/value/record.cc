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
      if (out) *out = Value::Null();
      return Status::OK();
    case ValueType::kInteger: {
      uint64_t u;
      if (!GetVarint(in, &u)) return Truncated();
      if (out) *out = Value::Integer(UnZigZag(u));
      return Status::OK();
    }
    case ValueType::kReal: {
      if (in->size() < 8) return Truncated();
      double d;
      std::memcpy(&d, in->data(), 8);
      in->remove_prefix(8);
      if (out) *out = Value::Real(d);
      return Status::OK();
    }
    case ValueType::kText:
    case ValueType::kBlob: {
      uint64_t len;
      if (!GetVarint(in, &len) || len > in->size()) return Truncated();
      if (out) {
        std::string bytes(in->data(), len);
        *out = tag == static_cast<uint8_t>(ValueType::kText) ? Value::Text(std::move(bytes))
                                                             : Value::Blob(std::move(bytes));
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
  out->clear();
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

}  // namespace s3lite
