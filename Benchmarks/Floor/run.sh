#!/usr/bin/env bash
# The SQLite floor of BENCHMARKS.md: insert.c writes the 100k-event ingest's rows (446,127
# actions; with `all`, also 100,000 events with 69 MB of payloads and 550,000 audit rows) through
# the system SQLite with the store's tables, indexes and pragmas, and no planning, hashing or JSON.
#   Benchmarks/Floor/run.sh [RUNS]      (needs gcc and libsqlite3-dev; database under $TMPDIR)
#   FLOOR_CACHE_KB=524288 Benchmarks/Floor/run.sh   (a 512 MiB page cache instead of the store's 8 MiB)
#   FLOOR_SEQUENTIAL_IDS=1 Benchmarks/Floor/run.sh  (action ids in insertion order, not random hex)
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${1:-3}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
gcc -O2 -o "$OUT/insert" insert.c -lsqlite3 -lpthread
for args in "actions 0 auto" "actions 4462 auto" "actions 4462 bg" "all 0 auto short" "all 1000 auto short" "all 1000 bg real"; do
  for _ in $(seq "$RUNS"); do
    rm -f "$OUT/floor.db" "$OUT/floor.db-wal" "$OUT/floor.db-shm"
    # shellcheck disable=SC2086
    /usr/bin/time -f "insert $args: %e s wall, %U s user + %S s sys, peak RSS %M KB" "$OUT/insert" "$OUT/floor.db" $args >/dev/null 2>"$OUT/err" || { cat "$OUT/err" >&2; exit 1; }
    tail -1 "$OUT/err"
  done
done
