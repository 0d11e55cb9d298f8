#include "fs/mount_runner.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#ifdef S3LITE_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "fs/database_open.h"
#include "fs/filesystem.h"
#include "fs/fs_log.h"
#include "fs/fuse_ops.h"

namespace s3lite {
namespace {

// The daemon child's way of telling the waiting parent how mounting went.
class StartupPipe {
 public:
  StartupPipe() = default;
  ~StartupPipe() { Close(); }
  StartupPipe(const StartupPipe&) = delete;
  StartupPipe& operator=(const StartupPipe&) = delete;

  bool active() const { return fd_ >= 0; }
  void Adopt(int fd) { fd_ = fd; }
  void Send(const std::string& line) {
    if (fd_ < 0) return;
    std::string msg = line + "\n";
    ssize_t n = ::write(fd_, msg.data(), msg.size());
    (void)n;
    Close();
  }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

// Owns a fuse_session from creation to destruction (unmounting if mounted).
class FuseSession {
 public:
  explicit FuseSession(fuse_session* se) : se_(se) {}
  ~FuseSession() {
    if (se_ == nullptr) return;
    if (signals_) fuse_remove_signal_handlers(se_);
    if (mounted_) fuse_session_unmount(se_);
    fuse_session_destroy(se_);
  }
  FuseSession(const FuseSession&) = delete;
  FuseSession& operator=(const FuseSession&) = delete;

  fuse_session* get() { return se_; }
  void set_mounted() { mounted_ = true; }
  void set_signals() { signals_ = true; }
  void Unmount() {
    if (mounted_) fuse_session_unmount(se_);
    mounted_ = false;
  }

 private:
  fuse_session* se_;
  bool mounted_ = false;
  bool signals_ = false;
};

// Escapes ',' and '\' for a -o option value.
std::string EscapeOptionValue(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == ',' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

bool IsMountPoint(const std::string& real_path) {
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    // id parent major:minor root mountpoint ...
    std::istringstream fields(line);
    std::string id, parent, dev, root, mountpoint;
    fields >> id >> parent >> dev >> root >> mountpoint;
    if (mountpoint == real_path) return true;
  }
  return false;
}

void Notify(const char* state) {
#ifdef S3LITE_HAVE_SYSTEMD
  sd_notify(0, state);
#else
  (void)state;
#endif
}

// Everything after the optional fork. `pipe` reports the outcome to the parent.
int Serve(const MountOptions& options, StartupPipe* pipe) {
  auto fail = [&](const std::string& message) {
    if (pipe->active()) {
      pipe->Send(message);
    } else {
      std::fprintf(stderr, "mount.s3lite: %s\n", message.c_str());
    }
    return 1;
  };

  auto db = OpenMountDatabase(options);
  // The message names the store and the cause (cli/common OpenDatabase).
  if (!db.ok()) return fail(db.status().message());

  FsConfig config;
  config.read_only = options.read_only;
  config.allow_drop = options.allow_drop;
  config.uid = options.uid.value_or(::getuid());
  config.gid = options.gid.value_or(::getgid());
  config.file_mode = options.file_mode;
  config.dir_mode = options.dir_mode;
  S3liteFs fs(*db, config);

  std::string mount_opts = "fsname=" + EscapeOptionValue(options.source) +
                           ",subtype=s3lite,default_permissions";
  if (options.allow_other) mount_opts += ",allow_other";
  if (options.allow_root) mount_opts += ",allow_root";
  std::vector<std::string> arg_strings = {"mount.s3lite", "-o", mount_opts};
  if (options.debug) arg_strings.push_back("-d");
  std::vector<char*> argv;
  for (std::string& a : arg_strings) argv.push_back(a.data());
  fuse_args args = FUSE_ARGS_INIT(static_cast<int>(argv.size()), argv.data());

  const fuse_lowlevel_ops& ops = S3liteFuseOps();
  FuseSession session(fuse_session_new(&args, &ops, sizeof(ops), &fs));
  fuse_opt_free_args(&args);
  if (session.get() == nullptr) return fail("cannot create the FUSE session (bad options?)");
  if (fuse_set_signal_handlers(session.get()) != 0) return fail("cannot install signal handlers");
  session.set_signals();
  if (fuse_session_mount(session.get(), options.mountpoint.c_str()) != 0) {
    return fail("cannot mount at " + options.mountpoint +
                " (is /dev/fuse available and fusermount3 installed?)");
  }
  session.set_mounted();

  // Mounted: tell whoever is waiting, then detach from the terminal.
  if (pipe->active()) {
    pipe->Send("ok");
    SetLogSink(LogSink::kSyslog);
    int devnull = ::open("/dev/null", O_RDWR);
    if (devnull >= 0) {
      ::dup2(devnull, 0);
      ::dup2(devnull, 1);
      ::dup2(devnull, 2);
      if (devnull > 2) ::close(devnull);
    }
  }
  Notify("READY=1");
  LogInfo("mounted " + (*db)->store().Describe() + " at " + options.mountpoint +
          (options.read_only ? " (read-only)" : ""));

  fuse_loop_config* loop = fuse_loop_cfg_create();
  fuse_loop_cfg_set_max_threads(loop, 32);
  fuse_loop_cfg_set_idle_threads(loop, 4);
  int rc = fuse_session_loop_mt(session.get(), loop);
  fuse_loop_cfg_destroy(loop);

  Notify("STOPPING=1");
  session.Unmount();
  Status closed = (*db)->Close();
  if (!closed.ok()) {
    LogError("final checkpoint failed: " + closed.ToString());
    return 1;
  }
  // The loop returns the signal number when a signal ended it.
  std::string why = rc == 0 ? "" : rc > 0 ? " (signal " + std::to_string(rc) + ")"
                                         : " (session loop error " + std::to_string(rc) + ")";
  LogInfo("unmounted " + options.mountpoint + why);
  return 0;
}

}  // namespace

Status CheckMountPoint(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return Status::NotFound("mount point " + path + ": " + std::strerror(errno));
  }
  if (!S_ISDIR(st.st_mode)) {
    return Status::InvalidArgument("mount point " + path + " is not a directory");
  }
  char real[PATH_MAX];
  if (::realpath(path.c_str(), real) != nullptr && IsMountPoint(real)) {
    return Status::Busy("mount point " + path + " is busy (something is already mounted there)");
  }
  std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir(path.c_str()), ::closedir);
  if (dir == nullptr) {
    return Status::PermissionDenied("mount point " + path + ": " + std::strerror(errno));
  }
  while (dirent* e = ::readdir(dir.get())) {
    if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) {
      return Status::InvalidArgument("mount point " + path + " is not empty");
    }
  }
  return Status::OK();
}

