#include "fs/session_id.h"

#include <charconv>
#include <fstream>
#include <sstream>
#include <string>

namespace s3lite {

Result<pid_t> ParseSessionFromStat(std::string_view stat) {
  size_t paren = stat.rfind(')');
  if (paren == std::string_view::npos) return Status::Corruption("no ')' in /proc stat text");
  // After "pid (comm)": state ppid pgrp session ...
  std::string_view rest = stat.substr(paren + 1);
  int field = 0;
  size_t pos = 0;
  while (pos < rest.size()) {
    while (pos < rest.size() && rest[pos] == ' ') ++pos;
    size_t end = rest.find(' ', pos);
    if (end == std::string_view::npos) end = rest.size();
    if (pos == end) break;
    if (++field == 4) {
      long sid = 0;
      auto [p, ec] = std::from_chars(rest.data() + pos, rest.data() + end, sid);
      if (ec != std::errc() || p != rest.data() + end) break;
      return static_cast<pid_t>(sid);
    }
    pos = end;
  }
  return Status::Corruption("no session field in /proc stat text");
}

Result<pid_t> SessionOf(pid_t pid) {
  std::string path = "/proc/" + std::to_string(pid) + "/stat";
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  auto sid = ParseSessionFromStat(text.str());
  if (!sid.ok()) return sid.status().WithContext(path);
  return sid;
}

}  // namespace s3lite
