#include "engine/store/local_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>

namespace s3lite {
namespace {

constexpr size_t kMaxEscapedSegment = 250;  // NAME_MAX is 255; leave room for "%d"
const char kTempPrefix[] = ".tmp-";

std::string ErrnoText(int err) { return std::strerror(err); }

Status ErrnoStatus(const std::string& what, const std::string& path, int err) {
  std::string m = what + " " + path + ": " + ErrnoText(err);
  if (err == ENOENT) return Status::NotFound(m);
  if (err == EACCES || err == EPERM || err == EROFS) return Status::PermissionDenied(m);
  return Status::IOError(m);
}

// Closes the descriptor on scope exit.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }

 private:
  int fd_;
};

bool SafeByte(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

std::string EscapeSegment(std::string_view seg) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(seg.size());
  for (size_t i = 0; i < seg.size(); i++) {
    unsigned char c = static_cast<unsigned char>(seg[i]);
    if (SafeByte(c) && !(i == 0 && c == '.')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Inverse of EscapeSegment; false for names this store did not produce.
bool UnescapeSegment(std::string_view name, std::string* out) {
  out->clear();
  for (size_t i = 0; i < name.size(); i++) {
    if (name[i] != '%') {
      out->push_back(name[i]);
      continue;
    }
    if (i + 2 >= name.size()) return false;
    int hi = HexValue(name[i + 1]), lo = HexValue(name[i + 2]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return true;
}

// Splits "a/b/c" into {"a","b","c"}; "" segments are kept.
std::vector<std::string_view> SplitKey(std::string_view key) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (;;) {
    size_t slash = key.find('/', start);
    if (slash == std::string_view::npos) {
      parts.push_back(key.substr(start));
      return parts;
    }
    parts.push_back(key.substr(start, slash - start));
    start = slash + 1;
  }
}

Status FsyncPath(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoStatus("open directory", path, errno);
  if (::fsync(fd.get()) != 0) return ErrnoStatus("fsync directory", path, errno);
  return Status::OK();
}

// mkdir -p for `dir` below `root` (which exists); each directory created is
// fsynced into its parent so the new path survives a crash.
Status MakeDirs(const std::string& root, const std::string& rel_dir) {
  if (rel_dir.empty()) return Status::OK();
  std::string path = root;
  size_t start = 0;
  while (start <= rel_dir.size()) {
    size_t slash = rel_dir.find('/', start);
    if (slash == std::string::npos) slash = rel_dir.size();
    std::string parent = path;
    path += "/" + rel_dir.substr(start, slash - start);
    if (::mkdir(path.c_str(), 0755) == 0) {
      S3LITE_RETURN_IF_ERROR(FsyncPath(parent));
    } else if (errno != EEXIST) {
      return ErrnoStatus("mkdir", path, errno);
    }
    start = slash + 1;
  }
  return Status::OK();
}

Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("write", path, errno);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::OK();
}

std::string TempName() {
  static std::atomic<uint64_t> counter{0};
  thread_local std::mt19937_64 rng(std::random_device{}());
  char buf[96];
  std::snprintf(buf, sizeof buf, "%s%d-%llu-%016llx", kTempPrefix, static_cast<int>(::getpid()),
                static_cast<unsigned long long>(counter.fetch_add(1)),
                static_cast<unsigned long long>(rng()));
  return buf;
}

int64_t MtimeMs(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
}

}  // namespace

Result<std::string> LocalStore::KeyToRelativePath(const std::string& key) {
  if (key.empty()) return Status::InvalidArgument("empty object key");
  std::vector<std::string_view> parts = SplitKey(key);
  std::string rel;
  for (size_t i = 0; i < parts.size(); i++) {
    std::string esc = EscapeSegment(parts[i]);
    if (esc.size() > kMaxEscapedSegment) {
      return Status::InvalidArgument("object key \"" + key +
                                     "\" has a segment too long for a local store (max 250 bytes escaped)");
    }
    bool last = i + 1 == parts.size();
    if (!rel.empty()) rel += '/';
    rel += last ? (esc.empty() ? std::string("%e") : esc) : esc + "%d";
  }
  return rel;
}

Result<std::shared_ptr<LocalStore>> LocalStore::Open(const std::string& root_in) {
  if (root_in.empty()) return Status::InvalidArgument("empty local store path");
  std::string root = root_in;
  if (root[0] != '/') {
    char cwd[PATH_MAX];
    if (!::getcwd(cwd, sizeof cwd)) return ErrnoStatus("getcwd for", root, errno);
    root = std::string(cwd) + "/" + root;
  }
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  // Create missing ancestors (mkdir -p), then check it is a directory.
  for (size_t pos = 1; pos <= root.size(); pos++) {
    if (pos != root.size() && root[pos] != '/') continue;
    std::string p = root.substr(0, pos);
    if (::mkdir(p.c_str(), 0755) != 0 && errno != EEXIST) {
      return ErrnoStatus("cannot create store directory", p, errno);
    }
  }
  struct stat st;
  if (::stat(root.c_str(), &st) != 0) return ErrnoStatus("cannot open store directory", root, errno);
  if (!S_ISDIR(st.st_mode)) return Status::InvalidArgument("store path " + root + " is not a directory");
  if (::access(root.c_str(), R_OK | W_OK | X_OK) != 0) {
    return ErrnoStatus("cannot use store directory", root, errno);
  }
  auto store = std::shared_ptr<LocalStore>(new LocalStore(root));
  auto cleaned = store->CleanTempFiles(3600);
  (void)cleaned;  // best effort; a failure here surfaces on real operations
  return store;
}

Result<int> LocalStore::OpenObject(const std::string& key, std::string* path, uint64_t* size) const {
  S3LITE_ASSIGN_OR_RETURN(std::string rel, KeyToRelativePath(key));
  *path = root_ + "/" + rel;
  int fd = ::open(path->c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return Status::NotFound("object " + key + " not found in " + Describe());
    return ErrnoStatus("open", *path, errno);
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return ErrnoStatus("stat", *path, err);
  }
  *size = static_cast<uint64_t>(st.st_size);
  return fd;
}

namespace {

// Reads bytes [offset, offset + n) of `fd` (fewer at the end of the file).
Result<std::string> ReadAt(int fd, uint64_t offset, uint64_t n, const std::string& path) {
  std::string out(static_cast<size_t>(n), '\0');
  size_t done = 0;
  while (done < out.size()) {
    ssize_t got = ::pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
    if (got < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("read", path, errno);
    }
    if (got == 0) break;  // objects are immutable; a shorter file would be a bug elsewhere
    done += static_cast<size_t>(got);
  }
  out.resize(done);
  return out;
}

// A read-only private mapping of a whole object file. Objects are never
// written in place (Put renames a new file over the old name, Delete
// unlinks), so the mapped bytes cannot change or vanish under a reader.
class MappedBytes final : public ObjectBytes {
 public:
  MappedBytes(void* addr, size_t len) : addr_(addr), len_(len) {
    data_ = std::string_view(static_cast<const char*>(addr), len);
  }
  ~MappedBytes() override { ::munmap(addr_, len_); }

 private:
  void* addr_;
  size_t len_;
};

// Below this size a read into a string is cheaper than mmap + munmap. Above
// it the mapping wins: no zero-filled heap pages to fault in and no copy
// (a 1 MiB chunk: ~0.7 ms of CPU read, ~0.05 ms mapped; docs/PERFORMANCE.md).
constexpr uint64_t kMapMinBytes = 64 << 10;

}  // namespace

Result<std::string> LocalStore::DoGet(const std::string& key) {
  std::string path;
  uint64_t size = 0;
  S3LITE_ASSIGN_OR_RETURN(int raw_fd, OpenObject(key, &path, &size));
  Fd fd(raw_fd);
  return ReadAt(fd.get(), 0, size, path);
}

Result<std::shared_ptr<const ObjectBytes>> LocalStore::DoGetShared(const std::string& key) {
  std::string path;
  uint64_t size = 0;
  S3LITE_ASSIGN_OR_RETURN(int raw_fd, OpenObject(key, &path, &size));
  Fd fd(raw_fd);
  if (size >= kMapMinBytes) {
    void* addr = ::mmap(nullptr, static_cast<size_t>(size), PROT_READ, MAP_PRIVATE, fd.get(), 0);
    if (addr != MAP_FAILED) return std::shared_ptr<const ObjectBytes>(new MappedBytes(addr, static_cast<size_t>(size)));
    // Not mappable (a file system without mmap): read it instead.
  }
  S3LITE_ASSIGN_OR_RETURN(std::string bytes, ReadAt(fd.get(), 0, size, path));
  return ObjectBytes::FromString(std::move(bytes));
}

Result<std::string> LocalStore::DoGetRange(const std::string& key, uint64_t offset, uint64_t length) {
  std::string path;
  uint64_t size = 0;
  S3LITE_ASSIGN_OR_RETURN(int raw_fd, OpenObject(key, &path, &size));
  Fd fd(raw_fd);
  if (offset >= size) return std::string();
  return ReadAt(fd.get(), offset, std::min<uint64_t>(length, size - offset), path);
}

Status LocalStore::WriteObject(const std::string& key, std::string_view data, bool if_absent) {
  S3LITE_ASSIGN_OR_RETURN(std::string rel, KeyToRelativePath(key));
  size_t slash = rel.rfind('/');
  std::string rel_dir = slash == std::string::npos ? "" : rel.substr(0, slash);
  std::string dir = rel_dir.empty() ? root_ : root_ + "/" + rel_dir;
  std::string path = root_ + "/" + rel;
  S3LITE_RETURN_IF_ERROR(MakeDirs(root_, rel_dir));

  std::string tmp = dir + "/" + TempName();
  {
    Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (!fd.valid()) return ErrnoStatus("create temp file", tmp, errno);
    Status st = WriteAll(fd.get(), data, tmp);
    if (st.ok() && ::fsync(fd.get()) != 0) st = ErrnoStatus("fsync", tmp, errno);
    if (!st.ok()) {
      ::unlink(tmp.c_str());
      return st;
    }
  }
  if (if_absent) {
    int rc = ::link(tmp.c_str(), path.c_str());
    int err = errno;
    ::unlink(tmp.c_str());
    if (rc != 0) {
      if (err == EEXIST) return Status::AlreadyExists("object " + key + " already exists in " + Describe());
      return ErrnoStatus("link", path, err);
    }
  } else if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return ErrnoStatus("rename", path, err);
  }
  return FsyncPath(dir);
}

Status LocalStore::DoPut(const std::string& key, std::string_view data) { return WriteObject(key, data, false); }

Status LocalStore::DoPutIfAbsent(const std::string& key, std::string_view data) {
  return WriteObject(key, data, true);
}

Status LocalStore::DoDelete(const std::string& key) {
  S3LITE_ASSIGN_OR_RETURN(std::string rel, KeyToRelativePath(key));
  std::string path = root_ + "/" + rel;
  if (::unlink(path.c_str()) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return Status::OK();
    return ErrnoStatus("delete", path, errno);
  }
  // Directories are left in place: removing them would race with writers
  // creating objects in them, and they cost nothing.
  size_t slash = path.rfind('/');
  return FsyncPath(path.substr(0, slash));
}

Result<ObjectInfo> LocalStore::DoHead(const std::string& key) {
  S3LITE_ASSIGN_OR_RETURN(std::string rel, KeyToRelativePath(key));
  std::string path = root_ + "/" + rel;
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return Status::NotFound("object " + key + " not found in " + Describe());
    return ErrnoStatus("stat", path, errno);
  }
  ObjectInfo info;
  info.key = key;
  info.size = static_cast<uint64_t>(st.st_size);
  info.mtime_unix_ms = MtimeMs(st);
  return info;
}

namespace {

// Walks `dir` (whose decoded key prefix is `key_prefix`, "" or ending in
// '/'), collecting objects whose key starts with `want`. Directories whose
// keys cannot match are not entered. With `temp_cutoff_s` >= 0, temp files
// with an mtime older than that are removed and counted in `*cleaned`.
Status Walk(const std::string& dir, const std::string& key_prefix, const std::string& want,
            std::vector<ObjectInfo>* out, int64_t temp_cutoff_s, int* cleaned) {
  DIR* d = ::opendir(dir.c_str());
  if (!d) {
    if (errno == ENOENT) return Status::OK();  // raced with nothing; empty
    return ErrnoStatus("list directory", dir, errno);
  }
  std::unique_ptr<DIR, int (*)(DIR*)> closer(d, ::closedir);
  std::string seg;
  while (struct dirent* e = ::readdir(d)) {
    std::string_view name = e->d_name;
    if (name == "." || name == "..") continue;
    std::string path = dir + "/" + std::string(name);
    if (name.substr(0, sizeof kTempPrefix - 1) == kTempPrefix) {
      if (temp_cutoff_s >= 0) {
        struct stat st;
        if (::lstat(path.c_str(), &st) == 0 && st.st_mtim.tv_sec < temp_cutoff_s &&
            ::unlink(path.c_str()) == 0) {
          (*cleaned)++;
        }
      }
      continue;
    }
    bool is_dir = name.size() >= 2 && name.substr(name.size() - 2) == "%d";
    if (is_dir) {
      if (!UnescapeSegment(name.substr(0, name.size() - 2), &seg)) continue;
      std::string sub = key_prefix + seg + "/";
      size_t n = std::min(sub.size(), want.size());
      if (sub.compare(0, n, want, 0, n) != 0) continue;  // no key below can match
      S3LITE_RETURN_IF_ERROR(Walk(path, sub, want, out, temp_cutoff_s, cleaned));
      continue;
    }
    if (temp_cutoff_s >= 0) continue;  // cleaning pass only
    if (name == "%e") {
      seg.clear();
    } else if (!UnescapeSegment(name, &seg)) {
      continue;  // not ours
    }
    std::string key = key_prefix + seg;
    if (key.compare(0, want.size(), want) != 0) continue;
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
      if (errno == ENOENT) continue;  // deleted concurrently
      return ErrnoStatus("stat", path, errno);
    }
    if (!S_ISREG(st.st_mode)) continue;
    out->push_back(ObjectInfo{std::move(key), static_cast<uint64_t>(st.st_size), MtimeMs(st)});
  }
  return Status::OK();
}

}  // namespace

Result<std::vector<ObjectInfo>> LocalStore::DoList(const std::string& prefix) {
  std::vector<ObjectInfo> out;
  int unused = 0;
  S3LITE_RETURN_IF_ERROR(Walk(root_, "", prefix, &out, -1, &unused));
  std::sort(out.begin(), out.end(), [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
  return out;
}

Result<int> LocalStore::CleanTempFiles(int64_t min_age_seconds) {
  std::vector<ObjectInfo> unused;
  int cleaned = 0;
  int64_t cutoff = static_cast<int64_t>(std::time(nullptr)) - min_age_seconds;
  S3LITE_RETURN_IF_ERROR(Walk(root_, "", "", &unused, std::max<int64_t>(cutoff, 0), &cleaned));
  return cleaned;
}

}  // namespace s3lite
