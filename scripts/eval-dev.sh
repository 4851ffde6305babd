#!/usr/bin/env bash
# Quality on the shared dev set: `kibaru eval` extracts and scores it (metrics,
# confusion matrix, misses and false alarms into target/eval/dev-eval.txt), the
# shared score.py scores the same events and must agree with kibaru's numbers,
# and every metric must stay above its floor in scripts/floors.json.
#
#   scripts/eval-dev.sh            check
#   scripts/eval-dev.sh --update   also copy the report to reports/dev-eval.txt
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${KIBARU_SHARED:-../shared}
gold="$shared/eval/dev.jsonl"
out=target/eval
bin=${CARGO_TARGET_DIR:-target}/release/kibaru
mkdir -p "$out"
cargo build --release --quiet -p kibaru
"$bin" eval --gazetteer "$shared/data/geonames" "$gold" --events "$out/dev-events.jsonl" > "$out/dev-eval.txt"
"$bin" eval --gazetteer "$shared/data/geonames" "$gold" --json > "$out/dev-score-kibaru.json"
python3 "$shared/eval/score.py" "$gold" "$out/dev-events.jsonl" | tee "$out/dev-score.txt"
python3 "$shared/eval/score.py" "$gold" "$out/dev-events.jsonl" --json > "$out/dev-score.json"
python3 - "$out/dev-score.json" "$out/dev-score-kibaru.json" <<'PY'
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
def same(x, y):
    if isinstance(x, (int, float)) and isinstance(y, (int, float)):
        return abs(x - y) <= 1e-9
    return x == y
bad = [k for k in sorted(set(a) | set(b)) if k not in a or k not in b or not same(a[k], b[k])]
for k in bad:
    print(f"kibaru eval disagrees with score.py on {k}: {b.get(k)} vs {a.get(k)}")
print("kibaru eval and score.py agree on %d metrics" % len(a) if not bad else "")
sys.exit(1 if bad else 0)
PY
python3 scripts/check-floors.py "$out/dev-score.json" scripts/floors.json
if [ "${1:-}" = "--update" ]; then
    mkdir -p reports
    cp "$out/dev-eval.txt" reports/dev-eval.txt
    echo "reports/dev-eval.txt updated"
elif ! cmp -s "$out/dev-eval.txt" reports/dev-eval.txt 2>/dev/null; then
    echo "note: reports/dev-eval.txt differs from this run (scripts/eval-dev.sh --update refreshes it)"
fi
