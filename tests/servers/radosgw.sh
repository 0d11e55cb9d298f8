#!/usr/bin/env bash
# A throw-away single-node Ceph cluster with radosgw (a real S3 server that
# verifies SigV4 and honours If-None-Match: *) on 127.0.0.1, for the S3 tests.
#
# Two ways to use it:
#   source tests/servers/radosgw.sh; radosgw_start; ...; radosgw_stop
#       (scripts/test does this). radosgw_start exports the variables below
#       into the calling shell; radosgw_stop kills the daemons by PID and
#       removes the temp dir. Both are idempotent.
#   tests/servers/radosgw.sh start | env | stop | status
#       standalone, for developers: `start` leaves the daemons running and
#       prints the environment; `eval "$(tests/servers/radosgw.sh env)"` loads
#       it into a shell; `stop` tears everything down. State lives in
#       $S3LITE_RGW_STATE (default /tmp/s3lite-radosgw-$UID.env).
#
# Exports: S3LITE_TEST_S3_ENDPOINT (http://127.0.0.1:PORT), S3LITE_TEST_S3_BUCKET,
# AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, S3LITE_RGW_DIR.
# The keys are fixed test keys of a throw-away user; nothing here is secret.
#
# Layout (facts from TESTING.md): mon + memstore OSD (RAM) + radosgw, auth
# "none" inside the cluster (radosgw still checks S3 signatures), msgr v1 only,
# ports chosen at random so several clusters can coexist on one machine.

S3LITE_RGW_ACCESS_KEY=${S3LITE_RGW_ACCESS_KEY:-S3LITETESTACCESSKEY0}
S3LITE_RGW_SECRET_KEY=${S3LITE_RGW_SECRET_KEY:-s3liteTestSecretKey0000000000000000000000}
S3LITE_RGW_BUCKET=${S3LITE_RGW_BUCKET:-s3lite-test}

_rgw_log() { echo "radosgw.sh: $*" >&2; }

# A TCP port nobody listens on (best effort; bind races are retried by the caller).
_rgw_free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# Runs a ceph CLI command, retrying: with auth none the first commands are
# occasionally refused while the monitor settles.
_rgw_ceph() {
  local out
  for _ in $(seq 1 10); do
    if out=$(timeout 5 ceph -c "$S3LITE_RGW_DIR/ceph.conf" "$@" 2>&1); then
      echo "$out"
      return 0
    fi
    sleep 0.2
  done
  _rgw_log "ceph $* failed: $out"
  return 1
}

_rgw_alive() {
  local f
  [[ -n "${S3LITE_RGW_DIR:-}" && -d "$S3LITE_RGW_DIR" ]] || return 1
  for f in mon osd rgw; do
    [[ -f "$S3LITE_RGW_DIR/$f.pid" ]] || return 1
    kill -0 "$(cat "$S3LITE_RGW_DIR/$f.pid")" 2>/dev/null || return 1
  done
}

# Starts a daemon in the foreground mode (-f) detached from the terminal,
# logging to DIR/NAME.out, and records its PID in DIR/NAME.pid.
_rgw_spawn() {
  local name=$1
  shift
  setsid "$@" </dev/null >"$S3LITE_RGW_DIR/$name.out" 2>&1 &
  echo $! >"$S3LITE_RGW_DIR/$name.pid"
}

