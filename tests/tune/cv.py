#!/usr/bin/env python3
"""Choose the aligner's thresholds under leave-one-cluster-out cross-validation.

For every setting of a grid (meaning weight, group and partial thresholds) and every gold cluster,
runs `crossread compare --format json --align-options SETTING` and scores it with
../shared/eval/score.py; the unique-claim threshold is applied afterwards from each statement's
`nearest` scores (it changes nothing else). Then, for each cluster, the setting is chosen on all the
OTHER clusters by the fixed rule below, and scored on the held-out one. The macro mean of those
held-out scores is the cross-validated figure; the same rule applied to all clusters gives the
shipped defaults (src/align/group.rs).

The rule, fixed before looking at held-out scores:
  0. meaning weight and shrink: those whose pair ranking (one threshold on the blended score, as
     tests/ceiling/pair_ceiling.py measures it) does best on the training clusters: the most
     same-claim recall at link precision >= 0.90 plus the best unique precision ("no partner
     above t") at unique recall >= UNIQUE_R, macro;
  1. groups, at that weight: the most same-claim recall (link_r_same) with claim-link precision >= LINK_P;
     among settings within TIE of that recall, the most fact recall with fact precision >= FACT_P
     (else the best fact precision);
  2. unique: the best unique precision with unique recall >= UNIQUE_R.
  Throughout, a setting must keep the sample story (when it is a training cluster) at 1.0 on every
  figure: the product's demo must read right.

Usage: tests/tune/cv.py [--jobs N] [--grid small|full]   (small, the default: meaning weight fixed at 0.5)
Runs are cached per binary (by its SHA-256) in $TMPDIR/crossread-cv-cache.json.
Needs the release binary (cargo build --release) and ../shared.
"""
import contextlib, hashlib, importlib.util, io, itertools, json, os, subprocess, sys, tempfile
from concurrent.futures import ProcessPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evidence as ev  # noqa: E402

LINK_P, FACT_P, UNIQUE_R, TIE = 0.91, 0.80, 0.70, 0.01
KEYS = ["link_p", "link_r_same", "link_r", "fact_p", "fact_r", "unique_p", "unique_r"]


WEIGHTS = [0.3, 0.5, 0.8]
SHRINKS = [0.0, 4.0, 8.0, 16.0]


def grid(kind):
    weights = WEIGHTS if kind == "full" else [0.5]
    shrinks = SHRINKS
    groups = [round(0.30 + 0.02 * i, 2) for i in range(7)]
    partials = [round(0.18 + 0.02 * i, 2) for i in range(7)]
    for w, k, g, p in itertools.product(weights, shrinks, groups, partials):
        if p <= g:
            yield {"meaning_weight": w, "meaning_shrink": k, "group_threshold": g, "partial_threshold": p}


def unique_thresholds(setting):
    top = setting["partial_threshold"]
    return [round(0.04 + 0.01 * i, 2) for i in range(40) if 0.04 + 0.01 * i <= top + 1e-9]


_score = None


def scorer():
    global _score
    if _score is None:
        spec = importlib.util.spec_from_file_location("score", os.path.join(ev.SHARED, "eval", "score.py"))
        _score = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(_score)
    return _score


def score(gold_path, cluster_dir, output):
    """score.py's figures for an output document, in this process."""
    module = scorer()
    module.load_output = lambda args, cluster, gold: output
    argv, sys.argv = sys.argv, ["score.py", gold_path, cluster_dir, "--json", "-"]
    buffer = io.StringIO()
    try:
        with contextlib.redirect_stdout(buffer):
            module.main()
    finally:
        sys.argv = argv
    return json.loads(buffer.getvalue().strip().splitlines()[-1])


def with_unique_threshold(output, t):
    """The output as it would be with `unique_threshold` t: only the unique flags change."""
    out = dict(output)
    statements = []
    for s in output["statements"]:
        s = dict(s)
        if s.get("uniqueness") not in ("shared", "not_a_claim"):
            best = s["nearest"][0]["score"] if s.get("nearest") else 0.0
            s["unique"] = best < t
        statements.append(s)
    out["statements"] = statements
    return out


