#!/usr/bin/env bash
# Benchmark: how long `./loupe run` takes from the command to "ready", and the first requests after it.
# Not a test: it prints numbers for docs/PERFORMANCE.md. Talks to 127.0.0.1 only.
#   bench/startup.sh [runs]     (default 5; builds once first so the runs measure start-up, not compilation)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
./loupe build -q >/dev/null
port=$(( 20000 + RANDOM % 20000 ))
log=$(mktemp)
times=()
for i in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  ./loupe run --in-memory --port "$port" >"$log" 2>&1 &
  pid=$!
  until grep -q "ready in" "$log"; do
    kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.05
  done
  ready=$(( ($(date +%s%N) - start) / 1000000 ))
  # shellcheck disable=SC1091
  token=$(sed -n 's/^export LOUPE_TOKEN=//p' .loupe-local/project.env)
  first=$(curl -s -o /dev/null -w '%{time_total}' -X POST "http://127.0.0.1:$port/v1/galleries" \
            -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"title":"bench"}')
  second=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/v1/galleries/bench" \
            -H "Authorization: Bearer $token")
  third=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/v1/galleries/bench" \
            -H "Authorization: Bearer $token")
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true  # TERM: background jobs ignore INT
  printf 'run %d: ready after %d ms (command to ready line); first create %s s, first view %s s, warm view %s s\n' \
    "$i" "$ready" "$first" "$second" "$third"
  times+=("$ready")
done
rm -f "$log"
printf 'median ready: %d ms over %d runs\n' "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")" "$runs"
