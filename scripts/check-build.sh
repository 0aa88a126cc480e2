#!/usr/bin/env bash
# The production build runs: `npm run build`, then `node dist/src/main.js` on a throw-away embedded
# database must answer /readyz 200 (content loaded, database up) and stop cleanly on SIGTERM.
# Prints the resident memory at idle. Used by CI; run it yourself after changing paths or the build.
set -euo pipefail
cd "$(dirname "$0")/.."

npm run build >/dev/null
data=$(mktemp -d)
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
log="$data/service.log"
PORT=$port DATA_DIR=$data SCHEDULER_ENABLED=false MONGODB_URI= node dist/src/main.js >"$log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; bash scripts/ferretdb.sh stop "$data/ferretdb" >/dev/null 2>&1 || true; rm -rf "$data"; }
trap cleanup EXIT

for _ in $(seq 1 180); do
  if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then
    sleep 5 # idle a moment (start-up training settles) before reading the memory
    echo "production build: /readyz 200; resident memory at idle: $(( $(ps -o rss= -p "$pid") / 1024 )) MiB"
    kill -TERM "$pid"
    wait "$pid" && exit 0
    echo "production build: did not stop cleanly on SIGTERM" >&2; cat "$log" >&2; exit 1
  fi
  kill -0 "$pid" 2>/dev/null || { echo "production build: node dist/src/main.js exited" >&2; cat "$log" >&2; exit 1; }
  sleep 1
done
echo "production build: /readyz not 200 within 180 s" >&2; cat "$log" >&2; exit 1
