#!/usr/bin/env python3
"""Kills `warden ingest` and `warden serve` with SIGKILL at random points and checks, after a
restart, that nothing acknowledged was lost and nothing was applied twice.

Usage (scripts/crash-safety.sh builds the binaries and the workload first):
  crash-safety.py --warden BIN --workload DIR [--runs 20] [--mode ingest|serve|both] [--seed S]

The workload folder holds policies/, events.jsonl and base.db (the directory as a baseline
snapshot). A reference run ingests every event into a copy of base.db without interruption.
Each crash run starts from another copy and:
  ingest: runs `warden ingest --progress` and kills it at a random moment; every event it had
          reported committed, and every action it had printed, must be in the database; then
          the same ingest runs again to the end.
  serve:  posts the events one by one, signed, to `warden serve` and kills it at a random
          moment; every event answered 2xx must be in the database; the server restarts, the
          rest is posted (and a sample of acknowledged events again, which must come back
          `duplicate`).
Afterwards the database must hold each event exactly once (same outcomes as the reference,
one audit entry per event), exactly the reference's actions, and `warden audit verify` must
pass. Exit 0 when every run holds; a line per run either way.
"""
import argparse
import hashlib
import hmac
import http.client
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time

SECRET = "whsec_crash_safety"


def remove_db(db):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)


def copy_db(src, dst):
    remove_db(dst)
    shutil.copyfile(src, dst)


def query(db, sql, args=()):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def event_ids_in(db):
    return {row[0] for row in query(db, "SELECT id FROM events WHERE id IS NOT NULL")}


def action_ids_in(db):
    return {row[0] for row in query(db, "SELECT id FROM actions")}


class Warden:
    def __init__(self, binary, workload):
        self.binary = binary
        self.policies = os.path.join(workload, "policies")

    def run(self, *args, check=True):
        r = subprocess.run([self.binary, *args, "--policies", self.policies], capture_output=True, text=True)
        if check and r.returncode != 0:
            raise RuntimeError(f"warden {' '.join(args)} exited {r.returncode}: {r.stderr[-2000:]}")
        return r

    def actions(self, db):
        out = self.run("actions", "--db", db, "--format", "jsonl").stdout
        return [json.loads(line) for line in out.splitlines() if line.strip()]


def summary(warden, db):
    """What must equal the reference: event outcomes, audit entries per event, the actions."""
    outcomes = dict(query(db, "SELECT outcome, COUNT(*) FROM events GROUP BY outcome"))
    twice = query(db, "SELECT subject FROM audit WHERE kind = 'event' GROUP BY subject HAVING COUNT(*) > 1 LIMIT 5")
    return outcomes, twice, warden.actions(db)


def identity(actions):
    """An action's identity (the part a deadline check cannot change)."""
    return sorted(json.dumps({k: a.get(k) for k in ("id", "type", "user", "app", "role", "cause")}, sort_keys=True) for a in actions)


def verify(warden, db, reference, exact=True):
    problems = []
    outcomes, twice, actions = summary(warden, db)
    ref_outcomes, _, ref_actions = reference
    if outcomes != ref_outcomes:
        problems.append(f"event outcomes {outcomes} != reference {ref_outcomes}")
    if twice:
        problems.append(f"events audited twice: {twice}")
    if exact and actions != ref_actions:
        problems.append(f"actions differ from the reference ({len(actions)} vs {len(ref_actions)})")
    if identity(actions) != identity(ref_actions):
        ids, ref_ids = {a["id"] for a in actions}, {a["id"] for a in ref_actions}
        problems.append(f"{len(ref_ids - ids)} actions lost, {len(ids - ref_ids)} extra")
    audit = warden.run("audit", "verify", "--db", db, check=False)
    if audit.returncode != 0:
        problems.append("audit verify failed: " + (audit.stdout + audit.stderr).strip()[-300:])
    return problems


class Drain(threading.Thread):
    """Reads a pipe to its end so the child never blocks on a full pipe."""

    def __init__(self, pipe):
        super().__init__(daemon=True)
        self.pipe, self.lines = pipe, []
        self.start()

    def run(self):
        for line in self.pipe:
            self.lines.append(line)


