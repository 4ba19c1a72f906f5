#!/usr/bin/env bash
# Benchmark: notification fan-out. One gallery with 10,000 followers on the local cloud, one image added through the
# API: times the stream record → NotificationEventsFunction → NotificationQueue → NotificationFanOutFunction chain
# until every follower has its notification, then forces redelivery (fan-out messages delivered again, the stream
# record replayed) and checks that every follower has exactly one notification and an unread count of exactly 1.
# Prints the times, the counts and the load average (the machine may be busy: the figures are only comparable with
# the same load). Not a test: it prints numbers for docs/PERFORMANCE.md ("Notification fan-out") and writes them to
# local/it/target/bench-fanout.md. Talks to 127.0.0.1 only.
#   bench/fanout.sh [followers]   (default 10000; takes some minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
followers=${1:-10000}
rm -f local/it/target/bench-fanout.md
# verify packages the function jars that the local cloud invokes; only FanOutBench runs.
mvn -o -q -B -ntp verify -pl local/it -am -Dtest=FanOutBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dloupe.fuzz.skip=true -Dloupe.bench=true -Dloupe.bench.followers="$followers" \
  | grep -E '^\[bench\]' || true
test -s local/it/target/bench-fanout.md \
  || { echo "the bench failed: see local/it/target/surefire-reports/dev.loupe.bench.FanOutBench.txt" >&2; exit 1; }
