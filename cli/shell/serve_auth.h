// BearerAuth: the optional token check of `s3lite serve`.
//
// The token is the first line of --token-file (surrounding whitespace
// removed; an empty token is an error). A request is allowed when its
// Authorization header is exactly "Bearer <token>". The comparison hashes
// both sides with SHA-256 and compares the digests with CRYPTO_memcmp, so
// its time depends neither on where the strings differ nor on the length of
// the presented token. The token is never logged or echoed.
//
// Thread-safety: immutable after Load; Check may run on any thread.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "engine/util/status.h"

namespace s3lite {

class BearerAuth {
 public:
  // No token: every request is allowed.
  BearerAuth() = default;
  static Result<BearerAuth> Load(const std::string& token_file);

  bool enabled() const { return enabled_; }
  // `authorization` is the raw header value ("" when absent).
  bool Check(std::string_view authorization) const;

 private:
  bool enabled_ = false;
  std::array<unsigned char, 32> digest_{};  // SHA-256 of "Bearer <token>"
};

}  // namespace s3lite
