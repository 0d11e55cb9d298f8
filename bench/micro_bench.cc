// s3lite_micro_bench: Google Benchmark micro-benchmarks of the hot paths.
//   B+ tree through the engine (LocalStore in a scratch dir): inserts in key
//   order in one transaction, random lookups (warm), full scan (warm);
//   page codec (EncodePage/DecodePage of a full leaf), row record and key
//   codecs, bloom filter build/probe, CRC32C, SigV4 signing of a GET.
// Run: build-release/bin/s3lite_micro_bench [--benchmark_filter=REGEX]
#include <benchmark/benchmark.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_data.h"
#include "engine/chunk/bloom_filter.h"
#include "engine/db/database.h"
#include "engine/page/node.h"
#include "engine/store/local_store.h"
#include "engine/store/sigv4.h"
#include "engine/util/crc32c.h"
#include "engine/value/key_codec.h"
#include "engine/value/record.h"

namespace s3lite::bench {
namespace {

void Require(const Status& s, benchmark::State& state) {
  if (!s.ok()) state.SkipWithError(s.ToString().c_str());
}

std::vector<std::pair<std::string, std::string>> KeyValues(int64_t n) {
  std::vector<std::pair<std::string, std::string>> kv;
  for (const BenchRow& b : MakeRows(1, n)) {
    kv.emplace_back(EncodeRowid(b.id),
                    EncodeRecord(Row{Value::Integer(b.id), Value::Text(b.name), Value::Integer(b.age)}));
  }
  return kv;
}

// A database with one table tree of n rows, checkpointed and cached.
struct LoadedTree {
  std::unique_ptr<ScratchDir> dir;
  std::shared_ptr<Database> db;
  TreeId tree = 0;
  std::vector<std::pair<std::string, std::string>> kv;
};

LoadedTree LoadTree(int64_t n) {
  LoadedTree t;
  t.dir = std::make_unique<ScratchDir>("micro");
  t.kv = KeyValues(n);
  auto store = LocalStore::Open(t.dir->path());
  t.db = Database::Open(store.value(), DatabaseOptions{}).value();
  auto txn = t.db->Begin(TxnMode::kWrite).value();
  t.tree = txn->CreateTree(TreeKind::kTable).value();
  for (const auto& [k, v] : t.kv) (void)txn->Put(t.tree, k, v);
  (void)txn->Commit();
  (void)t.db->Checkpoint();
  return t;
}

void BM_BTreeInsertKeyOrder(benchmark::State& state) {
  auto kv = KeyValues(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    ScratchDir dir("micro");
    auto db = Database::Open(LocalStore::Open(dir.path()).value(), DatabaseOptions{}).value();
    state.ResumeTiming();
    auto txn = db->Begin(TxnMode::kWrite).value();
    TreeId tree = txn->CreateTree(TreeKind::kTable).value();
    for (const auto& [k, v] : kv) Require(txn->Put(tree, k, v), state);
    Require(txn->Commit(), state);
    state.PauseTiming();
    (void)db->Close();
    db.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_BTreeInsertKeyOrder)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_BTreeRandomLookupWarm(benchmark::State& state) {
  LoadedTree t = LoadTree(100000);
  auto txn = t.db->Begin(TxnMode::kRead).value();
  std::mt19937_64 rng(3);
  for (auto _ : state) {
    auto v = txn->Get(t.tree, t.kv[rng() % t.kv.size()].first);
    benchmark::DoNotOptimize(v);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BTreeRandomLookupWarm);

void BM_BTreeScanWarm(benchmark::State& state) {
  LoadedTree t = LoadTree(100000);
  auto txn = t.db->Begin(TxnMode::kRead).value();
  for (auto _ : state) {
    auto cur = txn->NewCursor(t.tree).value();
    Require(cur->SeekFirst(), state);
    size_t bytes = 0;
    while (cur->Valid()) {
      bytes += cur->value().size();
      Require(cur->Next(), state);
    }
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(state.iterations() * 100000);
}
BENCHMARK(BM_BTreeScanWarm)->Unit(benchmark::kMillisecond);

Node FullLeaf() {
  Node n;
  n.leaf = true;
  int64_t id = 1;
  for (const auto& [k, v] : KeyValues(400)) {
    LeafView e(k, v);
    if (n.bytes + LeafCellSize(e) > kPageSize) break;
    n.AppendEntry(e);
    n.Recompute();
    id++;
  }
  return n;
}

void BM_PageEncode(benchmark::State& state) {
  Node n = FullLeaf();
  std::string out;
  for (auto _ : state) {
    out.clear();
    Require(EncodePage(n, &out), state);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(state.iterations() * kPageSize);
  state.counters["cells"] = static_cast<double>(n.size());
}
BENCHMARK(BM_PageEncode);

void BM_PageDecode(benchmark::State& state) {
  Node n = FullLeaf();
  std::string page;
  Require(EncodePage(n, &page), state);
  const std::string object = "chunks/bench";
  for (auto _ : state) {
    auto r = DecodePage(page, 1 << 8, object);
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(state.iterations() * kPageSize);
}
BENCHMARK(BM_PageDecode);

void BM_RecordEncode(benchmark::State& state) {
  Row row{Value::Integer(123456), Value::Text("name654321"), Value::Integer(42)};
  std::string out;
  for (auto _ : state) {
    out.clear();
    EncodeRecord(row, &out);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_RecordEncode);

void BM_RecordDecode(benchmark::State& state) {
  std::string rec = EncodeRecord(Row{Value::Integer(123456), Value::Text("name654321"), Value::Integer(42)});
  Row row;
  for (auto _ : state) {
    Require(DecodeRecord(rec, &row), state);
    benchmark::DoNotOptimize(row);
  }
}
BENCHMARK(BM_RecordDecode);

void BM_KeyEncodeText(benchmark::State& state) {
  Value v = Value::Text("name654321");
  std::string out;
  for (auto _ : state) {
    out.clear();
    EncodeKey(v, &out);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_KeyEncodeText);

void BM_KeyDecodeText(benchmark::State& state) {
  std::string enc = EncodeKey(Value::Text("name654321"));
  Value v;
  for (auto _ : state) {
    std::string_view in = enc;
    Require(DecodeKey(&in, &v), state);
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_KeyDecodeText);

void BM_BloomBuild(benchmark::State& state) {
  auto kv = KeyValues(4096);
  for (auto _ : state) {
    BloomFilterBuilder b(10);
    for (const auto& [k, v] : kv) b.AddKey(k);
    benchmark::DoNotOptimize(b.Finish());
  }
  state.SetItemsProcessed(state.iterations() * 4096);
}
BENCHMARK(BM_BloomBuild);

void BM_BloomProbe(benchmark::State& state) {
  auto kv = KeyValues(4096);
  BloomFilterBuilder b(10);
  for (const auto& [k, v] : kv) b.AddKey(k);
  BloomFilter f(b.Finish());
  std::string miss = EncodeRowid(1 << 30);
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(f.MayContain((i++ & 1) ? miss : kv[i % kv.size()].first));
  }
}
BENCHMARK(BM_BloomProbe);

void BM_Crc32c(benchmark::State& state) {
  std::string data(static_cast<size_t>(state.range(0)), 'x');
  for (auto _ : state) benchmark::DoNotOptimize(crc32c::Value(data));
  state.SetBytesProcessed(state.iterations() * state.range(0));
  state.SetLabel(crc32c::IsHardwareAccelerated() ? "hardware" : "portable");
}
BENCHMARK(BM_Crc32c)->Arg(4096)->Arg(1 << 20);

void BM_SigV4SignGet(benchmark::State& state) {
  SigV4Request req;
  req.method = "GET";
  req.canonical_uri = "/s3lite-bench/db/chunks/00/0000000001-0000000042";
  req.headers = {{"host", "127.0.0.1:7480"},
                 {"x-amz-date", "20261121T070000Z"},
                 {"range", "bytes=0-1048575"},
                 {"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}};
  req.payload_hash = "UNSIGNED-PAYLOAD";
  for (auto _ : state) {
    benchmark::DoNotOptimize(SigV4Authorization(req, "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                                "us-east-1", "s3", "20261121T070000Z"));
  }
}
BENCHMARK(BM_SigV4SignGet);

}  // namespace
}  // namespace s3lite::bench

BENCHMARK_MAIN();
