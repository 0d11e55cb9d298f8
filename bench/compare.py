#!/usr/bin/env python3
"""Side-by-side whole-process benchmark: s3lite (local store) vs sqlite3.

Usage: bench/compare.py --s3lite build-release/bin/s3lite [--quick] [--reps N] [--out FILE]

For each workload (bench/workloads.py) and each engine: build a fresh database
with the untimed setup script, then time the timed script fed to the shell's
stdin, as a whole process. Reports the median wall time over the repetitions,
the ratio s3lite/sqlite3, the child's peak RSS (wait4) and the bytes on disk.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import workloads  # noqa: E402


def run(cmd, sql):
    """Runs cmd with sql on stdin; returns (seconds, peak_rss_kib, cpu_seconds).

    The command runs under /usr/bin/time, which forks from a small process:
    a child forked from this Python process would report Python's RSS as its
    peak (ru_maxrss survives exec). The wall time includes that tiny fork.
    """
    with tempfile.TemporaryFile() as inp, tempfile.NamedTemporaryFile("r") as tf:
        inp.write(sql.encode())
        inp.seek(0)
        t0 = time.perf_counter()
        p = subprocess.Popen(["/usr/bin/time", "-q", "-f", "%M %U %S", "-o", tf.name] + cmd, stdin=inp,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(p.pid, 0)
        dt = time.perf_counter() - t0
        err = p.stderr.read().decode(errors="replace")
        p.stderr.close()
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            raise RuntimeError("%s exited %d: %s" % (cmd[0], code, err.strip()[:500]))
        # Peak RSS from time(1); CPU from wait4, which includes time(1)'s
        # reaped child at microsecond resolution (time(1) prints 10 ms units).
        kib = int(tf.read().split()[-3])
        return dt, kib, usage.ru_utime + usage.ru_stime


def disk_bytes(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total


class Engine:
    def __init__(self, name, argv_for):
        self.name = name
        self.argv_for = argv_for  # path -> argv


def measure_once(engine, wl, rep, workdir):
    """One repetition of `wl` on `engine`: (seconds, peak RSS KiB, bytes on disk)."""
    name, _desc, setup, timed, fresh = wl
    path = os.path.join(workdir, "%s-%s-%d" % (engine.name, name, rep))
    if not fresh and setup:
        run(engine.argv_for(path), setup)
    dt, kib, cpu = run(engine.argv_for(path), timed)
    disk = disk_bytes(path + ".db" if engine.name == "sqlite3" else path)
    for p in (path, path + ".db"):
        if os.path.isdir(p):
            shutil.rmtree(p)
        elif os.path.exists(p):
            os.remove(p)
    return dt, kib, disk, cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--s3lite", required=True)
    ap.add_argument("--sqlite3", default="sqlite3")
    ap.add_argument("--quick", action="store_true", help="100k rows, 200k for the big workloads, 1 repetition")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--only", default="", help="comma-separated workload names")
    ap.add_argument("--json", help="also write raw results as JSON here")
    args = ap.parse_args()

    rows, big, reps = (workloads.ROWS, 200_000, 1) if args.quick else (workloads.ROWS, 1_000_000, args.reps)
    wls = workloads.workloads(rows, big)
    if args.only:
        keep = set(args.only.split(","))
        wls = [w for w in wls if w[0] in keep]
    engines = [Engine("sqlite3", lambda p: [args.sqlite3, p + ".db"]),
               Engine("s3lite", lambda p: [args.s3lite, p])]
    results = []
    with tempfile.TemporaryDirectory(prefix="s3lite-bench-") as workdir:
        for wl in wls:
            row = {"workload": wl[0], "description": wl[1]}
            # Interleaved: sqlite3 then s3lite in every repetition, so machine
            # load drifts affect both sides alike.
            samples = {e.name: ([], [], 0, []) for e in engines}
            for r in range(reps):
                for e in engines:
                    t, kib, disk, cpu = measure_once(e, wl, r, workdir)
                    times, rss, _, cpus = samples[e.name]
                    times.append(t)
                    rss.append(kib)
                    cpus.append(cpu)
                    samples[e.name] = (times, rss, disk, cpus)
            for e in engines:
                times, rss, disk, cpus = samples[e.name]
                row[e.name] = {"seconds": statistics.median(times), "rss_kib": max(rss), "disk_bytes": disk,
                               "cpu_seconds": statistics.median(cpus), "all_seconds": times}
            row["cpu_ratio"] = row["s3lite"]["cpu_seconds"] / max(row["sqlite3"]["cpu_seconds"], 1e-3)
            row["ratio"] = row["s3lite"]["seconds"] / max(row["sqlite3"]["seconds"], 1e-9)
            results.append(row)
            print("%-12s sqlite3 %8.3fs  s3lite %8.3fs  ratio %5.2fx" %
                  (wl[0], row["sqlite3"]["seconds"], row["s3lite"]["seconds"], row["ratio"]), file=sys.stderr)

    targets = {"W1": 1.5, "W2": 1.5, "W3": 1.5, "W4": 1.5, "W5": 1.5}
    print("Wall = elapsed time of the whole process; CPU = user+system time of the process (all threads), "
          "steadier on a loaded machine. %d repetition(s), %d rows (%d for the 1M workloads)." % (reps, rows, big))
    print()
    print("| workload | what | sqlite3 | s3lite | wall ratio | CPU sqlite3 / s3lite | CPU ratio | target | peak RSS sqlite3 / s3lite | on disk sqlite3 / s3lite |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |")
    for r in results:
        tgt = targets.get(r["workload"])
        verdict = ""
        if tgt:
            verdict = ("<= %.1fx: wall %s, CPU %s" % (tgt, "met" if r["ratio"] <= tgt else "MISSED",
                                                      "met" if r["cpu_ratio"] <= tgt else "MISSED"))
        print("| %s | %s | %.3f s | %.3f s | %.2fx | %.3f / %.3f s | %.2fx | %s | %.1f / %.1f MB | %.1f / %.1f MB |" % (
            r["workload"], r["description"], r["sqlite3"]["seconds"], r["s3lite"]["seconds"], r["ratio"],
            r["sqlite3"]["cpu_seconds"], r["s3lite"]["cpu_seconds"], r["cpu_ratio"], verdict,
            r["sqlite3"]["rss_kib"] / 1024, r["s3lite"]["rss_kib"] / 1024,
            r["sqlite3"]["disk_bytes"] / 1e6, r["s3lite"]["disk_bytes"] / 1e6))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rows": rows, "big": big, "reps": reps, "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
