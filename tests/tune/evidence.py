"""Load the gold clusters with crossread's own evidence for every pair (`crossread pairs`).

Shared by the tuning scripts in tests/tune/. A cluster is a dict:
  name, statements (crossread's, with source/claim/text), pairs (a, b -> evidence dict),
  gold (frozenset({a, b}) -> "same" | "partial"), uniques (list of sets of statement ids),
  labelled (statement ids the gold speaks of).
Gold snippets are matched to statements as ../shared/eval/score.py matches them.
"""
import glob, json, os, re, subprocess, unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.environ.get("CROSSREAD_SHARED", os.path.join(ROOT, "..", "shared"))
BIN = os.environ.get("CROSSREAD_BIN", os.path.join(ROOT, "target", "release", "crossread"))
FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                      "\u2014": "-", "\u00a0": " ", "\u200b": None, "\u2060": None, "\u00e2": None,
                      "\u20ac": None})


def norm(s):
    s = unicodedata.normalize("NFKC", s).translate(FOLD)
    return re.sub(r"\s+", " ", s).strip().lower()


def gold_files():
    """Every gold cluster: the shared sample story's and ours (tests/gold)."""
    return sorted(glob.glob(os.path.join(SHARED, "eval", "gold", "*.json"))) + \
        sorted(glob.glob(os.path.join(ROOT, "tests", "gold", "*.json")))


def cluster_files(gold):
    story = gold["story"]
    folder = os.path.join(SHARED, "corpus", "seeds" if story.startswith("seeds/") else story)
    return [os.path.join(folder, f) for f in gold["sources"].values()]


def blended(p, weight, shrink):
    """The pair score crossread links with (src/align/mod.rs, score_pairs)."""
    n = p.get("shorter_words", 0)
    trust = n / (n + shrink) if shrink > 0 else 1.0
    return min(1.0, max(0.0, (p["lexical"] + weight * trust * p["meaning"]) / (1 + weight)))


def find(statements, key_of_source, key, snippet):
    """Statement ids holding `snippet` (score.py's rule, longest head if split)."""
    n = norm(snippet)
    mine = [s for s in statements if key_of_source[s["source"]] == key]
    for size in [len(n)] + list(range(len(n) - 1, 9, -1)):
        hits = [s["id"] for s in mine if n[:size] in s["norm"]]
        if hits:
            return hits
    return []


def load(gold_path, binary=BIN):
    gold = json.load(open(gold_path))
    files = cluster_files(gold)
    out = json.loads(subprocess.run([binary, "pairs"] + files, capture_output=True, text=True,
                                    check=True).stdout)
    keys = list(gold["sources"].keys())
    key_of_source = {i: keys[i] for i in range(len(keys))}
    statements = out["statements"]
    for s in statements:
        s["norm"] = norm(s["text"])
    pairs = {(p["a"], p["b"]): p for p in out["pairs"]}
    gold_pairs, labelled = {}, set()
    for ka, sa, kb, sb, kind in gold["pairs"]:
        a, b = find(statements, key_of_source, ka, sa), find(statements, key_of_source, kb, sb)
        labelled.update(a + b)
        for x in a:
            for y in b:
                key = frozenset((x, y))
                if gold_pairs.get(key) != "same":
                    gold_pairs[key] = kind
    uniques = []
    for k, s in gold["unique"]:
        hits = find(statements, key_of_source, k, s)
        labelled.update(hits)
        uniques.append(set(hits))
    return {"name": gold["story"], "path": gold_path, "files": files, "statements": statements,
            "pairs": pairs, "gold": gold_pairs, "uniques": uniques, "labelled": labelled}
