#!/usr/bin/env bash
# Renders the app icon (assets/icons/se.rapport.Rapport.svg) to the PNG sizes of the hicolor
# icon theme, into assets/icons/hicolor/<N>x<N>/apps/. The PNGs are committed (the .deb and the
# Windows/macOS bundles take them as they are); run this again after changing the SVG.
# Needs rsvg-convert (apt-get install -y librsvg2-bin) and ImageMagick for the .ico.
set -euo pipefail
cd "$(dirname "$0")/../assets/icons"
id=se.rapport.Rapport
for n in 16 22 24 32 48 64 128 256 512; do
  mkdir -p "hicolor/${n}x${n}/apps"
  rsvg-convert -w "$n" -h "$n" "$id.svg" -o "hicolor/${n}x${n}/apps/$id.png"
done
# Windows takes one .ico holding several sizes (ImageMagick: apt-get install -y imagemagick).
convert hicolor/{16x16,24x24,32x32,48x48,64x64,256x256}/apps/$id.png "$id.ico"
