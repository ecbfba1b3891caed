#!/usr/bin/env bash
# Benchmark: the cold start of `plankit lint` on one plan, and what it is made of.
# Target (issue 13): `plankit lint` on one plan under 5 ms wall time.
#
# Usage: bench/startup.sh [RUNS]   (default 50 runs; hyperfine when installed, else a shell loop
# printing min and median wall time). Each row adds one cost to the one above it:
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

echo "plankit $($bin --version | cut -d' ' -f2), $(nproc) cores, binary $(( $(stat -c %s "$bin") / 1024 )) KB, $runs runs each"
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 5 --runs "$runs" -i \
    "$bin --version" "$bin lint $data/no-schema.json" "$bin lint $data/plan.json"
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
row() {
  local label=$1; shift
  read -r min med < <(measure "$@")
  printf '%-18s min %6.2f ms  median %6.2f ms\n' "$label" "$(echo "$min/1000" | bc -l)" "$(echo "$med/1000" | bc -l)"
}
row "--version" "$bin" --version
row "lint (no schema)" "$bin" lint "$data/no-schema.json"
row "lint (one plan)" "$bin" lint "$data/plan.json"
echo "(target: lint on one plan < 5 ms; the shell loop adds about 1 ms of fork and date to each run)"
