#include "fs/filesystem.h"

#include <fcntl.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "fs/errno_map.h"
#include "fs/fs_log.h"
#include "fs/query_handle.h"
#include "fs/session_id.h"
#include "cli/common/value_render.h"
#include "sql/connection.h"

namespace s3lite {
namespace {

constexpr uint64_t kFirstTableIno = 16;

struct DotFile {
  const char* name;
  uint64_t ino;
};
// Inodes 2..6 (the order of ListDir).
constexpr DotFile kDotFiles[] = {
    {".query", 2}, {".query.json", 3}, {".query.ndjson", 4}, {".schema", 5}, {".stats", 6}};

int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// A table whose name can be a file name.
bool IsListableTable(const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos) return false;
  if (name.find('\0') != std::string::npos) return false;
  return Lower(name).rfind("sqlite_", 0) != 0;
}

}  // namespace

S3liteFs::S3liteFs(std::shared_ptr<Database> db, FsConfig config)
    : db_(std::move(db)), config_(config), sessions_(config.session_ttl_ms) {
  local_commit_ms_ = WallMs();  // until something commits: the mount time
}

Result<std::vector<std::string>> S3liteFs::TableNames() {
  S3LITE_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> txn, db_->Begin(TxnMode::kRead));
  std::vector<std::string> names;
  for (const SchemaEntry& e : txn->catalog().entries()) {
    if (e.kind == SchemaKind::kTable && IsListableTable(e.name)) names.push_back(e.name);
  }
  txn->Rollback();
  return names;
}

uint64_t S3liteFs::TableIno(const std::string& table, RowFormat format) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string key = Lower(table);
  auto it = table_numbers_.find(key);
  uint64_t n;
  if (it == table_numbers_.end()) {
    n = table_numbers_.size();
    table_numbers_[key] = n;
  } else {
    n = it->second;
  }
  table_names_[n] = table;  // the current spelling
  return kFirstTableIno + 2 * n + (format == RowFormat::kNdjson ? 1 : 0);
}

std::optional<S3liteFs::Node> S3liteFs::NodeByName(std::string_view name) {
  for (const DotFile& d : kDotFiles) {
    if (name == d.name) return NodeByIno(d.ino);
  }
  RowFormat format;
  std::string_view table;
  if (EndsWith(name, ".csv")) {
    format = RowFormat::kCsv;
    table = name.substr(0, name.size() - 4);
  } else if (EndsWith(name, ".ndjson")) {
    format = RowFormat::kNdjson;
    table = name.substr(0, name.size() - 7);
  } else {
    return std::nullopt;
  }
  auto names = TableNames();
  if (!names.ok()) {
    LogError("listing tables: " + names.status().ToString());
    return std::nullopt;
  }
  for (const std::string& t : *names) {
    if (t == table) {
      Node node;
      node.kind = Kind::kTable;
      node.format = format;
      node.table = t;
      node.name = std::string(name);
      node.ino = TableIno(t, format);
      return node;
    }
  }
  return std::nullopt;
}

std::optional<S3liteFs::Node> S3liteFs::NodeByIno(uint64_t ino) {
  Node node;
  node.ino = ino;
  switch (ino) {
    case kRootIno:
      node.kind = Kind::kRoot;
      node.name = "/";
      return node;
    case 2:
    case 3:
    case 4:
      node.kind = Kind::kQuery;
      node.format = ino == 2 ? RowFormat::kCsv : ino == 3 ? RowFormat::kJson : RowFormat::kNdjson;
      node.name = kDotFiles[ino - 2].name;
      return node;
    case 5:
      node.kind = Kind::kSchema;
      node.name = ".schema";
      return node;
    case 6:
      node.kind = Kind::kStats;
      node.name = ".stats";
      return node;
    default:
      break;
  }
  if (ino < kFirstTableIno) return std::nullopt;
  std::string table;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = table_names_.find((ino - kFirstTableIno) / 2);
    if (it == table_names_.end()) return std::nullopt;
    table = it->second;
  }
  // Still a table? (It may have been dropped or renamed since.)
  auto names = TableNames();
  if (!names.ok()) return std::nullopt;
  for (const std::string& t : *names) {
    if (NameEquals(t, table)) {
      node.kind = Kind::kTable;
      node.format = (ino - kFirstTableIno) % 2 == 0 ? RowFormat::kCsv : RowFormat::kNdjson;
      node.table = t;
      node.name = t + "." + RowFormatExtension(node.format);
      return node;
    }
  }
  return std::nullopt;
}