_rgw_fail() {
  _rgw_log "$*"
  local f
  for f in "$S3LITE_RGW_DIR"/*.out "$S3LITE_RGW_DIR"/log/*.log; do
    [[ -s "$f" ]] || continue
    _rgw_log "--- tail of $f"
    tail -n 15 "$f" >&2
  done
  radosgw_stop
  return 1
}

_rgw_write_conf() {
  local d=$S3LITE_RGW_DIR
  cat >"$d/ceph.conf" <<EOF
[global]
fsid = $S3LITE_RGW_FSID
mon host = v1:127.0.0.1:$S3LITE_RGW_MON_PORT
public addr = 127.0.0.1
ms bind msgr2 = false
auth cluster required = none
auth service required = none
auth client required = none
run dir = $d/run
log file = $d/log/\$name.log
admin socket = $d/run/\$name.asok
pid file = $d/run/\$name.pid
crash dir = $d/crash
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
osd pool default pg num = 8
osd pool default pgp num = 8
osd crush chooseleaf type = 0
mon warn on pool no redundancy = false
paxos propose interval = 0.01
mon data avail warn = 1
mon data avail crit = 0
[mon.a]
mon data = $d/mon.a
[osd.0]
osd data = $d/osd.0
osd objectstore = memstore
memstore device bytes = 4294967296
osd crush update on start = false
osd class update on start = false
osd heartbeat grace = 60
[client.rgw.a]
rgw data = $d/rgw.a
rgw frontends = beast endpoint=127.0.0.1:$S3LITE_RGW_PORT tcp_nodelay=1
rgw dns name = localhost
rgw thread pool size = 64
rgw enable usage log = false
rgw max chunk size = 4194304
EOF
}

# Waits (bounded) until radosgw answers HTTP at all.
_rgw_wait_http() {
  for _ in $(seq 1 300); do
    if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$S3LITE_RGW_PORT/"; then return 0; fi
    kill -0 "$(cat "$S3LITE_RGW_DIR/rgw.pid")" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

_rgw_export() {
  export S3LITE_RGW_DIR
  export S3LITE_TEST_S3_ENDPOINT="http://127.0.0.1:$S3LITE_RGW_PORT"
  export S3LITE_TEST_S3_BUCKET=$S3LITE_RGW_BUCKET
  export AWS_ACCESS_KEY_ID=$S3LITE_RGW_ACCESS_KEY
  export AWS_SECRET_ACCESS_KEY=$S3LITE_RGW_SECRET_KEY
  export AWS_REGION=us-east-1
}

_rgw_print_env() {
  cat <<EOF
export S3LITE_RGW_DIR=$S3LITE_RGW_DIR
export S3LITE_TEST_S3_ENDPOINT=http://127.0.0.1:$S3LITE_RGW_PORT
export S3LITE_TEST_S3_BUCKET=$S3LITE_RGW_BUCKET
export AWS_ACCESS_KEY_ID=$S3LITE_RGW_ACCESS_KEY
export AWS_SECRET_ACCESS_KEY=$S3LITE_RGW_SECRET_KEY
export AWS_REGION=us-east-1
EOF
}

# Creates the test bucket with a SigV4-signed PUT (curl signs it).
_rgw_create_bucket() {
  local code
  for _ in $(seq 1 50); do
    code=$(curl -s -o "$S3LITE_RGW_DIR/bucket.out" -w '%{http_code}' --max-time 10 \
      --aws-sigv4 "aws:amz:us-east-1:s3" --user "$S3LITE_RGW_ACCESS_KEY:$S3LITE_RGW_SECRET_KEY" \
      -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" \
      -X PUT "http://127.0.0.1:$S3LITE_RGW_PORT/$S3LITE_RGW_BUCKET") || code=000
    if [[ "$code" == 200 ]] || grep -q BucketAlreadyOwnedByYou "$S3LITE_RGW_DIR/bucket.out" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  _rgw_log "creating bucket $S3LITE_RGW_BUCKET failed: HTTP $code $(cat "$S3LITE_RGW_DIR/bucket.out" 2>/dev/null)"
  return 1
}

# Kills clusters left behind by test runs that died without radosgw_stop
# (e.g. SIGKILL): their owner shell is gone. Standalone clusters (owner
# "standalone") are left alone.
_rgw_reap_orphans() {
  local d owner f
  for d in "${TMPDIR:-/tmp}"/s3lite-rgw.*; do
    [[ -f "$d/owner" ]] || continue
    owner=$(cat "$d/owner")
    [[ "$owner" == standalone ]] && continue
    kill -0 "$owner" 2>/dev/null && continue
    for f in rgw osd mon; do
      [[ -f "$d/$f.pid" ]] && kill -KILL "$(cat "$d/$f.pid")" 2>/dev/null
    done
    rm -rf "$d"
  done
  return 0
}

# One bootstrap attempt into a fresh temp dir with fresh ports. On failure
# sets _RGW_WHY and returns 1, leaving the dir for the caller to inspect.
_rgw_bootstrap() {
  local deadline=$((SECONDS + ${S3LITE_RGW_ATTEMPT_TIMEOUT:-40}))
  S3LITE_RGW_DIR=$(mktemp -d "${TMPDIR:-/tmp}/s3lite-rgw.XXXXXX")
  export S3LITE_RGW_DIR
  mkdir -p "$S3LITE_RGW_DIR"/{run,log,crash,mon.a,osd.0,rgw.a}
  echo "${S3LITE_RGW_OWNER:-$$}" >"$S3LITE_RGW_DIR/owner"
  S3LITE_RGW_FSID=$(cat /proc/sys/kernel/random/uuid)
  S3LITE_RGW_MON_PORT=$(_rgw_free_port) || { _RGW_WHY="no free port"; return 1; }
  S3LITE_RGW_PORT=$(_rgw_free_port) || { _RGW_WHY="no free port"; return 1; }
  while [[ "$S3LITE_RGW_PORT" == "$S3LITE_RGW_MON_PORT" ]]; do S3LITE_RGW_PORT=$(_rgw_free_port); done
  echo "$S3LITE_RGW_PORT" >"$S3LITE_RGW_DIR/rgw.port"
  _rgw_write_conf
  local conf=$S3LITE_RGW_DIR/ceph.conf

  # Monitor.
  monmaptool --create --fsid "$S3LITE_RGW_FSID" --addv a "[v1:127.0.0.1:$S3LITE_RGW_MON_PORT]" \
    "$S3LITE_RGW_DIR/monmap" >/dev/null 2>&1 || { _RGW_WHY="monmaptool failed"; return 1; }
  ceph-mon -c "$conf" --mkfs -i a --monmap "$S3LITE_RGW_DIR/monmap" >"$S3LITE_RGW_DIR/mkfs-mon.out" 2>&1 ||
    { _RGW_WHY="ceph-mon --mkfs failed"; return 1; }
  _rgw_spawn mon ceph-mon -c "$conf" -i a -f

  # OSD (in memory).
  local uuid
  uuid=$(cat /proc/sys/kernel/random/uuid)
  _rgw_ceph osd new "$uuid" >/dev/null || { _RGW_WHY="ceph osd new failed"; return 1; }
  _rgw_ceph osd crush add osd.0 1.0 root=default >/dev/null || { _RGW_WHY="ceph osd crush add failed"; return 1; }
  ceph-osd -c "$conf" -i 0 --mkfs --osd-uuid "$uuid" >"$S3LITE_RGW_DIR/mkfs-osd.out" 2>&1 ||
    { _RGW_WHY="ceph-osd --mkfs failed"; return 1; }
  _rgw_spawn osd ceph-osd -c "$conf" -i 0 -f
  local up=0
  while ((SECONDS < deadline)); do
    if _rgw_ceph osd stat 2>/dev/null | grep -q "1 up"; then up=1; break; fi
    kill -0 "$(cat "$S3LITE_RGW_DIR/osd.pid")" 2>/dev/null || break
    sleep 0.1
  done
  ((up)) || { _RGW_WHY="OSD did not come up"; return 1; }

  # Gateway, user, bucket.
  _rgw_spawn rgw radosgw -c "$conf" -n client.rgw.a -f
  _rgw_wait_http || { _RGW_WHY="radosgw did not answer on port $S3LITE_RGW_PORT"; return 1; }
  local ok=0
  while ((SECONDS < deadline)); do
    if timeout 20 radosgw-admin -c "$conf" user create --uid=s3lite-test --display-name="s3lite tests" \
      --access-key="$S3LITE_RGW_ACCESS_KEY" --secret-key="$S3LITE_RGW_SECRET_KEY" \
      >"$S3LITE_RGW_DIR/user.out" 2>&1; then ok=1; break; fi
    if grep -q "already exists" "$S3LITE_RGW_DIR/user.out"; then ok=1; break; fi
    sleep 0.2
  done
  ((ok)) || { _RGW_WHY="radosgw-admin user create failed: $(tail -n 3 "$S3LITE_RGW_DIR/user.out")"; return 1; }
  _rgw_create_bucket || { _RGW_WHY="bucket creation failed"; return 1; }
}

radosgw_start() {
  if _rgw_alive; then
    _rgw_export
    return 0
  fi
  _rgw_reap_orphans
  local b
  for b in ceph-mon ceph-osd radosgw radosgw-admin monmaptool ceph curl; do
    if ! command -v "$b" >/dev/null; then
      _rgw_log "$b not found: run scripts/deps --test (installs ceph-mon ceph-osd radosgw)"
      return 1
    fi
  done
  local t0=$SECONDS attempt
  # A fresh cluster occasionally fails to bootstrap on a loaded machine;
  # a new attempt (new dir, new ports) is cheap.
  for attempt in 1 2 3; do
    _RGW_WHY=""
    if _rgw_bootstrap; then
      _rgw_export
      _rgw_print_env >"$S3LITE_RGW_DIR/env"
      _rgw_log "radosgw ready at $S3LITE_TEST_S3_ENDPOINT (bucket $S3LITE_RGW_BUCKET) in $((SECONDS - t0)) s"
      return 0
    fi
    if ((attempt < 3)); then
      _rgw_log "attempt $attempt failed ($_RGW_WHY); retrying with a fresh cluster"
      radosgw_stop
    fi
  done
  _rgw_fail "could not start radosgw after 3 attempts: $_RGW_WHY"
  return 1
}

radosgw_stop() {
  local d=${S3LITE_RGW_DIR:-}
  [[ -n "$d" && -d "$d" ]] || return 0
  local f pid
  for f in rgw osd mon; do
    [[ -f "$d/$f.pid" ]] || continue
    pid=$(cat "$d/$f.pid")
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  # Not our children when stopped from another shell: wait (bounded) until gone.
  for _ in $(seq 1 50); do
    local alive=0
    for f in rgw osd mon; do
      [[ -f "$d/$f.pid" ]] && kill -0 "$(cat "$d/$f.pid")" 2>/dev/null && alive=1
    done
    ((alive)) || break
    sleep 0.05
  done
  # Only remove what we created (a mktemp dir of our naming).
  case "$d" in
    */s3lite-rgw.*) rm -rf "$d" ;;
  esac
  unset S3LITE_RGW_DIR
  return 0
}

