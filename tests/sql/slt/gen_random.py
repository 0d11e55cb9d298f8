#!/usr/bin/env python3
"""Generates sqllogictest prototype scripts in the style of the public corpus
(test/random/{expr,aggregates,groupby,select}, test/index/*): the same
schemas, the same expression grammar (unary chains, CAST, NULLIF, COALESCE,
CASE, aggregates with ALL/DISTINCT, IN, BETWEEN, IS NULL, subqueries, joins,
GROUP BY/HAVING, views, indexes with DESC columns). Complete them with
sqlite3 as the oracle and run them on s3lite:

  gen_random.py SEED N > p.proto
  slt_oracle.py complete p.proto > p.test
  s3lite_slt --errors p.test
"""
import random
import sys

R = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
N = int(sys.argv[2]) if len(sys.argv) > 2 else 500
KIND = sys.argv[3] if len(sys.argv) > 3 else "mixed"

INT_TABS = ["tab0", "tab1", "tab2"]
IDX_TABS = ["tab3", "tab4"]


def lit():
    r = R.random()
    if r < 0.75:
        return str(R.randint(0, 99))
    if r < 0.85:
        return "NULL"
    if r < 0.93:
        return "%d.%02d" % (R.randint(0, 99), R.randint(0, 99))
    return "'%s'" % R.choice(["abc", "", "12", "3.5", "x1"])


def col(cols, qual):
    c = R.choice(cols)
    return (qual + "." + c) if qual and R.random() < 0.3 else c


def unary(e):
    return " ".join(R.choice(["+", "-"]) for _ in range(R.randint(0, 2))) + (" " if True else "") + e


def expr(cols, qual, depth=0, agg=False):
    r = R.random()
    if depth > 2 or r < 0.3:
        base = col(cols, qual) if cols and R.random() < 0.6 else lit()
        return unary(base).strip()
    if r < 0.55:
        op = R.choice(["+", "-", "*", "/", "%", "*", "+"])
        return "%s %s %s" % (expr(cols, qual, depth + 1, agg), op, expr(cols, qual, depth + 1, agg))
    if r < 0.62:
        return "( %s )" % expr(cols, qual, depth + 1, agg)
    if r < 0.67:
        return "CAST ( %s AS %s )" % (expr(cols, qual, depth + 1, agg), R.choice(["INTEGER", "REAL", "TEXT", "NUMERIC", "SIGNED", "DECIMAL"]))
    if r < 0.71:
        return "NULLIF ( %s, %s )" % (expr(cols, qual, depth + 1, agg), expr(cols, qual, depth + 1, agg))
    if r < 0.75:
        return "COALESCE ( %s )" % ", ".join(expr(cols, qual, depth + 1, agg) for _ in range(R.randint(1, 3)))
    if r < 0.82:
        whens = " ".join("WHEN %s THEN %s" % (expr(cols, qual, depth + 1, agg), expr(cols, qual, depth + 1, agg)) for _ in range(R.randint(1, 2)))
        head = "" if R.random() < 0.5 else expr(cols, qual, depth + 1, agg) + " "
        tail = "" if R.random() < 0.4 else " ELSE " + expr(cols, qual, depth + 1, agg)
        if not head:
            whens = " ".join("WHEN %s THEN %s" % (cond(cols, qual, depth + 1), expr(cols, qual, depth + 1, agg)) for _ in range(R.randint(1, 2)))
        return "CASE %s%s%s END" % (head, whens, tail)
    if agg and r < 0.95:
        fn = R.choice(["COUNT", "SUM", "MIN", "MAX", "AVG", "TOTAL", "COUNT"])
        if fn == "COUNT" and R.random() < 0.4:
            return "COUNT ( * )"
        return "%s ( %s%s )" % (fn, R.choice(["", "ALL ", "DISTINCT "]), expr(cols, qual, 3, False))
    if r < 0.9:
        return "ABS ( %s )" % expr(cols, qual, depth + 1, agg)
    return "( SELECT %s ( %s ) FROM %s )" % (R.choice(["MAX", "MIN", "COUNT", "SUM"]), R.choice(["col0", "col1", "col2"]), R.choice(INT_TABS))


