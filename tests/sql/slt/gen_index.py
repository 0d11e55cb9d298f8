#!/usr/bin/env python3
"""Prototype in the style of test/index/{between,in,orderby,delete,commute}/N
of the sqllogictest corpus: tab0 with N rows, tab1..tab4 copies with
secondary indexes (DESC and multi-column), each query run on all five tables
under one label (so index paths must agree with full scans). For runtime
checks of the planner on the 1000/10000-row files:

  gen_index.py SEED N QUERIES > p.proto
  slt_oracle.py complete p.proto > p.test && s3lite_slt p.test
"""
import random, sys
R = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
N = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
out = ["hash-threshold 8", ""]
def st(sql): out.extend(["statement ok", sql, ""])
schema = "(pk INTEGER PRIMARY KEY, col0 INTEGER, col1 FLOAT, col2 TEXT, col3 INTEGER, col4 FLOAT, col5 TEXT)"
st("CREATE TABLE tab0" + schema)
w = lambda: "".join(R.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(5))
for pk in range(N):
    st("INSERT INTO tab0 VALUES(%d,%d,%.2f,'%s',%d,%.2f,'%s')" % (pk, R.randint(0, N - 1), R.uniform(0, N), w(), R.randint(0, N - 1), R.uniform(0, N), w()))
idx = {1: ["CREATE INDEX idx_tab1_0 on tab1 (col0)", "CREATE INDEX idx_tab1_1 on tab1 (col1)", "CREATE INDEX idx_tab1_3 on tab1 (col3)", "CREATE INDEX idx_tab1_4 on tab1 (col4)"],
       2: ["CREATE INDEX idx_tab2_0 ON tab2 (col3 DESC,col0 DESC)", "CREATE INDEX idx_tab2_1 ON tab2 (col1)", "CREATE INDEX idx_tab2_2 ON tab2 (col4 DESC,col3)", "CREATE INDEX idx_tab2_3 ON tab2 (col0)"],
       3: ["CREATE INDEX idx_tab3_0 ON tab3 (col1)", "CREATE INDEX idx_tab3_3 ON tab3 (col3,col4,col0)", "CREATE INDEX idx_tab3_4 ON tab3 (col0,col3)", "CREATE INDEX idx_tab3_5 ON tab3 (col4)"],
       4: ["CREATE INDEX idx_tab4_0 ON tab4 (col3,col0)", "CREATE INDEX idx_tab4_1 ON tab4 (col4 DESC,col0,col1 DESC)", "CREATE INDEX idx_tab4_2 ON tab4 (col4 DESC,col1)"]}
for t, ix in idx.items():
    st("CREATE TABLE tab%d%s" % (t, schema))
    for i in ix: st(i)
    st("INSERT INTO tab%d SELECT * FROM tab0" % t)
ic = lambda: R.randint(0, N - 1)
fc = lambda: "%.2f" % R.uniform(0, N)
def pred(d=0):
    r = R.random()
    c = R.choice(["col0", "col3", "col1", "col4"])
    v = ic() if c in ("col0", "col3") else fc()
    if d < 3 and r < 0.25:
        return "(%s %s %s)" % (pred(d + 1), R.choice(["AND", "OR"]), pred(d + 1))
    if r < 0.45:
        a, b = sorted([v, ic() if c in ("col0", "col3") else fc()], key=float)
        return "%s %sBETWEEN %s AND %s" % (c, R.choice(["", "", "NOT "]), a, b)
    if r < 0.6:
        return "%s IN (%s)" % (c, ",".join(str(ic()) for _ in range(R.randint(1, 8))))
    if r < 0.65:
        return "%s IN (SELECT col3 FROM tab0 WHERE col0 > %d)" % (c, ic())
    if r < 0.7:
        return "%s IS NULL" % c
    return "%s %s %s" % (c, R.choice(["<", "<=", ">", ">=", "=", "<>"]), v)
label = 0
for q in range(int(sys.argv[3]) if len(sys.argv) > 3 else 40):
    p = pred()
    kind = R.random()
    for t in range(5):
        if kind < 0.6:
            out.extend(["query I rowsort label-%d" % label, "SELECT pk FROM tab%d WHERE %s" % (t, p), "----", ""])
        elif kind < 0.8:
            out.extend(["query II nosort label-%d" % label, "SELECT pk, col0 FROM tab%d WHERE %s ORDER BY 2 DESC,1" % (t, p), "----", ""])
        elif kind < 0.9:
            out.extend(["query I nosort label-%d" % label, "SELECT count(*) FROM tab%d WHERE %s" % (t, p), "----", ""])
        else:
            out.extend(["query IR rowsort label-%d" % label, "SELECT col0, max(col1) FROM tab%d WHERE %s GROUP BY col0 HAVING count(*) > 1" % (t, p), "----", ""])
    label += 10
# delete-style tail
p = pred()
for t in range(5):
    st("DELETE FROM tab%d WHERE %s" % (t, p))
    out.extend(["query I rowsort label-%d" % label, "SELECT pk FROM tab%d WHERE %s" % (t, pred() if False else "col0 > %d" % (N // 2)), "----", ""])
print("\n".join(out))
