#include "engine/store/s3_xml.h"

#include <cstdlib>
#include <cstring>
#include <ctime>

namespace s3lite {

std::vector<std::string_view> XmlElements(std::string_view xml, std::string_view tag) {
  std::vector<std::string_view> out;
  std::string open = "<" + std::string(tag);
  std::string close = "</" + std::string(tag) + ">";
  size_t pos = 0;
  while ((pos = xml.find(open, pos)) != std::string_view::npos) {
    size_t after = pos + open.size();
    if (after >= xml.size()) break;
    char c = xml[after];
    if (c != '>' && c != ' ' && c != '/' && c != '\t' && c != '\n' && c != '\r') {
      pos = after;  // a longer tag name with this prefix
      continue;
    }
    size_t gt = xml.find('>', after);
    if (gt == std::string_view::npos) break;
    if (xml[gt - 1] == '/') {  // <tag/>
      out.push_back(std::string_view());
      pos = gt + 1;
      continue;
    }
    size_t end = xml.find(close, gt + 1);
    if (end == std::string_view::npos) break;
    out.push_back(xml.substr(gt + 1, end - gt - 1));
    pos = end + close.size();
  }
  return out;
}

namespace {

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding ('+' is kept: S3 encodes spaces as %20).
std::string UrlDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] == '%' && i + 2 < s.size() && Hex(s[i + 1]) >= 0 && Hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(Hex(s[i + 1]) * 16 + Hex(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace

std::string XmlUnescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] != '&') {
      out.push_back(s[i]);
      continue;
    }
    size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 12) {
      out.push_back('&');
      continue;
    }
    std::string_view ent = s.substr(i + 1, semi - i - 1);
    if (ent == "amp") out.push_back('&');
    else if (ent == "lt") out.push_back('<');
    else if (ent == "gt") out.push_back('>');
    else if (ent == "quot") out.push_back('"');
    else if (ent == "apos") out.push_back('\'');
    else if (!ent.empty() && ent[0] == '#') {
      std::string num(ent.substr(1));
      char* end = nullptr;
      unsigned long cp = (!num.empty() && (num[0] == 'x' || num[0] == 'X')) ? std::strtoul(num.c_str() + 1, &end, 16)
                                                                             : std::strtoul(num.c_str(), &end, 10);
      if (end == nullptr || *end != '\0' || cp > 0x10FFFF) {
        out.append(s.substr(i, semi - i + 1));
      } else {
        AppendUtf8(static_cast<uint32_t>(cp), &out);
      }
    } else {
      out.append(s.substr(i, semi - i + 1));  // unknown entity: keep verbatim
    }
    i = semi;
  }
  return out;
}

std::string XmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (c < 0x20 && c != '\t' && c != '\n') {
          // Control characters must be character references (\r would be
          // normalised away if sent raw).
          char buf[8];
          std::snprintf(buf, sizeof buf, "&#%d;", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return out;
}

std::string XmlFirst(std::string_view xml, std::string_view tag) {
  auto v = XmlElements(xml, tag);
  return v.empty() ? std::string() : XmlUnescape(v[0]);
}

Result<S3ListPage> ParseListObjectsV2(std::string_view xml, bool url_encoded_keys) {
  if (xml.find("<ListBucketResult") == std::string_view::npos) {
    return Status::Corruption("S3 LIST: response is not a ListBucketResult document");
  }
  S3ListPage page;
  for (std::string_view c : XmlElements(xml, "Contents")) {
    S3ListEntry e;
    std::string key = XmlFirst(c, "Key");
    e.key = url_encoded_keys ? UrlDecode(key) : key;
    std::string size = XmlFirst(c, "Size");
    char* end = nullptr;
    e.size = std::strtoull(size.c_str(), &end, 10);
    if (size.empty() || *end != '\0') return Status::Corruption("S3 LIST: bad <Size> for key " + e.key);
    e.last_modified = XmlFirst(c, "LastModified");
    page.entries.push_back(std::move(e));
  }
  // IsTruncated of the result itself: the first occurrence outside <Contents>
  // (S3 puts it before the entries; keys live inside <Key>, never as tags).
  page.truncated = XmlFirst(xml, "IsTruncated") == "true";
  page.next_token = XmlFirst(xml, "NextContinuationToken");
  if (page.truncated && page.next_token.empty()) {
    return Status::Corruption("S3 LIST: truncated listing without NextContinuationToken");
  }
  return page;
}

S3Error ParseS3Error(std::string_view xml) {
  S3Error e;
  auto errs = XmlElements(xml, "Error");
  if (errs.empty()) return e;
  e.code = XmlFirst(errs[0], "Code");
  e.message = XmlFirst(errs[0], "Message");
  return e;
}

std::string BuildDeleteObjectsBody(const std::vector<std::string>& keys) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Delete><Quiet>true</Quiet>";
  for (const auto& k : keys) out += "<Object><Key>" + XmlEscape(k) + "</Key></Object>";
  out += "</Delete>";
  return out;
}

std::vector<S3DeleteError> ParseDeleteObjectsErrors(std::string_view xml) {
  std::vector<S3DeleteError> out;
  for (std::string_view e : XmlElements(xml, "Error")) {
    out.push_back(S3DeleteError{XmlFirst(e, "Key"), XmlFirst(e, "Code"), XmlFirst(e, "Message")});
  }
  return out;
}

int64_t ParseIso8601Ms(const std::string& s) {
  struct tm tm;
  std::memset(&tm, 0, sizeof tm);
  const char* rest = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (!rest) return 0;
  int64_t ms = 0;
  if (*rest == '.') {
    int digits = 0;
    for (rest++; *rest >= '0' && *rest <= '9'; rest++) {
      if (digits < 3) ms = ms * 10 + (*rest - '0');
      digits++;
    }
    for (; digits < 3; digits++) ms *= 10;
  }
  return static_cast<int64_t>(timegm(&tm)) * 1000 + ms;
}

int64_t ParseHttpDateMs(const std::string& s) {
  struct tm tm;
  std::memset(&tm, 0, sizeof tm);
  if (!strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S", &tm)) return 0;
  return static_cast<int64_t>(timegm(&tm)) * 1000;
}

}  // namespace s3lite
