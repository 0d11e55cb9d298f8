#!/usr/bin/env python3
"""sqllogictest against sqlite3 itself (Python's sqlite3 module, the same
library as the sqlite3 shell): the oracle for s3lite_slt.

  slt_oracle.py verify FILE...     run each file on a fresh :memory: database
                                   and report records whose expected result
                                   sqlite3 does not reproduce (strict, as
                                   s3lite_slt compares)
  slt_oracle.py complete FILE      print FILE with every query's results
                                   replaced by sqlite3's (completion mode)

Rendering follows sqllogictest's SQLite module: NULL, 'I' = column_int
(32-bit), 'R' = sqlite3_snprintf("%.3f") of column_double, 'T' = text, "(empty)", '@' for bytes
outside ' '..'~'. Hash threshold and labels as in s3lite_slt.
"""
import hashlib
import re
import sqlite3
import sys

PRINTF = sqlite3.connect(":memory:")  # sqlite3's own printf renders 'R'
NUM_PREFIX = re.compile(rb"^\s*([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)")
INT_PREFIX = re.compile(rb"^\s*([+-]?\d+)")


def as_bytes(v):
    return v.encode() if isinstance(v, str) else bytes(v)


def to_int(v):
    if isinstance(v, int):
        x = v
    elif isinstance(v, float):
        x = 0 if v != v else int(max(min(v, 9.223372036854775e18), -9.223372036854775e18))
    else:
        m = INT_PREFIX.match(as_bytes(v))
        x = int(m.group(1)) if m else 0
        x = max(min(x, 2**63 - 1), -2**63)
    x &= 0xFFFFFFFF
    return x - (1 << 32) if x >= 1 << 31 else x


def to_real(v):
    if isinstance(v, (int, float)):
        return float(v)
    m = NUM_PREFIX.match(as_bytes(v))
    return float(m.group(1)) if m else 0.0


def real_text(d):
    s = "%.15g" % (d if d != 0 else 0.0)  # sqlite3 prints -0.0 as 0.0
    if "inf" in s:
        return "Inf" if d > 0 else "-Inf"
    if "." not in s and "e" not in s:
        s += ".0"
    elif "e" in s and "." not in s.split("e")[0]:
        m, e = s.split("e")
        s = m + ".0e" + e
    return s


def render(v, t):
    if v is None:
        return "NULL"
    if t == "I":
        return "%d" % to_int(v)
    if t == "R":  # sqlite3_snprintf, not Python's %: 16 digits, -0.0 -> 0.000
        return PRINTF.execute("SELECT printf('%.3f', ?)", (to_real(v),)).fetchone()[0]
    if isinstance(v, float):
        s = real_text(v)
    elif isinstance(v, int):
        s = str(v)
    else:
        b = as_bytes(v).split(b"\0")[0]
        s = "".join(chr(c) if 32 <= c <= 126 else "@" for c in b)
    return s if s else "(empty)"


def records(lines):
    i = 0
    while i < len(lines):
        while i < len(lines) and not lines[i].strip():
            i += 1
        start = i
        rec = []
        while i < len(lines) and lines[i].strip():
            if not lines[i].startswith("#"):
                rec.append(lines[i])
            i += 1
        if rec:
            yield start + 1, rec, (start, i)


def run(path, complete):
    lines = open(path, encoding="latin-1").read().split("\n")
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.text_factory = bytes  # text is not necessarily UTF-8 (x'ff' || '')
    threshold, labels, out, fails, total = 0, {}, [], 0, 0
    for line_no, rec, (a, b) in records(lines):
        head, skip = 0, False
        while head < len(rec) and rec[head].split()[0] in ("skipif", "onlyif"):
            tok = rec[head].split()
            match = len(tok) > 1 and tok[1].lower() == "sqlite"
            skip = skip or (match if tok[0] == "skipif" else not match)
            head += 1
        tok = rec[head].split() if head < len(rec) else [""]
        if complete and tok[0] not in ("query", "statement"):
            out.extend(lines[a:b] + [""])
        if skip:
            if complete and tok[0] in ("query", "statement"):
                out.extend(lines[a:b] + [""])
            continue
        if tok[0] == "hash-threshold":
            threshold = int(tok[1])
        elif tok[0] == "halt":
            break
        elif tok[0] == "statement":
            total += 1
            try:
                db.execute("\n".join(rec[head + 1:]))
                ok = True
            except (sqlite3.Error, sqlite3.Warning):
                ok = False
            if complete:
                out.extend(rec[:head] + ["statement " + ("ok" if ok else "error")] + rec[head + 1:] + [""])
                continue
            if ok != (tok[1] == "ok"):
                fails += 1
                print("%s:%d: statement %s" % (path, line_no, "failed" if tok[1] == "ok" else "succeeded"))
        elif tok[0] == "query":
            total += 1
            types, sort = tok[1], tok[2] if len(tok) > 2 else "nosort"
            label = tok[3] if len(tok) > 3 else ""
            sep = rec.index("----") if "----" in rec else len(rec)
            sql, expected = "\n".join(rec[head + 1:sep]), rec[sep + 1:]
            try:
                cur = db.execute(sql)
                rows = cur.fetchall()
                ncol = len(cur.description or [])
                if ncol != len(types):
                    raise sqlite3.Error("wrong number of result columns: expected %d but got %d" % (len(types), ncol))
                vals = [[render(v, types[k]) for k, v in enumerate(r)] for r in rows]
                err = None
            except (sqlite3.Error, sqlite3.Warning) as e:
                vals, err = [], str(e)
            if sort == "rowsort":
                vals.sort()
            flat = [v for r in vals for v in r]
            if sort == "valuesort":
                flat.sort()
            h = hashlib.md5("".join(v + "\n" for v in flat).encode("latin-1")).hexdigest()
            form = flat if not (threshold and len(flat) > threshold) else ["%d values hashing to %s" % (len(flat), h)]
            if complete and err is not None:  # sqlite3 rejects it: expect an error
                out.extend(rec[:head] + ["statement error"] + rec[head + 1:sep] + [""])
                continue
            if complete:
                out.extend(rec[:sep] + ["----"] + form + [""])
                continue
            ok = err is None
            if ok and label:
                ok = labels.setdefault(label, h) == h
            if ok and len(expected) == 1 and " values hashing to " in expected[0]:
                ok = expected[0] == "%d values hashing to %s" % (len(flat), h)
            elif ok:
                ok = expected == flat
            if not ok:
                fails += 1
                print("%s:%d: query %s" % (path, line_no, err or "wrong result"))
        else:
            fails += 1
            print("%s:%d: unknown record type %s" % (path, line_no, tok[0]))
            break
    if complete:
        sys.stdout.write("\n".join(out).rstrip("\n") + "\n")
    return total, fails


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("verify", "complete"):
        sys.exit(__doc__)
    if sys.argv[1] == "complete":
        run(sys.argv[2], True)
        return
    total = fails = 0
    for p in sys.argv[2:]:
        t, f = run(p, False)
        total, fails = total + t, fails + f
    print("sqlite3 %s: %d records, %d not reproduced" % (sqlite3.sqlite_version, total, fails))
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