int64_t S3liteFs::LastCommitMs() {
  int64_t now = MonotonicMs();
  if (now - version_checked_ms_.load() > 1000) {
    version_checked_ms_ = now;
    auto version = db_->CurrentVersion();
    if (version.ok()) version_ms_ = version->created_unix_ms;
  }
  return std::max(local_commit_ms_.load(), version_ms_.load());
}

void S3liteFs::NoteCommit() { local_commit_ms_ = WallMs(); }

void S3liteFs::FillAttr(const Node& node, struct stat* st) {
  std::memset(st, 0, sizeof(*st));
  st->st_ino = node.ino;
  st->st_uid = config_.uid;
  st->st_gid = config_.gid;
  st->st_blksize = 128 << 10;
  int64_t ms = LastCommitMs();
  st->st_mtim.tv_sec = ms / 1000;
  st->st_mtim.tv_nsec = (ms % 1000) * 1000000;
  st->st_ctim = st->st_mtim;
  st->st_atim = st->st_mtim;
  mode_t no_write = config_.read_only ? ~static_cast<mode_t>(0222) : ~static_cast<mode_t>(0);
  switch (node.kind) {
    case Kind::kRoot:
      st->st_mode = S_IFDIR | (config_.dir_mode & no_write);
      st->st_nlink = 2;
      return;
    case Kind::kSchema:
    case Kind::kStats:
      st->st_mode = S_IFREG | (config_.file_mode & ~static_cast<mode_t>(0222));
      break;
    case Kind::kQuery:
      // SQL can be written even to a read-only mount (SELECTs work).
      st->st_mode = S_IFREG | config_.file_mode;
      break;
    case Kind::kTable:
      st->st_mode = S_IFREG | (config_.file_mode & no_write);
      break;
  }
  st->st_nlink = 1;
  st->st_size = 0;
}

int S3liteFs::Lookup(uint64_t parent, std::string_view name, struct stat* st) {
  if (parent != kRootIno) return ENOENT;
  auto node = NodeByName(name);
  if (!node) return ENOENT;
  FillAttr(*node, st);
  return 0;
}

int S3liteFs::GetAttr(uint64_t ino, struct stat* st) {
  auto node = NodeByIno(ino);
  if (!node) return ENOENT;
  FillAttr(*node, st);
  return 0;
}

int S3liteFs::ListDir(uint64_t ino, std::vector<DirEntry>* entries) {
  if (ino != kRootIno) return ENOTDIR;
  entries->push_back({".", kRootIno, S_IFDIR});
  entries->push_back({"..", kRootIno, S_IFDIR});
  for (const DotFile& d : kDotFiles) entries->push_back({d.name, d.ino, S_IFREG});
  auto names = TableNames();
  if (!names.ok()) {
    LogError("listing tables: " + names.status().ToString());
    return ErrnoFor(names.status());
  }
  for (const std::string& t : *names) {
    entries->push_back({t + ".csv", TableIno(t, RowFormat::kCsv), S_IFREG});
    entries->push_back({t + ".ndjson", TableIno(t, RowFormat::kNdjson), S_IFREG});
  }
  return 0;
}

std::string S3liteFs::SchemaText() {
  auto txn = db_->Begin(TxnMode::kRead);
  if (!txn.ok()) return "-- Error: " + txn.status().message() + "\n";
  std::string text;
  for (const SchemaEntry& e : (*txn)->catalog().entries()) {
    if (e.sql.empty()) continue;
    text += e.sql;
    text += ";\n";
  }
  (*txn)->Rollback();
  return text;
}

