#include "fs/fs_log.h"

#include <syslog.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>

namespace s3lite {
namespace {

std::atomic<LogSink> g_sink{LogSink::kStderr};
std::atomic<bool> g_verbose{false};
std::mutex g_stderr_mu;

void Emit(int priority, std::string_view message) {
  if (g_sink.load() == LogSink::kSyslog) {
    syslog(priority, "%.*s", static_cast<int>(message.size()), message.data());
    return;
  }
  std::lock_guard<std::mutex> lock(g_stderr_mu);
  std::fprintf(stderr, "mount.s3lite: %.*s\n", static_cast<int>(message.size()), message.data());
}

}  // namespace

void SetLogSink(LogSink sink) {
  if (sink == LogSink::kSyslog) openlog("mount.s3lite", LOG_PID, LOG_DAEMON);
  g_sink.store(sink);
}

void SetLogVerbose(bool verbose) { g_verbose.store(verbose); }
bool LogVerbose() { return g_verbose.load(); }

void LogInfo(std::string_view message) { Emit(LOG_INFO, message); }
void LogError(std::string_view message) { Emit(LOG_ERR, message); }

int LogRefusal(std::string_view op, std::string_view path, int errnum, std::string_view why) {
  std::string line = "refused " + std::string(op) + " " + std::string(path) + ": " +
                     ErrnoName(errnum) + " (" + std::strerror(errnum) + "): " + std::string(why);
  Emit(LOG_WARNING, line);
  return errnum;
}

const char* ErrnoName(int errnum) {
  switch (errnum) {
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case EIO: return "EIO";
    case EBADF: return "EBADF";
    case EACCES: return "EACCES";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case EFBIG: return "EFBIG";
    case ENOSPC: return "ENOSPC";
    case ESPIPE: return "ESPIPE";
    case EROFS: return "EROFS";
    case ENOSYS: return "ENOSYS";
    case ENOTEMPTY: return "ENOTEMPTY";
    case ENOTSUP: return "ENOTSUP";
    case EINTR: return "EINTR";
    case ETIMEDOUT: return "ETIMEDOUT";
    case ENOMEM: return "ENOMEM";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    default: return "E?";
  }
}

}  // namespace s3lite
