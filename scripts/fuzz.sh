#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ (ASan + coverage on every Swift module), seeds them from
# the repository's fixtures, and runs each in turn. docs/fuzzing.md has the details and results.
#
#   scripts/fuzz.sh                       60 s per target
#   scripts/fuzz.sh 10                    10 s per target (CI)
#   scripts/fuzz.sh --runs 1000000        1,000,000 executions per target
#   scripts/fuzz.sh 300 FuzzSCIMFilter    one target
#
# Prints one summary line per target and exits 1 on any crash, hang, leak, OOM or sanitizer
# report; the reproducer is in Fuzz/.build/fuzz/<target>/artifacts. Corpora are kept between runs in
# Fuzz/.build/fuzz/<target>/corpus (delete it to start from the seeds again).
set -euo pipefail
cd "$(dirname "$0")/.."

limit=(-max_total_time=60)
if [ "${1:-}" = "--runs" ]; then
  limit=(-runs="${2:?--runs needs a count}")
  shift 2
elif [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  limit=(-max_total_time="$1")
  shift
fi

all=(FuzzPolicyLoader FuzzWorkOSEvent FuzzWebhookSignature FuzzSCIMFilter FuzzSCIMPatch FuzzAccountExport)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")

# Dictionary and longest input per target.
declare -A dict=([FuzzPolicyLoader]=yaml [FuzzWorkOSEvent]=workos [FuzzWebhookSignature]=webhook
                 [FuzzSCIMFilter]=scim-filter [FuzzSCIMPatch]=scim-patch [FuzzAccountExport]=export)
declare -A max_len=([FuzzPolicyLoader]=16384 [FuzzWorkOSEvent]=8192 [FuzzWebhookSignature]=8192
                    [FuzzSCIMFilter]=8192 [FuzzSCIMPatch]=8192 [FuzzAccountExport]=16384)
for t in "${targets[@]}"; do
  [ -n "${dict[$t]:-}" ] || { echo "unknown target $t; one of: ${all[*]}" >&2; exit 2; }
done

swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -g
bin=Fuzz/.build/release
work=Fuzz/.build/fuzz
rm -rf "$work/seeds"
python3 scripts/fuzz-seeds.py "$work/seeds" >/dev/null
export SWIFT_BACKTRACE=enable=no  # libFuzzer reports traps itself (with the stack); the backtracer would trip ASan
symbolizer="$(dirname "$(command -v swift)")/llvm-symbolizer"
[ -x "$symbolizer" ] && export ASAN_SYMBOLIZER_PATH="$symbolizer"

status=0
for t in "${targets[@]}"; do
  dir="$work/$t"
  mkdir -p "$dir/corpus" "$dir/artifacts"
  before=$(ls "$dir/artifacts" | wc -l)
  set +e
  # The first folder collects new inputs; the seeds are read only.
  "$bin/$t" "${limit[@]}" -timeout=10 -rss_limit_mb=2048 -max_len="${max_len[$t]}" \
    -dict="Fuzz/dictionaries/${dict[$t]}.dict" -artifact_prefix="$dir/artifacts/" -print_final_stats=1 \
    "$dir/corpus" "$work/seeds/$t" >"$dir/log" 2>&1
  code=$?
  set -e
  findings=$(( $(ls "$dir/artifacts" | wc -l) - before ))
  done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$dir/log" | tail -1 || true)
  runs=$(sed -E 's/^Done ([0-9]+) runs.*/\1/' <<<"${done_line:-Done 0 runs}")
  secs=$(sed -E 's/.* in ([0-9]+) second.*/\1/' <<<"${done_line:-in 0 second}")
  [ -z "$done_line" ] && runs=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$dir/log" | grep -oE '[0-9]+$' || echo 0)
  rate=$(( secs > 0 ? runs / secs : runs ))
  printf '%-22s executions %9s  seconds %5s  exec/s %6s  findings %d  exit %d\n' "$t" "$runs" "$secs" "$rate" "$findings" "$code"
  if [ "$code" -ne 0 ] || [ "$findings" -ne 0 ]; then
    status=1
    grep -E 'ERROR|SUMMARY|Fatal error|Test unit written' "$dir/log" | head -5 | sed 's/^/    /'
    echo "    full log: $dir/log"
  fi
done
exit $status
