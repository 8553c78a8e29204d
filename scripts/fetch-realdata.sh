#!/usr/bin/env bash
# Fetches the third-party test corpus that tests/exchange_realdata.rs and others read: each file
# from its upstream repository at the commit pinned in scripts/realdata.lock, checked against the
# SHA-256 listed there before it is kept. The files keep their own licences (some GPL), which is
# why they live beside the repository (../shared/realdata), never in it.
#
#   scripts/fetch-realdata.sh                 fetch what is missing or wrong into ../shared/realdata
#   scripts/fetch-realdata.sh --dest DIR      fetch into DIR (then run tests with RAPPORT_REALDATA=DIR)
#   scripts/fetch-realdata.sh --verify [DIR]  only check the files already there; no network
#
# REALDATA_BASE_URL replaces https://raw.githubusercontent.com (a mirror; file:// works too):
# a file is fetched from $REALDATA_BASE_URL/<owner>/<repo>/<commit>/<path>.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
lock="$here/realdata.lock"
dest="${RAPPORT_REALDATA:-$(cd "$here/../.." && pwd)/shared/realdata}"
base="${REALDATA_BASE_URL:-https://raw.githubusercontent.com}"
verify_only=0

while [ $# -gt 0 ]; do
  case "$1" in
    --verify) verify_only=1; if [ $# -gt 1 ] && [ "${2#--}" = "$2" ]; then dest="$2"; shift; fi ;;
    --dest) [ $# -gt 1 ] || { echo "--dest needs a folder" >&2; exit 2; }; dest="$2"; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# sha256sum on Linux, shasum on macOS.
sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

if [ "$verify_only" = 0 ]; then
  command -v curl >/dev/null 2>&1 || { echo "curl is needed to fetch the corpus: install it and run this again" >&2; exit 1; }
  mkdir -p "$dest"
fi
[ -d "$dest" ] || { echo "no corpus at $dest: run scripts/fetch-realdata.sh without --verify to fetch it" >&2; exit 1; }

ok=0 fetched=0 bad=0
while IFS=$'\t' read -r local repo commit path want; do
  case "$local" in ''|'#'*) continue ;; esac
  target="$dest/$local"
  if [ -f "$target" ] && [ "$(sha256 "$target")" = "$want" ]; then
    ok=$((ok + 1))
    continue
  fi
  if [ "$verify_only" = 1 ]; then
    if [ -f "$target" ]; then echo "WRONG HASH $local (expected $want from $repo@$commit)" >&2
    else echo "MISSING    $local" >&2; fi
    bad=$((bad + 1))
    continue
  fi
  mkdir -p "$(dirname "$target")"
  # Into a temporary file beside the target, moved into place only once its hash is right:
  # an interrupted or tampered download never leaves a file that looks fetched.
  part="$(mktemp "$(dirname "$target")/.fetch.XXXXXX")"
  if ! curl -fsSL --retry 3 -o "$part" "$base/$repo/$commit/$path"; then
    rm -f "$part"
    echo "FAILED     $local: could not download $repo@$commit:$path" >&2
    bad=$((bad + 1))
    continue
  fi
  got="$(sha256 "$part")"
  if [ "$got" != "$want" ]; then
    rm -f "$part"
    echo "WRONG HASH $local: $repo@$commit:$path has sha256 $got, expected $want; not kept" >&2
    bad=$((bad + 1))
    continue
  fi
  chmod 0644 "$part"
  mv -f "$part" "$target"
  fetched=$((fetched + 1))
done < "$lock"

echo "corpus at $dest: $ok already right, $fetched fetched, $bad missing or wrong"
[ "$bad" = 0 ] || exit 1
