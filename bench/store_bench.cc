// s3lite_store_bench: whole-engine figures over a real store, printed as
// Markdown tables (stdout) plus gnuplot data files (--plot-dir).
//
//   s3lite_store_bench [--quick] [--rows N] [--plot-dir DIR]
//                      [--s3-endpoint URL --s3-bucket NAME]
//
// Stores: LocalStore (a scratch directory), LatencyStore over that directory
// with 20 ms and 50 ms first-byte latency (S3 Standard from outside and
// inside a region, roughly), and S3Store on radosgw when an endpoint is given
// (credentials from the environment, as tests/servers/radosgw.sh exports).
//
// For each store: bulk load, cold open, cold/same-leaf/warm point selects,
// random point selects from a cold cache, cold and warm full scans, the raw
// GET bandwidth of the store for the same chunks; then settings (cache pages,
// prefetch workers) vs requests and time, scaling 10k -> 1M rows, write
// amplification of random updates, and the engine-level targets of issue 3.
// Store requests come from ObjectStore::stats(): they do not depend on the
// machine and are the headline figure.
//
// Thread-safety: single-threaded driver (the engine uses its own workers).
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_data.h"
#include "engine/db/database.h"
#include "engine/store/latency_store.h"
#include "engine/store/local_store.h"
#include "engine/store/store_location.h"
#include "engine/value/key_codec.h"
#include "engine/value/record.h"
#include "sql/connection.h"

namespace s3lite::bench {
namespace {

using StoreFactory = std::function<Result<std::shared_ptr<ObjectStore>>()>;

struct StoreKind {
  std::string name;
  StoreFactory open;  // a fresh store object (fresh counters) over the same data
};

[[noreturn]] void Die(const std::string& what, const Status& s) {
  std::fprintf(stderr, "s3lite_store_bench: %s: %s\n", what.c_str(), s.ToString().c_str());
  std::exit(1);
}

template <typename T>
T Check(Result<T> r, const std::string& what) {
  if (!r.ok()) Die(what, r.status());
  return std::move(r).value();
}

void Check(const Status& s, const std::string& what) {
  if (!s.ok()) Die(what, s);
}

void Progress(const std::string& line) { std::fprintf(stderr, "  %s\n", line.c_str()); }

std::string Req(const StoreStatsSnapshot& s) {
  char buf[160];
  std::snprintf(buf, sizeof(buf), "%" PRIu64 " GET (%" PRIu64 " range), %" PRIu64 " PUT, %" PRIu64 " LIST, %" PRIu64
                " HEAD",
                s.gets(), s.requests[static_cast<int>(StoreOp::kRangeGet)], s.puts(),
                s.requests[static_cast<int>(StoreOp::kList)], s.requests[static_cast<int>(StoreOp::kHead)]);
  return buf;
}

std::string Bytes(uint64_t b) {
  char buf[32];
  if (b >= (1u << 20)) {
    std::snprintf(buf, sizeof(buf), "%.1f MiB", static_cast<double>(b) / (1 << 20));
  } else if (b >= 1024) {
    std::snprintf(buf, sizeof(buf), "%.1f KiB", static_cast<double>(b) / 1024);
  } else {
    std::snprintf(buf, sizeof(buf), "%" PRIu64 " B", b);
  }
  return buf;
}

std::string Ms(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), seconds < 0.01 ? "%.2f ms" : "%.0f ms", seconds * 1000);
  return buf;
}

std::string Fmt(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), fmt, v);
  return buf;
}

StoreStatsSnapshot Snap(ObjectStore& store) { return store.stats().Snapshot(); }

DatabaseOptions ReaderOptions(size_t cache_pages = 4096, int workers = 4) {
  DatabaseOptions o;
  o.read_only = true;
  o.create_if_missing = false;
  o.cache_pages = cache_pages;
  o.prefetch_workers = workers;
  return o;
}

// Loads `rows` into table t through SQL in one transaction (1,000-row
// INSERTs), then closes (final checkpoint). Returns the store counters.
struct LoadResult {
  double seconds = 0;
  StoreStatsSnapshot store;
  uint64_t csv_bytes = 0;
};

