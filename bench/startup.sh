#!/usr/bin/env bash
# Benchmark: the cold start of `plankit lint` on one plan, and what it is made of.
# Target (issue 13): `plankit lint` on one plan under 5 ms wall time.
#
# Usage: bench/startup.sh [RUNS]   (default 50 runs; hyperfine when installed, else a shell loop
# printing min and median wall time). BEFORE_BIN=<a plankit binary> compares it with this tree's
# release build side by side, row by row, in one run (hyperfine's "times faster" ratio, or the
# ratio of the medians). Each row adds one cost to the one above it:
#   --version          process start, dynamic loading, argument parsing
#   lint (no schema)   + config discovery, reading and parsing a plan, the template rules
#   lint (one plan)    + the schema rules, the meta-schema check of a real plan
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-50}

cargo build --release --quiet
bin=target/release/plankit
data=target/bench-startup
rm -rf "$data" && mkdir -p "$data"
cp fixtures/plans/support-nl.json "$data/plan.json"
printf '{"messages": [{"role": "user", "content": "Transcript: {{transcript}}"}]}\n' > "$data/no-schema.json"

before=${BEFORE_BIN:-}
if [ -n "$before" ] && [ ! -x "$before" ]; then
  echo "BEFORE_BIN=$before is not an executable" >&2
  exit 2
fi
size() { echo "$(( $(stat -c %s "$1") / 1024 )) KB"; }
echo "plankit $($bin --version | cut -d' ' -f2), $(nproc) cores, binary $(size "$bin"), $runs runs each"
[ -z "$before" ] || echo "before: $before, binary $(size "$before")"
rows=("--version" "lint $data/no-schema.json" "lint $data/plan.json")
if command -v hyperfine >/dev/null; then
  # hyperfine prints means; on a shared machine the median (and min) are what to quote
  medians() {
    python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("  %-50s median %5.2f ms  min %5.2f ms" % (r["command"][-50:], r["median"] * 1e3, r["min"] * 1e3))' "$1"
  }
  if [ -z "$before" ]; then
    hyperfine -N --warmup 5 --runs "$runs" -i --export-json "$data/times.json" "${rows[@]/#/$bin }"
    medians "$data/times.json"
  else
    for i in "${!rows[@]}"; do
      args=${rows[$i]}
      hyperfine -N --warmup 5 --runs "$runs" -i --export-json "$data/times-$i.json" \
        -n "after: $args" "$bin $args" -n "before: $args" "$before $args"
      medians "$data/times-$i.json"
    done
  fi
  exit 0
fi

# wall time of one command, in microseconds, over $runs runs: prints "min median"
measure() {
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%d %d\n", a[1], a[int((NR+1)/2)]}'
}
ms() { echo "$1/1000" | bc -l; }
row() {
  local label=$1; shift
  read -r min med < <(measure "$bin" "$@")
  printf '%-18s min %6.2f ms  median %6.2f ms' "$label" "$(ms "$min")" "$(ms "$med")"
  if [ -n "$before" ]; then
    read -r bmin bmed < <(measure "$before" "$@")
    printf '   before: min %6.2f ms  median %6.2f ms  after/before %.2f' \
      "$(ms "$bmin")" "$(ms "$bmed")" "$(echo "$med/$bmed" | bc -l)"
  fi
  echo
}
row "--version" --version
row "lint (no schema)" lint "$data/no-schema.json"
row "lint (one plan)" lint "$data/plan.json"
echo "(target: lint on one plan < 5 ms; the shell loop adds about 1 ms of fork and date to each run)"
