#!/usr/bin/env bash
# Renders the owner reports of the demo flow and photographs one with headless Chromium, so the
# HTML report can be looked at (PNG) and print-previewed (PDF) without a desktop.
#
#   scripts/report-screenshot.sh [OWNER] [OUT_DIR]
#
# OWNER defaults to `people-systems`; OUT_DIR to `out/report-screenshot` (git-ignored). The
# binary is $WARDEN if set, else `.build/debug/warden` (built with `swift build` if missing).
# Needs `chromium` (installed with apt-get when missing, if allowed).
set -euo pipefail
cd "$(dirname "$0")/.."

owner="${1:-people-systems}"
out="${2:-out/report-screenshot}"
warden="${WARDEN:-.build/debug/warden}"

if [ ! -x "$warden" ]; then
  swift build
fi
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  # A fresh machine has no package lists yet: without the update, `install` finds no chromium.
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
db="$tmp/w.db"

# The demo flow: ingest the examples; the first check opens the overdue violations, the second
# (36 hours later) escalates them.
"$warden" ingest --db "$db" examples/events.jsonl >/dev/null
"$warden" check --db "$db" --now 2026-10-20T00:00:00Z >/dev/null
"$warden" check --db "$db" --now 2026-10-21T12:00:00Z >/dev/null

mkdir -p "$out"
out="$(cd "$out" && pwd)"
"$warden" report --db "$db" --format html --out "$out/html" --now 2026-10-21T12:00:00Z >/dev/null
page="$out/html/$owner.html"
[ -s "$page" ] || { echo "error: no report for owner \`$owner\` in $out/html" >&2; exit 1; }

chrome=(chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --no-default-browser-check
        --user-data-dir="$tmp/chromium")
"${chrome[@]}" --screenshot="$out/$owner.png" --window-size=1280,1600 "file://$page" >/dev/null 2>&1
"${chrome[@]}" --print-to-pdf="$out/$owner.pdf" --no-pdf-header-footer "file://$page" >/dev/null 2>&1

check() { # file, minimum size in bytes, first four bytes in hex
  local size magic
  size=$(wc -c <"$1")
  magic=$(head -c 4 "$1" | od -An -tx1 | tr -d ' \n')
  [ "$size" -ge "$2" ] || { echo "error: $1 is only $size bytes" >&2; exit 1; }
  [ "$magic" = "$3" ] || { echo "error: $1 starts with $magic, not $3" >&2; exit 1; }
  echo "$1 ($size bytes)"
}
check "$out/$owner.png" 20000 89504e47   # PNG
check "$out/$owner.pdf" 10000 25504446   # %PDF
