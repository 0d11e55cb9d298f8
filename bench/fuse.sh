#!/usr/bin/env bash
# FUSE figures for bench/run: `cat` of a table file vs `sqlite3 -csv`, and a
# `>>` append of CSV rows vs the same rows through the s3lite shell (.import).
#   bench/fuse.sh BIN_DIR [ROWS] [REPS]     prints a Markdown table on stdout
# Runs the two sides interleaved, REPS times each, and reports medians. The
# mount lives in a mktemp -d and is always unmounted (trap).
set -euo pipefail
BIN=$(realpath "$1")
ROWS=${2:-100000}
REPS=${3:-3}
WORK=$(mktemp -d /tmp/s3lite-bench-fuse-XXXXXX)
MNT="$WORK/mnt"
mkdir -p "$MNT"
cleanup() {
  if mountpoint -q "$MNT" 2>/dev/null; then fusermount3 -u "$MNT" 2>/dev/null || umount -l "$MNT" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# The data: the same rows as CSV (for append) and as an INSERT script.
python3 - "$ROWS" "$WORK" <<'PY'
import random, sys
n, work = int(sys.argv[1]), sys.argv[2]
rng = random.Random(1)
rows = ["%d,name%06d,%d" % (i, rng.randrange(1_000_000), rng.randrange(18, 90)) for i in range(1, n + 1)]
open(work + "/rows.csv", "w").write("\n".join(rows) + "\n")
with open(work + "/load.sql", "w") as f:
    f.write("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, age INT);\nBEGIN;\n")
    for i in range(0, n, 1000):
        f.write("INSERT INTO t VALUES " + ",".join("(%s,'%s',%s)" % tuple(r.split(",")) for r in rows[i:i + 1000]) + ";\n")
    f.write("COMMIT;\n")
PY
sqlite3 "$WORK/ref.db" < "$WORK/load.sql"
"$BIN/s3lite" "$WORK/db" < "$WORK/load.sql" >/dev/null

mount_db() {  # mount_db DIR
  "$BIN/mount.s3lite" "$1" "$MNT"
  for _ in $(seq 1 100); do mountpoint -q "$MNT" && return 0; sleep 0.1; done
  echo "fuse.sh: mount of $1 did not appear" >&2
  return 1
}
unmount_db() {
  fusermount3 -u "$MNT"
  for _ in $(seq 1 100); do mountpoint -q "$MNT" || return 0; sleep 0.1; done
}

declare -a T_SQL T_CAT T_SHELL T_APP
mount_db "$WORK/db"
for r in $(seq 1 "$REPS"); do
  t0=$(now); sqlite3 -csv "$WORK/ref.db" 'SELECT * FROM t' >"$WORK/sqlite.csv"; t1=$(now)
  T_SQL+=("$(echo "$t1 - $t0" | bc -l)")
  t0=$(now); cat "$MNT/t.csv" >"$WORK/fuse.csv"; t1=$(now)
  T_CAT+=("$(echo "$t1 - $t0" | bc -l)")
done
# Same rows? (the table file has a header line; sqlite3 -csv without -header has none)
if ! tail -n +2 "$WORK/fuse.csv" | cmp -s - "$WORK/sqlite.csv"; then
  echo "fuse.sh: cat of t.csv differs from sqlite3 -csv output" >&2
fi
CSV_BYTES=$(stat -c %s "$WORK/sqlite.csv")
unmount_db

for r in $(seq 1 "$REPS"); do
  printf 'CREATE TABLE a%d(id INTEGER PRIMARY KEY, name TEXT, age INT);\n' "$r" | "$BIN/s3lite" "$WORK/db" >/dev/null
  printf 'CREATE TABLE s%d(id INTEGER PRIMARY KEY, name TEXT, age INT);\n' "$r" | "$BIN/s3lite" "$WORK/db" >/dev/null
done
for r in $(seq 1 "$REPS"); do
  t0=$(now); printf '.import --csv %s s%d\n' "$WORK/rows.csv" "$r" | "$BIN/s3lite" "$WORK/db" >/dev/null; t1=$(now)
  T_SHELL+=("$(echo "$t1 - $t0" | bc -l)")
  mount_db "$WORK/db"
  t0=$(now); cat "$WORK/rows.csv" >>"$MNT/a$r.csv"; t1=$(now)
  T_APP+=("$(echo "$t1 - $t0" | bc -l)")
  unmount_db
done
COUNT=$(printf 'SELECT COUNT(*) FROM a1;\n' | "$BIN/s3lite" "$WORK/db")
if [[ "$COUNT" != "$ROWS" ]]; then echo "fuse.sh: appended table has $COUNT rows, expected $ROWS" >&2; fi

sql=$(printf '%s\n' "${T_SQL[@]}" | median)
cat_=$(printf '%s\n' "${T_CAT[@]}" | median)
shell=$(printf '%s\n' "${T_SHELL[@]}" | median)
app=$(printf '%s\n' "${T_APP[@]}" | median)
awk -v rows="$ROWS" -v reps="$REPS" -v sql="$sql" -v cat_="$cat_" -v shell="$shell" -v app="$app" -v bytes="$CSV_BYTES" 'BEGIN {
  speed = sql / cat_; ratio = app / shell;
  printf "| operation (%d rows, %.1f MB CSV, median of %d, interleaved) | s3lite | baseline | ratio | target |\n", rows, bytes / 1e6, reps
  printf "| --- | ---: | ---: | ---: | --- |\n"
  printf "| `cat t.csv` on the mount vs `sqlite3 -csv ... SELECT * FROM t` | %.3f s | %.3f s | speed %.0f%% of sqlite3 | >= 50%% %s |\n", cat_, sql, 100 * speed, (speed >= 0.5 ? "met" : "MISSED")
  printf "| `cat rows.csv >> a.csv` on the mount vs shell `.import --csv` | %.3f s | %.3f s | %.2fx the shell | <= 2x %s |\n", app, shell, ratio, (ratio <= 2 ? "met" : "MISSED")
}'
