#!/usr/bin/env bash
# Benchmark (issue 19, §2 and §5): cold starts of three handlers in fresh processes against Node 20 + AWS SDK v3
# doing the same calls, and warm latency through the local cloud. Not a test: it prints figures for
# docs/PERFORMANCE.md. Talks to 127.0.0.1 only.
#   bench/coldstart.sh [runs] [--warm N] [--no-cold]
#     runs      cold runs per side and handler (default 7), alternated: Node, Java plain, Java with an AOT cache
#     --warm N  also N warm requests per route through the local cloud's API (p50, p99; 1000 for the issue's figure)
#     --no-cold only the warm figures
#     --trace   only print the AWS calls each handler makes (what the Node peers must make too), no figures
# Each Java run: a fresh JVM (JDK 25) with the function's own shaded jar on the class path and the template's
# JAVA_TOOL_OPTIONS, one invocation of the handler with a payload v2 event (bench/coldstart/java/Invoke.java, which
# deserializes the event with the Lambda runtime's own serializer), against DynamoDB Local, S3Proxy and ElasticMQ
# started once for the bench. The AOT cache: one training run with the same flags (-XX:AOTCacheOutput), per handler.
# Figures: whole-process wall time; the ratio is the median of the per-run pairs' ratios (Java run / the Node run
# next to it). The table goes to stdout and target/coldstart/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=7 warm=0 cold=1 trace=0
while [ $# -gt 0 ]; do
  case "$1" in
    --warm) warm=$2; shift 2 ;;
    --no-cold) cold=0; shift ;;
    --trace) trace=1; shift ;;
    *) runs=$1; shift ;;
  esac
