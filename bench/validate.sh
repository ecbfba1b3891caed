#!/usr/bin/env bash
# Benchmarks `plankit validate` on NDJSON against the two fastest JSON Schema CLIs
# (reference/peers.md): @sourcemeta/jsonschema (its native binary, JSONL input) and
# jsonschema-rs's jsonschema-cli (one file per document; it has no NDJSON input).
#
#   bench/validate.sh            # 200,000 documents, best of 3 runs, then the 1 GB RSS run
#   RUNS=1 SKIP_RSS=1 bench/validate.sh
#
# Data is generated under target/bench-data (never committed); peers are installed under
# target/bench-peers when missing (npm and cargo, as peers.md does). Prints documents/s per
# tool, the ratios, and the peak RSS of validating a 1 GB stream.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
COUNT=${COUNT:-200000}
DATA=target/bench-data
PEERS=${PEERS:-target/bench-peers}
mkdir -p "$DATA" "$PEERS"

echo "== building plankit (release)"
cargo build --release --quiet
PLANKIT=target/release/plankit

SOURCEMETA=$PEERS/node_modules/@sourcemeta/jsonschema/build/github-releases/jsonschema-linux-x86_64
if [ ! -x "$SOURCEMETA" ]; then
  echo "== installing @sourcemeta/jsonschema 16.11.0 (npm)"
  (cd "$PEERS" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund @sourcemeta/jsonschema@16.11.0 >/dev/null)
fi
JSONSCHEMA_CLI=$PEERS/cargo/bin/jsonschema-cli
if [ ! -x "$JSONSCHEMA_CLI" ]; then
  echo "== installing jsonschema-cli 0.60.2 (cargo install, a few minutes)"
  cargo install --quiet --root "$PEERS/cargo" jsonschema-cli --version 0.60.2 --locked
fi

if [ ! -f "$DATA/eocr-$COUNT.ndjson" ]; then
  echo "== generating $COUNT end-of-call-reports (~1 KB each, 5% invalid)"
  python3 - "$DATA" "$COUNT" <<'PY'
import json, os, random, sys
out, count = sys.argv[1], int(sys.argv[2])
random.seed(4)
intents = ["support", "sales", "complaint", "inquiry", "appointment", "other"]
topics = ["opening hours", "appointment", "invoice", "refund", "delivery", "password reset", "pricing", "cancellation"]
schema = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "sentiment": {"type": "integer", "minimum": 1, "maximum": 10, "description": "1=very negative, 10=very positive"},
        "intent": {"type": "string", "enum": intents, "description": "Main reason for the call"},
        "resolved": {"type": "boolean", "description": "Whether the issue was resolved"},
        "follow_up_needed": {"type": "boolean"},
        "topics": {"type": "array", "items": {"type": "string", "maxLength": 80}, "maxItems": 10},
        "action_items": {"type": "array", "items": {"type": "object", "properties": {
            "task": {"type": "string"}, "assigned_to": {"type": "string", "enum": ["agent", "customer", "other"]}},
            "required": ["task", "assigned_to"], "additionalProperties": False}},
        "summary": {"type": "string", "maxLength": 500},
    },
    "required": ["sentiment", "intent", "resolved", "follow_up_needed", "topics", "action_items", "summary"],
    "additionalProperties": False,
}
json.dump(schema, open(os.path.join(out, "schema.json"), "w"), indent=2)
files = os.path.join(out, f"analysis-{count}")
os.makedirs(files, exist_ok=True)
with open(os.path.join(out, f"eocr-{count}.ndjson"), "w") as eocr, open(os.path.join(out, f"analysis-{count}.jsonl"), "w") as bare:
    for i in range(count):
        analysis = {
            "sentiment": random.randint(1, 10),
            "intent": random.choice(intents),
            "resolved": random.random() < 0.7,
            "follow_up_needed": random.random() < 0.3,
            "topics": random.sample(topics, 3),
            "action_items": [{"task": "Send the confirmation e-mail for the appointment", "assigned_to": "agent"},
                             {"task": "Bring the invoice number to the next call", "assigned_to": "customer"}],
            "summary": "The customer called about " + random.choice(topics) + " and the agent explained the next steps; the customer agreed to them.",
        }
        if i % 20 == 7:  # 5% invalid
            if i % 40 == 7:
                analysis["sentiment"] = 11
            else:
                analysis["intent"] = "refund"
        report = {"message": {
            "type": "end-of-call-report",
            "timestamp": "2025-12-13T12:%02d:%02d.000Z" % (i // 60 % 60, i % 60),
            "call": {"id": "5c4d030f-43e3-4e65-%04x-%012x" % (i % 65536, i), "type": "inboundPhoneCall", "status": "ended"},
            "phoneNumber": {"number": "+31850835037", "name": "Flireo Demo"},
            "customer": {"number": "+316%08d" % (i % 100000000)},
            "durationSeconds": random.randint(20, 900),
            "summary": "Klant vroeg naar openingstijden en wilde een afspraak maken voor volgende week; de assistent heeft een tijd voorgesteld en de klant heeft die bevestigd. Een bevestiging volgt per e-mail.",
            "assistant": {"id": "7461b868-afc1-4fe2-871a-5e7c0f3d5772", "name": "Support NL", "metadata": {"crm_id": "%d" % (12345 + i)}},
            "analysis": analysis,
        }}
        eocr.write(json.dumps(report, separators=(",", ":")) + "\n")
        line = json.dumps(analysis, separators=(",", ":"))
        bare.write(line + "\n")
        with open(os.path.join(files, "%06d.json" % i), "w") as f:
            f.write(line)
PY
fi

EOCR=$DATA/eocr-$COUNT.ndjson
BARE=$DATA/analysis-$COUNT.jsonl
SCHEMA=$DATA/schema.json
echo "   $(wc -l < "$EOCR") lines, $(( $(stat -c %s "$EOCR") / COUNT )) bytes per report, $(( $(stat -c %s "$BARE") / COUNT )) bytes per bare output"

# best wall time of $RUNS runs, in seconds
best() {
  local best=""
  for _ in $(seq "$RUNS"); do
    local start end t
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc -l)
    if [ -z "$best" ] || (( $(echo "$t < $best" | bc -l) )); then best=$t; fi
  done
  echo "$best"
}