# Standalone entry point (not taken when the file is sourced).
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -uo pipefail
  state=${S3LITE_RGW_STATE:-/tmp/s3lite-radosgw-$(id -u).env}
  case "${1:-}" in
    start)
      if [[ -f "$state" ]]; then
        # shellcheck disable=SC1090
        source "$state"
        if _rgw_alive; then cat "$state"; exit 0; fi
        radosgw_stop
      fi
      S3LITE_RGW_OWNER=standalone radosgw_start || exit 1
      _rgw_print_env >"$state"
      cat "$state"
      echo "# load with: eval \"\$($0 env)\"" >&2
      ;;
    env)
      [[ -f "$state" ]] || { echo "radosgw.sh: not running (run: $0 start)" >&2; exit 1; }
      cat "$state"
      ;;
    status)
      [[ -f "$state" ]] || { echo "not running"; exit 1; }
      # shellcheck disable=SC1090
      source "$state"
      if _rgw_alive; then echo "running at $S3LITE_TEST_S3_ENDPOINT"; else echo "dead"; exit 1; fi
      ;;
    stop)
      if [[ -f "$state" ]]; then
        # shellcheck disable=SC1090
        source "$state"
        radosgw_stop
        rm -f "$state"
      fi
      ;;
    *)
      echo "usage: $0 start|env|status|stop" >&2
      exit 2
      ;;
  esac
fi
