#!/usr/bin/env bash
# Benchmark: the image listing at 1,000 and 100,000 images, a project of each size, on the local cloud.
# Seeds the records directly (BatchWriteItem, several threads, the tables' streams off while seeding), then times
# page 1 and offset 1000 for every order, filters and searches, with the DynamoDB calls and items each page costs.
# Not a test: it prints numbers for docs/PERFORMANCE.md ("Image listing") and writes them to
# local/it/target/bench-listing.md. Talks to 127.0.0.1 only.
#   bench/listing.sh [sizes] [runs] [only]   (defaults: 1000,100000, 5 and every query; "only" keeps the queries whose
#                                            name contains one of its comma-separated parts, e.g. search; the deep
#                                            pages' goals: bench/listing.sh 1000,100000 5 sort=,extension=png,status=active)
# LOUPE_BENCH_DATA=DIR keeps the emulators' data in DIR and reuses every size an earlier run seeded there: 100,000
# images are about 1.5 million items, about 15 minutes of seeding on 2 cores (a tmpfs such as /dev/shm is fastest).
# Without it everything is in memory and seeded again.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-1000,100000}
runs=${2:-5}
only=${3:-}
# verify packages the function jars that the HTTP part of the bench invokes; only ListingBench runs.
nice -n 10 mvn -q -B -ntp verify -Dtest=ListingBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dloupe.bench=true -Dloupe.bench.sizes="$sizes" -Dloupe.bench.runs="$runs" -Dloupe.bench.only="$only" \
  -Dloupe.bench.data="${LOUPE_BENCH_DATA:-}" \
  | grep -E '^\[bench\]' || true
# The final table (figures beside their goals, the load average on top), as written.
cat local/it/target/bench-listing.md
test -s local/it/target/bench-listing.md