done
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java=$JAVA_HOME/bin/java
out=target/coldstart
mkdir -p "$out"
rm -f "$out"/*.aot "$out"/*.log

jars=(functions/galleries/target/loupe-galleries.jar functions/tasks/target/loupe-tasks.jar
      functions/library/target/loupe-library.jar)
for jar in "${jars[@]}" local/loupe/target/classpath.txt; do
  [ -f "$jar" ] || { echo "building (no $jar)" >&2; mvn -B -ntp -q package -DskipTests; break; }
done
[ -d bench/coldstart/node_modules ] || (cd bench/coldstart && npm ci --no-audit --no-fund >&2)

# The harness: Invoke (the measured runs; a jar, since an AOT cache takes classes from jars only), Trace (--trace
# only), Bench (the emulators and warm requests, on the local cloud's class path).
serialization=$(tr ':' '\n' < local/loupe/target/classpath.txt | grep -m1 'aws-lambda-java-serialization')
rm -rf "$out/classes" "$out/driver" && mkdir -p "$out/classes" "$out/driver"
"$JAVA_HOME/bin/javac" -q -d "$out/classes" -cp "${jars[0]}:$serialization" bench/coldstart/java/Invoke.java 2>/dev/null \
  || "$JAVA_HOME/bin/javac" -d "$out/classes" -cp "${jars[0]}:$serialization" bench/coldstart/java/Invoke.java
rm -rf "$out/trace" && mkdir -p "$out/trace" && cp -r bench/coldstart/java/trace/. "$out/trace/"
"$JAVA_HOME/bin/javac" -d "$out/trace" -cp "${jars[0]}" bench/coldstart/java/Trace.java
"$JAVA_HOME/bin/jar" --create --file "$out/invoke.jar" -C "$out/classes" .
"$JAVA_HOME/bin/javac" -d "$out/driver" -cp "local/loupe/target/classes:$(cat local/loupe/target/classpath.txt)" \
  bench/coldstart/java/Bench.java

rm -f "$out/stdin" && mkfifo "$out/stdin"
nice -n 10 "$java" --enable-native-access=ALL-UNNAMED \
  -cp "local/loupe/target/classes:$(cat local/loupe/target/classpath.txt):$out/driver" \
  Bench "$out" <"$out/stdin" >"$out/driver.log" 2>&1 &
driver=$!
exec 3>"$out/stdin"
stop() { exec 3>&- || true; wait "$driver" 2>/dev/null || true; rm -f "$out/stdin"; }
trap stop EXIT
until grep -q '^ready' "$out/driver.log"; do
  kill -0 "$driver" 2>/dev/null || { cat "$out/driver.log" >&2; exit 1; }
  sleep 0.2
done

# Copies of the jars, so that a build during the bench doesn't change what it measures.
mkdir -p "$out/jars" && cp "${jars[@]}" "$serialization" "$out/jars/"
serialization=$out/jars/$(basename "$serialization")
functions=(GalleryViewFunction TaskStartFunction ImageUploadUrlFunction)
declare -A jar_of=([GalleryViewFunction]=$out/jars/loupe-galleries.jar [TaskStartFunction]=$out/jars/loupe-tasks.jar
                   [ImageUploadUrlFunction]=$out/jars/loupe-library.jar)
declare -A node_of=([GalleryViewFunction]=gallery-view.mjs [TaskStartFunction]=task-start.mjs
                    [ImageUploadUrlFunction]=upload-url.mjs)
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# One run, in a subshell with only the function's environment (as Lambda gives it); prints its wall time in ms.
run() { # run <function> node|plain|aot|classes|train
  local f=$1 side=$2 start
  start=$(date +%s%N)
  (
    set +u
    # shellcheck disable=SC1090
    source "$out/$f.env"
    cp="${jar_of[$f]}:$serialization:$out/invoke.jar"
    case "$side" in
      node) exec nice -n 10 node "bench/coldstart/${node_of[$f]}" "$out/$f.json" ;;
      plain) exec nice -n 10 "$java" -cp "$cp" Invoke "$BENCH_HANDLER" "$out/$f.json" "$BENCH_STATUS" ;;
      aot) exec nice -n 10 "$java" -XX:AOTCache="$out/$f.aot" -cp "$cp" Invoke "$BENCH_HANDLER" "$out/$f.json" "$BENCH_STATUS" ;;
      train) exec nice -n 10 "$java" -XX:AOTCacheOutput="$out/$f.aot" -cp "$cp" Invoke "$BENCH_HANDLER" "$out/$f.json" "$BENCH_STATUS" ;;
      trace) exec "$java" -cp "$cp:$out/trace" Invoke "$BENCH_HANDLER" "$out/$f.json" "$BENCH_STATUS" ;;
      classes) exec nice -n 10 "$java" -Xlog:class+load:file="$out/$f.classes.log" -cp "$cp" Invoke "$BENCH_HANDLER" "$out/$f.json" "$BENCH_STATUS" ;;
    esac
  ) >>"$out/$f.$side.log" 2>&1 || { echo "$f $side failed:" >&2; tail -20 "$out/$f.$side.log" >&2; exit 1; }
  ms "$start"
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
range() { sort -n | awk 'NR==1 {lo=$1} {hi=$1} END {print lo "–" hi}'; }

if [ "$trace" = 1 ]; then
  for f in "${functions[@]}"; do
    run "$f" trace >/dev/null
    echo "== $f"; grep -o '^\[trace\].*' "$out/$f.trace.log"
  done
  exit 0
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
table="$out/results.md"
{
  echo "bench/coldstart.sh $runs (--warm $warm), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average before: $load_before"
  echo "JDK: $("$java" -version 2>&1 | head -1); Node: $(node --version); JAVA_TOOL_OPTIONS: $(sed -n "s/^export JAVA_TOOL_OPTIONS='\(.*\)'$/\1/p" "$out/GalleryViewFunction.env")"
  echo
} >"$table"

if [ "$cold" = 1 ]; then
  {
    echo "| handler | Node (median, range) | Java plain | plain / Node (median of pairs, range) | goal ≤ 2.5 | Java with AOT cache | AOT / Node | goal ≤ 0.9 | classes loaded (plain) |"
    echo "|---|---|---|---|---|---|---|---|---|"
  } >>"$table"
  for f in "${functions[@]}"; do
    run "$f" node >/dev/null     # the first Node and Java runs fill the file cache; not counted
    run "$f" plain >/dev/null
    run "$f" train >/dev/null    # the training run writes $f.aot
    run "$f" classes >/dev/null
    classes=$(grep -c . "$out/$f.classes.log")
    node=() plain=() aot=() rp=() ra=()
    for i in $(seq 1 "$runs"); do
      n=$(run "$f" node); p=$(run "$f" plain); a=$(run "$f" aot)
      node+=("$n") plain+=("$p") aot+=("$a")
      rp+=("$(awk -v a="$p" -v b="$n" 'BEGIN {printf "%.2f", a / b}')")
      ra+=("$(awk -v a="$a" -v b="$n" 'BEGIN {printf "%.2f", a / b}')")
      echo "$f run $i: node $n ms, plain $p ms, aot $a ms (load $(cut -d' ' -f1 /proc/loadavg))" >&2
    done
    mp=$(printf '%s\n' "${rp[@]}" | median); ma=$(printf '%s\n' "${ra[@]}" | median)
    printf '| %s | %s ms (%s) | %s ms (%s) | **%s** (%s) | %s | %s ms (%s) | **%s** (%s) | %s | %s |\n' "$f" \
      "$(printf '%s\n' "${node[@]}" | median)" "$(printf '%s\n' "${node[@]}" | range)" \
      "$(printf '%s\n' "${plain[@]}" | median)" "$(printf '%s\n' "${plain[@]}" | range)" \
      "$mp" "$(printf '%s\n' "${rp[@]}" | range)" "$(awk -v r="$mp" 'BEGIN {print (r <= 2.5 ? "met" : "missed")}')" \
      "$(printf '%s\n' "${aot[@]}" | median)" "$(printf '%s\n' "${aot[@]}" | range)" \
      "$ma" "$(printf '%s\n' "${ra[@]}" | range)" "$(awk -v r="$ma" 'BEGIN {print (r <= 0.9 ? "met" : "missed")}')" \
      "$classes" >>"$table"
  done
fi

if [ "$warm" -gt 0 ]; then
  echo "warm $warm" >&3
  until grep -q '^warm GET /v1/start' "$out/driver.log"; do
    kill -0 "$driver" 2>/dev/null || { cat "$out/driver.log" >&2; exit 1; }
    sleep 1
  done
  {
    echo
    echo "| warm route ($warm requests after 100 of warm-up, one at a time, loopback) | p50 | p99 | max |"
    echo "|---|---|---|---|"
    sed -n 's/^warm \([A-Z]*\) \([^ ]*\) \([^ ]*\) \([^ ]*\) \([^ ]*\)$/| \1 \2 | \3 ms | \4 ms | \5 ms |/p' "$out/driver.log"
  } >>"$table"
fi
echo >>"$table"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$table"
cat "$table"
