// LocalStore: an ObjectStore in a local directory (the embedded default).
//
// Key mapping (docs/STORE.md has the full argument). A key is split at '/';
// each segment is escaped so any byte string is a valid key:
//   - bytes outside [A-Za-z0-9._-] become %XX (uppercase hex), and so does a
//     leading '.', so no escaped name starts with '.' (temp files do);
//   - an empty segment ("a//b", "dir/") becomes "%e" as a file name;
//   - a segment that has children is a directory named escaped + "%d", so the
//     keys "a" (file "a") and "a/b" (directory "a%d", file "b") coexist.
// '%' in an escaped name is always followed by two uppercase hex digits, so
// the "%e" and "%d" markers cannot come from escaping: the mapping is
// injective and List() decodes it back. A segment whose escaped form exceeds
// 250 bytes is rejected with InvalidArgument.
//
// Atomicity and durability:
//  - Put: write a temp file ".tmp-*" in the target directory, fsync it,
//    rename() over the target, fsync the directory.
//  - PutIfAbsent: same temp file, then link() to the target (EEXIST means
//    AlreadyExists, the existing object is untouched), unlink the temp, fsync
//    the directory. link() is atomic, so exactly one of racing writers wins,
//    across processes too, and readers never see a partial object.
//  - Directories created on the way are fsynced into their parents.
// GetShared maps objects of 64 KiB and more read-only (no copy, no
// zero-filled buffer); this relies on objects never being modified in place,
// which the scheme above guarantees.
// After a crash a temp file may remain; List ignores it and Open() removes
// temp files older than an hour (younger ones may belong to a live writer).
//
// Thread-safety: all methods are safe to call concurrently, also from several
// processes sharing the directory.
#pragma once

#include <memory>
#include <string>

#include "engine/store/object_store.h"

namespace s3lite {

class LocalStore : public ObjectStore {
 public:
  // Opens (creating when missing, with parents) the directory `root`.
  static Result<std::shared_ptr<LocalStore>> Open(const std::string& root);

  std::string Describe() const override { return "local:" + root_; }
  const std::string& root() const { return root_; }

  // Removes temp files left behind by crashed writers, if older than
  // `min_age_seconds`. Returns how many were removed.
  Result<int> CleanTempFiles(int64_t min_age_seconds);

  // The mapping described above, exposed for tests and docs.
  static Result<std::string> KeyToRelativePath(const std::string& key);

 protected:
  Result<std::string> DoGet(const std::string& key) override;
  Result<std::shared_ptr<const ObjectBytes>> DoGetShared(const std::string& key) override;
  Result<std::string> DoGetRange(const std::string& key, uint64_t offset, uint64_t length) override;
  Status DoPut(const std::string& key, std::string_view data) override;
  Status DoPutIfAbsent(const std::string& key, std::string_view data) override;
  Status DoDelete(const std::string& key) override;
  Result<std::vector<ObjectInfo>> DoList(const std::string& prefix) override;
  Result<ObjectInfo> DoHead(const std::string& key) override;

 private:
  explicit LocalStore(std::string root) : root_(std::move(root)) {}
  Status WriteObject(const std::string& key, std::string_view data, bool if_absent);
  // Opens `key` for reading: the descriptor (the caller closes it), its file
  // path and size. NotFound when there is no such object.
  Result<int> OpenObject(const std::string& key, std::string* path, uint64_t* size) const;

  const std::string root_;  // absolute, no trailing '/'
};

}  // namespace s3lite
