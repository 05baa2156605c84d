"""Within-model structure of graft's initial weights against PyTorch's, over many seeds.

A per-parameter mean and spread cannot see a draw shared between parameters or a generator whose
numbers are not independent. This draws the small model of docs/recipe.md (8×8 Domineering, d_model 64,
4 heads of 16, 3 layers, d_mlp 256, 4 aux outputs) both ways for each seed --
``torch_step_check.java_init`` (value for value graft's draw: ``--check-init`` there) and
``torch_step_check.study_init`` (the study's initialisation drawn with torch's generator) -- and
compares, per statistic, the mean over seeds of the two sides (Welch's z):

* element-wise correlations between W_Q, W_K and W_V of a layer, between its heads, between layers'
  W_Q and W_in, between the aux and value heads and between the aux head's columns, between the two
  board-state embeddings and between neighbouring positions;
* the largest singular value of each layer's W_in, W_out and per-head W_Q W_K^T, of the position
  embedding; the lag-1 autocorrelation of a parameter read in draw order; the kurtosis of the normal and
  the uniform draws.

Usage: ``python3 python/init_structure_check.py --seeds 7:37`` (one JSON line per statistic, then a
summary line). Only torch and numpy are needed.
"""

import argparse
import json
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_step_check as T  # noqa: E402

D, E, H, LAYERS, MLP, AUX, BOARD = 64, 16, 4, 3, 256, 4, 8


def corr(a, b):
    return float(np.corrcoef(np.ravel(a), np.ravel(b))[0, 1])


def top_sv(m):
    return float(np.linalg.svd(m, compute_uv=False)[0])


def statistics(P):
    s = {}
    for l in range(LAYERS):
        p = f"blocks.{l}."
        q, k, v = P[p + "attn.W_Q"], P[p + "attn.W_K"], P[p + "attn.W_V"]
        s[f"r(W_Q, W_K) layer {l}"] = corr(q, k)
        s[f"r(W_Q, W_V) layer {l}"] = corr(q, v)
        s[f"r(heads' W_Q) layer {l}"] = float(np.mean([corr(q[i], q[j]) for i in range(H) for j in range(i + 1, H)]))
        s[f"sv(W_Q W_K^T) layer {l}"] = float(np.mean([top_sv(q[h] @ k[h].T) for h in range(H)]))
        s[f"sv(W_in) layer {l}"] = top_sv(P[p + "mlp.W_in"])
        s[f"sv(W_out) layer {l}"] = top_sv(P[p + "mlp.W_out"])
    s["r(W_Q layer 0, layer 1)"] = corr(P["blocks.0.attn.W_Q"], P["blocks.1.attn.W_Q"])
    s["r(W_in layer 0, layer 1)"] = corr(P["blocks.0.mlp.W_in"], P["blocks.1.mlp.W_in"])
    s["r(aux.W column, value.W)"] = float(np.mean([corr(P["aux.W"][:, i], P["value.W"][:, 0]) for i in range(AUX)]))
    s["r(aux.W columns)"] = float(np.mean([corr(P["aux.W"][:, i], P["aux.W"][:, j])
                                           for i in range(AUX) for j in range(i + 1, AUX)]))
    emb = P["embed.W_state"]
    s["r(empty, filled embedding)"] = corr(emb[0], emb[1])
    s["|empty - filled embedding|"] = float(np.linalg.norm(emb[0] - emb[1]))
    pos = P["pos_embed.W_pos"]
    g = np.corrcoef(pos)
    s["mean |r| between positions"] = float(np.abs(g[np.triu_indices(len(pos), 1)]).mean())
    s["r(neighbouring positions)"] = float(np.mean([corr(pos[i], pos[i + 1]) for i in range(len(pos) - 1)]))
    s["sv(pos_embed)"] = top_sv(pos)
    for k in ["blocks.0.attn.W_Q", "blocks.0.mlp.W_in", "embed.W_state", "pos_embed.W_pos", "aux.W"]:
        x = np.ravel(P[k])
        s[f"lag-1 r in draw order, {k}"] = corr(x[:-1], x[1:])
    x = np.concatenate([np.ravel(P[f"blocks.{l}.attn.W_{m}"]) for l in range(LAYERS) for m in "QKV"])
    s["kurtosis W_Q/K/V (normal: 3)"] = float(np.mean(x ** 4) / np.mean(x ** 2) ** 2)
    x = np.concatenate([np.ravel(P[f"blocks.{l}.mlp.W_in"]) for l in range(LAYERS)])
    s["kurtosis W_in (uniform: 1.8)"] = float(np.mean(x ** 4) / np.mean(x ** 2) ** 2)
    return s


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", default="7:37", help="first:end (end excluded)")
    args = ap.parse_args(argv)
    first, end = (int(x) for x in args.seeds.split(":"))
    shapes = T.parameter_shapes(BOARD * BOARD + 1, D, E, H, LAYERS, MLP, AUX, 2)
    sides = {"java": [], "torch": []}
    for seed in range(first, end):
        for side, draw in (("java", T.java_init), ("torch", T.study_init)):
            sides[side].append(statistics({k: v.numpy() for k, v in draw(shapes, D, E, seed).items()}))
    largest = 0.0
    for name in sides["java"][0]:
        a = np.array([r[name] for r in sides["java"]])
        b = np.array([r[name] for r in sides["torch"]])
        z = (a.mean() - b.mean()) / math.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
        largest = max(largest, abs(z))
        print(json.dumps({"statistic": name, "java_mean": a.mean(), "java_sd": a.std(ddof=1),
                          "torch_mean": b.mean(), "torch_sd": b.std(ddof=1), "z": z}))
    print(json.dumps({"seeds": end - first, "statistics": len(sides["java"][0]), "largest_abs_z": largest}))


if __name__ == "__main__":
    main()
