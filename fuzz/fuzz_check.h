// Helpers shared by the fuzz targets.
//
// FUZZ_CHECK: the assertion fuzz targets use for properties of the code under
// test. On failure it prints the condition and aborts, which libFuzzer
// reports as a crash and saves the input (assert() would vanish under NDEBUG).
//
// CheckDecodeError: a decoder's error on hostile bytes must be Corruption
// and must name the object (DESIGN: errors name the object/key).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "engine/util/status.h"

#define FUZZ_CHECK(cond, ...)                                              \
  do {                                                                     \
    if (!(cond)) {                                                         \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed: ", __FILE__,     \
                   __LINE__, #cond);                                       \
      std::fprintf(stderr, __VA_ARGS__);                                   \
      std::fprintf(stderr, "\n");                                          \
      std::abort();                                                        \
    }                                                                      \
  } while (0)

inline void CheckDecodeError(const s3lite::Status& s, std::string_view object_key) {
  FUZZ_CHECK(s.IsCorruption(), "decode error is not Corruption: %s", s.ToString().c_str());
  FUZZ_CHECK(s.message().find(object_key) != std::string::npos, "error does not name %.*s: %s",
             static_cast<int>(object_key.size()), object_key.data(), s.ToString().c_str());
}
