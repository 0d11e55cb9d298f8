// s3lite-admin doctor [--rounds N] [--json] STORE
// Probes a store before it is trusted with a database:
//   1. the location parses and the store opens (URL, credentials found)
//   2. one request reaches it (endpoint, bucket, credentials accepted)
//   3. latency of PUT / GET / HEAD / LIST / DELETE on small probe objects
//   4. put-if-absent: a second PutIfAbsent on an existing key must be
//      refused, and of two racing PutIfAbsent on a fresh key exactly one
//      must win (repeated --rounds times) and the stored bytes must be the
//      winner's
// then deletes every probe key (under "doctor-probe/<random>/") and prints
// a verdict. Exit status 0 only when every check passed.
#include <algorithm>
#include <barrier>
#include <chrono>
#include <cstdio>
#include <random>
#include <thread>

#include "cli/admin/admin_command.h"

namespace s3lite {
namespace {

int g_rounds = 5;

struct Check {
  std::string name;
  bool ok = true;
  std::string detail;
};

double MedianMs(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

void Setup(CLI::App* sub) {
  sub->add_option("--rounds", g_rounds, "Latency samples and put-if-absent races")
      ->capture_default_str()->check(CLI::Range(1, 100));
}

int Run(AdminContext& ctx) {
  std::vector<Check> checks;
  Progress progress(ctx.quiet);
  auto finish = [&](const std::string& location, const std::string& verdict, bool ok) {
    progress.Done();
    if (ctx.json) {
      nlohmann::json list = nlohmann::json::array();
      for (const Check& c : checks) list.push_back({{"check", c.name}, {"ok", c.ok}, {"detail", c.detail}});
      PrintJson({{"store", location}, {"checks", list}, {"verdict", verdict}, {"ok", ok}});
    } else {
      for (const Check& c : checks) {
        std::printf("[%s] %-22s %s\n", c.ok ? " ok " : "FAIL", c.name.c_str(), c.detail.c_str());
      }
      std::printf("verdict: %s\n", verdict.c_str());
    }
    return ok ? 0 : 1;
  };

  Result<StoreOptions> options = ctx.store.BuildStoreOptions();
  if (!options.ok()) return AdminFail(options.status());
  std::string location = options->location;
  progress.Update("opening " + location);
  auto opened = OpenStore(*options);
  if (!opened.ok()) {
    checks.push_back({"open", false, opened.status().message()});
    return finish(location, "FAIL: the store cannot be opened (location or credentials)", false);
  }
  std::shared_ptr<ObjectStore> store = *opened;
  checks.push_back({"open", true, store->Describe()});

  progress.Update("contacting " + location);
  auto t0 = std::chrono::steady_clock::now();
  Status reach = CheckStoreReachable(*store);
  double reach_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (!reach.ok()) {
    checks.push_back({"reachable", false, reach.message()});
    return finish(location, "FAIL: the store does not answer (endpoint, bucket or credentials)", false);
  }
  char buf[256];
  std::snprintf(buf, sizeof buf, "answered in %.1f ms", reach_ms);
  checks.push_back({"reachable", true, buf});

  std::mt19937_64 rng(std::random_device{}());
  char id[32];
  std::snprintf(id, sizeof id, "%016llx", static_cast<unsigned long long>(rng()));
  const std::string base = std::string("doctor-probe/") + id + "/";
  std::vector<std::string> written;

  // Latency.
  std::vector<double> put_ms, get_ms, head_ms, list_ms, del_ms;
  const std::string payload(4096, 'x');
  bool io_ok = true;
  std::string io_error;
  auto timed = [&](std::vector<double>* into, auto&& fn) {
    auto s = std::chrono::steady_clock::now();
    Status st = fn();
    into->push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s).count());
    if (!st.ok() && io_ok) {
      io_ok = false;
      io_error = st.message();
    }
  };
  for (int i = 0; i < g_rounds && io_ok; ++i) {
    progress.Update("latency round " + std::to_string(i + 1) + "/" + std::to_string(g_rounds));
    std::string key = base + "latency-" + std::to_string(i);
    written.push_back(key);
    timed(&put_ms, [&] { return store->Put(key, payload); });
    timed(&get_ms, [&] {
      auto r = store->Get(key);
      if (r.ok() && *r != payload) return Status::Corruption("GET " + key + " returned different bytes");
      return r.status();
    });
    timed(&head_ms, [&] { return store->Head(key).status(); });
    timed(&list_ms, [&] { return store->List(base).status(); });
    timed(&del_ms, [&] { return store->Delete(key); });
  }
  if (!io_ok) {
    checks.push_back({"read/write", false, io_error});
  } else {
    std::snprintf(buf, sizeof buf, "median ms: PUT %.1f GET %.1f HEAD %.1f LIST %.1f DELETE %.1f (4 KiB, %d rounds)",
                  MedianMs(put_ms), MedianMs(get_ms), MedianMs(head_ms), MedianMs(list_ms), MedianMs(del_ms),
                  g_rounds);
    checks.push_back({"latency", true, buf});
  }