LoadResult Load(const StoreFactory& open, int64_t rows) {
  std::vector<BenchRow> data = MakeRows(1, rows);
  std::vector<std::string> inserts = InsertStatements(data);
  LoadResult out;
  out.csv_bytes = CsvBytes(data);
  data.clear();
  auto store = Check(open(), "open store");
  StoreStatsSnapshot s0 = Snap(*store);
  Stopwatch sw;
  auto db = Check(Database::Open(store, DatabaseOptions{}), "open database for load");
  {
    auto conn = Check(Connection::Open(db), "connection");
    Check(RunSql(*conn, kCreateTable), "create table");
    Check(RunSql(*conn, "BEGIN"), "begin");
    for (const std::string& sql : inserts) Check(RunSql(*conn, sql), "insert");
    Check(RunSql(*conn, "COMMIT"), "commit");
  }
  Check(db->Close(), "close after load");
  out.seconds = sw.seconds();
  out.store = Snap(*store) - s0;
  return out;
}

struct Timed {
  double seconds = 0;
  StoreStatsSnapshot store;
};

Timed TimeSql(Connection& conn, ObjectStore& store, const std::string& sql, int64_t expect_rows = -1) {
  StoreStatsSnapshot s0 = Snap(store);
  Stopwatch sw;
  int64_t n = 0;
  Check(RunSql(conn, sql, &n), sql);
  Timed t{sw.seconds(), Snap(store) - s0};
  if (expect_rows >= 0 && n != expect_rows) {
    std::fprintf(stderr, "s3lite_store_bench: %s returned %" PRId64 " rows, expected %" PRId64 "\n", sql.c_str(), n,
                 expect_rows);
    std::exit(1);
  }
  return t;
}

std::string PointSql(int64_t id) { return "SELECT name, age FROM t WHERE id = " + std::to_string(id); }
constexpr const char* kScanSql = "SELECT COUNT(*), MAX(name), SUM(age) FROM t";

// Random point selects on `conn`; returns the total.
Timed RandomSelects(Connection& conn, ObjectStore& store, int64_t rows, int n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  Timed total;
  for (int i = 0; i < n; i++) {
    Timed t = TimeSql(conn, store, PointSql(1 + static_cast<int64_t>(rng() % static_cast<uint64_t>(rows))), 1);
    total.seconds += t.seconds;
    total.store.requests[0] += t.store.requests[0];
    total.store.requests[1] += t.store.requests[1];
    total.store.bytes_read += t.store.bytes_read;
  }
  return total;
}

// GETs every chunk object with `threads` threads; returns seconds and bytes.
Timed RawGetAll(ObjectStore& store, int threads) {
  auto list = Check(store.List("chunks/"), "list chunks");
  StoreStatsSnapshot s0 = Snap(store);
  Stopwatch sw;
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < std::max(1, threads); t++) {
    pool.emplace_back([&] {
      for (size_t i = next++; i < list.size(); i = next++) Check(store.Get(list[i].key), "get " + list[i].key);
    });
  }
  for (auto& th : pool) th.join();
  return {sw.seconds(), Snap(store) - s0};
}

struct Figures {
  std::string store;
  LoadResult load;
  Timed open, cold_select, same_leaf, warm_select, random_cold, cold_scan, warm_scan, raw_get;
  int random_n = 0;
};

