// Byte coding helpers: fixed-width integers (little- and big-endian),
// varints (LEB128, as in LevelDB/protobuf) and length-prefixed byte strings.
//
// Encoders append to a std::string. Decoders read from the front of a
// std::string_view and advance it; every decoder is bounds-checked and
// returns false (leaving *in unspecified) on truncated or malformed input,
// never reading past the end. Decoders are meant for untrusted bytes (they
// are fuzzed through the chunk/WAL/manifest decoders).
//
// Formats:
//   Fixed32/64      little-endian, 4/8 bytes
//   Fixed32BE/64BE  big-endian, 4/8 bytes (memcmp order = numeric order)
//   Varint32/64     7 bits per byte, low groups first, high bit = "more";
//                   at most 5/10 bytes; longer or overflowing encodings rejected
//   LengthPrefixed  Varint32 length, then the bytes
//
// Thread-safety: stateless functions.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace s3lite {

constexpr int kMaxVarint32Bytes = 5;
constexpr int kMaxVarint64Bytes = 10;

// ---- Encoding (append to *dst) ----
void PutFixed32(std::string* dst, uint32_t v);
void PutFixed64(std::string* dst, uint64_t v);
void PutFixed32BE(std::string* dst, uint32_t v);
void PutFixed64BE(std::string* dst, uint64_t v);
void PutVarint32(std::string* dst, uint32_t v);
void PutVarint64(std::string* dst, uint64_t v);
void PutLengthPrefixedSlice(std::string* dst, std::string_view value);

// Number of bytes PutVarint64(v) appends (1..10).
int VarintLength(uint64_t v);

// Raw little-endian stores/loads into a buffer the caller has sized. The
// Decode* functions read exactly 4/8 bytes: check bounds first.
void EncodeFixed32(char* buf, uint32_t v);
void EncodeFixed64(char* buf, uint64_t v);
uint32_t DecodeFixed32(const char* p);
uint64_t DecodeFixed64(const char* p);
uint32_t DecodeFixed32BE(const char* p);
uint64_t DecodeFixed64BE(const char* p);

// ---- Decoding (consume from the front of *in; false on truncation) ----
bool GetFixed32(std::string_view* in, uint32_t* v);
bool GetFixed64(std::string_view* in, uint64_t* v);
bool GetFixed32BE(std::string_view* in, uint32_t* v);
bool GetFixed64BE(std::string_view* in, uint64_t* v);
bool GetVarint32(std::string_view* in, uint32_t* v);
bool GetVarint64(std::string_view* in, uint64_t* v);
bool GetByte(std::string_view* in, uint8_t* v);
// The next n bytes as a view into the input (no copy).
bool GetBytes(std::string_view* in, size_t n, std::string_view* out);
// Varint32 length then that many bytes, as a view into the input.
bool GetLengthPrefixedSlice(std::string_view* in, std::string_view* out);

}  // namespace s3lite
