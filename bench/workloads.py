"""Workload definitions shared by bench/run: each workload is a setup script
(run once, untimed) and a timed script, fed to a shell's stdin.

Both sqlite3 and s3lite read the same SQL text, so the comparison is
whole-process and like for like. Data is deterministic (seeded).
"""
import random

ROWS = 100_000


def _rows(n, seed=1):
    rng = random.Random(seed)
    for i in range(1, n + 1):
        yield i, "name%06d" % rng.randrange(1_000_000), rng.randrange(18, 90)


def create_t():
    return "CREATE TABLE t(id INT PRIMARY KEY, name TEXT, age INT);\n"


def load_t(n, batch=1000, seed=1):
    out = ["BEGIN;\n"]
    buf = []
    for i, name, age in _rows(n, seed):
        buf.append("(%d,'%s',%d)" % (i, name, age))
        if len(buf) == batch:
            out.append("INSERT INTO t VALUES " + ",".join(buf) + ";\n")
            buf = []
    if buf:
        out.append("INSERT INTO t VALUES " + ",".join(buf) + ";\n")
    out.append("COMMIT;\n")
    return "".join(out)


def point_selects(n, rows, seed=2):
    rng = random.Random(seed)
    return "".join("SELECT name, age FROM t WHERE id = %d;\n" % rng.randrange(1, rows + 1) for _ in range(n))


def single_inserts(n, start):
    return "".join("INSERT INTO t VALUES (%d,'x%d',%d);\n" % (start + i, i, i % 70 + 18) for i in range(n))


def join_schema(n):
    rng = random.Random(3)
    s = ["CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT, city TEXT);\n",
         "CREATE TABLE orders(id INTEGER PRIMARY KEY, customer_id INT, product_id INT, qty INT);\n",
         "CREATE TABLE products(id INTEGER PRIMARY KEY, title TEXT, price REAL);\n",
         "CREATE INDEX orders_customer ON orders(customer_id);\n",
         "BEGIN;\n"]
    for i in range(1, n // 10 + 1):
        s.append("INSERT INTO customers VALUES (%d,'c%d','city%d');\n" % (i, i, i % 50))
    for i in range(1, 1001):
        s.append("INSERT INTO products VALUES (%d,'p%d',%.2f);\n" % (i, i, (i % 97) + 0.99))
    batch = []
    for i in range(1, n + 1):
        batch.append("(%d,%d,%d,%d)" % (i, rng.randrange(1, n // 10 + 1), rng.randrange(1, 1001), rng.randrange(1, 5)))
        if len(batch) == 1000:
            s.append("INSERT INTO orders VALUES " + ",".join(batch) + ";\n")
            batch = []
    if batch:
        s.append("INSERT INTO orders VALUES " + ",".join(batch) + ";\n")
    s.append("COMMIT;\n")
    return "".join(s)


# name -> (description, setup(rows) -> sql or None, timed(rows) -> sql, fresh_db)
# fresh_db: the timed script starts from an empty database (setup ignored).
def workloads(rows=ROWS, big=1_000_000):
    base = create_t() + load_t(rows)
    return [
        ("W1", "create t + %d rows (1,000-row INSERTs, one transaction)" % rows,
         None, create_t() + load_t(rows), True),
        ("W2", "1,000 point selects by primary key, one process",
         base, point_selects(1000, rows), False),
        ("W3", "COUNT(*), AVG(age) WHERE id BETWEEN 20000 AND 60000",
         base, "SELECT COUNT(*), AVG(age) FROM t WHERE id BETWEEN 20000 AND 60000;\n", False),
        ("W4", "SELECT age, COUNT(*) GROUP BY age ORDER BY age",
         base, "SELECT age, COUNT(*) FROM t GROUP BY age ORDER BY age;\n", False),
        ("W5", "fresh process, one point select",
         base, "SELECT name FROM t WHERE id = 4242;\n", False),
        ("autocommit", "1,000 single-row autocommit INSERTs (durable each)",
         base, single_inserts(1000, rows + 1), False),
        ("index-range", "indexed range: COUNT(*) WHERE age BETWEEN 30 AND 35",
         base + "CREATE INDEX t_age ON t(age);\n",
         "SELECT COUNT(*), MIN(name) FROM t WHERE age BETWEEN 30 AND 35;\n", False),
        ("join3", "3-table join with indexes (orders x customers x products)",
         join_schema(rows),
         "SELECT c.city, SUM(o.qty * p.price) FROM orders o JOIN customers c ON c.id = o.customer_id "
         "JOIN products p ON p.id = o.product_id WHERE c.id BETWEEN 100 AND 400 GROUP BY c.city ORDER BY c.city;\n",
         False),
        ("groupby-1M", "GROUP BY over %d rows" % big,
         create_t() + load_t(big, seed=5), "SELECT age, COUNT(*), AVG(id) FROM t GROUP BY age;\n", False),
        ("load-1M", "bulk load of %d rows in one transaction" % big,
         None, create_t() + load_t(big, seed=5), True),
    ]
