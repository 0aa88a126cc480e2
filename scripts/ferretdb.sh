#!/usr/bin/env bash
# A MongoDB-compatible server for machines without internet (or without a mongod binary):
# FerretDB 1.24.2, built once from the Go module proxy, on PostgreSQL when one answers, else on
# SQLite. PostgreSQL serves concurrent updates (SQLite answers some with SQLITE_BUSY) and reads
# several times faster (docs/performance.md); SQLite needs nothing installed.
#
#   scripts/ferretdb.sh build                 build (or reuse) the binary; prints its path
#   scripts/ferretdb.sh start [DATA_DIR]      start on a free 127.0.0.1 port; prints MONGODB_URI=...,
#                                             BACKEND=pg|sqlite and, on pg, PG_DATABASE=ferretdb_...
#   scripts/ferretdb.sh stop  [DATA_DIR]      stop the server started for DATA_DIR (data kept)
#   scripts/ferretdb.sh destroy [DATA_DIR]    stop it and drop its data (its PostgreSQL database too)
#   scripts/ferretdb.sh uri   [DATA_DIR]      print the MONGODB_URI of a running server
#
# Backend: FERRETDB_BACKEND=pg|sqlite forces one; otherwise (auto) PostgreSQL when it answers at
# FERRETDB_POSTGRESQL_URL (default postgres://<user>@127.0.0.1:5432/postgres), else SQLite. Each
# DATA_DIR gets its own PostgreSQL database (ferretdb_<hash of the dir>, the dir written in the
# database's comment), so test runs and checkouts never share data, and a restart of the same
# DATA_DIR finds its data again. The choice is kept in the DATA_DIR. Databases whose DATA_DIR no
# longer exists (a folder removed without `destroy`, a killed test run's) are dropped when the next
# one is created, so they do not pile up.
#
# DATA_DIR defaults to ./data/ferretdb. The build lives outside the repository, in
# $FERRETDB_CACHE_DIR (default ~/.cache/bacson-bot/ferretdb-1.24.2), so a second run and other
# checkouts reuse it. `start` is idempotent: a server already running for DATA_DIR is reused.
set -euo pipefail

VERSION=v1.24.2
CACHE_DIR=${FERRETDB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/bacson-bot/ferretdb-${VERSION#v}}
BIN="$CACHE_DIR/bin/ferretdb"

die() { echo "ferretdb.sh: $*" >&2; exit 1; }

build() {
  if [ -x "$BIN" ]; then echo "$BIN"; return; fi
  command -v go >/dev/null 2>&1 || die "Go is not installed; install Go 1.24+ or set MONGODB_URI"
  mkdir -p "$CACHE_DIR"
  local scratch
  scratch=$(mktemp -d "$CACHE_DIR/build.XXXXXX")
  # The module is fetched the way the Go tool chain intends (a scratch module that records it as a
  # tool), but the binary is built from a writable copy with build/version/version.txt written in:
  # Go 1.24+ reports a tool's own module as the main module, and FerretDB then panics at start-up
  # because the module download lacks version.txt (the fix packagers such as nixpkgs apply too).
  (
    cd "$scratch"
    go mod init bacson.local/ferretdb-build >/dev/null 2>&1
    go get -tool "github.com/FerretDB/FerretDB/cmd/ferretdb@$VERSION" >&2
    src=$(go list -m -f '{{.Dir}}' github.com/FerretDB/FerretDB)
    cp -r "$src" "$scratch/src" && chmod -R u+w "$scratch/src"
    echo "$VERSION" >"$scratch/src/build/version/version.txt"
    (cd "$scratch/src" && CGO_ENABLED=0 go build -trimpath -o "$scratch/ferretdb" ./cmd/ferretdb) >&2
    mkdir -p "$CACHE_DIR/bin"
    mv "$scratch/ferretdb" "$BIN.tmp.$$" && mv "$BIN.tmp.$$" "$BIN"
  ) || { rm -rf "$scratch"; die "building FerretDB $VERSION failed"; }
  rm -rf "$scratch"
  echo "$BIN"
}

abs_dir() { mkdir -p "$1" && (cd "$1" && pwd); }

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

answers() { # port -> exit 0 when something accepts TCP connections there
  node -e 'const c=require("net").connect(+process.argv[1],"127.0.0.1");c.on("connect",()=>{c.end();process.exit(0)});c.on("error",()=>process.exit(1))' "$1"
}

running_port() { # data dir -> port of the live server started for it, or nothing
  local dir=$1
  [ -f "$dir/ferretdb.pid" ] && [ -f "$dir/ferretdb.port" ] || return 0
  local pid port
  pid=$(cat "$dir/ferretdb.pid"); port=$(cat "$dir/ferretdb.port")
  if kill -0 "$pid" 2>/dev/null && answers "$port"; then echo "$port"; fi
}

pg_admin_url() {
  echo "${FERRETDB_POSTGRESQL_URL:-postgres://${PGUSER:-$(id -un)}@127.0.0.1:5432/postgres}"
}

pg_answers() {
  command -v psql >/dev/null 2>&1 || return 1
  PGCONNECT_TIMEOUT=3 psql "$(pg_admin_url)" -Atqc 'select 1' >/dev/null 2>&1
}

pg_url_for() { # admin url, database name -> the same server's url for that database
  local admin=$1 db=$2
  echo "${admin%/*}/$db"
}

choose_backend() { # data dir -> writes $dir/ferretdb.backend once: "sqlite" or "pg <url>"
  local dir=$1 wanted=${FERRETDB_BACKEND:-auto} db admin
  [ -f "$dir/ferretdb.backend" ] && return 0
  case "$wanted" in pg | sqlite | auto) ;; *) die "FERRETDB_BACKEND must be pg, sqlite or empty, not '$wanted'" ;; esac
  if [ "$wanted" = pg ] || { [ "$wanted" = auto ] && pg_answers; }; then
    pg_answers || die "FERRETDB_BACKEND=pg but PostgreSQL does not answer at $(pg_admin_url)"
    admin=$(pg_admin_url)
    drop_orphans "$admin"
    db="ferretdb_$(printf '%s' "$dir" | sha256sum | cut -c1-16)"
    psql "$admin" -Atqc "select 1 from pg_database where datname = '$db'" | grep -q 1 ||
      psql "$admin" -qc "create database $db" >/dev/null
    # The dir in the comment lets drop_orphans tell when the database is no longer anyone's.
    psql "$admin" -qc "comment on database $db is '${dir//\'/\'\'}'" >/dev/null
    echo "pg $(pg_url_for "$admin" "$db")" >"$dir/ferretdb.backend"
  else
    echo "sqlite" >"$dir/ferretdb.backend"
  fi
}

