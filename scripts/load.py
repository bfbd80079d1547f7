#!/usr/bin/env python3
"""Load and slow-client checks against a live `warden serve` on 127.0.0.1.

Usage (scripts/load.sh builds the binary and the workload first):
  load.py --warden BIN --workload DIR [--webhooks 1000] [--rounds 3] [--scim 200] [--slow 200]

Phases, each against the same server process:
  webhooks  ROUNDS x N signed webhook posts, all N of a round in flight at once (one connection
            each); every one must be answered 2xx, and the database must hold each event once.
  scim      N concurrent SCIM user creations, then N concurrent PATCHes (active: false) on them;
            all 201 / 200, N users listed afterwards, each userName once.
  slow      N slowloris connections trickling header lines while a client measures /healthz;
            the slow connections must be closed by the server and the others served promptly.
  limits    a 2 MiB webhook body (413), a 64 KiB header (431).
Prints answered / applied / status counts, p50/p99 latency and the server's RSS after each
phase (VmHWM = peak); exit 1 when any check fails.
"""
import argparse
import asyncio
import hashlib
import hmac
import json
import os
import resource
import shutil
import socket
import sqlite3
import subprocess
import sys
import time

SECRET = "whsec_load"
SCIM_TOKEN = "scim-load-token-0123456789"


def rss(pid):
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmRSS", "VmHWM")):
                key, value = line.split(":")
                values[key] = int(value.split()[0]) // 1024
    return values


def percentile(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(len(s) * p))] if s else 0.0


async def request(port, method, path, body=b"", headers=None, timeout=60):
    """One HTTP/1.1 request on its own connection; returns (status, body, seconds)."""
    began = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {len(body)}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items()) + "\r\n"
    writer.write(head.encode() + body)
    await writer.drain()
    data = await asyncio.wait_for(reader.read(-1), timeout)
    writer.close()
    elapsed = time.perf_counter() - began
    if not data:
        return 0, b"", elapsed
    status = int(data.split(b" ", 2)[1])
    header_end = data.find(b"\r\n\r\n")
    payload = data[header_end + 4:]
    if b"transfer-encoding: chunked" in data[:header_end].lower():
        out, rest = b"", payload
        while rest:
            size_line, rest = rest.split(b"\r\n", 1)
            size = int(size_line, 16)
            if size == 0:
                break
            out, rest = out + rest[:size], rest[size + 2:]
        payload = out
    return status, payload, elapsed


def signed(body):
    t = str(int(time.time() * 1000))
    sig = hmac.new(SECRET.encode(), t.encode() + b"." + body, hashlib.sha256).hexdigest()
    return {"Content-Type": "application/json", "WorkOS-Signature": f"t={t}, v1={sig}"}


class Report:
    def __init__(self):
        self.failures = []

    def check(self, ok, what):
        if not ok:
            self.failures.append(what)
            print(f"  FAIL: {what}", flush=True)


async def webhooks(port, lines, n, rounds, db, pid, report):
    print(f"webhooks: {rounds} rounds of {n} concurrent signed posts", flush=True)
    for r in range(rounds):
        batch = lines[r * n:(r + 1) * n]
        began = time.perf_counter()
        results = await asyncio.gather(*[request(port, "POST", "/webhooks/workos", line.encode(), signed(line.encode())) for line in batch],
                                       return_exceptions=True)
        wall = time.perf_counter() - began
        errors = [x for x in results if isinstance(x, BaseException)]
        answered = [x for x in results if not isinstance(x, BaseException)]
        statuses = {}
        outcomes = {}
        for status, body, _ in answered:
            statuses[status] = statuses.get(status, 0) + 1
            if status == 200:
                o = json.loads(body).get("status")
                outcomes[o] = outcomes.get(o, 0) + 1
        latencies = [x[2] * 1000 for x in answered]
        ids = [json.loads(line)["id"] for line in batch]
        con = sqlite3.connect(db)
        placeholders = ",".join("?" * len(ids))
        stored = con.execute(f"SELECT COUNT(*), COUNT(DISTINCT id) FROM events WHERE id IN ({placeholders})", ids).fetchone()
        con.close()
        mem = rss(pid)
        print(f"  round {r + 1}: {len(answered)}/{len(batch)} answered in {wall:.2f} s, HTTP {statuses}, outcomes {outcomes}, "
              f"stored {stored[1]} distinct / {stored[0]} rows; p50 {percentile(latencies, 0.5):.0f} ms, "
              f"p99 {percentile(latencies, 0.99):.0f} ms; server RSS {mem['VmRSS']} MB (peak {mem['VmHWM']} MB)", flush=True)
        report.check(not errors, f"{len(errors)} webhook posts failed: {errors[:1]}")
        report.check(statuses.get(200, 0) == len(batch), f"not every webhook answered 200: {statuses}")
        report.check(outcomes.get("duplicate", 0) == 0, "a first delivery was reported duplicate")
        report.check(stored == (len(batch), len(batch)), f"events stored {stored}, expected {len(batch)} once each")


