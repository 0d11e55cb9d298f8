#include "engine/store/aws_credentials.h"

#include <sys/prctl.h>

#include <cstdlib>
#include <fstream>

namespace s3lite {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

}  // namespace

Result<AwsCredentials> LoadAwsCredentialsFile(const std::string& path, const std::string& profile) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("no AWS credentials file at " + path);
  AwsCredentials c;
  std::string line, section;
  bool found = false;
  while (std::getline(in, line)) {
    line = Trim(line);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      section = Trim(line.substr(1, line.size() - 2));
      if (section.rfind("profile ", 0) == 0) section = Trim(section.substr(8));
      if (section == profile) found = true;
      continue;
    }
    if (section != profile) continue;
    size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string k = Trim(line.substr(0, eq)), v = Trim(line.substr(eq + 1));
    if (k == "aws_access_key_id") c.access_key_id = v;
    else if (k == "aws_secret_access_key") c.secret_access_key = v;
    else if (k == "aws_session_token") c.session_token = v;
  }
  if (!found) return Status::NotFound("no profile '" + profile + "' in " + path);
  if (c.access_key_id.empty() || c.secret_access_key.empty()) {
    return Status::InvalidArgument("profile '" + profile + "' in " + path +
                                   " lacks aws_access_key_id or aws_secret_access_key");
  }
  c.source = "profile '" + profile + "' in " + path;
  return c;
}

void ProtectProcessSecrets() {
  if (Env("S3LITE_ALLOW_CORE_DUMPS") == "1") return;
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

Result<AwsCredentials> LoadAwsCredentials(const std::string& explicit_profile) {
  if (explicit_profile.empty()) {
    std::string id = Env("AWS_ACCESS_KEY_ID"), secret = Env("AWS_SECRET_ACCESS_KEY");
    if (!id.empty() && !secret.empty()) {
      ProtectProcessSecrets();
      return AwsCredentials{id, secret, Env("AWS_SESSION_TOKEN"), "environment"};
    }
  }
  std::string profile = explicit_profile;
  if (profile.empty()) profile = Env("AWS_PROFILE");
  if (profile.empty()) profile = "default";
  std::string path = Env("AWS_SHARED_CREDENTIALS_FILE");
  if (path.empty()) {
    std::string home = Env("HOME");
    path = (home.empty() ? std::string(".") : home) + "/.aws/credentials";
  }
  auto r = LoadAwsCredentialsFile(path, profile);
  if (r.ok()) ProtectProcessSecrets();
  if (r.ok() || !r.status().IsNotFound()) return r;
  return Status::NotFound("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add profile '" +
                          profile + "' to " + path + " (" + r.status().message() + ")");
}

}  // namespace s3lite
