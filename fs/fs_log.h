// FsLog: the daemon's one-line log messages.
//
// In the foreground they go to stderr ("mount.s3lite: ..."); once daemonized
// to syslog (ident "mount.s3lite", facility daemon). Every refused operation
// logs exactly one line saying which operation on which file failed, the
// errno it returned and why (docs/TROUBLESHOOTING.md maps errno -> cause).
//
// Thread-safety: all functions may be called from any thread.
#pragma once

#include <string>
#include <string_view>

namespace s3lite {

enum class LogSink { kStderr, kSyslog };

// Default: stderr. Switching to syslog opens it.
void SetLogSink(LogSink sink);
void SetLogVerbose(bool verbose);
bool LogVerbose();

void LogInfo(std::string_view message);
void LogError(std::string_view message);
// Logs "refused <op> <path>: <ENAME> (<strerror>): <why>" and returns
// errnum, so a handler can reply with it directly.
int LogRefusal(std::string_view op, std::string_view path, int errnum, std::string_view why);

// "EINVAL", "EROFS", ... for log lines and docs.
const char* ErrnoName(int errnum);

}  // namespace s3lite
