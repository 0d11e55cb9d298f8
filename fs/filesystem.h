// S3liteFs: the directory a mounted database appears as, independent of FUSE.
//
//   /                 the database (dir_mode)
//   /<table>.csv      every table, CSV with a header row       (file_mode)
//   /<table>.ndjson   every table, one JSON object per line    (file_mode)
//   /.query           SQL in, CSV out, per handle              (file_mode)
//   /.query.json      ... JSON array out
//   /.query.ndjson    ... NDJSON out
//   /.schema          the CREATE statements                    (read-only)
//   /.stats           engine, store and filesystem counters    (read-only)
//
// Inode numbers: 1 is the root, 2..6 the dot files, tables get 16 + 2*n
// (.csv) and 17 + 2*n (.ndjson), n assigned on first sight of a name and
// never reused while mounted. Sizes are 0 (files are generated; read to
// EOF); mtime is the database's last commit time. The fuse_ops.cc handlers
// translate FUSE requests into these calls; every method returns 0 or an
// errno, and every refusal is logged once with its reason (LogRefusal).
//
// Thread-safety: all methods are thread-safe. `mu_` guards the inode map and
// the handle table; file handles serialise themselves; counters are atomic.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/db/database.h"
#include "fs/file_handle.h"
#include "fs/row_format.h"
#include "fs/session_results.h"

namespace s3lite {

struct FsConfig {
  bool read_only = false;
  bool allow_drop = false;
  uid_t uid = 0;
  gid_t gid = 0;
  mode_t file_mode = 0644;
  mode_t dir_mode = 0755;
  int64_t session_ttl_ms = 10 * 60 * 1000;  // last .query result per session
};

struct DirEntry {
  std::string name;
  uint64_t ino;
  mode_t type;  // S_IFDIR or S_IFREG
};

class S3liteFs {
 public:
  static constexpr uint64_t kRootIno = 1;

  S3liteFs(std::shared_ptr<Database> db, FsConfig config);

  int Lookup(uint64_t parent, std::string_view name, struct stat* st);
  int GetAttr(uint64_t ino, struct stat* st);
  int ListDir(uint64_t ino, std::vector<DirEntry>* entries);

  // `flags` as open(2) got them; `pid` of the caller (for .query sessions).
  int Open(uint64_t ino, int flags, pid_t pid, uint64_t* fh);
  int Read(uint64_t fh, uint64_t offset, size_t size, std::string* out);
  int Write(uint64_t fh, uint64_t offset, std::string_view data);
  int Flush(uint64_t fh);
  void Release(uint64_t fh);

  int Create(uint64_t parent, std::string_view name);
  int Unlink(uint64_t parent, std::string_view name);
  int Rename(uint64_t parent, std::string_view name);
  int Mkdir(uint64_t parent, std::string_view name);
  // Only timestamps may change (ignored, so `touch` works); anything else is refused.
  int SetAttr(uint64_t ino, bool size, bool mode, bool owner, struct stat* st);

  Database& db() { return *db_; }
  std::string StatsText();

 private:
  enum class Kind { kRoot, kQuery, kSchema, kStats, kTable };
  struct Node {
    Kind kind = Kind::kRoot;
    RowFormat format = RowFormat::kCsv;
    std::string table;  // kTable: canonical name
    uint64_t ino = 0;
    std::string name;   // file name, for attributes and log lines
  };

  // Resolves a name in the root; nullopt if absent.
  std::optional<Node> NodeByName(std::string_view name);
  std::optional<Node> NodeByIno(uint64_t ino);
  uint64_t TableIno(const std::string& table, RowFormat format);  // assigns on first sight
  Result<std::vector<std::string>> TableNames();
  void FillAttr(const Node& node, struct stat* st);
  int64_t LastCommitMs();
  void NoteCommit();
  struct OpenFile {
    std::shared_ptr<FileHandle> handle;
    std::string path;  // for log lines
  };
  OpenFile FindHandle(uint64_t fh);
  std::string SchemaText();

  std::shared_ptr<Database> db_;
  const FsConfig config_;
  SessionResults sessions_;

  std::mutex mu_;
  std::map<std::string, uint64_t> table_numbers_;  // lower-case name -> n; guarded by mu_
  std::map<uint64_t, std::string> table_names_;    // n -> canonical name; guarded by mu_
  std::map<uint64_t, OpenFile> handles_;  // guarded by mu_
  uint64_t next_fh_ = 1;                                     // guarded by mu_

  std::atomic<int64_t> local_commit_ms_{0};   // wall clock of our last commit
  std::atomic<int64_t> version_ms_{0};        // created time of the current version
  std::atomic<int64_t> version_checked_ms_{0};  // monotonic time of that check

  // Counters for /.stats.
  std::atomic<uint64_t> opens_{0}, reads_{0}, bytes_read_{0}, writes_{0}, bytes_written_{0},
      commits_{0}, failed_commits_{0}, refusals_{0}, queries_{0};
};

}  // namespace s3lite
