#!/usr/bin/env bash
# Measures the desktop app on a demo store of N contacts (default 100000) in a real window under
# Xvfb: time from process start to the first frame and to the first rows of the list, the
# passphrase KDF + store open, keystroke-to-list-updated in the search field, the page fetches
# End triggers, and the app's RSS after opening and after searching. The app prints the
# timings itself (RAPPORT_TIMINGS=1, names and milliseconds only) — see src/ui/timings.rs.
#
#   cargo build --release --bin rapport
#   scripts/gui-timings.sh [N]          # env: RAPPORT_BIN, GUI_TIMINGS_DIR (store kept there)
#
# Needs Xvfb, xdotool (apt-get install -y xvfb xdotool). The store is built once with
# `rapport demo` and reused; delete GUI_TIMINGS_DIR to rebuild it.
set -euo pipefail

N=${1:-100000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${RAPPORT_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/rapport}
DIR=${GUI_TIMINGS_DIR:-${TMPDIR:-/tmp}/rapport-gui-timings-$N}
PASS='gui timings passphrase, not a secret'
for tool in Xvfb xdotool; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install -y xvfb xdotool" >&2; exit 1; }
done
[ -x "$BIN" ] || { echo "no release binary at $BIN: cargo build --release --bin rapport" >&2; exit 1; }

mkdir -p "$DIR"
umask 077
printf '%s\n' "$PASS" >"$DIR/passphrase"
if [ ! -f "$DIR/data/vault.json" ]; then
  echo "building a demo store of $N contacts in $DIR/data (once)…" >&2
  RAPPORT_PASSPHRASE=$PASS "$BIN" --data-dir "$DIR/data" init >/dev/null
  RAPPORT_PASSPHRASE=$PASS "$BIN" --data-dir "$DIR/data" demo --contacts "$N" >/dev/null
fi

# A free display number.
D=$((150 + $$ % 100))
while [ -e "/tmp/.X$D-lock" ]; do D=$((D + 1)); done
Xvfb ":$D" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
APP=
cleanup() {
  [ -n "$APP" ] && kill "$APP" 2>/dev/null || true
  kill "$XVFB" 2>/dev/null || true
}
trap cleanup EXIT
export DISPLAY=:$D
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

LOG=$DIR/timings.log
rss() { awk '/^VmRSS|^VmHWM/ {printf "%s %.1f MB  ", $1, $2 / 1024}' "/proc/$APP/status"; echo; }
wait_for() { # wait_for PATTERN COUNT: until the log has COUNT lines matching PATTERN
  for _ in $(seq 600); do
    [ "$(grep -c "$1" "$LOG" || true)" -ge "$2" ] && return 0
    sleep 0.1
  done
  echo "timed out waiting for $1" >&2
  return 1
}

START_MS=$(date +%s%3N)
RAPPORT_TIMINGS=1 WAYLAND_DISPLAY='' "$BIN" --data-dir "$DIR/data" --passphrase-file "$DIR/passphrase" 2>"$LOG" &
APP=$!
wait_for 'first_list_rows' 1
sleep 1
echo "== $N contacts, $BIN, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v s="$START_MS" '/^rapport-timing-epoch/ {printf "process start -> %-16s %7.1f ms\n", $2, $3 - s}' "$LOG"
grep -E '^rapport-timing (first_view|first_list_rows|unlock_kdf_and_open) ' "$LOG" |
  awk '{printf "app start     -> %-16s %7.1f ms\n", $2, $3}'
echo "RSS after opening:    $(rss)"

W=$(xdotool search --name Rapport | tail -1)
xdotool windowfocus --sync "$W"
# The search field has the focus. One key at a time, with a pause, so that each keystroke is
# measured on its own (typing faster only drops stale answers).
typed=0
for word in an lind s e; do
  for ((i = 0; i < ${#word}; i++)); do
    xdotool type --delay 0 "${word:i:1}"
    typed=$((typed + 1))
    wait_for '^rapport-timing search_to_view' "$typed"
    sleep 0.3
  done
  for ((i = 0; i < ${#word}; i++)); do
    xdotool key BackSpace
    typed=$((typed + 1))
    wait_for '^rapport-timing search_to_view' "$typed"
    sleep 0.3
  done
done
echo "RSS after searching:  $(rss)"
stats() { # stats NAME: n, p50, p95, max of the named timing
  grep "^rapport-timing $1 " "$LOG" | awk '{print $3}' | sort -n |
    awk -v name="$1" '{v[NR] = $1} END {
      if (NR == 0) { print name ": none"; exit }
      p50 = v[int((NR - 1) * 0.5) + 1]; p95 = v[int((NR - 1) * 0.95) + 1]
      printf "%-16s n=%3d  p50 %7.2f ms  p95 %7.2f ms  max %7.2f ms\n", name, NR, p50, p95, v[NR] }'
}
echo "keystroke -> list updated ($typed keystrokes, 1-4 letters and back to empty):"
stats search_answer
stats search_to_view

# End: the last page of the whole list (an offset near N), fetched off the UI thread. The
# search field keeps End for itself, so first click the first row (which also opens it).
xdotool mousemove --window "$W" 120 215 click 1
sleep 1
pages=$(grep -c '^rapport-timing list_page' "$LOG" || true)
xdotool key End
wait_for '^rapport-timing list_page' $((pages + 1))
sleep 0.5
echo "End (last page):      $(grep '^rapport-timing list_page' "$LOG" | tail -1 | awk '{print $3 " ms"}')"
echo "RSS at the end:       $(rss)"
echo "(raw lines: $LOG)"
