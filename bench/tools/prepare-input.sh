# Sourced by bench/tools.sh and bench/task100.sh (from the repository's root): installs sharp (pinned in
# bench/tools/package-lock.json) on the first run, fetches libvips and the fonts (lib/imaging's generate-resources, run by its compile), and
# makes the 12-megapixel test JPEG once, with sharp, from the test photo. Sets $input to its path.
(cd bench/tools && { [ -d node_modules/sharp ] || npm ci --no-audit --no-fund --loglevel=error; })
# compile, not generate-resources: in a fresh worktree lib/core has no classes yet, and lib/imaging's dependencies
# must resolve from the reactor even for its generate-resources plugins.
mvn -o -q -B -ntp compile -pl lib/imaging -am
mkdir -p lib/imaging/target/bench
input=lib/imaging/target/bench/photo-12mp.jpg
[ -s "$input" ] || node bench/tools/sharp-bench.mjs make lib/imaging/src/test/resources/photos/wood.jpg "$input"
