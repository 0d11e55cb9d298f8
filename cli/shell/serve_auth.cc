#include "cli/shell/serve_auth.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <fstream>
#include <sstream>

namespace s3lite {
namespace {

std::array<unsigned char, 32> Sha256(std::string_view s) {
  std::array<unsigned char, 32> d{};
  SHA256(reinterpret_cast<const unsigned char*>(s.data()), s.size(), d.data());
  return d;
}

}  // namespace

Result<BearerAuth> BearerAuth::Load(const std::string& token_file) {
  std::ifstream in(token_file);
  if (!in) return Status::IOError("cannot read --token-file " + token_file);
  std::string token;
  std::getline(in, token);
  const char* ws = " \t\r\n";
  size_t b = token.find_first_not_of(ws);
  size_t e = token.find_last_not_of(ws);
  token = b == std::string::npos ? "" : token.substr(b, e - b + 1);
  if (token.empty()) return Status::InvalidArgument("--token-file " + token_file + " holds no token");
  BearerAuth auth;
  auth.enabled_ = true;
  auth.digest_ = Sha256("Bearer " + token);
  return auth;
}

bool BearerAuth::Check(std::string_view authorization) const {
  if (!enabled_) return true;
  std::array<unsigned char, 32> got = Sha256(authorization);
  return CRYPTO_memcmp(got.data(), digest_.data(), got.size()) == 0;
}

}  // namespace s3lite