  // Put-if-absent: refusal of a second writer, then races.
  bool cas_ok = io_ok;
  if (io_ok) {
    progress.Update("put-if-absent: second writer");
    std::string key = base + "cas-existing";
    written.push_back(key);
    Status first = store->PutIfAbsent(key, "first");
    Status second = store->PutIfAbsent(key, "second");
    auto stored = store->Get(key);
    Check c{"put-if-absent refuse", true, ""};
    if (!first.ok()) {
      c = {"put-if-absent refuse", false, "first PutIfAbsent failed: " + first.message()};
    } else if (second.ok()) {
      c = {"put-if-absent refuse", false, "a second PutIfAbsent on an existing key succeeded"};
    } else if (!second.IsAlreadyExists()) {
      c = {"put-if-absent refuse", false, "second PutIfAbsent failed oddly: " + second.message()};
    } else if (!stored.ok() || *stored != "first") {
      c = {"put-if-absent refuse", false, "the existing object was overwritten"};
    } else {
      c.detail = "second writer refused (AlreadyExists), object untouched";
    }
    cas_ok = cas_ok && c.ok;
    checks.push_back(c);

    int clean_races = 0;
    std::string race_problem;
    for (int r = 0; r < g_rounds; ++r) {
      progress.Update("put-if-absent race " + std::to_string(r + 1) + "/" + std::to_string(g_rounds));
      std::string race_key = base + "cas-race-" + std::to_string(r);
      written.push_back(race_key);
      Status results[2];
      std::barrier sync(2);
      auto racer = [&](int i) {
        sync.arrive_and_wait();
        results[i] = store->PutIfAbsent(race_key, "writer-" + std::to_string(i));
      };
      std::thread a(racer, 0), b(racer, 1);
      a.join();
      b.join();
      int wins = results[0].ok() + results[1].ok();
      auto stored_race = store->Get(race_key);
      if (wins != 1) {
        race_problem = std::to_string(wins) + " of 2 racing writers won in round " + std::to_string(r + 1);
        for (const Status& s : results) {
          if (!s.ok() && !s.IsAlreadyExists()) race_problem += " (" + s.message() + ")";
        }
        break;
      }
      std::string winner = results[0].ok() ? "writer-0" : "writer-1";
      if (!stored_race.ok() || *stored_race != winner) {
        race_problem = "the stored object is not the winner's in round " + std::to_string(r + 1);
        break;
      }
      clean_races++;
    }
    Check race{"put-if-absent race", race_problem.empty(), ""};
    race.detail = race_problem.empty() ? "exactly one of two racing writers won, " + std::to_string(clean_races) +
                                             " of " + std::to_string(g_rounds) + " rounds"
                                       : race_problem;
    cas_ok = cas_ok && race.ok;
    checks.push_back(race);
  }

  // Cleanup.
  progress.Update("removing probe objects");
  Status del = store->DeleteMany(written);
  auto left = store->List(base);
  if (!del.ok() || !left.ok() || !left->empty()) {
    checks.push_back({"cleanup", false,
                      !del.ok() ? del.message()
                                : !left.ok() ? left.status().message()
                                             : std::to_string(left->size()) + " probe objects remain under " + base});
  } else {
    checks.push_back({"cleanup", true, "removed " + std::to_string(written.size()) + " probe keys"});
  }

  bool all_ok = std::all_of(checks.begin(), checks.end(), [](const Check& c) { return c.ok; });
  std::string verdict;
  if (!io_ok) {
    verdict = "FAIL: objects cannot be written and read back (see read/write)";
  } else if (!cas_ok) {
    verdict = "UNSAFE: this store does not honour put-if-absent; two writers could overwrite each other. "
              "Use it only with a single writer process.";
  } else if (!all_ok) {
    verdict = "WARNING: the store works, but see the failed checks above";
  } else {
    verdict = "OK: credentials, bucket and latency fine; put-if-absent refuses a second writer";
  }
  return finish(location, verdict, all_ok);
}

AdminCommandRegistration reg{"doctor", "Probe a store: credentials, bucket, latency, put-if-absent", Setup, Run};

}  // namespace
}  // namespace s3lite