def scim_user(i):
    return json.dumps({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": f"load.user{i}@example.com", "externalId": f"load-{i}", "active": True,
        "name": {"givenName": "Load", "familyName": f"User{i}"},
        "emails": [{"value": f"load.user{i}@example.com", "type": "work", "primary": True}],
    }).encode()


async def scim(port, n, pid, report):
    print(f"scim: {n} concurrent creates, then {n} concurrent PATCHes", flush=True)
    auth = {"Authorization": f"Bearer {SCIM_TOKEN}", "Content-Type": "application/scim+json"}
    results = await asyncio.gather(*[request(port, "POST", "/scim/v2/Users", scim_user(i), auth) for i in range(n)], return_exceptions=True)
    created = [x for x in results if not isinstance(x, BaseException) and x[0] == 201]
    statuses = sorted({x[0] if not isinstance(x, BaseException) else repr(x) for x in results}, key=str)
    lat = [x[2] * 1000 for x in created]
    print(f"  create: {len(created)}/{n} 201, statuses {statuses}, p50 {percentile(lat, 0.5):.0f} ms, p99 {percentile(lat, 0.99):.0f} ms", flush=True)
    report.check(len(created) == n, f"SCIM creates: {len(created)}/{n} answered 201 ({statuses})")
    ids = [json.loads(x[1])["id"] for x in created]
    patch = json.dumps({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                        "Operations": [{"op": "replace", "path": "active", "value": False}]}).encode()
    results = await asyncio.gather(*[request(port, "PATCH", f"/scim/v2/Users/{i}", patch, auth) for i in ids], return_exceptions=True)
    patched = [x for x in results if not isinstance(x, BaseException) and x[0] == 200]
    lat = [x[2] * 1000 for x in patched]
    print(f"  patch: {len(patched)}/{len(ids)} 200, p50 {percentile(lat, 0.5):.0f} ms, p99 {percentile(lat, 0.99):.0f} ms", flush=True)
    report.check(len(patched) == len(ids), f"SCIM patches: {len(patched)}/{len(ids)} answered 200")
    status, body, _ = await request(port, "GET", '/scim/v2/Users?filter=userName%20sw%20%22load.user%22&count=1000', b"", auth)
    listed = json.loads(body) if status == 200 else {}
    names = [u["userName"] for u in listed.get("Resources", [])]
    inactive = sum(1 for u in listed.get("Resources", []) if u.get("active") is False)
    print(f"  listed {listed.get('totalResults')} users, {len(set(names))} distinct userNames, {inactive} inactive; "
          f"server RSS {rss(pid)['VmRSS']} MB", flush=True)
    report.check(listed.get("totalResults") == n and len(set(names)) == n, f"SCIM list: {listed.get('totalResults')} users, expected {n}")
    report.check(inactive == n, f"{inactive}/{n} users inactive after the PATCHes")


