#!/usr/bin/env bash
# Fetches libvips (the shared library that sharp itself uses) with the npm client and unpacks it under the build
# folder: <dest>/package/lib/libvips-cpp.so.<libvips version>, with the LGPL text and the package's third-party
# licence table next to it. Run by lib/imaging/pom.xml in generate-resources; nothing here is committed.
#
# Usage: fetch-libvips.sh <npm package version> <libvips version> <dest dir>
# Skips everything when the library is already there, so incremental and offline builds don't call npm.
set -euo pipefail

npm_version="$1"
libvips_version="$2"
dest="$3"
here="$(cd "$(dirname "$0")" && pwd)"
library="$dest/package/lib/libvips-cpp.so.$libvips_version"

if [[ -f "$library" && -f "$dest/package/LICENSE" && -f "$dest/libvips-layer-arm64.zip" ]]; then
  exit 0
fi

rm -rf "$dest"
mkdir -p "$dest"
# npm pack prints the tarball's name on stdout (its notices go to stderr); --ignore-scripts: we only want the files.
tarball="$(cd "$dest" && npm pack --silent --ignore-scripts "@img/sharp-libvips-linux-x64@$npm_version" | tail -n 1)"
tar -xzf "$dest/$tarball" -C "$dest"
rm -f "$dest/$tarball"

if [[ ! -f "$library" ]]; then
  echo "fetch-libvips: @img/sharp-libvips-linux-x64@$npm_version has no lib/libvips-cpp.so.$libvips_version;" \
       "set libvips.version in the parent pom to the version it contains:" >&2
  ls "$dest/package/lib" >&2
  exit 1
fi

# The npm package carries no licence text, only a table of its libraries' licences (README.md, kept as it is).
# libvips, GLib and the other LGPL parts are LGPL-3.0-or-later; LGPL 3 refers to GPL 3, so both texts ship.
cp "$here/licenses/libvips/LGPL-3.0.txt" "$dest/package/LICENSE"
cp "$here/licenses/libvips/GPL-3.0.txt" "$dest/package/GPL-3.0.txt"

# The Lambda layer for arm64 functions: the same library built for arm64, as lib/ in a zip (Lambda puts a layer's
# lib/ under /opt/lib, where Vips looks by default), with the licences beside it. template.yaml's LibvipsLayer
# names this zip.
layer_dir="$dest/layer-arm64"
mkdir -p "$layer_dir"
arm_tarball="$(cd "$layer_dir" && npm pack --silent --ignore-scripts "@img/sharp-libvips-linux-arm64@$npm_version" | tail -n 1)"
tar -xzf "$layer_dir/$arm_tarball" -C "$layer_dir"
rm -f "$layer_dir/$arm_tarball"
if [[ ! -f "$layer_dir/package/lib/libvips-cpp.so.$libvips_version" ]]; then
  echo "fetch-libvips: @img/sharp-libvips-linux-arm64@$npm_version has no lib/libvips-cpp.so.$libvips_version" >&2
  exit 1
fi
mkdir -p "$layer_dir/zip/lib" "$layer_dir/zip/licenses/libvips"
cp "$layer_dir/package/lib/libvips-cpp.so.$libvips_version" "$layer_dir/zip/lib/"
cp "$here/licenses/libvips/LGPL-3.0.txt" "$here/licenses/libvips/GPL-3.0.txt" "$layer_dir/package/README.md" \
   "$layer_dir/zip/licenses/libvips/"
# Zipped with the JDK's own jar tool (no manifest): the build already needs a JDK, and nothing else.
(cd "$layer_dir/zip" && rm -f "$dest/libvips-layer-arm64.zip" \
   && "${JAVA_HOME:+$JAVA_HOME/bin/}jar" --create --no-manifest --file "$dest/libvips-layer-arm64.zip" lib licenses)
rm -rf "$layer_dir"
