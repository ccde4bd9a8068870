#!/usr/bin/env bash
# Score `crossread compare --format json` and the TF-IDF baseline against every
# hand-labelled gold cluster: /work/shared/eval/gold and tests/gold (ours).
# Prints one line per cluster and the mean of each figure.
# Usage: tests/eval.sh [--no-build] [--no-baseline] [GOLD.json...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${CROSSREAD_SHARED:-$root/../shared}"
[ -d "$shared/eval" ] || shared=/work/shared
if [ ! -d "$shared/eval" ] || [ ! -d "$shared/corpus" ]; then
    echo "eval: ../shared (eval kit and corpus) is absent; nothing to score"
    exit 0
fi
build=1 baseline=1
golds=()
for arg in "$@"; do
    case "$arg" in
        --no-build) build=0 ;;
        --no-baseline) baseline=0 ;;
        *.json) golds+=("$arg") ;;
        *) echo "eval: unknown option $arg" >&2; exit 2 ;;
    esac
done
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
if [ "$build" = 1 ]; then
    (cd "$root" && nice cargo build --release --quiet)
fi
bin="$CARGO_TARGET_DIR/release/crossread"

if [ "${#golds[@]}" = 0 ]; then
    for dir in "$shared/eval/gold" "$root/tests/gold"; do
        [ -d "$dir" ] || continue
        for g in "$dir"/*.json; do [ -e "$g" ] && golds+=("$g"); done
    done
fi

cluster_dir() {
    # "seeds/moscow-invitation" names the seeds folder; others are paths under corpus.
    local story
    story="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["story"])' "$1")"
    case "$story" in
        seeds/*) echo "$shared/corpus/seeds" ;;
        *) echo "$shared/corpus/$story" ;;
    esac
}

results="$(mktemp)"
trap 'rm -f "$results"' EXIT

run() { # label, gold, cluster, command...
    local label="$1" gold="$2" cluster="$3" out
    shift 3
    out="$(python3 "$shared/eval/score.py" "$gold" "$cluster" -- "$@" 2>&1 || true)"
    python3 - "$label" "$out" "$results" <<'PY'
import json, sys
label, out, results = sys.argv[1], sys.argv[2].strip(), sys.argv[3]
try:
    r = json.loads(out.splitlines()[-1])
except Exception:
    print(f"{label:9} FAILED {out[-200:]}")
    sys.exit(0)
print(f"{label:9} {r['story']:28} link_p {r['link_p']:.3f} link_r {r['link_r']:.3f} "
      f"same_r {r['link_r_same']:.3f} uniq_p {r['unique_p']:.3f} uniq_r {r['unique_r']:.3f} "
      f"fact_p {r.get('fact_p', 0):.3f} fact_r {r.get('fact_r', 0):.3f} missing {r['snippets_not_found']}")
with open(results, "a") as f:
    f.write(f"{label}\t{json.dumps(r)}\n")
PY
}

for g in "${golds[@]}"; do
    c="$(cluster_dir "$g")"
    if [ ! -d "$c" ]; then echo "eval: no cluster folder $c for $g"; continue; fi
    run crossread "$g" "$c" "$bin" compare --format json
    if [ "$baseline" = 1 ]; then
        run baseline "$g" "$c" python3 "$shared/eval/baseline.py"
    fi
done
python3 - "$results" <<'PY'
import json, sys, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    label, blob = line.rstrip("\n").split("\t", 1)
    rows[label].append(json.loads(blob))
keys = ["link_p", "link_r", "link_r_same", "unique_p", "unique_r", "fact_p", "fact_r"]
for label, rs in rows.items():
    real = [r for r in rs if not r["story"].startswith("seeds/")]
    for name, subset in (("all", rs), ("real", real)):
        if subset:
            means = " ".join(f"{k} {sum(r.get(k, 0) for r in subset) / len(subset):.3f}" for k in keys)
            print(f"MEAN {label:9} {name:4} ({len(subset)}) {means}")
PY
