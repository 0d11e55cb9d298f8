// Corruption: flipping bytes in any stored object of a real database gives a
// clear Corruption error naming the object, at read time and in verify,
// never wrong query results and never a crash.
//
// The database (LocalStore, in-process SQL) has every kind of object: several
// manifests, chunk-directory segments, table and index chunks (with overflow
// pages), WAL objects already checkpointed and a WAL tail that open replays,
// fence markers. For every object and for a spread of byte offsets in it
// (first, last, every page of a chunk, its footer and trailer, and random
// ones), the test flips the byte ON DISK, then opens the database read-only
// in a fresh process state and runs queries over every table and index.
// Allowed outcomes:
//   - results identical to the undamaged database (the object is not read by
//     this version, e.g. an old manifest or a checkpointed WAL object), or
//   - an error with code Corruption whose message names the damaged object.
// Wrong rows, another error code or an anonymous message fail the test. When
// the read path reports the damage, VerifyObjects (s3lite-admin verify) must
// report it too, naming the same object. The byte is restored afterwards.
//
// The same sweep runs against radosgw (CorruptionSweepS3; skipped without
// the server) with a bounded set of offsets per object (first, middle, last
// byte, one random byte; for chunks also one page and the footer): there an
// object is damaged by GET, flip, PUT (overwrite) and restored the same way.
// S3LITE_CORRUPTION_S3_OFFSETS (default 4) is the number of offsets per object.
//
// (tests/engine/corruption_test.cc checks one hand-picked damage per object
// kind at the engine level; this test is the systematic end-to-end sweep.)
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>

#include "engine/manifest/verify_objects.h"
#include "engine/page/page_id.h"
#include "engine/store/local_store.h"
#include "tests/integration/torture/sql_runner.h"
#include "tests/util/s3_test_env.h"

namespace s3lite::torture {
namespace {

// Queries that together read every table, index and big value.
constexpr const char* kQueries =
    "SELECT id, name, length(note), substr(note, 1, 20), grp FROM t ORDER BY id;"
    "SELECT id FROM t WHERE grp = 3 ORDER BY id;"
    "SELECT name FROM t WHERE name >= 'name-0150' ORDER BY name LIMIT 40;"
    "SELECT count(*), sum(grp) FROM t;"
    "SELECT a, b FROM small ORDER BY a;"
    "SELECT name, sql FROM sqlite_master ORDER BY name;";

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

void FlipByte(const std::string& path, size_t offset) {
  std::fstream f(path, std::ios::binary | std::ios::in | std::ios::out);
  f.seekg(static_cast<std::streamoff>(offset));
  char c = 0;
  f.read(&c, 1);
  c = static_cast<char>(c ^ 0x5a);
  f.seekp(static_cast<std::streamoff>(offset));
  f.write(&c, 1);
}

// Offsets worth damaging in an object of `size` bytes.
std::set<size_t> Offsets(const std::string& key, size_t size, std::mt19937& rng) {
  std::set<size_t> at;
  if (size == 0) return at;
  at.insert(0);
  at.insert(size - 1);
  at.insert(size / 2);
  if (key.rfind("chunks/", 0) == 0) {
    // A byte inside every page, and around the footer and trailer.
    for (size_t p = 0; p + kPageSize <= size; p += kPageSize) at.insert(p + 10 + (p / kPageSize) % 97);
    for (size_t back = 1; back <= 24 && back <= size; back += 3) at.insert(size - back);
  }
  std::uniform_int_distribution<size_t> any(0, size - 1);
  for (int i = 0; i < 4; i++) at.insert(any(rng));
  return at;
}

// At most `n` of `all` (always the first, the last and the middle ones).
std::set<size_t> Bounded(const std::set<size_t>& all, size_t n) {
  if (all.size() <= n) return all;
  std::vector<size_t> v(all.begin(), all.end());
  std::set<size_t> out;
  for (size_t i = 0; i < n; i++) out.insert(v[i * (v.size() - 1) / (n > 1 ? n - 1 : 1)]);
  return out;
}

class CorruptionSweep : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    auto store = LocalStore::Open(dir_.path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    local_ = *store;
    store_ = local_;
    Build();
  }

