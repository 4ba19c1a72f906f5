#!/usr/bin/env bash
# Benchmark: a user's gallery list (GET /v1/galleries?user=...) at 1,000 and 10,000 galleries in the local cloud
# (in memory). Seeds the galleries directly (GalleryStore.createIfNameFree on several threads, with other users',
# anonymous and another project's galleries as noise), then times page 1, a middle page and the last page of 20 through
# GalleryStore.byOwner and through the HTTP route (median and p90), with the DynamoDB calls and items each costs, and
# checks every answer and that nothing scans. Not a test: it prints numbers for docs/PERFORMANCE.md ("Gallery list")
# and writes them to local/it/target/bench-galleries.md. Talks to 127.0.0.1 only.
#   bench/galleries.sh [sizes] [runs]   (defaults: 1000,10000 and 10 runs; takes a few minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-1000,10000}
runs=${2:-10}
rm -f local/it/target/bench-galleries.md
# verify packages the function jars that the HTTP part of the bench invokes; only GalleryBench runs.
mvn -o -q -B -ntp verify -Dtest=GalleryBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dloupe.bench=true -Dloupe.bench.sizes="$sizes" -Dloupe.bench.runs="$runs" \
  | grep -E '^\[bench\]|^\||^- |^$' || true
test -s local/it/target/bench-galleries.md \
  || { echo "the bench failed: see local/it/target/surefire-reports/dev.loupe.bench.GalleryBench.txt" >&2; exit 1; }
