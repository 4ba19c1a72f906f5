#!/usr/bin/env bash
# Installs the API reference page's renderer (swagger-ui-dist, pinned in reference/package.json and its
# package-lock.json) with the npm client and copies the files the page uses into the jar's resources:
# <dest>/swagger-ui-bundle.js and swagger-ui.css, with the package's LICENSE, NOTICE and the bundle's licence notes.
# Run by functions/docs/pom.xml in generate-resources; nothing here is committed. --ignore-scripts: only the files are wanted (the package's one
# dependency has an install script that reports the install over the network).
#
# Usage: fetch-swagger-ui.sh <dest dir> <work dir>
# Skips everything when the files are already there, so incremental and offline builds don't call npm.
set -euo pipefail

dest="$1"
work="$2"
here="$(cd "$(dirname "$0")" && pwd)"

if [[ -f "$dest/swagger-ui-bundle.js" && -f "$dest/swagger-ui.css" && -f "$dest/LICENSE" ]]; then
  exit 0
fi

rm -rf "$work"
mkdir -p "$work" "$dest"
cp "$here/reference/package.json" "$here/reference/package-lock.json" "$work/"
(cd "$work" && npm ci --silent --ignore-scripts --no-audit --no-fund)
package="$work/node_modules/swagger-ui-dist"
cp "$package/swagger-ui-bundle.js" "$package/swagger-ui-bundle.js.LICENSE.txt" "$package/swagger-ui.css" \
   "$package/LICENSE" "$package/NOTICE" "$dest/"
