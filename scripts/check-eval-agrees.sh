#!/usr/bin/env bash
# Checks that crates/eval (kibaru-eval) scores SYSTEM against GOLD exactly as the shared
# score.py does: compares `score.py GOLD SYSTEM --json` with the Rust example `score`
# key by key (tolerance 1e-9). Exits 1 on any disagreement.
#
#   scripts/check-eval-agrees.sh GOLD.jsonl SYSTEM.jsonl
set -euo pipefail
if [ $# -ne 2 ]; then
    echo "usage: $0 GOLD.jsonl SYSTEM.jsonl" >&2
    exit 2
fi
abs() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s/%s\n' "$PWD" "$1" ;; esac; }
gold=$(abs "$1")
system=$(abs "$2")
cd "$(dirname "$0")/.."
shared=${KIBARU_SHARED:-../shared}
py=$(python3 "$shared/eval/score.py" "$gold" "$system" --json)
rs=$(cargo run -q -p kibaru-eval --example score -- "$gold" "$system")
python3 -c '
import json, sys
a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
def same(x, y):
    if isinstance(x, (int, float)) and isinstance(y, (int, float)):
        return abs(x - y) <= 1e-9
    return x == y
bad = [k for k in sorted(set(a) | set(b)) if k not in a or k not in b or not same(a[k], b[k])]
for k in bad:
    print("%s: score.py %s, kibaru-eval %s" % (k, a.get(k, "(absent)"), b.get(k, "(absent)")))
print(f"{len(a)} keys from score.py, {len(b)} from kibaru-eval: " + ("DISAGREE" if bad else "agree"))
sys.exit(1 if bad else 0)
' "$py" "$rs"
