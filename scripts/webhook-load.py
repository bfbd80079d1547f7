#!/usr/bin/env python3
"""Fixed-rate load on POST /webhooks/workos: each request is signed like WorkOS signs and sent at
its scheduled time (start + i / rate); latency is measured from that scheduled time, so a server
that falls behind cannot hide it (no coordinated omission). Prints p50/p99/max and throughput.

  scripts/webhook-load.py --port 8080 --secret S --rate 500 --seconds 20 EVENTS.jsonl
"""
import argparse, gc, hashlib, hmac, http.client, json, queue, statistics, sys, threading, time

p = argparse.ArgumentParser()
p.add_argument("--host", default="127.0.0.1")
p.add_argument("--port", type=int, required=True)
p.add_argument("--secret", required=True)
p.add_argument("--rate", type=float, default=500)
p.add_argument("--seconds", type=float, default=20)
p.add_argument("--threads", type=int, default=16)
p.add_argument("events")
a = p.parse_args()

lines = [l for l in open(a.events).read().splitlines() if l.strip()]
total = min(len(lines), int(a.rate * a.seconds))
work = queue.Queue()
results, errors, statuses = [], [], {}
lock = threading.Lock()
# The client's own garbage-collection pauses (tens of ms over the 100k lines) must not count as the server's.
gc.collect(); gc.freeze(); gc.disable()
start = time.monotonic() + 0.5

def worker():
    conn = http.client.HTTPConnection(a.host, a.port, timeout=30)
    while True:
        item = work.get()
        if item is None:
            return
        i, body = item
        due = start + i / a.rate
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        ms = int(time.time() * 1000)
        sig = hmac.new(a.secret.encode(), f"{ms}.{body}".encode(), hashlib.sha256).hexdigest()
        try:
            conn.request("POST", "/webhooks/workos", body=body.encode(),
                         headers={"WorkOS-Signature": f"t={ms}, v1={sig}", "Content-Type": "application/json"})
            r = conn.getresponse()
            r.read()
            done = time.monotonic()
            with lock:
                results.append(done - due)
                statuses[r.status] = statuses.get(r.status, 0) + 1
        except Exception as e:
            with lock:
                errors.append(str(e))
            conn = http.client.HTTPConnection(a.host, a.port, timeout=30)

threads = [threading.Thread(target=worker, daemon=True) for _ in range(a.threads)]
for t in threads: t.start()
for i in range(total): work.put((i, lines[i]))
for _ in threads: work.put(None)
for t in threads: t.join()
elapsed = time.monotonic() - start
lat = sorted(results)
def pct(q): return lat[min(len(lat) - 1, int(q * len(lat)))] * 1000 if lat else float("nan")
print(json.dumps({"requests": total, "answered": len(lat), "errors": len(errors), "statuses": statuses,
                  "target_rate": a.rate, "achieved_rate": round(len(lat) / elapsed, 1),
                  "p50_ms": round(pct(0.50), 2), "p90_ms": round(pct(0.90), 2), "p99_ms": round(pct(0.99), 2),
                  "max_ms": round(lat[-1] * 1000, 2) if lat else None}))
sys.exit(1 if errors or any(s >= 500 for s in statuses) else 0)
