#!/usr/bin/env bash
# Cross-checks Warden's webhook signature verification with the official WorkOS Python SDK:
# every header below is first judged by the SDK's own verifier, then posted to a live
# `warden serve`; both must agree (Warden additionally accepts reordered/spaced headers, which
# the Python SDK's strict splitter refuses; the Ruby and Node SDKs accept them too).
# Usage: scripts/workos-signature-crosscheck.sh   (needs python3 with venv, network to PyPI once)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'kill ${server:-0} 2>/dev/null || true; rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q workos==10.6.0
swift build --product warden >/dev/null
secret="whsec_crosscheck_$RANDOM"
WARDEN_WORKOS_WEBHOOK_SECRET="$secret" .build/debug/warden serve --port 0 --db "$work/w.db" 2> "$work/server.log" &
server=$!
for _ in $(seq 1 100); do grep -q "listening on" "$work/server.log" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/server.log" | head -1)
"$work/venv/bin/python" - "$port" "$secret" examples/events.jsonl <<'PY'
import hashlib, hmac, http.client, json, sys, time
from workos.webhooks._verification import verify_header
port, secret, events = int(sys.argv[1]), sys.argv[2], [l for l in open(sys.argv[3]).read().splitlines() if l.strip()]

def sign(body, ms, key=secret):
    return hmac.new(key.encode(), f"{ms}.{body}".encode(), hashlib.sha256).hexdigest()

def sdk_accepts(body, header):
    try:
        verify_header(event_body=body.encode(), event_signature=header, secret=secret, tolerance=180)
        return True
    except Exception:
        return False

def warden_status(body, header):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("POST", "/webhooks/workos", body=body.encode(), headers={"WorkOS-Signature": header, "Content-Type": "application/json"})
    return c.getresponse().status

failures = 0
def case(name, body, header, want_sdk, want_warden):
    global failures
    sdk, status = sdk_accepts(body, header), warden_status(body, header)
    ok = sdk == want_sdk and status == want_warden
    failures += not ok
    print(f"{'ok  ' if ok else 'FAIL'} {name:34} sdk={'accept' if sdk else 'reject':6} warden={status}")

now = int(time.time() * 1000)
for i, body in enumerate(events[:20]):
    case(f"valid event {i + 1}", body, f"t={now}, v1={sign(body, now)}", True, 200)
body = events[25]
case("replayed valid event (duplicate)", events[0], f"t={now}, v1={sign(events[0], now)}", True, 200)
case("tampered body", body.replace('"event_', '"event_X'), f"t={now}, v1={sign(body, now)}", False, 401)
case("wrong secret", body, f"t={now}, v1={sign(body, now, 'whsec_other')}", False, 401)
case("uppercase hex", body, f"t={now}, v1={sign(body, now).upper()}", False, 401)
case("stale (now - 181 s)", body, f"t={now - 181000}, v1={sign(body, now - 181000)}", False, 401)
case("future (now + 181 s)", body, f"t={now + 181000}, v1={sign(body, now + 181000)}", False, 401)
case("timestamp in seconds", body, f"t={now // 1000}, v1={sign(body, now // 1000)}", False, 401)
case("re-serialized body", json.dumps(json.loads(body), indent=1), f"t={now}, v1={sign(body, now)}", False, 401)
case("reordered parts (lenient)", body, f"v1={sign(body, now)}, t={now}", False, 200)
sys.exit(1 if failures else 0)
PY
echo "cross-check passed"
