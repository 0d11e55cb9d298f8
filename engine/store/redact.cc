#include "engine/store/redact.h"

namespace s3lite {
namespace {

// [begin, end) of the userinfo in `url` ("user:pass" before the last '@' of
// the authority), or npos when there is none.
std::pair<size_t, size_t> UserInfo(std::string_view url) {
  const size_t sep = url.find("://");
  if (sep == std::string_view::npos) return {std::string_view::npos, std::string_view::npos};
  const size_t begin = sep + 3;
  const size_t authority_end = url.find_first_of("/?#", begin);
  const std::string_view authority = url.substr(begin, authority_end == std::string_view::npos ? url.npos : authority_end - begin);
  const size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return {std::string_view::npos, std::string_view::npos};
  return {begin, begin + at};
}

}  // namespace

bool UrlHasUserInfo(std::string_view url) { return UserInfo(url).first != std::string_view::npos; }

std::string RedactUrl(std::string_view url) {
  auto [begin, end] = UserInfo(url);
  if (begin == std::string_view::npos) return std::string(url);
  return std::string(url.substr(0, begin)) + "***" + std::string(url.substr(end));
}

}  // namespace s3lite
