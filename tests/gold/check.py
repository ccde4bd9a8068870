#!/usr/bin/env python3
"""Check a hand-labelled gold cluster against ../shared/eval/FORMAT.md.

For each gold file: every snippet must be an exact substring of its source file, occur there once,
and be at least 25 characters (or a whole sentence); a pair joins two different sources and is listed
once; no statement is both "unique" and in a pair. Exhaustiveness is checked against crossread's own
segmentation (`target/release/crossread compare --format json`): every statement of every source must
hold a labelled snippet, or the scorer cannot judge it. Prints each problem, one per line, and a
summary; exits 1 when there is any problem.

Usage: tests/gold/check.py [--bin PATH] GOLD.json...
"""
import json, os, re, subprocess, sys, unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.environ.get("CROSSREAD_SHARED", os.path.join(ROOT, "..", "shared"))
FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                      "\u2014": "-", "\u00a0": " ", "\u200b": None, "\u2060": None, "\u00e2": None,
                      "\u20ac": None})


def norm(s):  # as ../shared/eval/score.py does
    s = unicodedata.normalize("NFKC", s).translate(FOLD)
    return re.sub(r"\s+", " ", s).strip().lower()


def check(path, binary):
    problems = []
    gold = json.load(open(path))
    story = gold["story"]
    cluster = os.path.join(SHARED, "corpus", "seeds" if story.startswith("seeds/") else story)
    texts = {k: open(os.path.join(cluster, f), encoding="utf-8", errors="replace").read()
             for k, f in gold["sources"].items()}
    files = [os.path.join(cluster, f) for f in gold["sources"].values()]
    out = json.loads(subprocess.run([binary, "compare", "--format", "json"] + files,
                                    capture_output=True, text=True, check=True).stdout)
    key_of = {s["id"]: k for s in out["sources"] for k, f in gold["sources"].items()
              if s["path"].endswith(f)}
    statements = [(s["id"], key_of[s["source"]], norm(s["text"]), s["text"]) for s in out["statements"]]

    def locate(key, snippet, where):
        if key not in texts:
            problems.append(f"{where}: unknown source key {key!r}")
            return []
        count = texts[key].count(snippet)
        if count == 0:
            problems.append(f"{where}: not an exact substring of {key}: {snippet!r}")
        elif count > 1:
            problems.append(f"{where}: occurs {count} times in {key}: {snippet!r}")
        n = norm(snippet)
        hits = [i for i, k, t, _ in statements if k == key and n in t]
        if len(snippet) < 25 and not any(t == n for i, k, t, _ in statements if k == key):
            problems.append(f"{where}: shorter than 25 characters and not a whole statement: {snippet!r}")
        if count and not hits:
            problems.append(f"{where}: spans two of crossread's statements (label each sentence): {snippet!r}")
        return hits

    covered, in_pair, seen_pairs = set(), set(), set()
    for n, pair in enumerate(gold["pairs"]):
        if len(pair) != 5 or pair[4] not in ("same", "partial"):
            problems.append(f"pair {n}: not [keyA, snippetA, keyB, snippetB, same|partial]: {pair}")
            continue
        ka, sa, kb, sb, _ = pair
        if ka == kb:
            problems.append(f"pair {n}: both sides in source {ka}")
        a, b = locate(ka, sa, f"pair {n}"), locate(kb, sb, f"pair {n}")
        key = frozenset(((ka, sa), (kb, sb)))
        if key in seen_pairs:
            problems.append(f"pair {n}: listed twice")
        seen_pairs.add(key)
        covered.update(a + b)
        in_pair.update(a + b)
    for what in ("unique", "skip"):
        for n, (k, s) in enumerate(gold.get(what, [])):
            hits = locate(k, s, f"{what} {n}")
            covered.update(hits)
            if what == "unique":
                for h in hits:
                    if h in in_pair:
                        problems.append(f"unique {n}: also in a pair: {s!r}")
    for i, k, _, raw in statements:
        if i not in covered:
            problems.append(f"not labelled ({k}, statement {i}): {raw[:100]!r}")
    return gold, problems


def main():
    args = sys.argv[1:]
    binary = os.path.join(ROOT, "target", "release", "crossread")
    if args[:1] == ["--bin"]:
        binary, args = args[1], args[2:]
    if not args:
        sys.exit(__doc__)
    failed = False
    for path in args:
        gold, problems = check(path, binary)
        for p in problems:
            print(f"{path}: {p}")
        kinds = [p[4] for p in gold["pairs"] if len(p) == 5]
        print(f"{path}: {len(problems)} problems; {kinds.count('same')} same, {kinds.count('partial')} partial, "
              f"{len(gold['unique'])} unique, {len(gold.get('skip', []))} skip")
        failed |= bool(problems)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
