// SigV4: AWS's published "get-vanilla" vector, a cross-check against
// botocore's S3 signer (values produced once with python3-botocore), and
// canonical-request edge cases.
#include "engine/store/sigv4.h"

#include <gtest/gtest.h>

namespace s3lite {
namespace {

const char kAccess[] = "AKIDEXAMPLE";
const char kSecret[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

TEST(SigV4, GetVanillaVector) {
  SigV4Request req;
  req.method = "GET";
  req.canonical_uri = "/";
  req.headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}};
  req.payload_hash = Sha256Hex("");
  EXPECT_EQ(CanonicalRequest(req),
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(SigV4Authorization(req, kAccess, kSecret, "us-east-1", "service", "20150830T123600Z"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(SigV4, MatchesBotocoreS3SignerForAwkwardKeyAndQuery) {
  // Key "dir/a b+c=&%/ü", query list-type=2, prefix="a b/+=", empty="".
  SigV4Request req;
  req.method = "PUT";
  req.canonical_uri = "/bucket/" + UriEncode("dir/a b+c=&%/\xC3\xBC", false);
  req.query = {{"list-type", "2"}, {"prefix", "a b/+="}, {"empty", ""}};
  req.payload_hash = Sha256Hex("hello");
  req.headers = {{"host", "127.0.0.1:7480"}, {"x-amz-content-sha256", req.payload_hash},
                 {"x-amz-date", "20150830T123600Z"}};
  EXPECT_EQ(CanonicalRequest(req),
            "PUT\n/bucket/dir/a%20b%2Bc%3D%26%25/%C3%BC\nempty=&list-type=2&prefix=a%20b%2F%2B%3D\n"
            "host:127.0.0.1:7480\n"
            "x-amz-content-sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\n"
            "x-amz-date:20150830T123600Z\n\nhost;x-amz-content-sha256;x-amz-date\n"
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  std::string auth = SigV4Authorization(req, kAccess, kSecret, "us-east-1", "s3", "20150830T123600Z");
  EXPECT_NE(auth.find("Signature=99bfe2e28e7c34eae10524c396709612a3e89983578989945f6f81f5fa8ae7ef"),
            std::string::npos)
      << auth;
}

TEST(SigV4, UriEncodeKeepsUnreservedAndOptionallySlash) {
  EXPECT_EQ(UriEncode("AZaz09-_.~", true), "AZaz09-_.~");
  EXPECT_EQ(UriEncode("a b", true), "a%20b");  // space is %20, never '+'
  EXPECT_EQ(UriEncode("+", true), "%2B");
  EXPECT_EQ(UriEncode("=", true), "%3D");
  EXPECT_EQ(UriEncode("&%?#", true), "%26%25%3F%23");
  EXPECT_EQ(UriEncode("a/b", true), "a%2Fb");
  EXPECT_EQ(UriEncode("a/b", false), "a/b");
  EXPECT_EQ(UriEncode("\xC3\xBC\xE2\x82\xAC", true), "%C3%BC%E2%82%AC");  // UTF-8 bytes, uppercase hex
  EXPECT_EQ(UriEncode(std::string("\0\x7f\xff", 3), true), "%00%7F%FF");
}

TEST(SigV4, CanonicalQueryIsEncodedAndSorted) {
  EXPECT_EQ(CanonicalQueryString({}), "");
  EXPECT_EQ(CanonicalQueryString({{"b", "2"}, {"a", "1"}, {"c", ""}}), "a=1&b=2&c=");
  // Sorted by encoded name, then value, byte-wise (uppercase before lowercase).
  EXPECT_EQ(CanonicalQueryString({{"a", "2"}, {"a", "1"}, {"B", "x"}}), "B=x&a=1&a=2");
  EXPECT_EQ(CanonicalQueryString({{"delete", ""}}), "delete=");
  EXPECT_EQ(CanonicalQueryString({{"prefix", "x y/+=&"}, {"continuation-token", "1/abc=="}}),
            "continuation-token=1%2Fabc%3D%3D&prefix=x%20y%2F%2B%3D%26");
}

TEST(SigV4, CanonicalHeadersAreLowercasedTrimmedAndSorted) {
  SigV4Request req;
  req.method = "GET";
  req.canonical_uri = "/";
  req.headers = {{"X-Amz-Date", "20150830T123600Z"}, {"Host", "  h  "}, {"My-Header", " a   b  c "}};
  req.payload_hash = "UNSIGNED-PAYLOAD";
  EXPECT_EQ(SignedHeaderNames(req.headers), "host;my-header;x-amz-date");
  EXPECT_EQ(CanonicalRequest(req),
            "GET\n/\n\nhost:h\nmy-header:a b c\nx-amz-date:20150830T123600Z\n\nhost;my-header;x-amz-date\n"
            "UNSIGNED-PAYLOAD");
}

TEST(SigV4, SigningKeyAndHashesMatchKnownValues) {
  // From AWS documentation's signing-key example (secret above, 20150830, us-east-1, iam).
  EXPECT_EQ(HexEncodeLower(SigningKey(kSecret, "20150830", "us-east-1", "iam")),
            "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Md5Base64(""), "1B2M2Y8AsgTpgAmY7PhCfg==");
  EXPECT_EQ(AmzDate(1440938160), "20150830T123600Z");
}

}  // namespace
}  // namespace s3lite
