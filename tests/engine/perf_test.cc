// Engine-level timings against the targets (not asserted: printed;
// the suite is "Slow" so CI skips it). Local store on disk.
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <random>

#include "engine/value/key_codec.h"
#include "engine/value/record.h"
#include "tests/engine/db_test_util.h"

namespace s3lite {
namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

TEST(EnginePerfSlow, InsertLookupScan) {
  TempDir dir;
  auto db = OpenDb(OpenLocal(dir.path()));
  const int kRows = 100000;
  TreeId tree;
  auto t0 = std::chrono::steady_clock::now();
  std::clock_t c0 = std::clock();
  {
    auto t = BeginWrite(*db);
    tree = *t->CreateTree(TreeKind::kTable);
    std::string rec;
    for (int i = 0; i < kRows; i++) {
      rec.clear();
      EncodeRecord({Value::Integer(i), Value::Text("name" + std::to_string(i)), Value::Real(i * 0.5)}, &rec);
      S3L_ASSERT_OK(t->Put(tree, EncodeRowid(i), rec));
    }
    S3L_ASSERT_OK(t->Commit());
  }
  double insert = Seconds(t0);
  double insert_cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  std::printf("insert: wall %.3f s, cpu %.3f s (the machine may be shared)\n", insert, insert_cpu);
  t0 = std::chrono::steady_clock::now();
  S3L_ASSERT_OK(db->Checkpoint());
  double checkpoint = Seconds(t0);
  std::mt19937 rng(1);
  auto r = BeginRead(*db);
  for (int i = 0; i < 1000; i++) ASSERT_TRUE(r->Get(tree, EncodeRowid(rng() % kRows)).ok());  // warm up
  t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000; i++) ASSERT_TRUE(r->Get(tree, EncodeRowid(rng() % kRows)).ok());
  double lookups = Seconds(t0);
  t0 = std::chrono::steady_clock::now();
  auto c = r->NewCursor(tree).value();
  int n = 0;
  S3L_ASSERT_OK(c->SeekFirst());
  for (; c->Valid(); n++) S3L_ASSERT_OK(c->Next());
  double scan = Seconds(t0);
  ASSERT_EQ(n, kRows);
  std::printf("insert 100k in one txn %.3f s (target 0.15), checkpoint %.3f s, 1000 warm lookups %.4f s "
              "(target 0.03), full scan %.4f s (target 0.03)\n",
              insert, checkpoint, lookups, scan);
  // Cold: a fresh read-only open; count GETs per point lookup.
  DatabaseOptions ro;
  ro.read_only = true;
  auto cold = OpenDb(OpenLocal(dir.path()), ro);
  auto cr = BeginRead(*cold);
  auto s0 = cold->stats().store;
  ASSERT_TRUE(cr->Get(tree, EncodeRowid(50000)).ok());
  auto s1 = cold->stats().store;
  ASSERT_TRUE(cr->Get(tree, EncodeRowid(50001)).ok());
  auto s2 = cold->stats().store;
  std::printf("cold lookup GETs %llu, second lookup in the same leaf chunk GETs %llu\n",
              static_cast<unsigned long long>((s1 - s0).gets()), static_cast<unsigned long long>((s2 - s1).gets()));
}

}  // namespace
}  // namespace s3lite
