#!/usr/bin/env bash
# Measures how the store groups reports of one event across articles: ingests the
# shared dev set into a fresh database, exports the canonical events, scores them
# with the shared scorer, checks the Parquet export against the JSONL one (pyarrow), appends the grouping lines to target/eval/grouping.txt
# and prints them.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${KIBARU_SHARED:-../shared}
gold="$shared/eval/dev.jsonl"
out=target/eval
target_dir=${CARGO_TARGET_DIR:-target}
mkdir -p "$out"
cargo build --release --quiet -p kibaru
db="$out/grouping.db"
rm -f "$db" "$db-wal" "$db-shm"
"$target_dir/release/kibaru" ingest --input-format jsonl --gazetteer "$shared/data/geonames" \
    --db "$db" "$gold" 2> "$out/grouping-ingest.log" || {
    cat "$out/grouping-ingest.log" >&2
    exit 1
}
"$target_dir/release/kibaru" export --db "$db" --format jsonl -o "$out/grouping-canonical.jsonl"
# The Parquet export of the same events, read back by pyarrow and compared.
"$target_dir/release/kibaru" export --db "$db" --format parquet -o "$out/grouping-canonical.parquet"
python3 scripts/check-parquet.py "$out/grouping-canonical.parquet" "$out/grouping-canonical.jsonl"
python3 "$shared/eval/score.py" "$gold" "$out/grouping-canonical.jsonl" > "$out/grouping-score.txt"
python3 "$shared/eval/score.py" "$gold" "$out/grouping-canonical.jsonl" --json > "$out/grouping-score.json"
lines=$(grep -E '^group_(precision|recall|f1) ' "$out/grouping-score.txt")
{
    echo "# $(git rev-parse --short HEAD 2>/dev/null || echo unknown) $(tail -n 1 "$out/grouping-ingest.log")"
    echo "$lines"
} >> "$out/grouping.txt"
echo "$lines"
python3 scripts/check-floors.py "$out/grouping-score.json" scripts/floors-grouping.json