Figures Measure(const StoreKind& kind, int64_t rows, int random_n, int workers) {
  Progress(kind.name + ": load " + std::to_string(rows) + " rows");
  Figures f;
  f.store = kind.name;
  f.random_n = random_n;
  f.load = Load(kind.open, rows);
  {
    Progress(kind.name + ": point selects");
    auto store = Check(kind.open(), "open store");
    StoreStatsSnapshot s0 = Snap(*store);
    Stopwatch sw;
    auto db = Check(Database::Open(store, ReaderOptions(4096, workers)), "open database");
    auto conn = Check(Connection::Open(db), "connection");
    f.open = {sw.seconds(), Snap(*store) - s0};
    int64_t id = rows / 2 + 17;
    f.cold_select = TimeSql(*conn, *store, PointSql(id), 1);
    f.same_leaf = TimeSql(*conn, *store, PointSql(id + 1), 1);
    f.warm_select = TimeSql(*conn, *store, PointSql(id), 1);
    f.random_cold = RandomSelects(*conn, *store, rows, random_n, 7);
    conn.reset();
    Check(db->Close(), "close");
  }
  {
    Progress(kind.name + ": scans");
    auto store = Check(kind.open(), "open store");
    auto db = Check(Database::Open(store, ReaderOptions(4096, workers)), "open database");
    auto conn = Check(Connection::Open(db), "connection");
    f.cold_scan = TimeSql(*conn, *store, kScanSql, 1);
    f.warm_scan = TimeSql(*conn, *store, kScanSql, 1);
    conn.reset();
    Check(db->Close(), "close");
  }
  {
    auto store = Check(kind.open(), "open store");
    f.raw_get = RawGetAll(*store, std::max(1, workers));
  }
  return f;
}

double MBps(uint64_t bytes, double seconds) { return seconds > 0 ? static_cast<double>(bytes) / 1e6 / seconds : 0; }

void PrintHeadline(const std::vector<Figures>& all, int64_t rows) {
  std::printf("### Store requests and time per operation (%" PRId64 " rows, cache 4096 pages, 4 prefetch workers)\n\n",
              rows);
  std::printf("Readers open the store read-only (no epoch PUT). \"Same leaf\" is the next id after the cold select; "
              "\"warm\" repeats the cold select. Random selects start from the cache the three selects left.\n\n");
  std::printf("| operation |");
  for (const Figures& f : all) std::printf(" %s |", f.store.c_str());
  std::printf("\n| --- |");
  for (size_t i = 0; i < all.size(); i++) std::printf(" --- |");
  std::printf("\n");
  auto row = [&](const char* name, const std::function<std::string(const Figures&)>& cell) {
    std::printf("| %s |", name);
    for (const Figures& f : all) std::printf(" %s |", cell(f).c_str());
    std::printf("\n");
  };
  row("bulk load (one txn + close)", [](const Figures& f) {
    return Ms(f.load.seconds) + ", " + Req(f.load.store) + ", " + Bytes(f.load.store.bytes_written) + " written";
  });
  row("bulk load MB/s (CSV bytes)", [](const Figures& f) { return Fmt("%.1f", MBps(f.load.csv_bytes, f.load.seconds)); });
  row("cold open (Database + Connection)", [](const Figures& f) { return Ms(f.open.seconds) + ", " + Req(f.open.store); });
  row("cold point select", [](const Figures& f) {
    return Ms(f.cold_select.seconds) + ", **" + std::to_string(f.cold_select.store.gets()) + " GET**, " +
           Bytes(f.cold_select.store.bytes_read);
  });
  row("2nd select, same leaf chunk", [](const Figures& f) {
    return Ms(f.same_leaf.seconds) + ", **" + std::to_string(f.same_leaf.store.gets()) + " GET**";
  });
  row("warm point select", [](const Figures& f) {
    return Ms(f.warm_select.seconds) + ", **" + std::to_string(f.warm_select.store.gets()) + " GET**";
  });
  row("random point selects (per select)", [](const Figures& f) {
    return Ms(f.random_cold.seconds / f.random_n) + ", " +
           Fmt("%.2f GET", static_cast<double>(f.random_cold.store.gets()) / f.random_n) + " (" +
           std::to_string(f.random_n) + " selects)";
  });
  row("cold full scan", [](const Figures& f) {
    return Ms(f.cold_scan.seconds) + ", " + std::to_string(f.cold_scan.store.gets()) + " GET, " +
           Bytes(f.cold_scan.store.bytes_read);
  });
  row("cold scan MB/s (store bytes)", [](const Figures& f) {
    return Fmt("%.1f", MBps(f.cold_scan.store.bytes_read, f.cold_scan.seconds));
  });
  row("raw GET of all chunks (4 threads)", [](const Figures& f) {
    return Ms(f.raw_get.seconds) + ", " + std::to_string(f.raw_get.store.gets()) + " GET, " +
           Fmt("%.1f MB/s", MBps(f.raw_get.store.bytes_read, f.raw_get.seconds));
  });
  row("cold scan / raw GET time (target <= 1.5)", [](const Figures& f) {
    double r = f.cold_scan.seconds / std::max(1e-9, f.raw_get.seconds);
    if (f.store == "LocalStore") return Fmt("%.2fx", r) + " (n/a: local GETs are memcpy)";
    return Fmt("%.2fx", r) + (r <= 1.5 ? " met" : " MISSED");
  });
  row("warm full scan", [](const Figures& f) {
    return Ms(f.warm_scan.seconds) + ", " + std::to_string(f.warm_scan.store.gets()) + " GET";
  });
  std::printf("\n");
}

