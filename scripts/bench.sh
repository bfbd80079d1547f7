#!/usr/bin/env bash
# Reproduces the figures of BENCHMARKS.md on this machine:
#   scripts/bench.sh [--users N] [--events N] [--skip-engine] [--skip-cli] [--skip-webhook]
# Builds release binaries, writes the seeded workload (Benchmarks/Generate) to $WORK (default
# /tmp/warden-bench-<users>), runs the engine benchmarks (ordo-one/benchmark: policy load, full
# recompute, in-memory planning) and times the CLI end to end with /usr/bin/time (wall clock,
# CPU, peak RSS): baseline snapshot, open, ingest of the change stream, check, report, and the
# webhook latency at a fixed rate. Every database is a fresh copy (its -wal/-shm removed first).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
USERS=100000 EVENTS=100000 ENGINE=1 CLI=1 WEBHOOK=1
while [ $# -gt 0 ]; do
  case "$1" in
    --users) USERS=$2; shift ;;
    --events) EVENTS=$2; shift ;;
    --skip-engine) ENGINE=0 ;;
    --skip-cli) CLI=0 ;;
    --skip-webhook) WEBHOOK=0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
WORK=${WORK:-/tmp/warden-bench-$USERS}
mkdir -p "$WORK"

echo "== build (release)"
swift build -c release --product warden >/dev/null
W=$ROOT/.build/release/warden
(cd Benchmarks && swift build -c release --product generate-workload >/dev/null)
if [ ! -f "$WORK/events.jsonl" ]; then
  Benchmarks/.build/release/generate-workload "$WORK" --users "$USERS" --events "$EVENTS"
fi

measure() { # label, command...: one line with wall, CPU and peak RSS
  local label=$1; shift
  /usr/bin/time -f "$label: %e s wall, %U s user + %S s sys, peak RSS %M KB" "$@" >/dev/null 2>"$WORK/time.err" || { cat "$WORK/time.err" >&2; return 1; }
  tail -1 "$WORK/time.err"
}
fresh() { rm -f "$1" "$1-wal" "$1-shm"; cp "$WORK/base.db" "$1"; }

if [ "$ENGINE" = 1 ]; then
  echo "== engine (ordo-one/benchmark, $USERS users)"
  (cd Benchmarks && WARDEN_BENCH_USERS=$USERS WARDEN_BENCH_EVENTS=$EVENTS swift package benchmark --target EngineBenchmarks --no-progress 2>&1 | grep -E "^(│ |╒|╘|[A-Za-z].*Benchmark|EngineBenchmarks)" || true)
fi

if [ "$CLI" = 1 ]; then
  echo "== command line ($USERS users, $EVENTS events)"
  P=$WORK/policies
  measure "validate 200 app files" "$W" validate --policies "$P"
  if [ ! -f "$WORK/base.db" ]; then
    measure "snapshot --baseline" "$W" snapshot --baseline --db "$WORK/base.db" --policies "$P" "$WORK/snapshot.json" --at 2026-01-31T00:00:00Z
  fi
  : > "$WORK/empty.jsonl"
  fresh "$WORK/run.db"; measure "open (load mirror + targets)" "$W" ingest --db "$WORK/run.db" --policies "$P" "$WORK/empty.jsonl"
  fresh "$WORK/run.db"; measure "ingest $EVENTS events" "$W" ingest --db "$WORK/run.db" --policies "$P" "$WORK/events.jsonl" --format jsonl
  "$W" actions --db "$WORK/run.db" --policies "$P" --format jsonl | awk 'END { print "  actions after ingest: " NR }'
  cp "$WORK/run.db" "$WORK/ingested.db"
  measure "check, none due" "$W" check --db "$WORK/run.db" --policies "$P" --now 2026-01-31T12:00:00Z
  measure "check, all overdue" "$W" check --db "$WORK/run.db" --policies "$P" --now 2026-03-01T00:00:00Z
  measure "report (all owners, html)" "$W" report --db "$WORK/run.db" --policies "$P" --format html --out "$WORK/reports" --now 2026-03-01T00:00:00Z
fi

if [ "$WEBHOOK" = 1 ]; then
  echo "== webhook latency (500 requests/s for 20 s on a copy of the baseline)"
  fresh "$WORK/srv.db"
  PORT=18099
  WARDEN_WORKOS_WEBHOOK_SECRET=whsec_bench WARDEN_CHECK_INTERVAL=1000d "$W" serve --port $PORT --db "$WORK/srv.db" --policies "$WORK/policies" >"$WORK/serve.log" 2>&1 &
  SERVER=$!
  trap 'kill $SERVER 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
  python3 scripts/webhook-load.py --port $PORT --secret whsec_bench --rate 500 --seconds 20 "$WORK/events.jsonl"
  echo "  server peak RSS: $(grep VmHWM /proc/$SERVER/status | awk '{ print $2 " " $3 }')"
fi
