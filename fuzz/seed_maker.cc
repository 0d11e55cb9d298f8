// s3lite_fuzz_seed_maker: writes the seed corpora of fuzz/corpus/ from the
// real encoders, so seeds are valid objects the fuzzer then mutates.
//
//   s3lite_fuzz_seed_maker <fuzz/corpus dir>
//
// Writes <dir>/<target>/<name> files (overwriting files of the same name).
// Not a fuzzer; built with the fuzz targets (see fuzz/CMakeLists.txt).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "engine/value/key_codec.h"
#include "engine/value/record.h"
#include "engine/value/value.h"

namespace fs = std::filesystem;
using namespace s3lite;

namespace {

fs::path g_root;

void WriteSeed(const std::string& target, const std::string& name, const std::string& bytes) {
  fs::path dir = g_root / target;
  fs::create_directories(dir);
  std::ofstream f(dir / name, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::vector<Value> SampleValues() {
  const int64_t kMax = std::numeric_limits<int64_t>::max();
  const int64_t kMin = std::numeric_limits<int64_t>::min();
  return {Value::Null(),           Value::Integer(0),         Value::Integer(-1),
          Value::Integer(42),      Value::Integer(kMax),      Value::Integer(kMin),
          Value::Integer((1ll << 53) + 1), Value::Real(0.5),  Value::Real(-1e300),
          Value::Real(INFINITY),   Value::Real(9223372036854775808.0),
          Value::Text(""),         Value::Text("alice"),      Value::Text(std::string("a\0b", 3)),
          Value::Blob(std::string("\0\xff", 2)), Value::Blob("\x01\x02\x03")};
}

void KeyCodecSeeds() {
  std::vector<Value> values = SampleValues();
  int n = 0;
  for (const Value& v : values) WriteSeed("key_codec", "value-" + std::to_string(n++), EncodeKey(v));
  // Composite index keys: (value, value, rowid).
  for (size_t i = 0; i + 1 < values.size(); i += 3) {
    std::string key = EncodeKey(values[i]);
    EncodeKey(values[i + 1], &key);
    EncodeRowid(static_cast<int64_t>(i) - 3, &key);
    WriteSeed("key_codec", "index-" + std::to_string(i), key);
  }
}

void RecordSeeds() {
  std::vector<Value> values = SampleValues();
  WriteSeed("record", "empty", EncodeRecord(Row{}));
  WriteSeed("record", "all-types", EncodeRecord(values));
  WriteSeed("record", "user-row", EncodeRecord(Row{Value::Integer(5), Value::Text("Eve"), Value::Integer(41)}));
  WriteSeed("record", "nulls", EncodeRecord(Row(5, Value::Null())));
  WriteSeed("record", "long-text", EncodeRecord(Row{Value::Text(std::string(300, 'x')), Value::Real(2.5)}));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <fuzz/corpus dir>\n", argv[0]);
    return 2;
  }
  g_root = argv[1];
  KeyCodecSeeds();
  RecordSeeds();
  return 0;
}
