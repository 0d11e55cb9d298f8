// WAL batches: encoding round trip, transactions, corruption, store I/O.
#include <gtest/gtest.h>

#include <random>

#include "engine/util/coding.h"
#include "engine/util/crc32c.h"
#include "engine/wal/wal_batch.h"
#include "engine/wal/wal_store.h"
#include "format_test_dir.h"

namespace s3lite {
namespace {

using format_test::TempStore;

WalBatch SampleBatch() {
  WalBatch b;
  b.database_id = "0123456789abcdef0123456789abcdef";
  b.epoch = 3;
  b.seq = 42;
  SchemaEntry t{SchemaKind::kTable, "users", "users", "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT)", 2};
  b.records = {
      WalRecord::NextTreeId(3),
      WalRecord::CreateTree(2, TreeKind::kTable),
      WalRecord::PutSchema(t),
      WalRecord::Put(2, std::string("\x80\0\0\0\0\0\0\x01", 8), std::string("row\0bytes", 9)),
      WalRecord::Commit(100),
      WalRecord::Delete(2, "k"),
      WalRecord::DropTree(5),
      WalRecord::DeleteSchema("old_index"),
      WalRecord::Put(2, "", ""),
      WalRecord::Commit(101),
  };
  return b;
}

std::string Encode(const WalBatch& b) {
  WalBatchBuilder builder(b.database_id, b.epoch, b.seq);
  for (const WalRecord& r : b.records) builder.Add(r);
  return builder.Finish();
}

TEST(WalFormatTest, RoundTrip) {
  WalBatch b = SampleBatch();
  std::string bytes = Encode(b);
  auto d = DecodeWalBatch(bytes);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(b.database_id, d->database_id);
  EXPECT_EQ(3u, d->epoch);
  EXPECT_EQ(42u, d->seq);
  ASSERT_EQ(b.records.size(), d->records.size());
  for (size_t i = 0; i < b.records.size(); i++) {
    EXPECT_TRUE(b.records[i] == d->records[i]) << i << " " << WalRecordTypeName(b.records[i].type);
  }
}

TEST(WalFormatTest, BuilderShortcutsMatchRecords) {
  WalBatchBuilder a("db", 1, 1), b("db", 1, 1);
  a.Put(4, "k", "v");
  a.Delete(4, "k");
  a.Commit(9);
  b.Add(WalRecord::Put(4, "k", "v"));
  b.Add(WalRecord::Delete(4, "k"));
  b.Add(WalRecord::Commit(9));
  EXPECT_EQ(3u, a.record_count());
  EXPECT_EQ(a.Finish(), b.Finish());
  EXPECT_GE(a.ApproximateSize(), 10u);
}

TEST(WalFormatTest, CommittedTransactionsDropsTail) {
  WalBatch b = SampleBatch();
  b.records.push_back(WalRecord::Put(2, "uncommitted", "x"));
  WalTransactions t = CommittedTransactions(b);
  ASSERT_EQ(2u, t.groups.size());
  EXPECT_EQ(100u, t.txn_ids[0]);
  EXPECT_EQ(101u, t.txn_ids[1]);
  EXPECT_EQ(4u, t.groups[0].size());
  EXPECT_EQ(4u, t.groups[1].size());
  EXPECT_EQ(WalRecordType::kDelete, t.groups[1][0]->type);
  WalBatch empty;
  EXPECT_TRUE(CommittedTransactions(empty).groups.empty());
}

TEST(WalFormatTest, EveryByteFlipIsDetected) {
  std::string bytes = Encode(SampleBatch());
  for (size_t pos = 0; pos < bytes.size(); pos++) {
    for (int bit : {0, 7}) {
      std::string bad = bytes;
      bad[pos] = static_cast<char>(bad[pos] ^ (1 << bit));
      auto d = DecodeWalBatch(bad, "wal/00000000000000000042");
      ASSERT_FALSE(d.ok()) << "flip at " << pos;
      EXPECT_TRUE(d.status().IsCorruption());
      EXPECT_NE(std::string::npos, d.status().message().find("wal/00000000000000000042"));
    }
  }
}

TEST(WalFormatTest, TruncationAtEveryLengthFails) {
  std::string bytes = Encode(SampleBatch());
  for (size_t len = 0; len < bytes.size(); len++) {
    auto d = DecodeWalBatch(bytes.substr(0, len));
    ASSERT_FALSE(d.ok()) << len;
    EXPECT_TRUE(d.status().IsCorruption());
  }
  EXPECT_FALSE(DecodeWalBatch(bytes + "x").ok());
}

TEST(WalFormatTest, ValidChecksumButMalformedBodyIsCorruption) {
  // Build objects whose checksum is right but whose body lies (what a fuzzer
  // that fixes up checksums would produce): huge counts, unknown record types.
  auto frame = [](const std::string& body_after_header, uint32_t count) {
    std::string out;
    PutFixed64(&out, kWalMagic);
    PutVarint32(&out, kWalFormatVersion);
    PutLengthPrefixedSlice(&out, "db");
    PutVarint64(&out, 1);
    PutVarint64(&out, 1);
    PutVarint32(&out, count);
    out += body_after_header;
    PutFixed32(&out, crc32c::Value(out));
    return out;
  };
  EXPECT_TRUE(DecodeWalBatch(frame("", 0)).ok());
  EXPECT_FALSE(DecodeWalBatch(frame("", 0xffffffffu)).ok());
  EXPECT_FALSE(DecodeWalBatch(frame("\x63\x01", 1)).ok());           // unknown type
  EXPECT_FALSE(DecodeWalBatch(frame("\x03\x01\x09", 1)).ok());       // bad tree kind
  EXPECT_FALSE(DecodeWalBatch(frame("\x01\x01\xff\xff\xff\x0f", 1)).ok());  // key length past end
  std::mt19937 rng(17);
  for (int i = 0; i < 5000; i++) {
    std::string body(rng() % 40, '\0');
    for (char& c : body) c = static_cast<char>(rng() % 3 == 0 ? rng() % 9 : rng());
    (void)DecodeWalBatch(frame(body, rng() % 6));
  }
}

TEST(WalFormatTest, StoreWriteListReadAndConflict) {
  TempStore t;
  ObjectStore& store = t.store();
  auto none = ListWalAfter(store, 0);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  for (uint64_t seq = 1; seq <= 12; seq++) {
    WalBatchBuilder b("db", 1, seq);
    b.Put(1, "k" + std::to_string(seq), "v");
    b.Commit(seq);
    ASSERT_TRUE(WriteWalBatch(store, seq, b.Finish()).ok());
  }
  ASSERT_TRUE(store.Put("wal/not-a-sequence", "x").ok());  // foreign objects are ignored
  auto after = ListWalAfter(store, 9);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ((std::vector<uint64_t>{10, 11, 12}), *after);
  EXPECT_EQ(12u, ListWalAfter(store, 0)->size());

  auto batch = ReadWalBatch(store, 11);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(11u, batch->seq);
  EXPECT_EQ("k11", batch->records[0].key);

  // A second writer losing the race for seq 12.
  WalBatchBuilder loser("db", 2, 12);
  loser.Commit(1);
  Status s = WriteWalBatch(store, 12, loser.Finish());
  EXPECT_TRUE(s.IsConflict()) << s.ToString();
  EXPECT_EQ(0u, s.message().find(kConflictMessage));
  EXPECT_NE(std::string::npos, s.message().find("wal/00000000000000000012"));
  // The winner's object is untouched.
  EXPECT_EQ(1u, ReadWalBatch(store, 12)->epoch);

  auto missing = ReadWalBatch(store, 99);
  EXPECT_TRUE(missing.status().IsNotFound());
  // An object whose contents name another sequence is corrupt.
  WalBatchBuilder wrong("db", 1, 5);
  ASSERT_TRUE(WriteWalBatch(store, 50, wrong.Finish()).ok());
  EXPECT_TRUE(ReadWalBatch(store, 50).status().IsCorruption());
}

// A transaction's redo log: records added before the header is known,
// KeyAt finds a record's key, Truncate drops a savepoint's tail, and
// FinishInPlace frames exactly the bytes Finish() would (short and long
// database ids), with the log grown past many reallocations.
TEST(WalFormatTest, InPlaceFramingMatchesFinish) {
  for (std::string dbid : {std::string("db-1234"), std::string(300, 'L')}) {
    WalBatchBuilder log;
    std::vector<size_t> offsets;
    for (int i = 0; i < 20000; i++) {
      offsets.push_back(log.end_offset());
      std::string key = "key" + std::to_string(i);
      if (i % 7 == 0) {
        log.Delete(3, key);
      } else {
        log.Put(2, key, std::string(static_cast<size_t>(i % 50), 'v'));
      }
    }
    log.Add(WalRecord::CreateTree(9, TreeKind::kIndex));
    EXPECT_EQ(log.KeyAt(offsets[12345]), "key12345");
    EXPECT_EQ(log.KeyAt(offsets[7]), "key7");
    size_t cut = log.end_offset();
    uint32_t count = log.record_count();
    log.Put(2, "rolled-back", "x");
    log.Truncate(cut, count);
    EXPECT_EQ(log.record_count(), 20001u);
    log.SetHeader(dbid, 5, 77);
    log.Commit(42);
    std::string copy = log.Finish();
    std::string framed(log.FinishInPlace());
    EXPECT_EQ(framed, copy);
    auto b = DecodeWalBatch(framed);
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    EXPECT_EQ(b->database_id, dbid);
    EXPECT_EQ(b->epoch, 5u);
    EXPECT_EQ(b->seq, 77u);
    ASSERT_EQ(b->records.size(), 20002u);
    EXPECT_EQ(b->records[1].key, "key1");
    EXPECT_EQ(b->records[1].value, "v");
    EXPECT_EQ(b->records[20000].type, WalRecordType::kCreateTree);
    EXPECT_EQ(b->records[20001].type, WalRecordType::kCommit);
    log.Clear();
    EXPECT_EQ(log.record_count(), 0u);
  }
}

}  // namespace
}  // namespace s3lite