rate() { echo "$COUNT / $1" | bc -l | xargs printf "%.0f"; }

echo "== checking that every tool finds the same $((COUNT / 20)) invalid documents"
{ "$PLANKIT" validate --schema "$SCHEMA" "$BARE" --format json || true; } | python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print("   plankit (bare):", s)'
{ "$PLANKIT" validate --schema "$SCHEMA" "$EOCR" --format json || true; } | python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print("   plankit (reports):", s)'
echo "   sourcemeta: $("$SOURCEMETA" validate "$SCHEMA" "$BARE" --continue 2>&1 | grep -c '^fail:' || true) failures"
echo "   jsonschema-cli: $(find "$DATA/analysis-$COUNT" -name '*.json' | sort | xargs -n 20000 "$JSONSCHEMA_CLI" validate "$SCHEMA" --errors-only -i 2>/dev/null | grep -c ' - INVALID' || true) failures"

echo "== timing (best of $RUNS, 2 cores: $(nproc) CPUs visible)"
t_plankit_bare=$(best "$PLANKIT" validate --schema "$SCHEMA" "$BARE")
t_plankit_eocr=$(best "$PLANKIT" validate --schema "$SCHEMA" "$EOCR")
t_sourcemeta=$(best "$SOURCEMETA" validate "$SCHEMA" "$BARE" --continue)
t_cli=$(best sh -c "find '$DATA/analysis-$COUNT' -name '*.json' | sort | xargs -n 20000 '$JSONSCHEMA_CLI' validate '$SCHEMA' --errors-only -i")

printf "%-44s %8.2f s %10s docs/s\n" "plankit, bare analysis outputs (NDJSON)" "$t_plankit_bare" "$(rate "$t_plankit_bare")"
printf "%-44s %8.2f s %10s docs/s\n" "plankit, end-of-call-reports (NDJSON)" "$t_plankit_eocr" "$(rate "$t_plankit_eocr")"
printf "%-44s %8.2f s %10s docs/s\n" "sourcemeta jsonschema 16.11.0 (JSONL)" "$t_sourcemeta" "$(rate "$t_sourcemeta")"
printf "%-44s %8.2f s %10s docs/s\n" "jsonschema-cli 0.60.2 (one file each)" "$t_cli" "$(rate "$t_cli")"
fastest=$(printf "%s\n%s\n" "$t_sourcemeta" "$t_cli" | sort -g | head -1)
printf "plankit vs fastest peer on bare outputs: %.1fx; vs sourcemeta %.1fx; vs jsonschema-cli %.1fx\n" \
  "$(echo "$fastest / $t_plankit_bare" | bc -l)" "$(echo "$t_sourcemeta / $t_plankit_bare" | bc -l)" "$(echo "$t_cli / $t_plankit_bare" | bc -l)"

if [ -z "${SKIP_RSS:-}" ]; then
  BIG=$DATA/eocr-1g.ndjson
  if [ ! -f "$BIG" ]; then
    echo "== building a 1 GB stream from the reports"
    : > "$BIG"
    while [ "$(stat -c %s "$BIG")" -lt 1073741824 ]; do cat "$EOCR" >> "$BIG"; done
  fi
  echo "== 1 GB stream: $(( $(stat -c %s "$BIG") / 1048576 )) MiB, $(wc -l < "$BIG") reports"
  /usr/bin/time -v "$PLANKIT" validate --schema "$SCHEMA" "$BIG" > /dev/null 2> "$DATA/time.txt" || true
  grep -E "Elapsed|Maximum resident" "$DATA/time.txt" | sed 's/^\s*/   /'
fi
