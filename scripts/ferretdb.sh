#!/usr/bin/env bash
# A MongoDB-compatible server for machines without internet (or without a mongod binary):
# FerretDB 1.24.2 with its SQLite backend, built once from the Go module proxy.
#
#   scripts/ferretdb.sh build                 build (or reuse) the binary; prints its path
#   scripts/ferretdb.sh start [DATA_DIR]      start on a free 127.0.0.1 port; prints MONGODB_URI=...
#   scripts/ferretdb.sh stop  [DATA_DIR]      stop the server started for DATA_DIR
#   scripts/ferretdb.sh uri   [DATA_DIR]      print the MONGODB_URI of a running server
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

start() {
  local dir port pid
  dir=$(abs_dir "${1:-data/ferretdb}")
  port=$(running_port "$dir")
  if [ -n "$port" ]; then echo "MONGODB_URI=mongodb://127.0.0.1:$port/"; return; fi
  build >/dev/null
  mkdir -p "$dir/sqlite"
  port=${FERRETDB_PORT:-$(free_port)}
  DO_NOT_TRACK=1 nohup "$BIN" --handler=sqlite --sqlite-url="file:$dir/sqlite/" \
    --listen-addr="127.0.0.1:$port" --debug-addr=- --state-dir=- \
    --telemetry=disable --log-level=warn >"$dir/ferretdb.log" 2>&1 &
  pid=$!
  echo "$pid" >"$dir/ferretdb.pid"
  echo "$port" >"$dir/ferretdb.port"
  for _ in $(seq 1 300); do
    # Alive *and* answering: something else that happens to hold the port must not pass for it.
    kill -0 "$pid" 2>/dev/null || { cat "$dir/ferretdb.log" >&2; die "FerretDB exited during start-up"; }
    if answers "$port" && kill -0 "$pid" 2>/dev/null; then echo "MONGODB_URI=mongodb://127.0.0.1:$port/"; return; fi
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
  uri) uri "$@" ;;
  *) die "unknown command '$cmd' (build | start | stop | uri)" ;;
esac
