#!/usr/bin/env bash
# Extracts events from the shared dev set, scores them with the shared scorer,
# writes reports/dev-eval.txt and fails if a metric drops below its floor.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${KIBARU_SHARED:-../shared}
gold="$shared/eval/dev.jsonl"
out=target/eval
mkdir -p "$out"
cargo build --release --quiet -p kibaru
target/release/kibaru extract --input-format jsonl --gazetteer "$shared/data/geonames" \
    "$gold" -o "$out/dev-events.jsonl"
python3 "$shared/eval/score.py" "$gold" "$out/dev-events.jsonl" | tee "$out/dev-score.txt"
python3 "$shared/eval/score.py" "$gold" "$out/dev-events.jsonl" --json > "$out/dev-score.json"
python3 scripts/check-floors.py "$out/dev-score.json" scripts/floors.json
