#!/usr/bin/env bash
# Benchmark: what renditions cost at ingest (ms and bytes per width and format, AVIF at two efforts, the og:image crop)
# and what they save a phone on a 20-image gallery page. Runs lib/imaging's RenditionCostBench on a folder of JPEG
# photos; prints the tables for docs/PERFORMANCE.md ("Renditions") and writes lib/imaging/target/bench-renditions.md.
#   bench/renditions.sh PHOTO_FOLDER
# Real photos, as in PERFORMANCE.md: Debian's mate-backgrounds package (apt-get download mate-backgrounds;
# dpkg-deb -x mate-backgrounds_*.deb x), its Elephants_5640x3172.jpg, Elephants_3840x2160.jpg, nature/TwoWings.jpg,
# nature/Storm.jpg and nature/RainDrops.jpg copied into one folder.
set -euo pipefail
cd "$(dirname "$0")/.."
photos=$(realpath "${1:?usage: bench/renditions.sh PHOTO_FOLDER}")
mvn -q -B -ntp verify -pl lib/imaging -am -Dtest=RenditionCostBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dloupe.fuzz.skip=true -Dloupe.bench=true -Dloupe.bench.photos="$photos" >/dev/null
cat lib/imaging/target/bench-renditions.md
