// s3lite_fuzz_seed_maker: writes the seed corpora of fuzz/corpus/ from the
// real encoders, so seeds are valid objects the fuzzer then mutates.
//
//   s3lite_fuzz_seed_maker <fuzz/corpus dir>
//
// Writes <dir>/<target>/<name> files (overwriting files of the same name).
// Not a fuzzer; built with the fuzz targets (see fuzz/CMakeLists.txt).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "engine/chunk/chunk_writer.h"
#include "engine/manifest/chunk_directory.h"
#include "engine/manifest/manifest.h"
#include "engine/manifest/object_names.h"
#include "engine/page/node.h"
#include "engine/value/key_codec.h"
#include "engine/value/record.h"
#include "engine/value/value.h"
#include "engine/wal/wal_batch.h"

namespace fs = std::filesystem;
using namespace s3lite;

namespace {

fs::path g_root;

void WriteSeed(const std::string& target, const std::string& name, const std::string& bytes) {
  fs::path dir = g_root / target;
  fs::create_directories(dir);
  std::ofstream f(dir / name, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::vector<Value> SampleValues() {
  const int64_t kMax = std::numeric_limits<int64_t>::max();
  const int64_t kMin = std::numeric_limits<int64_t>::min();
  return {Value::Null(),           Value::Integer(0),         Value::Integer(-1),
          Value::Integer(42),      Value::Integer(kMax),      Value::Integer(kMin),
          Value::Integer((1ll << 53) + 1), Value::Real(0.5),  Value::Real(-1e300),
          Value::Real(INFINITY),   Value::Real(9223372036854775808.0),
          Value::Text(""),         Value::Text("alice"),      Value::Text(std::string("a\0b", 3)),
          Value::Blob(std::string("\0\xff", 2)), Value::Blob("\x01\x02\x03")};
}

void KeyCodecSeeds() {
  std::vector<Value> values = SampleValues();
  int n = 0;
  for (const Value& v : values) WriteSeed("key_codec", "value-" + std::to_string(n++), EncodeKey(v));
  // Composite index keys: (value, value, rowid).
  for (size_t i = 0; i + 1 < values.size(); i += 3) {
    std::string key = EncodeKey(values[i]);
    EncodeKey(values[i + 1], &key);
    EncodeRowid(static_cast<int64_t>(i) - 3, &key);
    WriteSeed("key_codec", "index-" + std::to_string(i), key);
  }
}

void RecordSeeds() {
  std::vector<Value> values = SampleValues();
  WriteSeed("record", "empty", EncodeRecord(Row{}));
  WriteSeed("record", "all-types", EncodeRecord(values));
  WriteSeed("record", "user-row", EncodeRecord(Row{Value::Integer(5), Value::Text("Eve"), Value::Integer(41)}));
  WriteSeed("record", "nulls", EncodeRecord(Row(5, Value::Null())));
  WriteSeed("record", "long-text", EncodeRecord(Row{Value::Text(std::string(300, 'x')), Value::Real(2.5)}));
}

// A table leaf of `rows` rows (rowid keys, record values), one big value
// stored out of line when `with_overflow`.
Node TableLeaf(int first, int rows, bool with_overflow) {
  Node n;
  n.leaf = true;
  for (int i = 0; i < rows; i++) {
    LeafEntry e;
    e.key = EncodeRowid(first + i);
    e.value = EncodeRecord(Row{Value::Integer(first + i), Value::Text("name" + std::to_string(i)),
                               Value::Integer(20 + i % 50)});
    e.value_len = static_cast<uint32_t>(e.value.size());
    n.AppendEntry(e);
  }
  if (with_overflow) {
    LeafEntry big;
    big.key = EncodeRowid(first + rows);
    big.overflow = MakePageId(MakeChunkId(1, 2), 0);
    big.value_len = 5000;
    n.AppendEntry(big);
  }
  n.Recompute();
  return n;
}

Node Internal() {
  Node n;
  n.leaf = false;
  for (int i = 0; i < 4; i++) {
    ChildRef c;
    c.key = i == 0 ? "" : EncodeRowid(i * 100);
    c.id = MakePageId(MakeChunkId(1, 3), static_cast<uint32_t>(i));
    n.children.push_back(std::move(c));
  }
  n.Recompute();
  return n;
}

std::string Page(const Node& n) {
  std::string out;
  Status s = EncodePage(n, &out);
  if (!s.ok()) {
    std::fprintf(stderr, "EncodePage: %s\n", s.ToString().c_str());
    std::exit(1);
  }
  return out;
}

void PageSeeds() {
  WriteSeed("page", "leaf", Page(TableLeaf(1, 20, false)));
  WriteSeed("page", "leaf-overflow-ref", Page(TableLeaf(100, 3, true)));
  WriteSeed("page", "internal", Page(Internal()));
  std::string overflow;
  EncodeOverflowPage(std::string(1000, 'v'), MakePageId(MakeChunkId(1, 2), 1), &overflow);
  WriteSeed("page", "overflow", overflow);
  Node empty;
  empty.Recompute();
  WriteSeed("page", "empty-leaf", Page(empty));
}

void ChunkSeeds() {
  {
    ChunkWriter w(7, TreeKind::kTable);
    for (int p = 0; p < 2; p++) {
      Node leaf = TableLeaf(p * 10, 10, false);
      (void)w.AddPage(PageKind::kLeaf, Page(leaf));
      for (size_t i = 0; i < leaf.size(); i++) {
        const LeafView e = leaf.entry(i);
        w.AddKey(e.key);
        Row row;
        (void)DecodeRecord(e.value, &row);
        w.AddRow(row);
      }
    }
    WriteSeed("chunk", "table-2-leaves", w.Finish());
  }
  {
    ChunkWriter w(8, TreeKind::kIndex);
    (void)w.AddPage(PageKind::kInternal, Page(Internal()));
    WriteSeed("chunk", "index-internal", w.Finish());
  }
  {
    ChunkWriter w(9, TreeKind::kTable);
    std::string overflow;
    EncodeOverflowPage(std::string(3000, 'o'), 0, &overflow);
    (void)w.AddPage(PageKind::kOverflow, overflow);
    WriteSeed("chunk", "overflow", w.Finish());
  }
}

SchemaEntry Table(const std::string& name, TreeId tree) {
  SchemaEntry e;
  e.kind = SchemaKind::kTable;
  e.name = name;
  e.table = name;
  e.sql = "CREATE TABLE " + name + "(id INTEGER PRIMARY KEY, name TEXT, age INT)";
  e.tree = tree;
  return e;
}

void WalSeeds() {
  const std::string db = "0123456789abcdef0123456789abcdef";
  {
    WalBatchBuilder b(db, 1, 1);
    b.Add(WalRecord::CreateTree(2, TreeKind::kTable));
    b.Add(WalRecord::NextTreeId(3));
    b.Add(WalRecord::PutSchema(Table("users", 2)));
    b.Commit(1);
    WriteSeed("wal", "ddl", b.Finish());
  }
  {
    WalBatchBuilder b(db, 1, 2);
    for (int i = 0; i < 5; i++) {
      b.Put(2, EncodeRowid(i), EncodeRecord(Row{Value::Integer(i), Value::Text("u"), Value::Null()}));
    }
    b.Commit(2);
    b.Delete(2, EncodeRowid(3));
    b.Commit(3);
    b.Put(2, EncodeRowid(9), "uncommitted");
    WriteSeed("wal", "group-commit-and-torn-tail", b.Finish());
  }
  {
    WalBatchBuilder b(db, 2, 3);
    SchemaEntry idx;
    idx.kind = SchemaKind::kIndex;
    idx.name = "users_age";
    idx.table = "users";
    idx.sql = "CREATE INDEX users_age ON users(age)";
    idx.tree = 3;
    b.Add(WalRecord::CreateTree(3, TreeKind::kIndex));
    b.Add(WalRecord::PutSchema(idx));
    b.Add(WalRecord::DeleteSchema("old_view"));
    b.Add(WalRecord::DropTree(1));
    b.Commit(4);
    WriteSeed("wal", "index-ddl", b.Finish());
  }
  WriteSeed("wal", "empty", WalBatchBuilder(db, 1, 4).Finish());
}

std::vector<ChunkEntry> SampleEntries(int n) {
  std::vector<ChunkEntry> entries;
  for (int i = 0; i < n; i++) {
    ChunkEntry e;
    e.id = MakeChunkId(1, static_cast<uint32_t>(i * 2 + 1));
    e.key = ChunkKey(e.id);
    e.tree = 2 + i % 2;
    e.page_count = 10 + i;
    e.live_pages = 5 + i;
    e.bytes = e.page_count * kPageSize + 200;
    e.min_key = EncodeRowid(i * 100);
    e.max_key = EncodeRowid(i * 100 + 99);
    entries.push_back(std::move(e));
  }
  return entries;
}

void ManifestSeeds() {
  Manifest m;
  m.database_id = "0123456789abcdef0123456789abcdef";
  m.version = 3;
  m.parent_version = 2;
  m.epoch = 1;
  m.wal_seq = 12;
  m.created_unix_ms = 1763700000000;
  m.next_tree_id = 4;
  m.next_chunk_counter = 9;
  m.catalog = {Table("users", 2), Table("orders", 3)};
  m.trees = {TreeRoot{2, TreeKind::kTable, MakePageId(MakeChunkId(1, 7), 2), 20},
             TreeRoot{3, TreeKind::kIndex, kInvalidPageId, 0}};
  std::vector<ChunkEntry> entries = SampleEntries(3);
  m.chunk_segments = {ChunkSegmentRef{"chunkdir/00000000000000000003-000000", entries.front().id, entries.back().id, 3}};
  m.chunk_count = 3;
  WriteSeed("manifest", "two-tables", EncodeManifest(m));
  WriteSeed("manifest", "empty-db", EncodeManifest(Manifest{}));

  WriteSeed("chunk_directory", "three", EncodeChunkSegment(entries));
  WriteSeed("chunk_directory", "one", EncodeChunkSegment(SampleEntries(1)));
  WriteSeed("chunk_directory", "empty", EncodeChunkSegment({}));
}

void AppendParserSeeds() {
  // Byte 0: bit 0 NDJSON, bits 1-2 width-1; byte 1: split seed.
  const std::string csv3 = std::string("\x04\x07");
  const std::string json3 = std::string("\x05\x07");
  WriteSeed("append_parser", "csv-rows", csv3 + "1,Alice,30\n2,Bob,41\n");
  WriteSeed("append_parser", "csv-header", csv3 + "age,id\r\n30,1\n,2\n");
  WriteSeed("append_parser", "csv-quoted", csv3 + "3,\"Eve, \"\"the\"\"\nsecond\",\"\"\n4,x,5");
  WriteSeed("append_parser", "csv-bad-quote", csv3 + "5,a\"b,6\n");
  WriteSeed("append_parser", "json-rows", json3 + "{\"id\":1,\"name\":\"Ann\",\"age\":3.5}\n\n{\"NAME\":null}\n");
  WriteSeed("append_parser", "json-nested", json3 + "{\"id\":9223372036854775808,\"name\":[1,{\"a\":true}]}\n");
  WriteSeed("append_parser", "json-bad", json3 + "{\"id\":1,}\n");
  WriteSeed("append_parser", "csv-4-wide", std::string("\x06\x03") + "Note,NAME,id,age\n\"\",,7,8\n");
}

void SqlSeeds() {
  const char* scripts[] = {
      "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INT DEFAULT 0);",
      "INSERT INTO users(id, name, age) VALUES (1, 'Alice', 30), (2, 'Bob', NULL);",
      "SELECT u.name, COUNT(*) AS n FROM users u LEFT JOIN orders o ON o.uid = u.id "
      "WHERE u.age BETWEEN 18 AND 65 AND u.name LIKE 'A%' GROUP BY u.name HAVING n > 1 "
      "ORDER BY n DESC, 1 LIMIT 10 OFFSET 2;",
      "BEGIN; UPDATE users SET age = age + 1 WHERE id IN (SELECT uid FROM orders); DELETE FROM users "
      "WHERE name IS NULL; COMMIT;",
      "CREATE UNIQUE INDEX IF NOT EXISTS users_name ON users(name COLLATE NOCASE, age DESC);",
      "SELECT CASE WHEN x > 0 THEN 'pos' WHEN x < 0 THEN 'neg' ELSE 'zero' END, CAST(x AS TEXT), "
      "coalesce(NULL, ?1, :name, 1.5e-3), x'00ff' || 'a''b' FROM t -- comment\n/* block */;",
      "SELECT a FROM t UNION ALL SELECT b FROM u EXCEPT SELECT c FROM v INTERSECT SELECT 1;",
      "SELECT * FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.id = t.id) AND t.v NOT IN (1, 2, 3);",
      "EXPLAIN SELECT * FROM users WHERE id = 5;",
      "ALTER TABLE users ADD COLUMN email TEXT; DROP INDEX users_name; DROP TABLE IF EXISTS users;",
      "CREATE VIEW adults AS SELECT * FROM users WHERE age >= 18; INSERT INTO t SELECT * FROM u;",
      "SELECT ((((((1 + 2) * 3) - -4) / 5) % 6) << 1) | ~7 & 8, abs(-1), length('héllo'), round(2.5);",
  };
  int n = 0;
  for (const char* s : scripts) WriteSeed("sql_parser", "script-" + std::to_string(n++), s);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <fuzz/corpus dir>\n", argv[0]);
    return 2;
  }
  g_root = argv[1];
  KeyCodecSeeds();
  RecordSeeds();
  PageSeeds();
  ChunkSeeds();
  WalSeeds();
  ManifestSeeds();
  AppendParserSeeds();
  SqlSeeds();
  return 0;
}
