#!/usr/bin/env bash
# Benchmark: the image listing at 1,000 and 100,000 images in one project of the local cloud (in memory).
# Seeds the records directly (BatchWriteItem, several threads), then times page 1 and offset 1000 for every order,
# filters and searches, with the DynamoDB calls and items each page costs. Not a test: it prints numbers for
# docs/PERFORMANCE.md ("Image listing") and writes them to local/it/target/bench-listing.md. Talks to 127.0.0.1 only.
#   bench/listing.sh [sizes] [runs] [only]   (defaults: 1000,100000, 5 and every query; "only" keeps the queries whose
#                                            name contains one of its comma-separated parts, e.g. search; the deep
#                                            pages' goals: bench/listing.sh 1000,100000 5 sort=,extension=png,status=active)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-1000,100000}
runs=${2:-5}
only=${3:-}
# verify packages the function jars that the HTTP part of the bench invokes; only ListingBench runs.
nice -n 10 mvn -q -B -ntp verify -Dtest=ListingBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dloupe.bench=true -Dloupe.bench.sizes="$sizes" -Dloupe.bench.runs="$runs" -Dloupe.bench.only="$only" \
  | grep -E '^\[bench\]' || true
# The final table (figures beside their goals, the load average on top), as written.
cat local/it/target/bench-listing.md
test -s local/it/target/bench-listing.md