def cond(cols, qual, depth=0):
    r = R.random()
    e = lambda: expr(cols, qual, depth + 1)
    if depth < 2 and r < 0.15:
        return "%s %s %s" % (cond(cols, qual, depth + 1), R.choice(["AND", "OR"]), cond(cols, qual, depth + 1))
    if depth < 2 and r < 0.22:
        return "NOT %s" % cond(cols, qual, depth + 1)
    if r < 0.25:
        return "( %s )" % cond(cols, qual, depth + 1)
    if r < 0.55:
        return "%s %s %s" % (e(), R.choice(["=", "<>", "<", ">", "<=", ">=", "!=", "=="]), e())
    if r < 0.65:
        return "%s IS %sNULL" % (e(), R.choice(["", "NOT "]))
    if r < 0.78:
        return "%s %sBETWEEN %s AND %s" % (e(), R.choice(["", "NOT "]), e(), e())
    if r < 0.9:
        return "%s %sIN ( %s )" % (e(), R.choice(["", "NOT "]), ", ".join(e() for _ in range(R.randint(1, 4))))
    t = R.choice(INT_TABS)
    return "%s %sIN ( SELECT %s FROM %s )" % (e(), R.choice(["", "NOT "]), R.choice(["col0", "col1", "col2"]), t)


def setup_int():
    out = []
    for t in INT_TABS:
        out.append("statement ok\nCREATE TABLE %s(col0 INTEGER, col1 INTEGER, col2 INTEGER)" % t)
    for t in INT_TABS:
        for _ in range(3):
            out.append("statement ok\nINSERT INTO %s VALUES(%s)" % (t, ",".join(
                "NULL" if KIND == "complex" and R.random() < 0.15 else str(R.randint(0, 99)) for _ in range(3))))
    return out


def setup_idx():
    cols = "(pk INTEGER PRIMARY KEY, col0 INTEGER, col1 FLOAT, col2 TEXT, col3 INTEGER, col4 FLOAT, col5 TEXT)"
    out = []
    for t in IDX_TABS:
        out.append("statement ok\nCREATE TABLE %s%s" % (t, cols))
        for k in range(R.randint(1, 3)):
            cs = R.sample(["col0", "col1", "col3", "col4"], R.randint(1, 2))
            out.append("statement ok\nCREATE %sINDEX idx_%s_%d ON %s (%s)" % (
                "", t, k, t, ",".join(c + R.choice(["", " DESC", " ASC"]) for c in cs)))
    for pk in range(10):
        row = "%d,%d,%.2f,'%s',%d,%.2f,'%s'" % (pk, R.randint(0, 999), R.uniform(0, 999), "".join(R.choice("abcde") for _ in range(3)),
                                               R.randint(0, 999), R.uniform(0, 999), "".join(R.choice("vwxyz") for _ in range(3)))
        for t in IDX_TABS:
            out.append("statement ok\nINSERT INTO %s VALUES(%s)" % (t, row))
    return out


def q_expr():
    cols = []
    n = R.randint(1, 2)
    items = [expr(cols, None, 0, True) + (" AS col%d" % R.randint(0, 2) if R.random() < 0.3 else "") for _ in range(n)]
    return "SELECT %s%s" % (R.choice(["", "ALL ", "DISTINCT "]), ", ".join(items)), n


def q_select():
    t = R.choice(INT_TABS)
    alias = R.choice(["", " AS cor0", " cor0"])
    qual = alias.split()[-1] if alias else t
    cols = ["col0", "col1", "col2"]
    n = R.randint(1, 3)
    agg = R.random() < 0.3
    items = [expr(cols, qual, 0, agg) for _ in range(n)]
    sql = "SELECT %s%s FROM %s%s" % (R.choice(["", "ALL ", "DISTINCT "]), ", ".join(items), t, alias)
    if R.random() < 0.2:
        sql += ", %s AS cor1" % R.choice(INT_TABS)
    if R.random() < 0.7:
        sql += " WHERE " + cond(cols, qual)
    if agg and R.random() < 0.5:
        g = R.sample(cols, R.randint(1, 2))
        sql = "SELECT %s FROM %s%s" % (", ".join([col(g, qual)] + [expr(g, qual, 1, True) for _ in range(n - 1)]), t, alias)
        if R.random() < 0.5:
            sql += " WHERE " + cond(cols, qual)
        sql += " GROUP BY " + ", ".join(g)
        if R.random() < 0.4:
            sql += " HAVING " + cond(g, qual)
    return sql, n


def q_index():
    t = R.choice(IDX_TABS)
    cols = ["col0", "col1", "col3", "col4"]
    kind = R.random()
    if kind < 0.4:
        return "SELECT pk FROM %s WHERE %s" % (t, cond(cols, None)), 1
    if kind < 0.6:
        c = R.choice(cols)
        return "SELECT pk, %s FROM %s WHERE %s ORDER BY %s %s, pk" % (c, t, cond(cols, None), c, R.choice(["", "DESC", "ASC"])), 2
    if kind < 0.8:
        return "SELECT col2, col5 FROM %s WHERE col2 %s '%s' OR col5 %s '%s'" % (
            t, R.choice(["<", ">", "=", ">=", "LIKE"]), R.choice("abcde") + "%", R.choice(["<", ">", "="]), R.choice("vwxyz")), 2
    return "SELECT %s ( %s ) FROM %s WHERE %s" % (R.choice(["MIN", "MAX", "COUNT", "SUM", "AVG"]), R.choice(cols), t, cond(cols, None)), 1


