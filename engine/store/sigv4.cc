#include "engine/store/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>

namespace s3lite {

std::string HexEncodeLower(std::string_view bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), md);
  return HexEncodeLower(std::string_view(reinterpret_cast<const char*>(md), sizeof md));
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), md, &len);
  return std::string(reinterpret_cast<const char*>(md), len);
}

std::string Md5Base64(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_md5(), nullptr);
  unsigned char b64[64];
  int n = EVP_EncodeBlock(b64, md, static_cast<int>(len));
  return std::string(reinterpret_cast<const char*>(b64), static_cast<size_t>(n));
}

std::string UriEncode(std::string_view s, bool encode_slash) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '_' || c == '.' || c == '~';
    if (unreserved || (c == '/' && !encode_slash)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string AmzDate(std::time_t t) {
  struct tm tm;
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::string CanonicalQueryString(const QueryParams& query) {
  std::vector<std::pair<std::string, std::string>> enc;
  enc.reserve(query.size());
  for (const auto& [k, v] : query) enc.emplace_back(UriEncode(k, true), UriEncode(v, true));
  std::sort(enc.begin(), enc.end());
  std::string out;
  for (const auto& [k, v] : enc) {
    if (!out.empty()) out += '&';
    out += k;
    out += '=';
    out += v;
  }
  return out;
}

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Trims and collapses runs of spaces, as the canonical header form requires.
std::string CanonicalHeaderValue(std::string_view v) {
  std::string out;
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> SortedHeaders(const HeaderList& headers) {
  std::vector<std::pair<std::string, std::string>> h;
  h.reserve(headers.size());
  for (const auto& [k, v] : headers) h.emplace_back(Lower(k), CanonicalHeaderValue(v));
  std::stable_sort(h.begin(), h.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  // Repeated names are joined with ',' as the spec says.
  std::vector<std::pair<std::string, std::string>> merged;
  for (auto& kv : h) {
    if (!merged.empty() && merged.back().first == kv.first) {
      merged.back().second += "," + kv.second;
    } else {
      merged.push_back(std::move(kv));
    }
  }
  return merged;
}

}  // namespace

std::string SignedHeaderNames(const HeaderList& headers) {
  std::string out;
  for (const auto& kv : SortedHeaders(headers)) {
    if (!out.empty()) out += ';';
    out += kv.first;
  }
  return out;
}

std::string CanonicalRequest(const SigV4Request& req) {
  std::string out = req.method + "\n" + req.canonical_uri + "\n" + CanonicalQueryString(req.query) + "\n";
  for (const auto& [k, v] : SortedHeaders(req.headers)) out += k + ":" + v + "\n";
  out += "\n" + SignedHeaderNames(req.headers) + "\n" + req.payload_hash;
  return out;
}

std::string StringToSign(const std::string& amz_date, const std::string& scope,
                         const std::string& canonical_request) {
  return "AWS4-HMAC-SHA256\n" + amz_date + "\n" + scope + "\n" + Sha256Hex(canonical_request);
}

std::string SigningKey(std::string_view secret, std::string_view date, std::string_view region,
                       std::string_view service) {
  std::string k = HmacSha256("AWS4" + std::string(secret), date);
  k = HmacSha256(k, region);
  k = HmacSha256(k, service);
  return HmacSha256(k, "aws4_request");
}

std::string SigV4Authorization(const SigV4Request& req, std::string_view access_key, std::string_view secret,
                               std::string_view region, std::string_view service,
                               const std::string& amz_date) {
  std::string date = amz_date.substr(0, 8);
  std::string scope = date + "/" + std::string(region) + "/" + std::string(service) + "/aws4_request";
  std::string sts = StringToSign(amz_date, scope, CanonicalRequest(req));
  std::string sig = HexEncodeLower(HmacSha256(SigningKey(secret, date, region, service), sts));
  return "AWS4-HMAC-SHA256 Credential=" + std::string(access_key) + "/" + scope +
         ", SignedHeaders=" + SignedHeaderNames(req.headers) + ", Signature=" + sig;
}

}  // namespace s3lite
