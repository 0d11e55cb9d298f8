// The few S3 XML documents s3lite reads and writes, with a small scanner
// instead of a general XML library.
//
// S3 responses are flat, namespace-default XML without CDATA or nested
// elements of the same name, so finding <Tag>...</Tag> pairs in order and
// decoding the five predefined entities plus numeric references is exact for
// them. Unknown elements are ignored; malformed input yields Corruption.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/util/status.h"

namespace s3lite {

// Inner text of every <tag>...</tag> (or <tag/>, as "") in `xml`, in order,
// raw (entities not decoded).
std::vector<std::string_view> XmlElements(std::string_view xml, std::string_view tag);
// Decoded text of the first <tag> element, or "" when absent.
std::string XmlFirst(std::string_view xml, std::string_view tag);
// &amp; &lt; &gt; &quot; &apos; &#N; &#xN; -> characters (UTF-8).
std::string XmlUnescape(std::string_view s);
std::string XmlEscape(std::string_view s);

struct S3ListEntry {
  std::string key;
  uint64_t size = 0;
  std::string last_modified;  // ISO 8601 as sent
};

struct S3ListPage {
  std::vector<S3ListEntry> entries;
  bool truncated = false;
  std::string next_token;
};

// ListObjectsV2 result. With `url_encoded_keys` (encoding-type=url was sent)
// keys are percent-decoded.
Result<S3ListPage> ParseListObjectsV2(std::string_view xml, bool url_encoded_keys);

struct S3Error {
  std::string code;     // "NoSuchKey", "SignatureDoesNotMatch", ...
  std::string message;
};
// <Error><Code>..</Code><Message>..</Message></Error>; empty fields when the
// body is not an S3 error document (e.g. HEAD responses have no body).
S3Error ParseS3Error(std::string_view xml);

// DeleteObjects request body (Quiet mode) and the per-key errors of its result.
std::string BuildDeleteObjectsBody(const std::vector<std::string>& keys);
struct S3DeleteError {
  std::string key, code, message;
};
std::vector<S3DeleteError> ParseDeleteObjectsErrors(std::string_view xml);

// "2024-01-02T03:04:05.678Z" -> Unix milliseconds; 0 if unparseable.
int64_t ParseIso8601Ms(const std::string& s);
// RFC 7231 date ("Tue, 02 Jan 2024 03:04:05 GMT") -> Unix milliseconds; 0 if unparseable.
int64_t ParseHttpDateMs(const std::string& s);

}  // namespace s3lite