def q_complex():
    """Joins, compound selects, ORDER BY/LIMIT, subqueries in FROM, EXISTS, views."""
    cols = ["col0", "col1", "col2"]
    a, b = R.sample(INT_TABS, 2) if R.random() < 0.7 else (R.choice(INT_TABS),) * 2
    k = R.random()
    if k < 0.25:
        join = R.choice(["JOIN", "LEFT JOIN", "INNER JOIN", "CROSS JOIN", "LEFT OUTER JOIN"])
        on = "" if join == "CROSS JOIN" else " ON %s" % cond(["cor0.col0", "cor1.col1", "cor0.col2", "cor1.col2"], None)
        sql = "SELECT cor0.%s, cor1.%s FROM %s AS cor0 %s %s AS cor1%s" % (R.choice(cols), R.choice(cols), a, join, b, on)
        if R.random() < 0.5:
            sql += " WHERE " + cond(["cor0.col1", "cor1.col0"], None)
        return sql, 2
    if k < 0.45:
        op = R.choice(["UNION", "UNION ALL", "INTERSECT", "EXCEPT"])
        sql = "SELECT %s FROM %s WHERE %s %s SELECT %s FROM %s" % (expr(cols, None, 1), a, cond(cols, None), op, expr(cols, None, 1), b)
        if R.random() < 0.5:
            sql += " ORDER BY 1%s" % R.choice(["", " DESC"])
            if R.random() < 0.5:
                sql += " LIMIT %d" % R.randint(0, 4)
        return sql, 1
    if k < 0.6:
        sql = "SELECT %s, %s FROM %s ORDER BY %s %s, %s LIMIT %d OFFSET %d" % (
            R.choice(cols), expr(cols, None, 1), a, R.choice(["1", "2", R.choice(cols), expr(cols, None, 2)]),
            R.choice(["", "ASC", "DESC"]), R.choice(cols), R.randint(0, 5), R.randint(0, 3))
        return sql, 2
    if k < 0.75:
        sql = "SELECT x, y FROM ( SELECT %s AS x, %s AS y FROM %s WHERE %s ) AS sub WHERE %s" % (
            expr(cols, None, 1), R.choice(cols), a, cond(cols, None), cond(["x", "y"], None))
        return sql, 2
    if k < 0.9:
        sql = "SELECT %s FROM %s AS cor0 WHERE %sEXISTS ( SELECT 1 FROM %s AS cor1 WHERE cor1.%s %s cor0.%s )" % (
            R.choice(cols), a, R.choice(["", "NOT "]), b, R.choice(cols), R.choice(["=", "<", ">"]), R.choice(cols))
        return sql, 1
    g = R.choice(cols)
    sql = "SELECT %s, %s ( %s%s ), COUNT ( * ) FROM %s GROUP BY %s HAVING %s ORDER BY 1" % (
        g, R.choice(["SUM", "MIN", "MAX", "AVG", "TOTAL", "COUNT", "GROUP_CONCAT"]), R.choice(["", "DISTINCT "]),
        R.choice(cols), a, g, cond([g], None))
    return sql, 3


def main():
    out = ["hash-threshold 8"] + setup_int() + setup_idx()
    for i in range(N):
        k = R.random() if KIND == "mixed" else {"expr": 0.1, "select": 0.5, "index": 0.9, "complex": 2}[KIND]
        sql, n = q_expr() if k < 0.3 else q_select() if k < 0.75 else q_index() if k < 1 else q_complex()
        types = "".join(R.choice("IIR") for _ in range(n))
        if "GROUP_CONCAT" in sql:
            types = types[0] + "T" + types[2:]
        if sql.startswith("SELECT pk, col2") or "col2, col5" in sql:
            types = "TT"
        elif sql.startswith("SELECT pk, "):
            types = "I" + R.choice("IR")
        out.append("query %s rowsort\n%s\n----" % (types, sql))
        if R.random() < 0.03 and k > 0.75:
            t = R.choice(IDX_TABS)
            out.append("statement ok\nUPDATE %s SET col0 = col0 + %d WHERE %s" % (t, R.randint(-9, 9), cond(["col0", "col3"], None)))
        if R.random() < 0.02 and k > 0.75:
            t = R.choice(IDX_TABS)
            out.append("statement ok\nDELETE FROM %s WHERE %s" % (t, cond(["col0", "col3", "col1"], None)))
    print("\n\n".join(out))


main()
