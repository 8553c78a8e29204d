#!/usr/bin/env bash
# The installable package, end to end: validates the desktop entry and the AppStream metainfo,
# builds the release binary and the .deb (cargo-deb, from [package.metadata.deb]), installs it
# with apt (which pulls its Depends), then runs the INSTALLED /usr/bin/rapport under Xvfb on a
# fresh data folder: the first-run window must appear with the app id as its window class, and
# its screenshot must not be blank; then a store made with the installed command line is
# unlocked in the window and the contact list is photographed too.
#
#   scripts/package-check.sh            (as root, or with sudo for the install step)
#
# Called by .ci/run. Needs: cargo-deb (installed here when missing), desktop-file-utils,
# appstream, xvfb, xdotool, imagemagick. Screenshots and the .deb stay in $CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

ID=se.rapport.Rapport
T="${CARGO_TARGET_DIR:-$PWD/target}"
CARGO_DEB_VERSION=3.8.0
PASS='package check passphrase, not a secret'

say() { printf '==> %s\n' "$*"; }
fail() { printf 'package-check: %s\n' "$*" >&2; exit 1; }
for tool in desktop-file-validate appstreamcli dpkg-deb Xvfb xdotool import convert; do
  command -v "$tool" >/dev/null || fail "$tool is missing: apt-get install -y desktop-file-utils appstream xvfb xdotool imagemagick"
done
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo

say "validating the desktop entry and the metainfo"
desktop-file-validate "assets/linux/$ID.desktop"
appstreamcli validate --no-net "assets/linux/$ID.metainfo.xml"

if ! cargo deb --version 2>/dev/null | grep -q "$CARGO_DEB_VERSION"; then
  say "installing cargo-deb $CARGO_DEB_VERSION"
  cargo install --locked cargo-deb --version "$CARGO_DEB_VERSION"
fi

say "building the release binary and the .deb"
cargo build --release --locked --bin rapport
# cargo-deb prints the path of the package it wrote as its last line.
DEB=$(cargo deb --no-build --locked | tail -n 1)
[ -f "$DEB" ] || fail "cargo deb wrote no package (got: $DEB)"
say "package: $DEB ($(du -h "$DEB" | cut -f1))"
contents=$(dpkg-deb --contents "$DEB")
for f in usr/bin/rapport "usr/share/applications/$ID.desktop" "usr/share/metainfo/$ID.metainfo.xml" \
         "usr/share/icons/hicolor/scalable/apps/$ID.svg" "usr/share/icons/hicolor/48x48/apps/$ID.png"; do
  grep -q "\./$f\$" <<<"$contents" || fail "the package lacks /$f"
done
depends=$(dpkg-deb --field "$DEB" Depends)
for lib in libxkbcommon-x11-0 libx11-xcb1 libxcursor1 libxi6 libwayland-client0 libc6; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib: $depends"
done

say "installing it with apt"
case "$DEB" in /*) ;; *) DEB="$PWD/$DEB" ;; esac
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --reinstall "$DEB" >/dev/null
[ -x /usr/bin/rapport ] || fail "/usr/bin/rapport is not installed"
dpkg -L rapport | grep -q "/usr/share/applications/$ID.desktop" || fail "dpkg -L does not list the desktop file"
desktop-file-validate "/usr/share/applications/$ID.desktop"
appstreamcli validate --no-net "/usr/share/metainfo/$ID.metainfo.xml" >/dev/null
if ldd /usr/bin/rapport | grep -q "not found"; then fail "a library of /usr/bin/rapport is missing: $(ldd /usr/bin/rapport | grep 'not found')"; fi
/usr/bin/rapport --version

# The installed binary in a virtual display, on a data folder of its own.
WORK=$(mktemp -d)
D=$((120 + $$ % 100))
while [ -e "/tmp/.X$D-lock" ]; do D=$((D + 1)); done
Xvfb ":$D" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
APP=
cleanup() {
  [ -n "$APP" ] && kill "$APP" 2>/dev/null || true
  kill "$XVFB" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
export DISPLAY=":$D"
for _ in $(seq 40); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.25; done

# Waits for the Rapport window; prints its id.
window() {
  for _ in $(seq 120); do
    w=$(xdotool search --name Rapport 2>/dev/null | tail -n 1 || true)
    [ -n "$w" ] && { echo "$w"; return 0; }
    kill -0 "$APP" 2>/dev/null || return 1
    sleep 0.25
  done
  return 1
}
# Takes a screenshot; fails when it has too few colours (a blank or one-colour window).
shot() {
  import -window root "$1"
  colours=$(convert "$1" -format %k info:)
  say "screenshot $1: $colours colours"
  [ "$colours" -gt 50 ] || fail "the screenshot $1 looks blank ($colours colours)"
}
start() {
  env -u WAYLAND_DISPLAY RAPPORT_KDF_MS=50 /usr/bin/rapport --data-dir "$WORK/data" 2>"$WORK/stderr" &
  APP=$!
}

say "first run of the installed app"
start
W=$(window) || fail "the window never appeared: $(cat "$WORK/stderr")"
sleep 2
xdotool search --classname "$ID" | grep -qx "$W" \
  || fail "the window's class is not $ID, so desktops cannot match it to its icon"
shot "$T/package-check-first-run.png"
kill "$APP"; wait "$APP" 2>/dev/null || true; APP=

say "a store made by the installed command line, unlocked in the installed app"
RAPPORT_PASSPHRASE=$PASS RAPPORT_KDF_MS=50 /usr/bin/rapport --data-dir "$WORK/data" init >/dev/null
RAPPORT_PASSPHRASE=$PASS RAPPORT_KDF_MS=50 /usr/bin/rapport --data-dir "$WORK/data" demo --contacts 200 >/dev/null
start
W=$(window) || fail "the window never appeared: $(cat "$WORK/stderr")"
sleep 2
xdotool windowfocus --sync "$W"
xdotool type --delay 20 "$PASS"
xdotool key Return
sleep 4
kill -0 "$APP" || fail "the app exited after unlocking: $(cat "$WORK/stderr")"
shot "$T/package-check-list.png"
say "the package installs and runs"
