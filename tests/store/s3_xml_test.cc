#include "engine/store/s3_xml.h"

#include <gtest/gtest.h>

namespace s3lite {
namespace {

TEST(S3Xml, ParsesListObjectsV2WithContinuation) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
      "<Name>b</Name><Prefix>p/</Prefix><KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated>"
      "<NextContinuationToken>tok&amp;1</NextContinuationToken>"
      "<Contents><Key>p/a%20b%2B%C3%BC</Key><LastModified>2024-01-02T03:04:05.678Z</LastModified>"
      "<ETag>&quot;x&quot;</ETag><Size>12</Size><StorageClass>STANDARD</StorageClass></Contents>"
      "<Contents><Key>p/c</Key><LastModified>2024-01-02T03:04:05Z</LastModified><Size>0</Size></Contents>"
      "</ListBucketResult>";
  auto page = ParseListObjectsV2(xml, true);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->entries.size(), 2u);
  EXPECT_EQ(page->entries[0].key, "p/a b+\xC3\xBC");
  EXPECT_EQ(page->entries[0].size, 12u);
  EXPECT_EQ(ParseIso8601Ms(page->entries[0].last_modified), 1704164645678);
  EXPECT_EQ(page->entries[1].key, "p/c");
  EXPECT_TRUE(page->truncated);
  EXPECT_EQ(page->next_token, "tok&1");
}

TEST(S3Xml, EntitiesAndRawKeys) {
  EXPECT_EQ(XmlUnescape("a&amp;b&lt;&gt;&quot;&apos;&#65;&#x42;&#xFC;"), "a&b<>\"'AB\xC3\xBC");
  EXPECT_EQ(XmlUnescape("x &bogus; &"), "x &bogus; &");
  EXPECT_EQ(XmlEscape("<a&'\">\r"), "&lt;a&amp;&apos;&quot;&gt;&#13;");
  auto page = ParseListObjectsV2(
      "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a+b%41</Key><Size>1</Size></Contents>"
      "</ListBucketResult>",
      false);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->entries[0].key, "a+b%41");  // not decoded without encoding-type=url
  EXPECT_FALSE(page->truncated);
}

TEST(S3Xml, RejectsMalformedListings) {
  EXPECT_TRUE(ParseListObjectsV2("<Error><Code>X</Code></Error>", false).status().IsCorruption());
  EXPECT_TRUE(ParseListObjectsV2("<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>", false)
                  .status()
                  .IsCorruption());
  EXPECT_TRUE(ParseListObjectsV2("<ListBucketResult><Contents><Key>k</Key><Size>x</Size></Contents>"
                                 "</ListBucketResult>",
                                 false)
                  .status()
                  .IsCorruption());
}

TEST(S3Xml, ErrorsAndDeleteResults) {
  S3Error e = ParseS3Error(
      "<?xml version=\"1.0\"?><Error><Code>NoSuchBucket</Code><Message>The bucket &quot;b&quot;</Message>"
      "<BucketName>b</BucketName></Error>");
  EXPECT_EQ(e.code, "NoSuchBucket");
  EXPECT_EQ(e.message, "The bucket \"b\"");
  EXPECT_EQ(ParseS3Error("").code, "");
  EXPECT_EQ(BuildDeleteObjectsBody({"a&b", "c"}),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Delete><Quiet>true</Quiet>"
            "<Object><Key>a&amp;b</Key></Object><Object><Key>c</Key></Object></Delete>");
  auto errs = ParseDeleteObjectsErrors(
      "<DeleteResult><Deleted><Key>x</Key></Deleted><Error><Key>k1</Key><Code>AccessDenied</Code>"
      "<Message>no</Message></Error></DeleteResult>");
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].key, "k1");
  EXPECT_EQ(errs[0].code, "AccessDenied");
  EXPECT_EQ(XmlElements("<KeyCount>1</KeyCount><Key>k</Key><Key/>", "Key").size(), 2u);
}

TEST(S3Xml, HttpDate) { EXPECT_EQ(ParseHttpDateMs("Tue, 02 Jan 2024 03:04:05 GMT"), 1704164645000); }

}  // namespace
}  // namespace s3lite
