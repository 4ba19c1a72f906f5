#!/usr/bin/env bash
# Benchmark: Lighthouse scores of the public pages on the local cloud. Starts `./loupe run --in-memory` on a free
# port, uploads 20 photos (made with ImageMagick: 3000x2000 and 2000x3000, about the size of a phone's), puts them in
# a public gallery, waits for their thumbnails, then runs Lighthouse (pinned in bench/lighthouse/package.json, with
# its lock file) with Debian's Chromium on the gallery page and on the player, with the phone profile (Lighthouse's
# default: a mid-range phone, simulated slow 4G and a 4x slower CPU) and the desktop preset. Prints the four
# category scores per page and profile, and writes them with the Lighthouse reports to bench/lighthouse/out/.
# Not a test: it prints numbers for docs/PERFORMANCE.md ("Lighthouse"). Talks to 127.0.0.1 only.
#   bench/lighthouse.sh [runs]   (default 1 run per page and profile; with more, the median of each score)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-1}
out=bench/lighthouse/out
rm -rf "$out" && mkdir -p "$out"
for tool in convert curl jq node npm; do
  command -v "$tool" >/dev/null || { echo "lighthouse.sh: needs $tool" >&2; exit 1; }
done
[ -x /usr/bin/chromium ] || { echo "lighthouse.sh: needs Debian's chromium (apt-get install chromium)" >&2; exit 1; }
(cd bench/lighthouse && npm ci --silent --no-audit --no-fund)

work=$(mktemp -d)
log="$work/loupe-run.log"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
pid=
stop() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop EXIT
./loupe run --port "$port" --in-memory >"$log" 2>&1 &
pid=$!
until grep -q 'ready in' "$log"; do
  kill -0 "$pid" 2>/dev/null || { tail -n 30 "$log" >&2; echo "lighthouse.sh: ./loupe run exited" >&2; exit 1; }
  sleep 1
done
# shellcheck disable=SC1091
source .loupe-local/project.env
AUTH="Authorization: Bearer $LOUPE_TOKEN"

# 20 photos: plasma fractals (detail that compresses like a photo's, unlike a flat gradient), landscape and portrait.
ids=()
for i in $(seq 1 20); do
  if [ $((i % 4)) = 0 ]; then size=2000x3000; else size=3000x2000; fi
  convert -seed "$i" -size "$size" plasma:fractal -blur 0x1 -quality 88 "$work/photo-$i.jpg"
  id=$(curl -sf -X POST "$LOUPE_URL/v1/uploads" -H "$AUTH" -F "file=@$work/photo-$i.jpg;type=image/jpeg" | jq -er .id)
  ids+=("\"$id\"")
done
# An upload answers once its thumbnails exist; the S3-triggered ingest then makes its renditions, which the pages
# offer: wait until every image is active with its renditions.
for id in "${ids[@]}"; do
  id=${id//\"/}
  for _ in $(seq 1 480); do
    state=$(curl -sf "$LOUPE_URL/v1/images/$id" -H "$AUTH" \
      | jq -r 'if .status == "active" and (.renditions | length) == 0 then "rendering" else .status end')
    [ "$state" = pending ] || [ "$state" = rendering ] || break
    sleep 0.5
  done
  [ "$state" = active ] || { echo "lighthouse.sh: image $id is $state" >&2; exit 1; }
done
gallery="lighthouse-$RANDOM"
list=$(IFS=,; echo "${ids[*]}")
created=$(curl -sf -X POST "$LOUPE_URL/v1/galleries" -H "$AUTH" -H 'Content-Type: application/json' -d "{
  \"name\": \"$gallery\", \"title\": \"Twenty photos\", \"description\": \"A gallery for Lighthouse.\",
  \"image\": [$list], \"security\": \"public\"}")
page=$(echo "$created" | jq -er .links.gallery_url)
player=$(echo "$created" | jq -er .links.player_url)

flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
flags="$flags --no-first-run --disable-sync --disable-dev-shm-usage"
{
echo "| page | profile | performance | accessibility | best practices | SEO |"
echo "|---|---|---|---|---|---|"
for target in page player; do
  url=$page
  [ "$target" = player ] && url=$player
  for profile in phone desktop; do
    preset=()
    [ "$profile" = desktop ] && preset=(--preset=desktop)
    for run in $(seq 1 "$runs"); do
      CHROME_PATH=/usr/bin/chromium bench/lighthouse/node_modules/.bin/lighthouse "$url" "${preset[@]}" --quiet \
        --chrome-flags="$flags" --output=json --output=html --output-path="$out/$target-$profile-$run" \
        --only-categories=performance,accessibility,best-practices,seo
    done
    # The median of each category over the runs.
    node -e '
      const fs = require("fs"), [prefix, runs] = [process.argv[1], +process.argv[2]];
      const cats = ["performance", "accessibility", "best-practices", "seo"];
      const reports = [...Array(runs).keys()].map(r => JSON.parse(fs.readFileSync(`${prefix}-${r + 1}.report.json`)));
      const median = a => { a.sort((x, y) => x - y); return a[Math.floor(a.length / 2)]; };
      console.log(cats.map(c => median(reports.map(r => Math.round(r.categories[c].score * 100)))).join(" | "));
    ' "$out/$target-$profile" "$runs" | sed "s/^/| $target | $profile | /; s/\$/ |/"
  done
done
} | tee "$out/scores.md"
echo
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg); reports in $out/"