int RunMount(const MountOptions& given) {
  SetLogVerbose(given.debug);
  Status mp = CheckMountPoint(given.mountpoint);
  if (!mp.ok()) {
    std::fprintf(stderr, "mount.s3lite: %s\n", mp.message().c_str());
    return 1;
  }
  // The daemon changes to "/": make local paths absolute first.
  MountOptions options = given;
  char real[PATH_MAX];
  if (::realpath(given.mountpoint.c_str(), real) != nullptr) options.mountpoint = real;
  if (given.source.find("://") == std::string::npos &&
      ::realpath(given.source.c_str(), real) != nullptr) {
    options.source = real;
  }
  if (options.foreground || options.debug) {
    StartupPipe none;
    return Serve(options, &none);
  }

  int fds[2];
  if (::pipe(fds) != 0) {
    std::fprintf(stderr, "mount.s3lite: pipe: %s\n", std::strerror(errno));
    return 1;
  }
  pid_t pid = ::fork();
  if (pid < 0) {
    std::fprintf(stderr, "mount.s3lite: fork: %s\n", std::strerror(errno));
    return 1;
  }
  if (pid == 0) {
    ::close(fds[0]);
    ::setsid();
    if (::chdir("/") != 0) {
      // Not fatal: paths in the options were used before this point.
    }
    StartupPipe pipe;
    pipe.Adopt(fds[1]);
    std::_Exit(Serve(options, &pipe));
  }
  ::close(fds[1]);
  std::string message;
  char buf[512];
  ssize_t n;
  while ((n = ::read(fds[0], buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR)) {
    if (n > 0) message.append(buf, static_cast<size_t>(n));
    if (message.find('\n') != std::string::npos) break;
  }
  ::close(fds[0]);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  if (message == "ok") return 0;
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (message.empty()) message = "the daemon exited before mounting";
  std::fprintf(stderr, "mount.s3lite: %s\n", message.c_str());
  return 1;
}

}  // namespace s3lite
