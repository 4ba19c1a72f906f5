#!/usr/bin/env bash
# Benchmark: every processing tool through Loupe's ProcessingTools on a 12-megapixel JPEG against the same operation
# in sharp, in alternated pairs in one JVM and one node process (ToolsBench, bench/tools/sharp-bench.mjs). Not a
# test: it prints a table for docs/PERFORMANCE.md ("Processing tools against sharp"), the load average on top, each
# tool's ratio (the median of the pairs' ratios, the fourth cell) beside issue 19's goal (at most 1.2, stretch 1.0)
# and each side's SSIM against a reference made from the full-size decode (goal: Loupe's at least sharp's - 0.005),
# and writes it to lib/imaging/target/bench-tools.md. sharp is pinned in bench/tools/package-lock.json to the libvips
# Loupe loads, and installed with npm into bench/tools/node_modules on the first run. Runs under nice (the machine is
# shared). `bench/tools.sh 7` takes about 4 minutes on 2 quiet cores (build included).
#   bench/tools.sh [pairs] [only]     (defaults: 11 pairs; only: keep the tools whose name contains it)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-11}
only=${2:-}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
# sharp, libvips and the fonts, and the 12-megapixel input (the same for both benches): sets $input.
source bench/tools/prepare-input.sh
rm -f lib/imaging/target/bench-tools.md
nice mvn -o -q -B -ntp verify -pl lib/imaging -am -Dtest=ToolsBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dloupe.bench=true -Dloupe.bench.runs="$runs" -Dloupe.bench.only="$only" \
  -Dloupe.bench.input="$PWD/$input" -Dloupe.bench.sharp="$PWD/bench/tools" \
  | grep -E '^\[bench\]' || true
test -s lib/imaging/target/bench-tools.md \
  || { echo "the bench failed: see lib/imaging/target/surefire-reports/dev.loupe.bench.ToolsBench.txt" >&2; exit 1; }
