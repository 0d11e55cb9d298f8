// AWS credentials and where they came from, resolved the way the AWS CLI
// does for the parts s3lite supports:
//   1. AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN), unless
//      a profile was named explicitly;
//   2. the shared credentials file (AWS_SHARED_CREDENTIALS_FILE, default
//      ~/.aws/credentials), section [<profile>] where profile is the explicit
//      one, else AWS_PROFILE, else "default". Sections "[profile x]" are
//      accepted too.
// Secrets are kept only in this struct; Describe() never includes them.
// A process that loaded credentials is made non-dumpable (see
// ProtectProcessSecrets), so they never end up in a core file.
//
// Thread-safety: pure functions reading the environment and one file.
#pragma once

#include <string>

#include "engine/util/status.h"

namespace s3lite {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty unless temporary credentials
  std::string source;         // "environment" or "profile 'x' in /root/.aws/credentials"
};

// NotFound (with a message listing what was tried) when nothing is configured.
Result<AwsCredentials> LoadAwsCredentials(const std::string& explicit_profile);

// Reads one profile from an INI-style credentials file.
Result<AwsCredentials> LoadAwsCredentialsFile(const std::string& path, const std::string& profile);

// Called by LoadAwsCredentials once it returns a secret: marks the process
// non-dumpable (prctl PR_SET_DUMPABLE 0), so the kernel writes no core file
// for it -- whatever core_pattern and RLIMIT_CORE say -- and other processes
// of the same user cannot ptrace it or read its /proc/<pid>/{mem,environ}.
// Inherited by fork, reset by exec. S3LITE_ALLOW_CORE_DUMPS=1 in the
// environment skips it (for debugging a crash). Idempotent.
void ProtectProcessSecrets();

}  // namespace s3lite
