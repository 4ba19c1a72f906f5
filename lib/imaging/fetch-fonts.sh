#!/usr/bin/env bash
# Puts the watermark tool's fonts next to libvips: <libvips dir>/package/fonts/ for this machine's builds and tests,
# and fonts/ in the Lambda layer zip (so /opt/fonts on Lambda, which has no system fonts). Open fonts stand in for
# the task API's families (dev.loupe.imaging.tools.WatermarkFont says which for which). Each comes from a
# package registry through its own client: the Liberation fonts from Maven Central (unpacked by lib/imaging/pom.xml before
# this runs), the others with npm. Each font's licence text ships beside it, under fonts/licenses/. Run by
# lib/imaging/pom.xml in generate-resources, after fetch-libvips.sh; nothing here is committed but fonts.conf.
#
# Usage: fetch-fonts.sh <unpacked liberation dir> <libvips dir> <npm package@version>...
# Skips everything when the fonts are there and in the zip, so incremental and offline builds don't call npm.
set -euo pipefail

liberation="$1"
libvips_dir="$2"
shift 2
here="$(cd "$(dirname "$0")" && pwd)"
fonts="$libvips_dir/package/fonts"
zip="$libvips_dir/libvips-layer-arm64.zip"
marker="$fonts/.complete"

# The marker holds the package list it was made from: a new font or version in the pom fetches again.
if [[ -f "$marker" && "$(cat "$marker")" == "$*" ]]; then
  exit 0
fi
if [[ ! -f "$zip" ]]; then
  echo "fetch-fonts: no $zip: fetch-libvips.sh must run first" >&2
  exit 1
fi

rm -rf "$fonts"
mkdir -p "$fonts/licenses/liberation"
cp "$liberation"/Liberation{Sans,Serif,Mono}-{Regular,Bold,Italic,BoldItalic}.ttf "$fonts/"
cp "$liberation/LICENSE" "$liberation/AUTHORS" "$fonts/licenses/liberation/"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for package in "$@"; do
  name="${package%@*}"     # @expo-google-fonts/comic-neue
  short="${name##*/}"      # comic-neue
  mkdir -p "$work/$short"
  # npm pack prints the tarball's name on stdout (its notices go to stderr); --ignore-scripts: we only want the files.
  tarball="$(cd "$work/$short" && npm pack --silent --ignore-scripts "$package" | tail -n 1)"
  tar -xzf "$work/$short/$tarball" -C "$work/$short"
  unpacked="$work/$short/package"
  mkdir -p "$fonts/licenses/$short"
  case "$short" in
    dejavu-fonts-ttf)
      cp "$unpacked"/ttf/DejaVuSans{,-Bold,-Oblique,-BoldOblique}.ttf "$fonts/"
      cp "$unpacked/LICENSE" "$fonts/licenses/$short/" ;;
    comic-neue)
      cp "$unpacked"/{400Regular,400Regular_Italic,700Bold,700Bold_Italic}/*.ttf "$fonts/"
      cp "$unpacked/LICENSE_FONT" "$fonts/licenses/$short/LICENSE" ;;
    noto-sans-devanagari)
      cp "$unpacked"/{400Regular,700Bold}/*.ttf "$fonts/"
      cp "$unpacked/LICENSE_FONT" "$fonts/licenses/$short/LICENSE" ;;
    noto-sans-sc|noto-sans-kr)
      # Regular only, as the task API offers for its CJK font: each weight is 6 to 10 MB. Noto Sans SC has the
      # Chinese characters and Japanese kana, Noto Sans KR the Korean Hangul that SC lacks.
      cp "$unpacked"/400Regular/*.ttf "$fonts/"
      cp "$unpacked/LICENSE_FONT" "$fonts/licenses/$short/LICENSE" ;;
    *)
      echo "fetch-fonts: don't know which files of $package to take" >&2
      exit 1 ;;
  esac
done

# fontconfig reads only this file (the engine points FONTCONFIG_FILE at it): these fonts, no system ones, so text
# renders the same here and on Lambda.
cp "$here/fonts/fonts.conf" "$fonts/"

# The layer's fonts/ folder ends up as /opt/fonts, next to /opt/lib where libvips is.
(cd "$libvips_dir/package" && "${JAVA_HOME:+$JAVA_HOME/bin/}jar" --update --no-manifest --file "$zip" fonts)
echo "$*" > "$marker"