def ingest_run(warden, args, workload, reference, duration, rng, n):
    db = os.path.join(args.work, f"ingest-{n}.db")
    copy_db(os.path.join(workload, "base.db"), db)
    events = os.path.join(workload, "events.jsonl")
    batch = rng.choice([50, 200, 1000])
    cmd = [warden.binary, "ingest", "--db", db, "--policies", warden.policies, events, "--format", "jsonl",
           "--batch-size", str(batch), "--progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = Drain(proc.stdout), Drain(proc.stderr)
    time.sleep(rng.uniform(0.02, duration))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    out.join()
    err.join()
    committed = 0
    for line in err.lines:
        if line.rstrip().endswith(" events committed"):
            committed = int(line.rsplit(" ", 3)[-3])
    # A line cut off by the kill was never fully reported.
    printed = {json.loads(line)["id"] for line in out.lines if line.startswith("{") and line.endswith("\n")}
    ids = args.event_ids
    present = event_ids_in(db)
    problems = []
    missing = [i for i in ids[:committed] if i not in present]
    if missing:
        problems.append(f"{len(missing)} events reported committed are missing, e.g. {missing[0]}")
    lost_actions = printed - action_ids_in(db)
    if lost_actions:
        problems.append(f"{len(lost_actions)} printed actions are missing")
    at_kill = len(present)
    warden.run("ingest", "--db", db, events, "--format", "jsonl", "--batch-size", str(batch))
    problems += verify(warden, db, reference)
    note = f"batch {batch}, killed after {committed} reported / {at_kill} committed, {len(printed)} actions printed"
    remove_db(db)
    return note, problems


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, warden, db, port):
        env = dict(os.environ, WARDEN_WORKOS_WEBHOOK_SECRET=SECRET, WARDEN_CHECK_INTERVAL="1000d", LOG_LEVEL="warning")
        self.proc = subprocess.Popen([warden.binary, "serve", "--db", db, "--policies", warden.policies, "--port", str(port)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        self.err = Drain(self.proc.stderr)
        self.port = port
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited: " + "".join(self.err.lines)[-2000:])
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                c.request("GET", "/healthz")
                if c.getresponse().status == 200:
                    c.close()
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("server did not start")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()


def post(conn, line):
    body = line.encode()
    t = str(int(time.time() * 1000))
    sig = hmac.new(SECRET.encode(), t.encode() + b"." + body, hashlib.sha256).hexdigest()
    conn.request("POST", "/webhooks/workos", body=body,
                 headers={"Content-Type": "application/json", "WorkOS-Signature": f"t={t}, v1={sig}"})
    r = conn.getresponse()
    data = r.read()
    return r.status, (json.loads(data).get("status") if data.startswith(b"{") else None)


def post_all(port, lines, start, stop_flag, acked):
    """Posts lines[start:] in order on one keep-alive connection; records the 2xx ids."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for i in range(start, len(lines)):
        if stop_flag.is_set():
            return i
        try:
            status, outcome = post(conn, lines[i])
        except (OSError, http.client.HTTPException):
            return i
        if 200 <= status < 300:
            acked.append((i, outcome))
        else:
            raise RuntimeError(f"event {i}: HTTP {status}")
    return len(lines)


def serve_run(warden, args, workload, reference, duration, rng, n):
    db = os.path.join(args.work, f"serve-{n}.db")
    copy_db(os.path.join(workload, "base.db"), db)
    lines, ids = args.event_lines, args.event_ids
    server = Server(warden, db, free_port())
    acked, stop = [], threading.Event()
    poster = threading.Thread(target=lambda: post_all(server.port, lines, 0, stop, acked), daemon=True)
    poster.start()
    time.sleep(rng.uniform(0.05, duration))
    server.kill()
    stop.set()
    poster.join()
    present = event_ids_in(db)
    problems = []
    lost = [ids[i] for i, _ in acked if ids[i] not in present]
    if lost:
        problems.append(f"{len(lost)} acknowledged events missing after the kill, e.g. {lost[0]}")
    at_kill = len(present)
    server = Server(warden, db, free_port())
    resumed = []
    last = acked[-1][0] + 1 if acked else 0
    post_all(server.port, lines, last, threading.Event(), resumed)
    again = []
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    for i, _ in rng.sample(acked, min(100, len(acked))):
        status, outcome = post(conn, lines[i])
        again.append(outcome)
    server.kill()
    if any(o != "duplicate" for o in again):
        problems.append(f"re-posted acknowledged events not all duplicate: {sorted(set(again))}")
    problems += verify(warden, db, reference, exact=False)
    note = f"killed after {len(acked)} acknowledged / {at_kill} committed, resumed from {last}"
    remove_db(db)
    return note, problems


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--warden", required=True)
    p.add_argument("--workload", required=True)
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--mode", choices=["ingest", "serve", "both"], default="both")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--work", default=None)
    args = p.parse_args()
    args.work = args.work or os.path.join(args.workload, "crash")
    os.makedirs(args.work, exist_ok=True)
    rng = random.Random(args.seed)
    warden = Warden(os.path.abspath(args.warden), args.workload)
    with open(os.path.join(args.workload, "events.jsonl")) as f:
        args.event_lines = [line.rstrip("\n") for line in f if line.strip()]
    args.event_ids = [json.loads(line)["id"] for line in args.event_lines]

    ref_db = os.path.join(args.work, "reference.db")
    copy_db(os.path.join(args.workload, "base.db"), ref_db)
    began = time.time()
    warden.run("ingest", "--db", ref_db, os.path.join(args.workload, "events.jsonl"), "--format", "jsonl")
    ingest_time = time.time() - began
    reference = summary(warden, ref_db)
    print(f"reference: {len(args.event_ids)} events in {ingest_time:.1f} s, {len(reference[2])} actions, outcomes {reference[0]}")
    if len(reference[2]) == 0:
        sys.exit("the reference created no actions: the workload checks nothing")

    failures, total = 0, 0
    modes = ["ingest", "serve"] if args.mode == "both" else [args.mode]
    for mode in modes:
        # serve: about 2 ms per event sequentially; kill within the first 80% of the stream.
        duration = ingest_time * 0.9 if mode == "ingest" else len(args.event_ids) * 0.0016
        for n in range(1, args.runs + 1):
            run = ingest_run if mode == "ingest" else serve_run
            note, problems = run(warden, args, args.workload, reference, duration, rng, n)
            total += 1
            failures += bool(problems)
            print(f"{mode} {n:2d}: {'FAIL' if problems else 'ok  '} {note}" + "".join(f"\n    {x}" for x in problems), flush=True)
    print(f"{total - failures}/{total} runs held: no acknowledged event lost, none applied twice, actions equal to the reference, audit chain valid"
          if failures == 0 else f"{failures}/{total} runs FAILED")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