std::string S3liteFs::StatsText() {
  EngineStats s = db_->stats();
  std::string t;
  auto line = [&t](const char* key, uint64_t v) {
    t += key;
    t += ' ';
    t += std::to_string(v);
    t += '\n';
  };
  t += "store " + db_->store().Describe() + "\n";
  t += std::string("read_only ") + (db_->read_only() ? "1" : "0") + "\n";
  auto version = db_->CurrentVersion();
  if (version.ok()) line("version", version->version);
  line("fs_opens", opens_);
  line("fs_reads", reads_);
  line("fs_bytes_read", bytes_read_);
  line("fs_writes", writes_);
  line("fs_bytes_written", bytes_written_);
  line("fs_commits", commits_);
  line("fs_failed_commits", failed_commits_);
  line("fs_refusals", refusals_);
  line("fs_queries", queries_);
  line("cache_hits", s.cache_hits);
  line("cache_misses", s.cache_misses);
  line("chunks_fetched", s.chunks_fetched);
  line("bloom_skips", s.bloom_skips);
  line("chunks_pruned", s.chunks_pruned);
  line("wal_objects_written", s.wal_objects_written);
  line("checkpoints", s.checkpoints);
  for (int op = 0; op < static_cast<int>(StoreOp::kCount); ++op) {
    t += std::string("store_") + StoreOpName(static_cast<StoreOp>(op)) + " " +
         std::to_string(s.store.requests[op]) + "\n";
  }
  line("store_bytes_read", s.store.bytes_read);
  line("store_bytes_written", s.store.bytes_written);
  line("store_errors", s.store.errors);
  line("store_retries", s.store.retries);
  return t;
}

S3liteFs::OpenFile S3liteFs::FindHandle(uint64_t fh) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = handles_.find(fh);
  return it == handles_.end() ? OpenFile() : it->second;
}

int S3liteFs::Open(uint64_t ino, int flags, pid_t pid, uint64_t* fh) {
  auto node = NodeByIno(ino);
  if (!node) return ENOENT;
  const std::string path = "/" + node->name;
  const int access = flags & O_ACCMODE;
  const bool writing = access != O_RDONLY;
  auto refuse = [&](int err, const std::string& why) {
    ++refusals_;
    return LogRefusal("open", path, err, why);
  };

  std::unique_ptr<FileHandle> handle;
  switch (node->kind) {
    case Kind::kRoot:
      return EISDIR;
    case Kind::kSchema:
    case Kind::kStats:
      if (writing) return refuse(EPERM, node->name + " is read-only");
      handle = std::make_unique<TextHandle>(node->kind == Kind::kSchema ? SchemaText()
                                                                         : StatsText());
      break;
    case Kind::kQuery: {
      pid_t sid = -1;
      auto s = SessionOf(pid);
      if (s.ok()) sid = *s;
      handle = std::make_unique<QueryHandle>(db_, node->format, access != O_WRONLY, sid,
                                             &sessions_);
      break;
    }
    case Kind::kTable: {
      if (!writing) {
        auto h = TableReadHandle::Open(db_, node->table, node->format);
        if (!h.ok()) return refuse(ErrnoFor(h.status()), h.status().message());
        handle = std::move(h).value();
        break;
      }
      if (config_.read_only) return refuse(EROFS, "mounted read-only");
      if (access == O_RDWR) {
        return refuse(EINVAL, "table files open either for reading or for appending, not both");
      }
      TableWriter::Mode mode;
      if (flags & O_TRUNC) {
        mode = TableWriter::Mode::kReplace;
      } else if (flags & O_APPEND) {
        mode = TableWriter::Mode::kAppend;
      } else {
        return refuse(EINVAL,
                      "table files are written by appending (>>, O_APPEND) or replacing "
                      "(>, O_TRUNC), not at offsets");
      }
      auto h = TableWriteHandle::Open(db_, node->table, node->format, mode);
      if (!h.ok()) return refuse(ErrnoFor(h.status()), h.status().message());
      handle = std::move(h).value();
      break;
    }
  }
  ++opens_;
  std::lock_guard<std::mutex> lock(mu_);
  *fh = next_fh_++;
  handles_[*fh] = OpenFile{std::move(handle), path};
  return 0;
}

int S3liteFs::Read(uint64_t fh, uint64_t offset, size_t size, std::string* out) {
  auto [handle, path] = FindHandle(fh);
  if (handle == nullptr) return EBADF;
  Status s = handle->Read(offset, size, out);
  if (!s.ok()) {
    ++refusals_;
    return LogRefusal("read", path, ErrnoFor(s), s.message());
  }
  ++reads_;
  bytes_read_ += out->size();
  return 0;
}

