# Sourced by the scripts that drive release binaries over a generated workload.
# prepare_workload USERS EVENTS: builds release `warden` and `generate-workload`, writes the seeded
# workload and its baseline database to $WORK (default /tmp/warden-<USERS>x<EVENTS>) once, and
# sets W (the warden binary) and WORK.
prepare_workload() {
  local users=$1 events=$2
  WORK=${WORK:-/tmp/warden-${users}x${events}}
  mkdir -p "$WORK"
  swift build -c release --product warden >/dev/null
  (cd Benchmarks && swift build -c release --product generate-workload >/dev/null)
  W=$PWD/.build/release/warden
  if [ ! -f "$WORK/base.db" ]; then
    Benchmarks/.build/release/generate-workload "$WORK" --users "$users" --events "$events" --seed 7
    "$W" snapshot --baseline --db "$WORK/base.db.tmp" --policies "$WORK/policies" "$WORK/snapshot.json" --at 2026-01-31T00:00:00Z >/dev/null
    mv "$WORK/base.db.tmp" "$WORK/base.db"; rm -f "$WORK/base.db.tmp-wal" "$WORK/base.db.tmp-shm"
  fi
}