async def slowloris(port, n, report):
    print(f"slow: {n} connections trickling a header line every 0.5 s", flush=True)

    async def slow():
        """Returns how long the server kept the connection, and what it answered (nothing)."""
        began = time.perf_counter()
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"POST /webhooks/workos HTTP/1.1\r\nHost: x\r\n")
        try:
            while True:
                await writer.drain()
                try:
                    data = await asyncio.wait_for(reader.read(64), 0.5)
                    return time.perf_counter() - began, data
                except asyncio.TimeoutError:
                    writer.write(b"X-Slow: 1\r\n")
        except OSError:
            return time.perf_counter() - began, b""
        finally:
            writer.close()

    tasks = [asyncio.create_task(slow()) for _ in range(n)]
    await asyncio.sleep(1)
    latencies = []
    for _ in range(200):
        status, _, elapsed = await request(port, "GET", "/healthz")
        report.check(status == 200, f"/healthz answered {status} during the slow clients")
        latencies.append(elapsed * 1000)
    results = await asyncio.gather(*tasks)
    held = [r[0] for r in results]
    answered = [r for r in results if r[1]]
    print(f"  /healthz during them: p50 {percentile(latencies, 0.5):.1f} ms, p99 {percentile(latencies, 0.99):.1f} ms; "
          f"slow connections closed by the server after {min(held):.1f}-{max(held):.1f} s, {len(answered)} got a response", flush=True)
    report.check(percentile(latencies, 0.99) < 100, "slow clients delayed others (p99 >= 100 ms)")
    report.check(max(held) < 30, "a slow connection was held 30 s or more")
    report.check(not answered, "a slow client got a response to an incomplete request")


async def limits(port, report):
    print("limits:", flush=True)
    big = b'{"id":"' + b"x" * (2 << 20) + b'"}'
    status, _, _ = await request(port, "POST", "/webhooks/workos", big, signed(big))
    print(f"  2 MiB webhook body: HTTP {status}", flush=True)
    report.check(status == 413, f"2 MiB webhook body answered {status}, expected 413")
    status, _, _ = await request(port, "GET", "/healthz", b"", {"X-Big": "a" * (64 << 10)})
    print(f"  64 KiB header: HTTP {status}", flush=True)
    report.check(status == 431, f"64 KiB header answered {status}, expected 431")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--warden", required=True)
    p.add_argument("--workload", required=True)
    p.add_argument("--webhooks", type=int, default=1000)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--scim", type=int, default=200)
    p.add_argument("--slow", type=int, default=200)
    args = p.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    db = os.path.join(args.workload, "load.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    shutil.copyfile(os.path.join(args.workload, "base.db"), db)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, WARDEN_WORKOS_WEBHOOK_SECRET=SECRET, WARDEN_SCIM_TOKEN=SCIM_TOKEN, WARDEN_CHECK_INTERVAL="1000d",
               LOG_LEVEL="warning")
    server = subprocess.Popen([args.warden, "serve", "--db", db, "--policies", os.path.join(args.workload, "policies"), "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=lambda: resource.setrlimit(
                                  resource.RLIMIT_NOFILE, (hard, hard)))
    try:
        for _ in range(1200):
            if server.poll() is not None:
                sys.exit("the server exited: " + server.stderr.read().decode()[-2000:])
            try:
                socket.create_connection(("127.0.0.1", port), 0.1).close()
                break
            except OSError:
                time.sleep(0.1)
        with open(os.path.join(args.workload, "events.jsonl")) as f:
            lines = [line.strip() for line in f if line.strip()]
        report = Report()
        print(f"server pid {server.pid} on 127.0.0.1:{port}, RSS {rss(server.pid)['VmRSS']} MB after start", flush=True)
        asyncio.run(webhooks(port, lines, args.webhooks, args.rounds, db, server.pid, report))
        asyncio.run(scim(port, args.scim, server.pid, report))
        asyncio.run(slowloris(port, args.slow, report))
        asyncio.run(limits(port, report))
        mem = rss(server.pid)
        report.check(server.poll() is None, "the server died")
        print(f"server RSS at the end {mem['VmRSS']} MB, peak {mem['VmHWM']} MB", flush=True)
    finally:
        server.kill()
        server.wait()
    print("all load checks held" if not report.failures else f"{len(report.failures)} load checks FAILED")
    sys.exit(1 if report.failures else 0)


if __name__ == "__main__":
    main()
