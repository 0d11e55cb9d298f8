// CRC32C: known vectors, hardware vs portable agreement, Extend, Mask.
#include "engine/util/crc32c.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace s3lite {
namespace {

TEST(Crc32cTest, StandardVectors) {
  EXPECT_EQ(0xE3069283u, crc32c::Value("123456789"));
  std::string zeros(32, '\0');
  EXPECT_EQ(0x8a9136aau, crc32c::Value(zeros));
  std::string ones(32, '\xff');
  EXPECT_EQ(0x62a8ab43u, crc32c::Value(ones));
  std::string ascending, descending;
  for (int i = 0; i < 32; i++) {
    ascending.push_back(static_cast<char>(i));
    descending.push_back(static_cast<char>(31 - i));
  }
  EXPECT_EQ(0x46dd794eu, crc32c::Value(ascending));
  EXPECT_EQ(0x113fdb5cu, crc32c::Value(descending));
  EXPECT_EQ(0u, crc32c::Value(""));
}

TEST(Crc32cTest, HardwareMatchesPortableAtEveryLengthAndAlignment) {
  std::mt19937 rng(7);
  std::string buf(600, '\0');
  for (char& c : buf) c = static_cast<char>(rng());
  for (size_t offset = 0; offset < 9; offset++) {
    for (size_t len = 0; len + offset <= buf.size(); len += (len < 64 ? 1 : 37)) {
      const char* p = buf.data() + offset;
      ASSERT_EQ(crc32c::ExtendPortable(0, p, len), crc32c::Value(p, len)) << offset << " " << len;
    }
  }
  // The portable path matches the vectors too.
  EXPECT_EQ(0xE3069283u, crc32c::ExtendPortable(0, "123456789", 9));
}

TEST(Crc32cTest, ExtendComposes) {
  std::string a = "hello ", b = "world, a longer second part to cross 8-byte blocks";
  EXPECT_EQ(crc32c::Value(a + b), crc32c::Extend(crc32c::Value(a), b.data(), b.size()));
  EXPECT_EQ(crc32c::Value(a + b),
            crc32c::ExtendPortable(crc32c::ExtendPortable(0, a.data(), a.size()), b.data(), b.size()));
}

TEST(Crc32cTest, DifferentInputsDiffer) {
  EXPECT_NE(crc32c::Value("a"), crc32c::Value("foo"));
  EXPECT_NE(crc32c::Value(std::string(4096, 'x')), crc32c::Value(std::string(4095, 'x') + "y"));
}

TEST(Crc32cTest, MaskRoundTrips) {
  uint32_t crc = crc32c::Value("foo");
  EXPECT_NE(crc, crc32c::Mask(crc));
  EXPECT_NE(crc, crc32c::Mask(crc32c::Mask(crc)));
  EXPECT_EQ(crc, crc32c::Unmask(crc32c::Mask(crc)));
  EXPECT_EQ(crc, crc32c::Unmask(crc32c::Unmask(crc32c::Mask(crc32c::Mask(crc)))));
}

TEST(Crc32cTest, ReportsImplementation) {
  // Either is valid; the test documents which one the machine uses.
  RecordProperty("hardware", crc32c::IsHardwareAccelerated() ? "yes" : "no");
  SUCCEED();
}

}  // namespace
}  // namespace s3lite
