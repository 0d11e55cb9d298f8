#!/usr/bin/env python3
"""Prototype in the style of test/select5.test: 64 tables tN(aN INTEGER PRIMARY
KEY, bN INTEGER, xN VARCHAR(40)), 10 rows each (bN a permutation of 1..10),
and k-way joins whose WHERE clause is a spanning tree of aI=bJ / bI=aJ terms
plus one aK=constant, each query in three FROM orders under one label (join order / runtime check):

  gen_select5.py SEED 4,16,64 > p.proto
  slt_oracle.py complete p.proto > p.test && s3lite_slt p.test
Labels repeat when a size is listed twice."""
import random, sys
R = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
sizes = [int(x) for x in sys.argv[2].split(',')] if len(sys.argv) > 2 else [4, 8, 16, 32, 64]
out = []
for t in range(1, 65):
    out += ["statement ok", "CREATE TABLE t%d(\n  a%d INTEGER PRIMARY KEY,\n  b%d INTEGER,\n  x%d VARCHAR(40)\n)" % (t, t, t, t), ""]
    perm = list(range(1, 11)); R.shuffle(perm)
    for i in range(10):
        out += ["statement ok", "INSERT INTO t%d VALUES(%d,%d,'table t%d row %d')" % (t, i + 1, perm[i], t, i + 1), ""]
for k in sizes:
    for q in range(2):
        tabs = R.sample(range(1, 65), k)
        conds = []
        for i in range(1, k):
            u, v = tabs[i], R.choice(tabs[:i])
            conds.append(R.choice(["a%d=b%d" % (u, v), "b%d=a%d" % (v, u), "b%d=a%d" % (u, v), "a%d=b%d" % (v, u)]))
        conds.append("a%d=%d" % (R.choice(tabs), R.randint(1, 10)))
        cols = ",".join("x%d" % t for t in R.sample(tabs, k))
        for rep in range(3):
            R.shuffle(tabs); R.shuffle(conds)
            out += ["query %s valuesort join-%d-%d" % ("T" * k, k, q), "SELECT %s\n  FROM %s\n WHERE %s" % (cols, ",".join("t%d" % t for t in tabs), "\n   AND ".join(conds)), "----", ""]
print("\n".join(out))
