// Redaction of credentials that a user may have typed into a URL
// ("s3://KEY:SECRET@bucket", "http://user:password@host:port"), so error
// messages that repeat a store location or an endpoint never repeat them.
// s3lite never takes credentials from a URL (see aws_credentials.h); the
// parsers refuse such URLs, and their messages use this.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace s3lite {

// True when `url` has a userinfo part: "scheme://...@host...".
bool UrlHasUserInfo(std::string_view url);

// `url` with the userinfo part replaced by "***" ("s3://***@bucket/p");
// anything else unchanged.
std::string RedactUrl(std::string_view url);

}  // namespace s3lite
