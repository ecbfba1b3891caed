#!/usr/bin/env bash
# Benchmark: `plankit lint` on 1,000 plan files in one call, and on a single plan.
# Targets (issue 2): 1,000 files under 50 ms, one plan under 5 ms wall time, on 2 cores.
#
# Usage: bench/lint.sh [RUNS]   (default 20 runs; prints min and median wall time)
# The plans are generated under target/bench-lint from fixtures/plans/support-nl.json with a
# varied schema per file, so no two files are identical. Nothing outside target/ is written.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}

cargo build --release --quiet
bin=target/release/plankit
data=target/bench-lint
rm -rf "$data" && mkdir -p "$data/plans"

python3 - "$data/plans" <<'PY'
import json, sys, copy
base = json.load(open("fixtures/plans/support-nl.json"))
for i in range(1000):
    plan = copy.deepcopy(base)
    props = plan["structuredDataPlan"]["schema"]["properties"]
    for j in range(i % 7):
        props[f"extra_{j}"] = {"type": "string", "description": f"extra field {j} of plan {i}"}
    plan["minMessagesThreshold"] = i % 10
    with open(f"{sys.argv[1]}/plan-{i:04}.json", "w") as f:
        json.dump(plan, f, indent=2)
PY
cp fixtures/plans/support-nl.json "$data/single.json"
bytes=$(du -sb "$data/plans" | cut -f1)

# wall time of one command, in microseconds, over $runs runs: prints "min median"
measure() {
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null || true
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%d %d\n", a[1], a[int((NR+1)/2)]}'
}

echo "plankit $($bin --version | cut -d' ' -f2), $(nproc) cores, $runs runs each"
"$bin" lint "$data/plans" | tail -n 1
read -r min med < <(measure "$bin" lint "$data/plans")
printf '1,000 plans (%s KB): min %6.1f ms  median %6.1f ms  (target < 50 ms)\n' "$((bytes / 1024))" "$(echo "$min/1000" | bc -l)" "$(echo "$med/1000" | bc -l)"
read -r min med < <(measure "$bin" lint "$data/single.json")
printf 'one plan:            min %6.1f ms  median %6.1f ms  (target < 5 ms)\n' "$(echo "$min/1000" | bc -l)" "$(echo "$med/1000" | bc -l)"
read -r min med < <(measure true)
printf 'process baseline (`true`): min %.1f ms\n' "$(echo "$min/1000" | bc -l)"
