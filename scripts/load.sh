#!/usr/bin/env bash
# Load and slow-client checks on loopback (see scripts/load.py):
#   scripts/load.sh [--users N] [--events N] [LOAD.PY OPTIONS...]
# Builds release binaries and a seeded workload with its baseline database in $WORK (default
# /tmp/warden-<users>x<events>), then runs the phases against one `warden serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=2000 EVENTS=10000 REST=()
while [ $# -gt 0 ]; do
  case "$1" in
    --users) USERS=$2; shift ;;
    --events) EVENTS=$2; shift ;;
    *) REST+=("$1") ;;
  esac
  shift
done
. scripts/workload-lib.sh
prepare_workload "$USERS" "$EVENTS"
python3 scripts/load.py --warden "$W" --workload "$WORK" "${REST[@]}"