  // Flips (or, called again, restores) one byte of a stored object.
  void Flip(const std::string& key, size_t offset) {
    if (local_) {
      auto rel = LocalStore::KeyToRelativePath(key);
      ASSERT_TRUE(rel.ok());
      FlipByte(dir_.path() + "/" + *rel, offset);
      return;
    }
    auto bytes = store_->Get(key);
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
    (*bytes)[offset] = static_cast<char>((*bytes)[offset] ^ 0x5a);
    Status st = store_->Put(key, *bytes);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  std::string Bytes(const std::string& key) {
    if (local_) return ReadFile(dir_.path() + "/" + *LocalStore::KeyToRelativePath(key));
    auto bytes = store_->Get(key);
    EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
    return bytes.ok() ? *bytes : "";
  }

  // The database described in the file comment, in store_.
  void Build() {
    DatabaseOptions o;
    o.checkpoint_on_close = false;  // leave a WAL tail for open to replay
    auto s = SqlSession::Open(store_, o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    Connection& c = *s->conn;
    ASSERT_TRUE(RunSql(c, "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, note TEXT, grp INTEGER);"
                          "CREATE INDEX t_grp ON t(grp); CREATE INDEX t_name ON t(name);"
                          "CREATE TABLE small(a INTEGER PRIMARY KEY, b TEXT);")
                    .ok());
    std::string load = "BEGIN;";
    for (int i = 0; i < 400; i++) {
      char name[32];
      std::snprintf(name, sizeof name, "name-%04d", (i * 37) % 400);
      std::string note = i % 50 == 0 ? std::string(6000, static_cast<char>('A' + i % 26))  // overflow pages
                                     : "note " + std::to_string(i * i);
      load += "INSERT INTO t VALUES (" + std::to_string(i) + ", '" + name + "', '" + note + "', " +
              std::to_string(i % 7) + ");";
    }
    load += "COMMIT;";
    ASSERT_TRUE(RunSql(c, load).ok());
    ASSERT_TRUE(s->db->Checkpoint().ok());
    ASSERT_TRUE(RunSql(c, "UPDATE t SET grp = 3 WHERE id % 10 = 1; DELETE FROM t WHERE id % 13 = 0;").ok());
    ASSERT_TRUE(s->db->Checkpoint().ok());
    // The WAL tail: committed, not checkpointed.
    ASSERT_TRUE(RunSql(c, "INSERT INTO small VALUES (1, 'one'), (2, 'two');"
                          "INSERT INTO t VALUES (1000, 'tail', 'wal only', 3);"
                          "UPDATE small SET b = 'TWO' WHERE a = 2;")
                    .ok());
    s->conn.reset();
    s->db.reset();  // no Close: the tail stays in the WAL only

    auto expected = Read();
    ASSERT_TRUE(expected.ok()) << "undamaged database does not read: " << expected.status().ToString();
    expected_ = *expected;
    ASSERT_NE(expected_.find("1000|tail"), std::string::npos) << "WAL tail missing from the undamaged read";
    auto report = VerifyObjects(*store_, VerifyOptions{true, true});
    ASSERT_TRUE(report.ok() && report->ok()) << (report.ok() ? report->Summary() : report.status().ToString());
  }

  // Opens read-only from scratch and runs kQueries.
  Result<std::string> Read() {
    DatabaseOptions o;
    o.read_only = true;
    o.cache_pages = 64;
    auto s = SqlSession::Open(store_, o);
    if (!s.ok()) return s.status();
    std::string out;
    Status st = RunSql(*s->conn, kQueries, &out);
    if (!st.ok()) return st;
    return out;
  }

  // Damages every object at Offsets() (at most `max_offsets` of them per
  // object when > 0) and checks the outcomes.
  void Sweep(size_t max_offsets);
  void NewestManifest();

  ScratchDir dir_;
  std::shared_ptr<LocalStore> local_;   // null for S3
  std::shared_ptr<ObjectStore> store_;
  std::string expected_;
};

void CorruptionSweep::Sweep(size_t max_offsets) {
  auto objects = store_->List("");
  ASSERT_TRUE(objects.ok()) << objects.status().ToString();
  std::map<std::string, int> kinds;     // object kind -> flips
  std::map<std::string, int> verified;  // object kind -> flips named by verify
  int flips = 0, detected = 0, harmless = 0;
  std::mt19937 rng(12345);
  for (const ObjectInfo& obj : *objects) {
    const std::string original = Bytes(obj.key);
    ASSERT_EQ(original.size(), obj.size) << obj.key;
    const std::string kind = obj.key.substr(0, obj.key.find('/'));
    std::set<size_t> offsets = Offsets(obj.key, obj.size, rng);
    if (max_offsets > 0) offsets = Bounded(offsets, max_offsets);
    for (size_t offset : offsets) {
      Flip(obj.key, offset);
      if (HasFatalFailure()) return;
      flips++;
      kinds[kind]++;
      Result<std::string> got = Read();
      auto report = VerifyObjects(*store_, VerifyOptions{true, true});
      ASSERT_TRUE(report.ok()) << report.status().ToString();
      bool named_by_verify = false;
      for (const VerifyIssue& issue : report->issues) named_by_verify |= issue.object == obj.key;
      verified[kind] += named_by_verify;
      if (got.ok()) {
        EXPECT_EQ(*got, expected_) << "WRONG RESULTS after flipping byte " << offset << " of " << obj.key;
        harmless++;
      } else {
        detected++;
        const Status& st = got.status();
        EXPECT_TRUE(st.IsCorruption()) << "byte " << offset << " of " << obj.key << ": " << st.ToString();
        EXPECT_NE(st.message().find(obj.key), std::string::npos)
            << "error does not name " << obj.key << " (byte " << offset << "): " << st.ToString();
        EXPECT_TRUE(named_by_verify) << "read reports damage at byte " << offset << " of " << obj.key
                                     << " but verify does not: " << report->Summary();
      }
      // Every object a retained version references is checked by verify
      // (all versions, every page): manifests, segments, chunks (no GC ran,
      // so every chunk is referenced by some version).
      if (kind == "manifest" || kind == "chunkdir" || kind == "chunks") {
        EXPECT_TRUE(named_by_verify) << "verify misses damage at byte " << offset << " of " << obj.key << ": "
                                     << report->Summary();
      }
      Flip(obj.key, offset);  // restore
      ASSERT_EQ(Bytes(obj.key), original);
      if (HasFailure()) {
        ADD_FAILURE() << "stopping the sweep at the first failure";
        return;
      }
    }
  }
  std::cout << "[corruption] " << store_->Describe().substr(0, 5) << " " << objects->size() << " objects, " << flips << " flips: " << detected
            << " reported as corruption, " << harmless << " in bytes this version does not read;";
  for (const auto& [k, n] : kinds) std::cout << " " << k << "=" << n << " (verify named " << verified[k] << ")";
  std::cout << "\n";
  for (const char* k : {"manifest", "chunks", "wal"}) EXPECT_GT(kinds[k], 0) << "no " << k << " objects damaged";
  EXPECT_GT(detected, 0);
}

TEST_F(CorruptionSweep, EveryObjectEveryRegion) { Sweep(0); }

// A damaged object that the version does not need (an old manifest) must
// not stop the database from opening; damage to what it needs must.
void CorruptionSweep::NewestManifest() {
  auto objects = store_->List("manifest/");
  ASSERT_TRUE(objects.ok());
  ASSERT_FALSE(objects->empty());
  const std::string newest = objects->back().key;
  Flip(newest, objects->back().size / 2);
  if (HasFatalFailure()) return;
  Result<std::string> got = Read();
  ASSERT_FALSE(got.ok()) << "a damaged newest manifest was silently skipped";
  EXPECT_TRUE(got.status().IsCorruption()) << got.status().ToString();
  EXPECT_NE(got.status().message().find(newest), std::string::npos) << got.status().ToString();
}

TEST_F(CorruptionSweep, NewestManifestDamageIsReported) { NewestManifest(); }

// The same on radosgw: objects are damaged by overwriting them.
class CorruptionSweepS3 : public CorruptionSweep {
 protected:
  void SetUp() override {
    S3LITE_REQUIRE_S3(env);
    store_ = s3lite::testing::OpenTestS3Store(env, "corruption");
    ASSERT_NE(store_, nullptr);
    Build();
  }
  void TearDown() override {
    if (store_) s3lite::testing::DeleteAllObjects(*store_);
  }
};

TEST_F(CorruptionSweepS3, EveryObjectBounded) {
  const char* n = std::getenv("S3LITE_CORRUPTION_S3_OFFSETS");
  Sweep(n && *n ? std::strtoul(n, nullptr, 10) : 4);
}

TEST_F(CorruptionSweepS3, NewestManifestDamageIsReported) { NewestManifest(); }

}  // namespace
}  // namespace s3lite::torture