// Settings vs requests and time, on one store (normally LatencyStore 20 ms).
void SettingsTable(const StoreKind& kind, int64_t rows, int random_n, FILE* plot) {
  Progress("settings on " + kind.name);
  std::printf("### Settings vs requests and time (%s, %" PRId64 " rows)\n\n", kind.name.c_str(), rows);
  std::printf("Cold full scan and %d random point selects, each from a freshly opened read-only database. "
              "Fetching is chunk-aware in every row (a miss GETs the whole chunk and caches all its pages); "
              "0 prefetch workers means no read-ahead.\n\n",
              random_n);
  std::printf("| cache pages | prefetch workers | cold scan | scan GETs | %d random selects | GET per select |\n",
              random_n);
  std::printf("| ---: | ---: | ---: | ---: | ---: | ---: |\n");
  struct Setting {
    size_t cache;
    int workers;
  };
  const Setting settings[] = {{4096, 0}, {4096, 1}, {4096, 4}, {4096, 8}, {256, 4}, {65536, 4}};
  for (const Setting& s : settings) {
    Timed scan, sel;
    {
      auto store = Check(kind.open(), "open store");
      auto db = Check(Database::Open(store, ReaderOptions(s.cache, s.workers)), "open database");
      auto conn = Check(Connection::Open(db), "connection");
      scan = TimeSql(*conn, *store, kScanSql, 1);
    }
    {
      auto store = Check(kind.open(), "open store");
      auto db = Check(Database::Open(store, ReaderOptions(s.cache, s.workers)), "open database");
      auto conn = Check(Connection::Open(db), "connection");
      sel = RandomSelects(*conn, *store, rows, random_n, 11);
    }
    std::printf("| %zu | %d | %s | %" PRIu64 " | %s | %.2f |\n", s.cache, s.workers, Ms(scan.seconds).c_str(),
                scan.store.gets(), Ms(sel.seconds).c_str(), static_cast<double>(sel.store.gets()) / random_n);
    if (plot && s.cache == 4096) std::fprintf(plot, "%d %.4f %" PRIu64 "\n", s.workers, scan.seconds, scan.store.gets());
  }
  std::printf("\n");
}

