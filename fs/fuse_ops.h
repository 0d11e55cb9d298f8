// FuseOps: the libfuse3 low-level operation table of mount.s3lite.
//
// One small handler per FUSE operation, each translating the request into an
// S3liteFs call (filesystem.h) and the answer into a reply, in the manner of
// libfuse's example/passthrough_hp.cc. The session's userdata is the
// S3liteFs*. Generated files are opened with direct_io (no page cache, no
// size needed, every read reaches the daemon); attributes and entries are
// cached by the kernel for one second.
//
// Thread-safety: the handlers run on fuse_session_loop_mt worker threads;
// S3liteFs is thread-safe.
#pragma once

#define FUSE_USE_VERSION 312
#include <fuse_lowlevel.h>

namespace s3lite {

const fuse_lowlevel_ops& S3liteFuseOps();

// Largest write the kernel sends in one request (and, through max_pages,
// the largest read).
constexpr unsigned kFuseMaxWrite = 1u << 20;

}  // namespace s3lite
