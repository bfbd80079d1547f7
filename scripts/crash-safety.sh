#!/usr/bin/env bash
# SIGKILL crash-safety check for `warden ingest` and `warden serve` (see scripts/crash-safety.py):
#   scripts/crash-safety.sh [--runs N] [--users N] [--events N] [--mode ingest|serve|both]
# Builds release binaries, writes a seeded workload (Benchmarks/Generate) and its baseline
# database to $WORK (default /tmp/warden-<users>x<events>), then kills and restarts each
# mode N times (default 20) and checks that nothing acknowledged was lost or applied twice.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=20 USERS=2000 EVENTS=10000 MODE=both
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift ;;
    --users) USERS=$2; shift ;;
    --events) EVENTS=$2; shift ;;
    --mode) MODE=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
. scripts/workload-lib.sh
prepare_workload "$USERS" "$EVENTS"
python3 scripts/crash-safety.py --warden "$W" --workload "$WORK" --runs "$RUNS" --mode "$MODE"
