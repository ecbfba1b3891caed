#!/usr/bin/env bash
# Benchmarks `plankit eval` against a local Chat Completions server with realistic latency:
# CASES cases × RUNS runs at LATENCY_MS per request and JOBS requests in flight. The wall time
# should approach the ideal, (cases × runs × latency) / jobs; replaying the same run from the
# cassette should take well under a second.
#
#   bench/eval.sh                          # 200 cases × 3 runs, 300 ms, --jobs 16
#   CASES=50 JOBS=8 bench/eval.sh
#   PLANKIT=target/debug/plankit bench/eval.sh   # skip the release build
#
# The cases are generated under target/bench-data/eval (never committed); the server is
# bench/chat_server.py on an ephemeral port of 127.0.0.1, stopped when the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."

CASES=${CASES:-200}
RUNS=${RUNS:-3}
LATENCY_MS=${LATENCY_MS:-300}
JOBS=${JOBS:-16}
DATA=target/bench-data/eval
if [ -z "${PLANKIT:-}" ]; then
  echo "== building plankit (release)"
  cargo build --release --quiet
  PLANKIT=target/release/plankit
fi

echo "== generating $CASES cases"
rm -rf "$DATA"
python3 - "$DATA" "$CASES" <<'PY'
import json, os, sys
out, count = sys.argv[1], int(sys.argv[2])
names = ["Sanne de Wit", "Mark Jansen", "Priya Raman", "Tom Visser", "Eva Smit"]
for i in range(count):
    case = os.path.join(out, "cases", f"call-{i:04d}")
    os.makedirs(case)
    name = names[i % len(names)]
    with open(os.path.join(case, "transcript.txt"), "w") as f:
        f.write(f"AI: Dental Practice De Molen, how can I help?\nUser: Hi, this is {name}, call {i}. I'd like to book a check-up.\n"
                "AI: Wednesday at 09:30?\nUser: Perfect, thanks.\n")
    with open(os.path.join(case, "expected.json"), "w") as f:
        json.dump({"intent": "book", "sentiment": 8, "caller_name": name if i % 4 else None,
                   "callback_requested": False, "topics": ["availability"], "appointment_date": None}, f)
PY

PORT_FILE=$(mktemp)
python3 bench/chat_server.py --latency-ms "$LATENCY_MS" >"$PORT_FILE" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -f "$PORT_FILE"' EXIT
for _ in $(seq 50); do [ -s "$PORT_FILE" ] && break; sleep 0.1; done
PORT=$(head -1 "$PORT_FILE")

EVAL=("$PLANKIT" eval fixtures/eval/plan-v2.json "$DATA/cases" --model bench-model --runs "$RUNS" --jobs "$JOBS" -q --format json)
now() { python3 -c 'import time; print(time.monotonic())'; }

echo "== $CASES cases × $RUNS runs at $LATENCY_MS ms, --jobs $JOBS, against 127.0.0.1:$PORT"
start=$(now)
"${EVAL[@]}" --base-url "http://127.0.0.1:$PORT/v1" --record >"$DATA/live.json"
live=$(python3 -c "print($(now) - $start)")

start=$(now)
"${EVAL[@]}" --replay >"$DATA/replay.json"
replay=$(python3 -c "print($(now) - $start)")

python3 - "$CASES" "$RUNS" "$LATENCY_MS" "$JOBS" "$live" "$replay" "$DATA" <<'PY'
import json, sys
cases, runs, latency, jobs = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
live, replay, data = float(sys.argv[5]), float(sys.argv[6]), sys.argv[7]
ideal = cases * runs * latency / 1000 / jobs
for name in ("live", "replay"):
    report = json.load(open(f"{data}/{name}.json"))
    requests = report["summary"]["requests"]
    assert requests["total"] == cases * runs, requests
print(f"requests:      {cases * runs}")
print(f"ideal:         {ideal:.2f} s  ((cases × runs × latency) / jobs)")
print(f"live (record): {live:.2f} s  ({live / ideal:.2f} × ideal, {cases * runs / live:.1f} requests/s)")
print(f"replay:        {replay:.3f} s")
PY