drop_orphans() { # admin url -> drops ferretdb_* databases whose data dir is gone
  local admin=$1 name dir
  psql "$admin" -AtqF $'\t' -c "select datname, coalesce(shobj_description(oid, 'pg_database'), '') from pg_database where datname like 'ferretdb\_%'" |
    while IFS=$'\t' read -r name dir; do
      # No comment: made by an older version of this script, for a dir we cannot know; kept.
      [ -n "$dir" ] && [ ! -e "$dir" ] || continue
      # Without FORCE: a database a server still uses is left for a later start.
      psql "$admin" -qc "drop database if exists $name" >/dev/null 2>&1 || true
    done
}

print_backend() { # data dir -> BACKEND=pg|sqlite, and PG_DATABASE=<name> on PostgreSQL
  local backend pg_url
  read -r backend pg_url <"$1/ferretdb.backend"
  echo "BACKEND=$backend"
  if [ "$backend" = pg ]; then echo "PG_DATABASE=${pg_url##*/}"; fi
}

start() {
  local dir port pid backend
  dir=$(abs_dir "${1:-data/ferretdb}")
  port=$(running_port "$dir")
  if [ -n "$port" ]; then echo "MONGODB_URI=mongodb://127.0.0.1:$port/"; print_backend "$dir"; return; fi
  build >/dev/null
  choose_backend "$dir"
  read -r backend pg_url <"$dir/ferretdb.backend"
  local handler=(--handler=sqlite --sqlite-url="file:$dir/sqlite/")
  if [ "$backend" = pg ]; then handler=(--handler=pg --postgresql-url="$pg_url"); else mkdir -p "$dir/sqlite"; fi
  port=${FERRETDB_PORT:-$(free_port)}
  DO_NOT_TRACK=1 nohup "$BIN" "${handler[@]}" \
    --listen-addr="127.0.0.1:$port" --debug-addr=- --state-dir=- \
    --telemetry=disable --log-level=warn >"$dir/ferretdb.log" 2>&1 &
  pid=$!
  echo "$pid" >"$dir/ferretdb.pid"
  echo "$port" >"$dir/ferretdb.port"
  for _ in $(seq 1 300); do
    # Alive *and* answering: something else that happens to hold the port must not pass for it.
    kill -0 "$pid" 2>/dev/null || { cat "$dir/ferretdb.log" >&2; die "FerretDB exited during start-up"; }
    if answers "$port" && kill -0 "$pid" 2>/dev/null; then echo "MONGODB_URI=mongodb://127.0.0.1:$port/"; print_backend "$dir"; return; fi
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true
  die "FerretDB did not answer on 127.0.0.1:$port within 30 s (log: $dir/ferretdb.log)"
}

stop() {
  local dir pid
  dir=$(abs_dir "${1:-data/ferretdb}")
  [ -f "$dir/ferretdb.pid" ] || return 0
  pid=$(cat "$dir/ferretdb.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/ferretdb.pid" "$dir/ferretdb.port"
}

destroy() {
  local dir backend pg_url
  dir=$(abs_dir "${1:-data/ferretdb}")
  stop "$dir"
  if [ -f "$dir/ferretdb.backend" ]; then
    read -r backend pg_url <"$dir/ferretdb.backend"
    if [ "$backend" = pg ]; then
      psql "$(pg_admin_url)" -qc "drop database if exists ${pg_url##*/} with (force)" >/dev/null 2>&1 || true
    fi
    rm -f "$dir/ferretdb.backend"
  fi
}

uri() {
  local dir port
  dir=$(abs_dir "${1:-data/ferretdb}")
  port=$(running_port "$dir")
  [ -n "$port" ] || die "no FerretDB is running for $dir"
  echo "MONGODB_URI=mongodb://127.0.0.1:$port/"
}

cmd=${1:-start}
shift || true
case "$cmd" in
  build) build ;;
  start) start "$@" ;;
  stop) stop "$@" ;;
  destroy) destroy "$@" ;;
  uri) uri "$@" ;;
  *) die "unknown command '$cmd' (build | start | stop | destroy | uri)" ;;
esac
