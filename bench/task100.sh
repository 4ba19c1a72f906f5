#!/usr/bin/env bash
# Benchmark: a 100-file resize task end to end on the local cloud (in memory): start, 100 uploads of a 12-megapixel
# JPEG, process, wait for TaskSuccess, download; the process-to-finish time against the ideal (the files' single-file
# tool times summed, divided by the cores). TaskBench does it; not a test: it prints a table for docs/PERFORMANCE.md
# ("A 100-file task") and writes it to local/it/target/bench-task100.md. Talks to 127.0.0.1 only. Runs under nice.
#   bench/task100.sh [files]     (default 100; takes 2 to 4 minutes after the build)
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-100}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
# sharp, libvips and the fonts, and the 12-megapixel input (the same for both benches): sets $input.
source bench/tools/prepare-input.sh
rm -f local/it/target/bench-task100.md
# verify packages the function jars that the local cloud runs; only TaskBench runs.
nice mvn -o -q -B -ntp verify -Dtest=TaskBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dloupe.bench=true -Dloupe.bench.files="$files" -Dloupe.bench.input="$PWD/$input" \
  | grep -E '^\[bench\]' || true
test -s local/it/target/bench-task100.md \
  || { echo "the bench failed: see local/it/target/surefire-reports/dev.loupe.bench.TaskBench.txt" >&2; exit 1; }
