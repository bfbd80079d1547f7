#!/usr/bin/env bash
# SCIM conformance (reference/scim.md §4): starts `warden serve` on 127.0.0.1 with an empty
# temporary database and two SCIM tokens (one directory per tool, so each gets an empty
# tenant), then runs scim2-tester (`scim2 test`) and scim-sanity (`scim-sanity probe`).
# Exits non-zero unless every `scim2 test` result is SUCCESS and scim-sanity reports 0 failed.
# The tools are installed in .venv-scim-tools (gitignored). Full outputs are kept in
# $SCIM_CONFORMANCE_OUT (default: a temporary folder, printed at the end).
# Usage: scripts/scim-conformance.sh   (needs python3 with venv; PyPI once for the tools)
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-scim-tools
work=$(mktemp -d)
out=${SCIM_CONFORMANCE_OUT:-$work/out}
mkdir -p "$out"
trap 'kill ${server:-0} 2>/dev/null || true; wait ${server:-0} 2>/dev/null || true; rm -rf "$work/db"' EXIT

[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q scim2-cli==0.6.0 scim2-tester==0.5.2 scim-sanity==0.7.4
swift build --product warden >/dev/null

token() { "$venv/bin/python" -c 'import secrets; print(secrets.token_urlsafe(32))'; }
tester_token=$(token)
sanity_token=$(token)
mkdir -p "$work/db"
# The tokens file holds only SHA-256 digests (docs/scim.md, "Tokens").
{
    echo "conformance-scim2-tester sha256:$(printf %s "$tester_token" | sha256sum | cut -d' ' -f1)"
    echo "conformance-scim-sanity sha256:$(printf %s "$sanity_token" | sha256sum | cut -d' ' -f1)"
} > "$work/db/scim-tokens"
WARDEN_SCIM_TOKENS_FILE="$work/db/scim-tokens" .build/debug/warden serve --host 127.0.0.1 --port 0 --db "$work/db/w.db" \
    --policies policies 2> "$out/server.log" &
server=$!
for _ in $(seq 1 200); do grep -q "listening on" "$out/server.log" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$out/server.log" | head -1)
[ -n "$port" ] || { echo "warden serve did not start:"; cat "$out/server.log"; exit 1; }
base="http://127.0.0.1:$port/scim/v2"

# 1) scim2-tester through scim2-cli; the token travels in the environment, not in `ps`.
set +e
SCIM_CLI_URL="$base" SCIM_CLI_HEADERS="Authorization: Bearer $tester_token" "$venv/bin/scim2" test -v > "$out/scim2-test.txt" 2>&1
tester_exit=$?
# 2) scim-sanity's lifecycle, search and error probe (the token is a throwaway one).
"$venv/bin/scim-sanity" probe "$base" --token "$sanity_token" --i-accept-side-effects > "$out/scim-sanity.txt" 2>&1
sanity_exit=$?
set -e

statuses='^(SUCCESS|COMPLIANT|ACCEPTABLE|DEVIATION|ERROR|CRITICAL|SKIPPED) '
total=$(grep -cE "$statuses" "$out/scim2-test.txt" || true)
success=$(grep -cE '^SUCCESS ' "$out/scim2-test.txt" || true)
# Its closing line omits `failed` when nothing failed: `28 passed, 3 skipped, 31 total`.
sanity_line=$(sed 's/\x1b\[[0-9;]*m//g' "$out/scim-sanity.txt" | grep -E '^ *[0-9]+ passed,.* total' | tail -1 | sed 's/^ *//' || true)
count() { echo "$sanity_line" | grep -oE "[0-9]+ $1" | grep -oE '[0-9]+' || echo 0; }
sanity_failed=$(count failed)
sanity_summary=${sanity_line:+$(count passed) passed, $sanity_failed failed, $(count skipped) skipped}
grep -E "$statuses" "$out/scim2-test.txt" | grep -vE '^SUCCESS ' || true
grep -E '\[FAIL\]' "$out/scim-sanity.txt" || true
echo "scim2 test: $success of $total results SUCCESS (exit $tester_exit)"
echo "scim-sanity probe: ${sanity_summary:-no summary} (exit $sanity_exit; its line: $sanity_line)"
echo "outputs: $out"
[ "$tester_exit" -eq 0 ] && [ "$total" -gt 0 ] && [ "$success" -eq "$total" ] \
    && [ "$sanity_exit" -eq 0 ] && [ -n "$sanity_line" ] && [ "$sanity_failed" -eq 0 ]
