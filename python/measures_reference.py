#!/usr/bin/env python3
"""Reference numbers for graft's `drift` and `attention` measures (docs/circuits.md), in numpy, from the
model files `graft export` writes, for a large model grafted from a small one by the front plan (small
layer i copied into large layer AT + i, heads and neurons by index: what `graft measure --source` assumes).

  drift      for each inherited head h of each copied layer k: ||P_large[h] - P_small[h]||_F / ||P_small[h]||_F
             for P = W_Q, W_K, W_V, W_O; for the inherited neurons together sqrt(sum ||dP_j||^2) /
             sqrt(sum ||P_j||^2) for W_in (columns), b_in, W_out (rows); ||W_O[h]||_F of each fresh head and
             the Frobenius norm of the fresh neurons' W_out rows together
  attention  (with --positions DUMP) the mean Jensen-Shannon distance (log base 2) between each inherited
             head's attention rows and its source head's on the dump's positions: from the CLS query and
             over every query; the patterns come from graft_reference.py's float64 forward

Prints one JSON list of [layer, component, measure, value] rows, named as in measures.csv.

usage: measures_reference.py SMALL.npz LARGE.npz [--at K] [--positions DUMP]
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import graft_reference as gr  # noqa: E402


def drift_rows(small, large, at):
    s, g = small.params, large.params
    rows = []
    small_heads = s["blocks.0.attn.W_Q"].shape[0]
    large_heads = g["blocks.0.attn.W_Q"].shape[0]
    small_mlp = s["blocks.0.mlp.W_in"].shape[1]
    large_mlp = g["blocks.0.mlp.W_in"].shape[1]
    for i in range(small.config["n_layers"]):
        k = at + i
        sp, lp = f"blocks.{i}.", f"blocks.{k}."
        for h in range(small_heads):
            for part in ("W_Q", "W_K", "W_V", "W_O"):
                was, now = s[sp + "attn." + part][h], g[lp + "attn." + part][h]
                if was.shape == now.shape:
                    rows.append([k, f"head{h}", "drift." + part,
                                 float(np.linalg.norm(now - was) / np.linalg.norm(was))])
        for h in range(small_heads, large_heads):
            rows.append([k, f"head{h}", "norm.W_O", float(np.linalg.norm(g[lp + "attn.W_O"][h]))])
        parts = {"W_in": (s[sp + "mlp.W_in"], g[lp + "mlp.W_in"][:, :small_mlp]),
                 "b_in": (s[sp + "mlp.b_in"], g[lp + "mlp.b_in"][:small_mlp]),
                 "W_out": (s[sp + "mlp.W_out"], g[lp + "mlp.W_out"][:small_mlp])}
        for part, (was, now) in parts.items():
            if was.shape == now.shape:
                rows.append([k, "neurons.inherited", "drift." + part,
                             float(np.sqrt(np.sum((now - was) ** 2)) / np.sqrt(np.sum(was ** 2)))])
        if large_mlp > small_mlp:
            rows.append([k, "neurons.fresh", "norm.W_out", float(np.linalg.norm(g[lp + "mlp.W_out"][small_mlp:]))])
    return rows


def js_distance(p, q):
    """Jensen-Shannon distance in bits along the last axis, as KL terms of the mixture (0 log 0 = 0)."""
    m = 0.5 * (p + q)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(p > 0, p * np.log2(np.where(p > 0, p, 1.0) / m), 0.0)
        b = np.where(q > 0, q * np.log2(np.where(q > 0, q, 1.0) / m), 0.0)
    return np.sqrt(np.maximum(0.5 * (a.sum(axis=-1) + b.sum(axis=-1)), 0.0))


def attention_rows(small, large, at, dump):
    rows = []
    tokens = gr.add_cls(np.load(os.path.join(dump, "tokens.npy")), small.config)
    cls = small.config["cls_position"]
    for i in range(small.config["n_layers"]):
        k = at + i
        ps = gr.attention_patterns(small, tokens, i)             # [n, heads, t, t]
        pl = gr.attention_patterns(large, tokens, k)
        for h in range(ps.shape[1]):
            d = js_distance(pl[:, h], ps[:, h])                   # [n, t]
            rows.append([k, f"head{h}", "attention.js_cls", float(d[:, cls].mean())])
            rows.append([k, f"head{h}", "attention.js_all", float(d.mean())])
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description="numpy reference of graft's drift and attention measures")
    ap.add_argument("small")
    ap.add_argument("large")
    ap.add_argument("--at", type=int, default=0, help="large layer that small layer 0 went to (default 0)")
    ap.add_argument("--positions", help="a graft data dump folder: also compute the attention rows")
    args = ap.parse_args(argv)
    small, large = gr.load_model(args.small), gr.load_model(args.large)
    rows = drift_rows(small, large, args.at)
    if args.positions:
        rows += attention_rows(small, large, args.at, args.positions)
    print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