void ScalingTable(const std::vector<int64_t>& sizes, FILE* plot) {
  std::printf("### Scaling (LocalStore; requests are the same on any store)\n\n");
  std::printf("| rows | load time | load PUTs | written | cold open+select | select GETs | cold scan | scan GETs | "
              "warm scan | on store |\n");
  std::printf("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  for (int64_t rows : sizes) {
    Progress("scaling " + std::to_string(rows));
    ScratchDir dir("scale");
    StoreFactory open = [&]() -> Result<std::shared_ptr<ObjectStore>> {
      S3LITE_ASSIGN_OR_RETURN(auto s, LocalStore::Open(dir.path()));
      return std::shared_ptr<ObjectStore>(s);
    };
    LoadResult load = Load(open, rows);
    Timed sel, scan, warm;
    uint64_t on_store = 0;
    {
      auto store = Check(open(), "open store");
      StoreStatsSnapshot s0 = Snap(*store);
      Stopwatch sw;
      auto db = Check(Database::Open(store, ReaderOptions()), "open database");
      auto conn = Check(Connection::Open(db), "connection");
      Check(RunSql(*conn, PointSql(rows / 3)), "select");
      sel = {sw.seconds(), Snap(*store) - s0};
    }
    {
      auto store = Check(open(), "open store");
      auto db = Check(Database::Open(store, ReaderOptions()), "open database");
      auto conn = Check(Connection::Open(db), "connection");
      scan = TimeSql(*conn, *store, kScanSql, 1);
      warm = TimeSql(*conn, *store, kScanSql, 1);
      for (const ObjectInfo& o : Check(store->List(""), "list")) on_store += o.size;
    }
    std::printf("| %" PRId64 " | %s | %" PRIu64 " | %s | %s | %" PRIu64 " | %s | %" PRIu64 " | %s | %s |\n", rows,
                Ms(load.seconds).c_str(), load.store.puts(), Bytes(load.store.bytes_written).c_str(),
                Ms(sel.seconds).c_str(), sel.store.gets(), Ms(scan.seconds).c_str(), scan.store.gets(),
                Ms(warm.seconds).c_str(), Bytes(on_store).c_str());
    if (plot) {
      std::fprintf(plot, "%" PRId64 " %.4f %.4f %.4f %" PRIu64 " %" PRIu64 "\n", rows, load.seconds, scan.seconds,
                   warm.seconds, sel.store.gets(), scan.store.gets());
      std::fflush(plot);
    }
    std::fflush(stdout);
  }
  std::printf("\n");
}

// Random single-row updates: bytes written to the store per byte of changed
// row data (the CSV bytes of the updated rows), WAL and checkpoint apart.
void WriteAmplification(int64_t rows, int updates) {
  Progress("write amplification");
  std::printf("### Write amplification of random updates (LocalStore, %" PRId64 " rows, %d updates)\n\n", rows,
              updates);
  std::printf("Row data = the CSV bytes of the updated rows (about %" PRIu64 " B each). WAL = bytes of the commit "
              "objects; checkpoint = chunks + manifest written by the checkpoint that follows.\n\n",
              CsvBytes(MakeRows(1, 1)));
  std::printf("| pattern | time | WAL PUTs | WAL bytes / row byte | checkpoint PUTs | checkpoint bytes / row byte | "
              "total |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  for (bool one_txn : {false, true}) {
    ScratchDir dir("wamp");
    StoreFactory open = [&]() -> Result<std::shared_ptr<ObjectStore>> {
      S3LITE_ASSIGN_OR_RETURN(auto s, LocalStore::Open(dir.path()));
      return std::shared_ptr<ObjectStore>(s);
    };
    Load(open, rows);
    auto store = Check(open(), "open store");
    DatabaseOptions o;
    o.checkpoint_wal_bytes = 1ull << 40;
    o.checkpoint_interval_ms = 1ll << 40;
    auto db = Check(Database::Open(store, o), "open database");
    auto conn = Check(Connection::Open(db), "connection");
    std::mt19937_64 rng(5);
    uint64_t row_bytes = 0;
    StoreStatsSnapshot s0 = Snap(*store);
    Stopwatch sw;
    if (one_txn) Check(RunSql(*conn, "BEGIN"), "begin");
    for (int i = 0; i < updates; i++) {
      int64_t id = 1 + static_cast<int64_t>(rng() % static_cast<uint64_t>(rows));
      Check(RunSql(*conn, "UPDATE t SET age = age + 1 WHERE id = " + std::to_string(id)), "update");
      row_bytes += CsvBytes(MakeRows(id, 1));
    }
    if (one_txn) Check(RunSql(*conn, "COMMIT"), "commit");
    StoreStatsSnapshot s1 = Snap(*store);
    Check(db->Checkpoint(), "checkpoint");
    double seconds = sw.seconds();
    StoreStatsSnapshot wal = s1 - s0, ckpt = Snap(*store) - s1;
    double rb = static_cast<double>(std::max<uint64_t>(1, row_bytes));
    std::printf("| %d updates, %s | %s | %" PRIu64 " | %.1f | %" PRIu64 " | %.1f | %.1f |\n", updates,
                one_txn ? "one transaction" : "autocommit each", Ms(seconds).c_str(), wal.puts(),
                wal.bytes_written / rb, ckpt.puts(), ckpt.bytes_written / rb,
                (wal.bytes_written + ckpt.bytes_written) / rb);
    conn.reset();
    Check(db->Close(), "close");
  }
  std::printf("\n");
}

