// Byte coding helpers (see coding.h for the formats).
#include "engine/util/coding.h"

namespace s3lite {

void EncodeFixed32(char* buf, uint32_t v) {
  for (int i = 0; i < 4; i++) buf[i] = static_cast<char>(v >> (8 * i));
}

void EncodeFixed64(char* buf, uint64_t v) {
  for (int i = 0; i < 8; i++) buf[i] = static_cast<char>(v >> (8 * i));
}

uint32_t DecodeFixed32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return uint32_t{u[0]} | (uint32_t{u[1]} << 8) | (uint32_t{u[2]} << 16) | (uint32_t{u[3]} << 24);
}

uint64_t DecodeFixed64(const char* p) {
  return uint64_t{DecodeFixed32(p)} | (uint64_t{DecodeFixed32(p + 4)} << 32);
}

uint32_t DecodeFixed32BE(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) | (uint32_t{u[2]} << 8) | uint32_t{u[3]};
}

uint64_t DecodeFixed64BE(const char* p) {
  return (uint64_t{DecodeFixed32BE(p)} << 32) | uint64_t{DecodeFixed32BE(p + 4)};
}

void PutFixed32(std::string* dst, uint32_t v) {
  char buf[4];
  EncodeFixed32(buf, v);
  dst->append(buf, 4);
}

void PutFixed64(std::string* dst, uint64_t v) {
  char buf[8];
  EncodeFixed64(buf, v);
  dst->append(buf, 8);
}

void PutFixed32BE(std::string* dst, uint32_t v) {
  for (int i = 3; i >= 0; i--) dst->push_back(static_cast<char>(v >> (8 * i)));
}

void PutFixed64BE(std::string* dst, uint64_t v) {
  for (int i = 7; i >= 0; i--) dst->push_back(static_cast<char>(v >> (8 * i)));
}

void PutVarint64(std::string* dst, uint64_t v) {
  char buf[kMaxVarint64Bytes];
  int n = 0;
  while (v >= 0x80) {
    buf[n++] = static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  buf[n++] = static_cast<char>(v);
  dst->append(buf, n);
}

void PutVarint32(std::string* dst, uint32_t v) { PutVarint64(dst, v); }

void PutLengthPrefixedSlice(std::string* dst, std::string_view value) {
  PutVarint32(dst, static_cast<uint32_t>(value.size()));
  dst->append(value.data(), value.size());
}

int VarintLength(uint64_t v) {
  int len = 1;
  while (v >= 0x80) {
    v >>= 7;
    len++;
  }
  return len;
}

bool GetFixed32(std::string_view* in, uint32_t* v) {
  if (in->size() < 4) return false;
  *v = DecodeFixed32(in->data());
  in->remove_prefix(4);
  return true;
}

bool GetFixed64(std::string_view* in, uint64_t* v) {
  if (in->size() < 8) return false;
  *v = DecodeFixed64(in->data());
  in->remove_prefix(8);
  return true;
}

bool GetFixed32BE(std::string_view* in, uint32_t* v) {
  if (in->size() < 4) return false;
  *v = DecodeFixed32BE(in->data());
  in->remove_prefix(4);
  return true;
}

bool GetFixed64BE(std::string_view* in, uint64_t* v) {
  if (in->size() < 8) return false;
  *v = DecodeFixed64BE(in->data());
  in->remove_prefix(8);
  return true;
}

namespace {

// Decodes a varint of at most max_bytes whose value fits in max_bits bits.
// Rejects encodings with bits beyond max_bits set in the last byte.
bool GetVarint(std::string_view* in, int max_bytes, int max_bits, uint64_t* v) {
  uint64_t result = 0;
  for (int i = 0; i < max_bytes; i++) {
    if (static_cast<size_t>(i) >= in->size()) return false;
    uint64_t byte = static_cast<unsigned char>((*in)[i]);
    int shift = 7 * i;
    uint64_t payload = byte & 0x7f;
    if (shift + 7 > max_bits && (payload >> (max_bits - shift)) != 0) return false;  // overflow
    result |= payload << shift;
    if ((byte & 0x80) == 0) {
      in->remove_prefix(i + 1);
      *v = result;
      return true;
    }
  }
  return false;  // too long
}

}  // namespace

bool GetVarint32(std::string_view* in, uint32_t* v) {
  uint64_t x;
  if (!GetVarint(in, kMaxVarint32Bytes, 32, &x)) return false;
  *v = static_cast<uint32_t>(x);
  return true;
}

bool GetVarint64(std::string_view* in, uint64_t* v) {
  return GetVarint(in, kMaxVarint64Bytes, 64, v);
}

bool GetByte(std::string_view* in, uint8_t* v) {
  if (in->empty()) return false;
  *v = static_cast<uint8_t>((*in)[0]);
  in->remove_prefix(1);
  return true;
}

bool GetBytes(std::string_view* in, size_t n, std::string_view* out) {
  if (in->size() < n) return false;
  *out = in->substr(0, n);
  in->remove_prefix(n);
  return true;
}

bool GetLengthPrefixedSlice(std::string_view* in, std::string_view* out) {
  uint32_t len;
  return GetVarint32(in, &len) && GetBytes(in, len, out);
}

}  // namespace s3lite