def run_one(task):
    setting, gold_path = task
    gold = json.load(open(gold_path))
    files = ev.cluster_files(gold)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(setting, f)
        options = f.name
    try:
        out = subprocess.run([ev.BIN, "compare", "--format", "json", "--align-options", options] + files,
                             capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(options)
    output = json.loads(out)
    cluster_dir = os.path.dirname(files[0])
    base = score(gold_path, cluster_dir, output)
    uniques = {}
    for t in unique_thresholds(setting):
        r = score(gold_path, cluster_dir, with_unique_threshold(output, t))
        uniques[t] = (r["unique_p"], r["unique_r"])
    return {k: base[k] for k in KEYS[:5]}, uniques


def mean(rows, key):
    return sum(r[key] for r in rows) / len(rows) if rows else 0.0


def ranking_quality(clusters, weight, shrink):
    """Step 0 of the rule: the pair ranking's same-claim recall at link precision >= 0.90 (one
    threshold on the blended score) plus its unique precision at unique recall >= UNIQUE_R, macro."""
    rows, bests = [], []
    for c in clusters:
        r, best = [], {}
        for (a, b), p in c["pairs"].items():
            if a in c["labelled"] and b in c["labelled"]:
                s = ev.blended(p, weight, shrink)
                r.append((s, c["gold"].get(frozenset((a, b)))))
                best[a], best[b] = max(best.get(a, 0.0), s), max(best.get(b, 0.0), s)
        rows.append(r)
        claims = [s["id"] for s in c["statements"] if s["claim"] and s["id"] in c["labelled"]]
        bests.append((claims, best, c["uniques"]))
    links = 0.0
    for t in (0.1 + 0.005 * i for i in range(140)):
        ps, rs = [], []
        for r in rows:
            pred = [k for s, k in r if s >= t]
            ps.append(sum(1 for k in pred if k) / len(pred) if pred else 0.0)
            same = [s for s, k in r if k == "same"]
            rs.append(sum(1 for s in same if s >= t) / len(same) if same else 1.0)
        if sum(ps) / len(ps) >= 0.9:
            links = max(links, sum(rs) / len(rs))
    unique = 0.0
    for t in (0.05 + 0.005 * i for i in range(70)):
        ps, rs = [], []
        for claims, best, uniques in bests:
            pred = {i for i in claims if best.get(i, 0.0) < t}
            gold = set().union(*uniques) if uniques else set()
            ps.append(len(pred & gold) / len(pred) if pred else 0.0)
            rs.append(sum(1 for u in uniques if u and u <= pred) / max(len(uniques), 1))
        if sum(rs) / len(rs) >= UNIQUE_R:
            unique = max(unique, sum(ps) / len(ps))
    return links + unique


def perfect(row):
    return all(abs(v - 1.0) < 1e-9 for v in row.values())


def choose(results, settings, train, evidence, sample):
    """The rule (see the module doc) applied to the clusters in `train`."""
    weights = sorted({s["meaning_weight"] for s in settings})
    if len(weights) > 1:
        weight = max(weights, key=lambda w: (ranking_quality([evidence[c] for c in train], w, 0.0),
                                             -abs(w - 0.5)))
    else:
        weight = weights[0]
    scored = []
    for i, s in enumerate(settings):
        # Groups and links do not depend on the shrink (it weighs the verdict only).
        if s["meaning_weight"] != weight or s["meaning_shrink"] != 0.0:
            continue
        if sample in train and not perfect(results[(i, sample)][0]):
            continue
        rows = [results[(i, c)][0] for c in train]
        scored.append((i, {k: mean(rows, k) for k in KEYS[:5]}))
    ok = [x for x in scored if x[1]["link_p"] >= LINK_P] or [max(scored, key=lambda x: x[1]["link_p"])]
    best_r = max(x[1]["link_r_same"] for x in ok)
    near = [x for x in ok if x[1]["link_r_same"] >= best_r - TIE]
    facts = [x for x in near if x[1]["fact_p"] >= FACT_P]
    pick = max(facts, key=lambda x: (x[1]["fact_r"], x[1]["link_r_same"])) if facts else \
        max(near, key=lambda x: (x[1]["fact_p"], x[1]["link_r_same"]))
    i = pick[0]
    # The unique verdict: the shrink and threshold with the best precision at the recall, among
    # the runs of the chosen groups' setting with each shrink.
    best_t = None
    for j, s in enumerate(settings):
        if any(s[k] != settings[i][k] for k in s if k != "meaning_shrink"):
            continue
        for t in unique_thresholds(s):
            if sample in train and results[(j, sample)][1][t] != (1.0, 1.0):
                continue
            p = sum(results[(j, c)][1][t][0] for c in train) / len(train)
            r = sum(results[(j, c)][1][t][1] for c in train) / len(train)
            if r >= UNIQUE_R and (best_t is None or p > best_t[2]):
                best_t = (j, t, p)
    if best_t is None:  # no threshold reaches the recall: the highest-recall one
        best_t = (i, max(unique_thresholds(settings[i])), 0.0)
    return i, best_t[0], best_t[1]


def main():
    args = sys.argv[1:]
    jobs = int(args[args.index("--jobs") + 1]) if "--jobs" in args else 2
    kind = args[args.index("--grid") + 1] if "--grid" in args else "small"
    golds = ev.gold_files()
    names = [json.load(open(g))["story"] for g in golds]
    settings = list(grid(kind))
    tasks = [(s, g) for s in settings for g in golds]
    binary = hashlib.sha256(open(ev.BIN, "rb").read()).hexdigest()
    cache_path = os.path.join(tempfile.gettempdir(), "crossread-cv-cache.json")
    try:
        cache = json.load(open(cache_path))
    except (OSError, ValueError):
        cache = {}
    key = lambda s, g: json.dumps([binary, s, os.path.relpath(g, ev.ROOT), os.path.getmtime(g)], sort_keys=True)
    todo = [t for t in tasks if key(*t) not in cache]
    print(f"{len(settings)} settings x {len(golds)} clusters = {len(tasks)} runs ({len(todo)} not cached)",
          file=sys.stderr)
    with ProcessPoolExecutor(jobs) as pool:
        for t, r in zip(todo, pool.map(run_one, todo, chunksize=8)):
            link, uniques = r
            cache[key(*t)] = [link, {str(k): v for k, v in uniques.items()}]
    with open(cache_path + ".tmp", "w") as f:
        json.dump(cache, f)
    os.replace(cache_path + ".tmp", cache_path)
    results = {}
    for s, g in tasks:
        link, uniques = cache[key(s, g)]
        results[(settings.index(s), golds.index(g))] = (link, {float(k): tuple(v) for k, v in uniques.items()})
    clusters = list(range(len(golds)))
    evidence = [ev.load(g) for g in golds]
    sample = next((i for i, n in enumerate(names) if n.startswith("seeds/")), None)
    held = []
    print(f"{'held-out cluster':28} {'setting':44} " + " ".join(f"{k:>11}" for k in KEYS))
    for c in clusters:
        i, j, t = choose(results, settings, [x for x in clusters if x != c], evidence, sample)
        link, uniques = results[(i, c)][0], results[(j, c)][1]
        row = dict(link, unique_p=uniques[t][0], unique_r=uniques[t][1])
        held.append((names[c], row))
        desc = json.dumps(dict(settings[i], meaning_shrink=settings[j]["meaning_shrink"],
                               unique_threshold=t))[1:-1].replace('"', "")
        desc = desc.replace("meaning_weight", "w").replace("group_threshold", "g").replace(
            "partial_threshold", "p").replace("unique_threshold", "u").replace("meaning_shrink", "k")
        print(f"{names[c]:28} {desc:44} " + " ".join(f"{row[k]:11.3f}" for k in KEYS))
    for label, subset in (("macro, real clusters", [r for n, r in held if not n.startswith("seeds/")]),
                          ("macro, all clusters", [r for _, r in held])):
        print(f"{label:28} {'(cross-validated)':44} " + " ".join(f"{mean(subset, k):11.3f}" for k in KEYS))
    i, j, t = choose(results, settings, clusters, evidence, sample)
    final = dict(settings[i], meaning_shrink=settings[j]["meaning_shrink"], unique_threshold=t)
    fitted = [dict(results[(i, c)][0], unique_p=results[(j, c)][1][t][0], unique_r=results[(j, c)][1][t][1])
              for c in clusters]
    print(f"{'fitted on all (not a figure)':28} {'':44} " + " ".join(f"{mean(fitted, k):11.3f}" for k in KEYS))
    print("defaults chosen on all clusters:", json.dumps(final))


if __name__ == "__main__":
    main()