// Issue 3's engine-level targets, through the Transaction API (no SQL).
void EngineLevel(int reps) {
  Progress("engine-level targets");
  constexpr int64_t kRows = 100000;
  std::vector<double> ins, look, scan, ins_cpu, look_cpu, scan_cpu;
  for (int r = 0; r < reps; r++) {
    ScratchDir dir("engine");
    auto store = Check(LocalStore::Open(dir.path()), "open store");
    auto db = Check(Database::Open(store, DatabaseOptions{}), "open database");
    std::vector<BenchRow> data = MakeRows(1, kRows);
    std::vector<std::pair<std::string, std::string>> kv;
    kv.reserve(data.size());
    for (const BenchRow& b : data) {
      kv.emplace_back(EncodeRowid(b.id),
                      EncodeRecord(Row{Value::Integer(b.id), Value::Text(b.name), Value::Integer(b.age)}));
    }
    TreeId tree = 0;
    {
      Stopwatch sw;
      auto txn = Check(db->Begin(TxnMode::kWrite), "begin");
      tree = Check(txn->CreateTree(TreeKind::kTable), "create tree");
      for (const auto& [k, v] : kv) Check(txn->Put(tree, k, v), "put");
      Check(txn->Commit(), "commit");
      ins.push_back(sw.seconds());
      ins_cpu.push_back(sw.cpu_seconds());
    }
    Check(db->Checkpoint(), "checkpoint");
    auto txn = Check(db->Begin(TxnMode::kRead), "begin read");
    auto scan_once = [&] {
      auto cur = Check(txn->NewCursor(tree), "cursor");
      Check(cur->SeekFirst(), "seek");
      int64_t n = 0;
      size_t bytes = 0;
      while (cur->Valid()) {
        bytes += cur->value().size();
        n++;
        Check(cur->Next(), "next");
      }
      if (n != kRows) Die("scan", Status::Internal("scan saw " + std::to_string(n) + " rows"));
      return bytes;
    };
    scan_once();  // warm the cache
    {
      Stopwatch sw;
      scan_once();
      scan.push_back(sw.seconds());
      scan_cpu.push_back(sw.cpu_seconds());
    }
    std::mt19937_64 rng(9);
    Stopwatch sw;
    for (int i = 0; i < 1000; i++) {
      auto v = txn->Get(tree, kv[rng() % kv.size()].first);
      if (!v.ok()) Die("get", v.status());
    }
    look.push_back(sw.seconds());
    look_cpu.push_back(sw.cpu_seconds());
    txn.reset();
    Check(db->Close(), "close");
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  std::printf("### Engine-level targets (issue 3; LocalStore, Transaction API, median of %d)\n\n", reps);
  std::printf("Wall time and process CPU time (all threads). The machine is shared, so wall time includes waiting "
              "for a core; CPU time is what the work costs.\n\n");
  std::printf("| operation | target | wall | verdict (wall) | CPU | verdict (CPU) |\n| --- | ---: | ---: | --- | ---: | --- |\n");
  auto line = [&](const char* what, double target, const std::vector<double>& wall, const std::vector<double>& cpu) {
    double w = median(wall), c = median(cpu);
    std::printf("| %s | %.2f s | %.4f s | %s | %.4f s | %s |\n", what, target, w, w <= target ? "met" : "MISSED", c,
                c <= target ? "met" : "MISSED");
  };
  line("100,000 rows inserted in key order, one transaction (incl. commit)", 0.15, ins, ins_cpu);
  line("1,000 random point lookups, warm", 0.03, look, look_cpu);
  line("full scan of 100,000 rows, warm", 0.03, scan, scan_cpu);
  std::printf("\n");
  std::fflush(stdout);
}

// A cold range scan with a column predicate (ScanHint::column_ranges): the
// zone maps in the chunk directory let the cursor skip leaf chunks before
// fetching them. Compared with a cold full scan of the same table.
void ColdPrunedScan(int64_t rows) {
  Progress("cold range scan with a column predicate");
  ScratchDir dir("pruned");
  TreeId tree = 0;
  {
    auto store = Check(LocalStore::Open(dir.path()), "open store");
    auto db = Check(Database::Open(store, DatabaseOptions{}), "open database");
    auto txn = Check(db->Begin(TxnMode::kWrite), "begin");
    tree = Check(txn->CreateTree(TreeKind::kTable), "create tree");
    for (const BenchRow& b : MakeRows(1, rows)) {
      Check(txn->Put(tree, EncodeRowid(b.id),
                     EncodeRecord(Row{Value::Integer(b.id), Value::Text(b.name), Value::Integer(b.age)})),
            "put");
    }
    Check(txn->Commit(), "commit");
    Check(db->Close(), "close");
  }
  auto run = [&](bool with_hint) {
    auto store = Check(LocalStore::Open(dir.path()), "open store");
    DatabaseOptions o;
    o.read_only = true;
    auto db = Check(Database::Open(store, o), "open database");
    auto txn = Check(db->Begin(TxnMode::kRead), "begin read");
    ScanHint hint;
    // Ids are loaded in key order: this range lives in one chunk.
    if (with_hint) hint.column_ranges.push_back({0, Value::Integer(rows / 2), Value::Integer(rows / 2 + 100)});
    EngineStats before = db->stats();
    auto cur = Check(txn->NewCursor(tree, hint), "cursor");
    Check(cur->SeekFirst(), "seek");
    while (cur->Valid()) Check(cur->Next(), "next");
    return db->stats() - before;
  };
  EngineStats full = run(false), pruned = run(true);
  std::printf("### Cold range scan with a column predicate (LocalStore, %" PRId64 " rows, fresh Database)\n\n", rows);
  std::printf("| scan | GETs | chunks fetched | chunks pruned |\n| --- | ---: | ---: | ---: |\n");
  std::printf("| full scan, no hint | %" PRIu64 " | %" PRIu64 " | %" PRIu64 " |\n", full.store.gets(),
              full.chunks_fetched, full.chunks_pruned);
  std::printf("| column 0 in [n/2, n/2+100] (1 chunk matches) | %" PRIu64 " | %" PRIu64 " | %" PRIu64 " |\n\n",
              pruned.store.gets(), pruned.chunks_fetched, pruned.chunks_pruned);
  std::fflush(stdout);
}

StoreFactory LocalFactory(const std::string& dir) {
  return [dir]() -> Result<std::shared_ptr<ObjectStore>> {
    S3LITE_ASSIGN_OR_RETURN(auto s, LocalStore::Open(dir));
    return std::shared_ptr<ObjectStore>(s);
  };
}

StoreFactory LatencyFactory(const std::string& dir, int ms) {
  return [dir, ms]() -> Result<std::shared_ptr<ObjectStore>> {
    S3LITE_ASSIGN_OR_RETURN(auto s, LocalStore::Open(dir));
    return std::shared_ptr<ObjectStore>(
        std::make_shared<LatencyStore>(std::shared_ptr<ObjectStore>(s), std::chrono::milliseconds(ms)));
  };
}

StoreFactory S3Factory(const std::string& endpoint, const std::string& location) {
  return [endpoint, location]() -> Result<std::shared_ptr<ObjectStore>> {
    StoreOptions o;
    o.location = location;
    o.endpoint_url = endpoint;
    o.force_path_style = true;
    return OpenStore(o);
  };
}

int Main(int argc, char** argv) {
  bool quick = false;
  int64_t rows = 0;
  std::string plot_dir, s3_endpoint, s3_bucket;
  std::string only;
  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "s3lite_store_bench: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--quick") {
      quick = true;
    } else if (a == "--rows") {
      rows = std::atoll(next().c_str());
    } else if (a == "--plot-dir") {
      plot_dir = next();
    } else if (a == "--s3-endpoint") {
      s3_endpoint = next();
    } else if (a == "--s3-bucket") {
      s3_bucket = next();
    } else if (a == "--only") {
      only = next();
    } else {
      std::fprintf(stderr,
                   "usage: s3lite_store_bench [--quick] [--rows N] [--plot-dir DIR] [--only SECTIONS]\n"
                   "                          [--s3-endpoint URL --s3-bucket NAME]\n"
                   "SECTIONS: comma list of engine,stores,settings,scaling,wamp\n");
      return 2;
    }
  }
  auto want = [&](const char* section) { return only.empty() || ("," + only + ",").find(std::string(",") + section + ",") != std::string::npos; };
  if (rows == 0) rows = 100000;
  const int64_t settings_rows = quick ? 200000 : 1000000;
  const int random_n = quick ? 50 : 200;
  auto open_plot = [&](const char* name) -> FILE* {
    if (plot_dir.empty()) return nullptr;
    return std::fopen((plot_dir + "/" + name).c_str(), "w");
  };

  if (want("engine")) EngineLevel(quick ? 1 : 3);
  if (want("engine")) ColdPrunedScan(quick ? 100000 : 1000000);

  ScratchDir local_dir("local");
  ScratchDir latency_dir("latency");
  if (want("stores")) {
    std::vector<StoreKind> kinds = {{"LocalStore", LocalFactory(local_dir.path())}};
    ScratchDir lat50("latency50");
    kinds.push_back({"LatencyStore 20 ms", LatencyFactory(latency_dir.path(), 20)});
    kinds.push_back({"LatencyStore 50 ms", LatencyFactory(lat50.path(), 50)});
    if (!s3_endpoint.empty() && !s3_bucket.empty()) {
      std::string loc = "s3://" + s3_bucket + "/bench-" + std::to_string(::getpid()) + "-" +
                        std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 1000000);
      kinds.push_back({"S3Store (radosgw)", S3Factory(s3_endpoint, loc)});
    }
    std::vector<Figures> all;
    for (const StoreKind& k : kinds) all.push_back(Measure(k, rows, random_n, 4));
    PrintHeadline(all, rows);
    FILE* plot = open_plot("requests.dat");
    if (plot) {
      for (const Figures& f : all) {
        std::fprintf(plot, "\"%s\" %" PRIu64 " %" PRIu64 " %" PRIu64 " %.2f\n", f.store.c_str(), f.open.store.total_requests(),
                     f.cold_select.store.gets(), f.same_leaf.store.gets(),
                     static_cast<double>(f.random_cold.store.gets()) / f.random_n);
      }
      std::fclose(plot);
    }
    std::fflush(stdout);
  }
  if (want("settings")) {
    ScratchDir dir("settings");
    StoreKind k{"LatencyStore 20 ms", LatencyFactory(dir.path(), 20)};
    Progress("settings: load " + std::to_string(settings_rows) + " rows");
    Load(LocalFactory(dir.path()), settings_rows);
    FILE* plot = open_plot("prefetch.dat");
    SettingsTable(k, settings_rows, quick ? 30 : 100, plot);
    if (plot) std::fclose(plot);
    std::fflush(stdout);
  }
  if (want("scaling")) {
    FILE* plot = open_plot("scaling.dat");
    std::vector<int64_t> sizes = quick ? std::vector<int64_t>{10000, 100000} : std::vector<int64_t>{10000, 100000, 1000000};
    ScalingTable(sizes, plot);
    if (plot) std::fclose(plot);
  }
  if (want("wamp")) WriteAmplification(rows, quick ? 200 : 1000);
  return 0;
}

}  // namespace
}  // namespace s3lite::bench

int main(int argc, char** argv) { return s3lite::bench::Main(argc, argv); }
