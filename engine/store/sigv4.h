// AWS Signature Version 4: canonical request, string to sign, signing key
// and Authorization header, built on OpenSSL's SHA-256 and HMAC-SHA256.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
//
// The S3 flavour is used: the canonical URI is the request path encoded
// once (UriEncode with '/' kept), not twice as for other services.
//
// Pure functions; thread-safe.
#pragma once

#include <ctime>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace s3lite {

// SHA-256 of `data` as 64 lowercase hex digits.
std::string Sha256Hex(std::string_view data);
// Raw 32-byte HMAC-SHA256.
std::string HmacSha256(std::string_view key, std::string_view data);
std::string HexEncodeLower(std::string_view bytes);
// Base64 of the MD5 of `data` (the Content-MD5 header).
std::string Md5Base64(std::string_view data);

// RFC 3986 encoding as SigV4 wants it: unreserved A-Z a-z 0-9 - _ . ~ kept,
// every other byte as %XX (uppercase); '/' kept unless `encode_slash`.
std::string UriEncode(std::string_view s, bool encode_slash);

// "20150830T123600Z" and "20150830" for a Unix time.
std::string AmzDate(std::time_t t);

using QueryParams = std::vector<std::pair<std::string, std::string>>;  // raw, unencoded
using HeaderList = std::vector<std::pair<std::string, std::string>>;   // name, value

struct SigV4Request {
  std::string method;         // "GET"
  std::string canonical_uri;  // already encoded path, e.g. "/bucket/a%20b"
  QueryParams query;          // raw names/values; encoded and sorted here
  HeaderList headers;         // the headers to sign (must include host and x-amz-date)
  std::string payload_hash;   // hex SHA-256 of the body, or "UNSIGNED-PAYLOAD"
};

// name=value pairs, each encoded (slash too), sorted by encoded name then value.
std::string CanonicalQueryString(const QueryParams& query);
// Lowercased names, sorted, joined with ';'.
std::string SignedHeaderNames(const HeaderList& headers);
std::string CanonicalRequest(const SigV4Request& req);
std::string StringToSign(const std::string& amz_date, const std::string& scope,
                         const std::string& canonical_request);
// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request")
std::string SigningKey(std::string_view secret, std::string_view date, std::string_view region,
                       std::string_view service);

// The Authorization header value. `amz_date` must equal the signed
// x-amz-date header.
std::string SigV4Authorization(const SigV4Request& req, std::string_view access_key, std::string_view secret,
                               std::string_view region, std::string_view service,
                               const std::string& amz_date);

}  // namespace s3lite