int S3liteFs::Write(uint64_t fh, uint64_t offset, std::string_view data) {
  auto [handle, path] = FindHandle(fh);
  if (handle == nullptr) return EBADF;
  Status s = handle->Write(offset, data);
  if (!s.ok()) {
    ++refusals_;
    return LogRefusal("write", path, ErrnoFor(s), s.message());
  }
  ++writes_;
  bytes_written_ += data.size();
  return 0;
}

int S3liteFs::Flush(uint64_t fh) {
  auto [handle, path] = FindHandle(fh);
  if (handle == nullptr) return EBADF;
  Status s = handle->Flush();
  if (!s.ok()) {
    ++failed_commits_;
    ++refusals_;
    return LogRefusal("close", path, ErrnoFor(s),
                      s.message() + " (nothing from this handle was committed)");
  }
  if (handle->wrote()) {
    ++commits_;
    NoteCommit();
  }
  return 0;
}

void S3liteFs::Release(uint64_t fh) {
  std::shared_ptr<FileHandle> handle;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = handles_.find(fh);
    if (it == handles_.end()) return;
    handle = std::move(it->second.handle);
    handles_.erase(it);
  }
  handle->Release();
}

int S3liteFs::Create(uint64_t, std::string_view name) {
  ++refusals_;
  if (config_.read_only) return LogRefusal("create", "/" + std::string(name), EROFS, "mounted read-only");
  return LogRefusal("create", "/" + std::string(name), EPERM,
                    "files cannot be created; create tables with CREATE TABLE through /.query");
}

int S3liteFs::Mkdir(uint64_t, std::string_view name) {
  ++refusals_;
  return LogRefusal("mkdir", "/" + std::string(name), EPERM, "the mount has no subdirectories");
}

int S3liteFs::Unlink(uint64_t parent, std::string_view name) {
  const std::string path = "/" + std::string(name);
  auto refuse = [&](int err, const std::string& why) {
    ++refusals_;
    return LogRefusal("unlink", path, err, why);
  };
  if (parent != kRootIno) return ENOENT;
  auto node = NodeByName(name);
  if (!node) return ENOENT;
  if (node->kind != Kind::kTable) return refuse(EPERM, "this file cannot be removed");
  if (config_.read_only) return refuse(EROFS, "mounted read-only");
  if (!config_.allow_drop) {
    return refuse(EPERM, "removing a table file drops the table; mount with -o allow_drop to allow it");
  }
  auto conn = Connection::Open(db_);
  if (!conn.ok()) return refuse(ErrnoFor(conn.status()), conn.status().message());
  Status s = (*conn)->ExecuteScript("DROP TABLE " + QuoteIdentifier(node->table));
  if (!s.ok()) return refuse(ErrnoFor(s), s.message());
  NoteCommit();
  LogInfo("dropped table " + node->table + " (unlink " + path + ")");
  return 0;
}

int S3liteFs::Rename(uint64_t, std::string_view name) {
  ++refusals_;
  return LogRefusal("rename", "/" + std::string(name), ENOTSUP,
                    "files cannot be renamed; use ALTER TABLE ... RENAME TO through /.query");
}

int S3liteFs::SetAttr(uint64_t ino, bool size, bool mode, bool owner, struct stat* st) {
  auto node = NodeByIno(ino);
  if (!node) return ENOENT;
  const std::string path = "/" + node->name;
  if (size) {
    ++refusals_;
    if (node->kind == Kind::kTable && config_.read_only) {
      return LogRefusal("truncate", path, EROFS, "mounted read-only");
    }
    return LogRefusal("truncate", path, EPERM,
                      "truncate is not supported; replace the rows with `> file` instead");
  }
  if (mode || owner) {
    ++refusals_;
    return LogRefusal(mode ? "chmod" : "chown", path, EPERM,
                      "permissions come from the mount options (file_mode, dir_mode, uid, gid)");
  }
  FillAttr(*node, st);  // timestamps: accepted and ignored
  return 0;
}

}  // namespace s3lite
