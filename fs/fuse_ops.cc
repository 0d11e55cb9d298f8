#include "fs/fuse_ops.h"

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "fs/filesystem.h"
#include "fs/fs_log.h"

namespace s3lite {
namespace {

constexpr double kAttrTimeout = 1.0;

S3liteFs& Fs(fuse_req_t req) { return *static_cast<S3liteFs*>(fuse_req_userdata(req)); }

void ReplyEntry(fuse_req_t req, const struct stat& st) {
  fuse_entry_param e;
  std::memset(&e, 0, sizeof(e));
  e.ino = st.st_ino;
  e.attr = st;
  e.attr_timeout = kAttrTimeout;
  e.entry_timeout = kAttrTimeout;
  fuse_reply_entry(req, &e);
}

void OpInit(void*, fuse_conn_info* conn) {
  // O_TRUNC arrives with open() instead of as a separate truncate, so
  // `> table.csv` is one replace.
  if (conn->capable & FUSE_CAP_ATOMIC_O_TRUNC) conn->want |= FUSE_CAP_ATOMIC_O_TRUNC;
  conn->want &= ~FUSE_CAP_WRITEBACK_CACHE;
  conn->max_write = kFuseMaxWrite;
}

void OpLookup(fuse_req_t req, fuse_ino_t parent, const char* name) {
  struct stat st;
  int err = Fs(req).Lookup(parent, name, &st);
  if (err != 0) {
    fuse_reply_err(req, err);
    return;
  }
  ReplyEntry(req, st);
}

// Inode numbers are permanent for the life of the mount: nothing to forget.
void OpForget(fuse_req_t req, fuse_ino_t, uint64_t) { fuse_reply_none(req); }

void OpGetattr(fuse_req_t req, fuse_ino_t ino, fuse_file_info*) {
  struct stat st;
  int err = Fs(req).GetAttr(ino, &st);
  if (err != 0) {
    fuse_reply_err(req, err);
    return;
  }
  fuse_reply_attr(req, &st, kAttrTimeout);
}

void OpSetattr(fuse_req_t req, fuse_ino_t ino, struct stat*, int to_set, fuse_file_info*) {
  struct stat st;
  int err = Fs(req).SetAttr(ino, to_set & FUSE_SET_ATTR_SIZE, to_set & FUSE_SET_ATTR_MODE,
                            to_set & (FUSE_SET_ATTR_UID | FUSE_SET_ATTR_GID), &st);
  if (err != 0) {
    fuse_reply_err(req, err);
    return;
  }
  fuse_reply_attr(req, &st, kAttrTimeout);
}

// The directory listing is taken at opendir and served by index from it,
// so a listing is consistent even if tables change while it is read.
void OpOpendir(fuse_req_t req, fuse_ino_t ino, fuse_file_info* fi) {
  auto entries = std::make_unique<std::vector<DirEntry>>();
  int err = Fs(req).ListDir(ino, entries.get());
  if (err != 0) {
    fuse_reply_err(req, err);
    return;
  }
  // Ownership passes to fi->fh until OpReleasedir.
  fi->fh = reinterpret_cast<uint64_t>(entries.release());
  if (fuse_reply_open(req, fi) != 0) {
    std::unique_ptr<std::vector<DirEntry>>(reinterpret_cast<std::vector<DirEntry>*>(fi->fh));
  }
}

void OpReaddir(fuse_req_t req, fuse_ino_t, size_t size, off_t off, fuse_file_info* fi) {
  const auto& entries = *reinterpret_cast<std::vector<DirEntry>*>(fi->fh);
  std::string buf(size, '\0');
  size_t used = 0;
  for (size_t i = static_cast<size_t>(off); i < entries.size(); ++i) {
    struct stat st;
    std::memset(&st, 0, sizeof(st));
    st.st_ino = entries[i].ino;
    st.st_mode = entries[i].type;
    size_t n = fuse_add_direntry(req, buf.data() + used, size - used, entries[i].name.c_str(),
                                 &st, static_cast<off_t>(i + 1));
    if (n > size - used) break;
    used += n;
  }
  fuse_reply_buf(req, buf.data(), used);
}

void OpReleasedir(fuse_req_t req, fuse_ino_t, fuse_file_info* fi) {
  std::unique_ptr<std::vector<DirEntry>>(reinterpret_cast<std::vector<DirEntry>*>(fi->fh));
  fuse_reply_err(req, 0);
}

void OpOpen(fuse_req_t req, fuse_ino_t ino, fuse_file_info* fi) {
  uint64_t fh = 0;
  int err = Fs(req).Open(ino, fi->flags, fuse_req_ctx(req)->pid, &fh);
  if (err != 0) {
    fuse_reply_err(req, err);
    return;
  }
  fi->fh = fh;
  fi->direct_io = 1;  // generated content: no page cache, no size
  fi->keep_cache = 0;
  if (fuse_reply_open(req, fi) != 0) Fs(req).Release(fh);  // the opener was interrupted
}

void OpRead(fuse_req_t req, fuse_ino_t, size_t size, off_t off, fuse_file_info* fi) {
  thread_local std::string out;
  int err = Fs(req).Read(fi->fh, static_cast<uint64_t>(off), size, &out);
  if (err != 0) {
    fuse_reply_err(req, err);
    return;
  }
  fuse_reply_buf(req, out.data(), out.size());
}

void OpWrite(fuse_req_t req, fuse_ino_t, const char* buf, size_t size, off_t off,
             fuse_file_info* fi) {
  int err = Fs(req).Write(fi->fh, static_cast<uint64_t>(off), std::string_view(buf, size));
  if (err != 0) {
    fuse_reply_err(req, err);
    return;
  }
  fuse_reply_write(req, size);
}

void OpFlush(fuse_req_t req, fuse_ino_t, fuse_file_info* fi) {
  fuse_reply_err(req, Fs(req).Flush(fi->fh));
}

// fsync commits what the handle has written so far, like close does.
void OpFsync(fuse_req_t req, fuse_ino_t, int, fuse_file_info* fi) {
  fuse_reply_err(req, Fs(req).Flush(fi->fh));
}

void OpRelease(fuse_req_t req, fuse_ino_t, fuse_file_info* fi) {
  Fs(req).Release(fi->fh);
  fuse_reply_err(req, 0);
}

void OpCreate(fuse_req_t req, fuse_ino_t parent, const char* name, mode_t, fuse_file_info*) {
  fuse_reply_err(req, Fs(req).Create(parent, name));
}

void OpMknod(fuse_req_t req, fuse_ino_t parent, const char* name, mode_t, dev_t) {
  fuse_reply_err(req, Fs(req).Create(parent, name));
}

void OpMkdir(fuse_req_t req, fuse_ino_t parent, const char* name, mode_t) {
  fuse_reply_err(req, Fs(req).Mkdir(parent, name));
}

void OpUnlink(fuse_req_t req, fuse_ino_t parent, const char* name) {
  fuse_reply_err(req, Fs(req).Unlink(parent, name));
}

void OpRmdir(fuse_req_t req, fuse_ino_t parent, const char* name) {
  fuse_reply_err(req, Fs(req).Mkdir(parent, name));
}

void OpRename(fuse_req_t req, fuse_ino_t parent, const char* name, fuse_ino_t, const char*,
              unsigned int) {
  fuse_reply_err(req, Fs(req).Rename(parent, name));
}

void OpLink(fuse_req_t req, fuse_ino_t, fuse_ino_t parent, const char* name) {
  fuse_reply_err(req, Fs(req).Create(parent, name));
}

void OpSymlink(fuse_req_t req, const char*, fuse_ino_t parent, const char* name) {
  fuse_reply_err(req, Fs(req).Create(parent, name));
}

void OpStatfs(fuse_req_t req, fuse_ino_t) {
  struct statvfs st;
  std::memset(&st, 0, sizeof(st));
  st.f_bsize = 4096;
  st.f_frsize = 4096;
  st.f_namemax = 255;
  fuse_reply_statfs(req, &st);
}

fuse_lowlevel_ops MakeOps() {
  fuse_lowlevel_ops ops;
  std::memset(&ops, 0, sizeof(ops));
  ops.init = OpInit;
  ops.lookup = OpLookup;
  ops.forget = OpForget;
  ops.getattr = OpGetattr;
  ops.setattr = OpSetattr;
  ops.opendir = OpOpendir;
  ops.readdir = OpReaddir;
  ops.releasedir = OpReleasedir;
  ops.open = OpOpen;
  ops.read = OpRead;
  ops.write = OpWrite;
  ops.flush = OpFlush;
  ops.fsync = OpFsync;
  ops.release = OpRelease;
  ops.create = OpCreate;
  ops.mknod = OpMknod;
  ops.mkdir = OpMkdir;
  ops.unlink = OpUnlink;
  ops.rmdir = OpRmdir;
  ops.rename = OpRename;
  ops.link = OpLink;
  ops.symlink = OpSymlink;
  ops.statfs = OpStatfs;
  return ops;
}

}  // namespace

const fuse_lowlevel_ops& S3liteFuseOps() {
  static const fuse_lowlevel_ops ops = MakeOps();
  return ops;
}

}  // namespace s3lite
