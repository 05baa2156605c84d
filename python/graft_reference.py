"""Reference forward pass of a graft model, in numpy only.

Loads a model written by ``graft export`` (``model.npz``) and computes, for positions written by
``graft data dump``, the four outputs ``graft predict`` writes: ``value_logit`` [n],
``policy_logits`` [n, moves] (raw, illegal moves not masked), ``aux`` [n, outputs] and
``resid_post`` [n_layers, n, d_model] (the CLS token's residual stream after each block, before the
final LayerNorm).

It is written from the model's definition in EXPERIMENT.md, not from graft's Java code, and computes
in float64: a pre-LayerNorm transformer encoder (LayerNorm with biased variance and the config's
epsilon), full multi-head attention without biases or mask scaled by 1/sqrt(d_head), an MLP with the
exact GELU ``0.5 * x * (1 + erf(x / sqrt(2)))``, a final LayerNorm, linear value and auxiliary heads
on the CLS token and a policy head that applies an MLP to the final-LayerNorm vectors of each move's
squares, concatenated (``policy_pooling`` "concat", every move the same size) or averaged ("mean",
with the learned ``policy.empty`` for a move of no square, such as Othello's pass). numpy has no erf; this module applies Python's ``math.erf`` element by element
(``np.fromiter(map(math.erf, ...))``), which is accurate to double precision but slow (about 0.2
microseconds per value).

Use as a module::

    import numpy as np, graft_reference as gr
    model = gr.load_model("step-000500.npz")
    tokens = gr.add_cls(np.load("positions/tokens.npy"), model.config)
    out = gr.forward(model, tokens)
    print(out["value_logit"][:5], out["resid_post"].shape)

or from the command line::

    python3 graft_reference.py MODEL.npz DUMP_DIR [--out ref.npz] [--compare preds.npz] [--mean-ablate L:H ...]

``--mean-ablate L:H`` (repeatable) replaces head H of block L's output (its term after W_O) at every
position by its mean over the dump's positions, token by token, taken from a first unchanged pass: mean
ablation, as graft's measures do it. ``attention_patterns`` gives a block's softmax weights.

``--compare`` prints one JSON line with the largest absolute difference of each output from a
``graft predict`` file (and exits 1 when shapes differ).
"""

import argparse
import json
import math
import os
import sys
from typing import Dict, NamedTuple

import numpy as np

OUTPUTS = ("value_logit", "policy_logits", "aux", "resid_post")



class Model(NamedTuple):
    """The arrays of a model.npz (float64, except policy.move_squares) and its parsed config."""
    params: Dict[str, np.ndarray]
    config: dict


def erf(x: np.ndarray) -> np.ndarray:
    """Elementwise error function via math.erf (double precision)."""
    x = np.asarray(x, dtype=np.float64)
    return np.fromiter(map(math.erf, x.ravel().tolist()), dtype=np.float64, count=x.size).reshape(x.shape)


def gelu(x: np.ndarray) -> np.ndarray:
    """The exact GELU, x * Phi(x) = 0.5 * x * (1 + erf(x / sqrt(2)))."""
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    """LayerNorm over the last axis with the biased variance."""
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def load_model(path: str) -> Model:
    """Reads a model.npz written by graft export."""
    with np.load(path, allow_pickle=False) as z:
        config = json.loads(z["config"].tobytes().decode("utf-8"))
        params = {}
        for name in z.files:
            if name == "config":
                continue
            a = z[name]
            params[name] = a if name == "policy.move_squares" else a.astype(np.float64)
    if config.get("format") != "graft-model-npz":
        raise ValueError(f"{path}: config format is {config.get('format')!r}, expected 'graft-model-npz'")
    return Model(params, config)


def add_cls(board_tokens: np.ndarray, config: dict) -> np.ndarray:
    """A dump's tokens [n, squares] with the CLS token appended: [n, n_tokens]."""
    board_tokens = np.asarray(board_tokens)
    n, squares = board_tokens.shape
    if squares + 1 != config["n_tokens"]:
        raise ValueError(f"positions have {squares} squares, the model takes {config['n_tokens'] - 1}")
    cls = np.full((n, 1), config["cls_token"], dtype=np.int64)
    return np.concatenate([board_tokens.astype(np.int64), cls], axis=1)


def _attention(x: np.ndarray, p: Dict[str, np.ndarray], prefix: str, scale: float,
               replace: Dict[int, np.ndarray] = None, keep=None) -> np.ndarray:
    """Multi-head attention of x [n, t, d] (already normalised): the sum over heads h of
    softmax((x W_Q[h]) (x W_K[h])^T * scale) (x W_V[h]) W_O[h].

    replace: head -> [t, d_model] values that stand in for that head's output at every position (its term
    in the sum) instead of what it computes. keep: a dict that receives "pattern" [n, heads, t, t] (the
    softmax weights) and "heads" [n, heads, t, d_model] (each head's term), when given."""
    n, t, d = x.shape

    def per_head(w):  # x @ w[h] for every head at once: [n, heads, t, d_head]
        heads, _, d_head = w.shape
        flat = x.reshape(n * t, d) @ w.transpose(1, 0, 2).reshape(d, heads * d_head)
        return np.ascontiguousarray(flat.reshape(n, t, heads, d_head).transpose(0, 2, 1, 3))

    q, k, v = per_head(p[prefix + "W_Q"]), per_head(p[prefix + "W_K"]), per_head(p[prefix + "W_V"])
    scores = np.matmul(q, np.swapaxes(k, -1, -2)) * scale       # [n, heads, t, t]
    scores = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights = weights / weights.sum(axis=-1, keepdims=True)
    z = np.matmul(weights, v)                                   # [n, heads, t, d_head]
    w_o = p[prefix + "W_O"]                                     # [heads, d_head, d_model]
    if keep is not None:
        keep["pattern"] = weights
        keep["heads"] = np.einsum("nhte,hed->nhtd", z, w_o)
    if replace:
        z = z.copy()
        for h in replace:
            z[:, h] = 0.0                                       # the head adds nothing of its own ...
    merged = z.transpose(0, 2, 1, 3).reshape(n * t, -1)         # heads side by side
    out = (merged @ w_o.reshape(-1, w_o.shape[-1])).reshape(n, t, -1)
    for values in (replace or {}).values():
        out = out + values[None]                                # ... and its stand-in is added instead
    return out


def _forward_batch(model: Model, tokens: np.ndarray, replace=None, keep=None) -> Dict[str, np.ndarray]:
    """replace: {layer: {head: [t, d_model]}} head outputs to stand in; keep: {layer: dict} that receive
    each layer's attention pattern and head outputs (see _attention)."""
    replace = replace or {}
    keep = keep or {}
    p, c = model.params, model.config
    n, t = tokens.shape
    d = c["d_model"]
    eps = c["layer_norm_eps"]
    cls = c["cls_position"]
    x = p["embed.W_state"][tokens] + p["pos_embed.W_pos"][None]
    resid = np.zeros((c["n_layers"], n, d))
    for layer in range(c["n_layers"]):
        b = f"blocks.{layer}."
        x = x + _attention(layer_norm(x, p[b + "ln1.w"], p[b + "ln1.b"], eps), p, b + "attn.", c["attn_scale"],
                           replace.get(layer), keep.get(layer))
        h = layer_norm(x, p[b + "ln2.w"], p[b + "ln2.b"], eps).reshape(n * t, d)
        mlp = gelu(h @ p[b + "mlp.W_in"] + p[b + "mlp.b_in"]) @ p[b + "mlp.W_out"] + p[b + "mlp.b_out"]
        x = x + mlp.reshape(n, t, d)
        resid[layer] = x[:, cls]
    h = layer_norm(x, p["ln_final.w"], p["ln_final.b"], eps)
    h_cls = h[:, cls]
    squares = p["policy.move_squares"]                          # [moves, squares_per_move], -1 = padding
    moves, per_move = squares.shape
    if c.get("policy_pooling", "concat") == "concat":
        pooled = h[:, squares].reshape(n * moves, per_move * d) # squares' vectors side by side
    else:                                                       # "mean": over each move's real squares
        real = squares >= 0                                     # [moves, per_move]
        count = real.sum(axis=1)                                # [moves]
        summed = (h[:, np.where(real, squares, 0)] * real[None, :, :, None]).sum(axis=2)  # [n, moves, d]
        mean = summed / np.maximum(count, 1)[None, :, None]
        if "policy.empty" in p:                                 # moves of no square (a pass)
            mean[:, count == 0] = p["policy.empty"]
        pooled = mean.reshape(n * moves, d)
    hidden = gelu(pooled @ p["policy.W1"] + p["policy.b1"])
    return {
        "value_logit": (h_cls @ p["value.W"] + p["value.b"])[:, 0],
        "policy_logits": (hidden @ p["policy.W2"] + p["policy.b2"]).reshape(n, moves),
        "aux": h_cls @ p["aux.W"] + p["aux.b"],
        "resid_post": resid,
    }


def forward(model: Model, tokens: np.ndarray, batch: int = 64, mean_ablate=()) -> Dict[str, np.ndarray]:
    """Outputs (float64) for tokens [n, n_tokens] (CLS included), computed batch positions at a time.

    mean_ablate: (layer, head) pairs whose output (after W_O) is replaced, at every position, by its mean
    over the n positions of the unchanged model, token by token (mean ablation); the means come from a
    first, unchanged pass."""
    tokens = np.asarray(tokens, dtype=np.int64)
    if tokens.ndim != 2 or tokens.shape[1] != model.config["n_tokens"]:
        raise ValueError(f"tokens have shape {tokens.shape}, expected [n, {model.config['n_tokens']}]")
    replace = {}
    if mean_ablate:
        sums = {}
        for i in range(0, tokens.shape[0], batch):
            keep = {layer: {} for layer, _ in mean_ablate}
            _forward_batch(model, tokens[i:i + batch], keep=keep)
            for layer, head in mean_ablate:
                part = keep[layer]["heads"][:, head].sum(axis=0)  # [t, d_model]
                sums[(layer, head)] = sums.get((layer, head), 0.0) + part
        for (layer, head), total in sums.items():
            replace.setdefault(layer, {})[head] = total / tokens.shape[0]
    parts = [_forward_batch(model, tokens[i:i + batch], replace) for i in range(0, tokens.shape[0], batch)]
    out = {k: np.concatenate([part[k] for part in parts], axis=0) for k in OUTPUTS if k != "resid_post"}
    out["resid_post"] = np.concatenate([part["resid_post"] for part in parts], axis=1)
    return out


def attention_patterns(model: Model, tokens: np.ndarray, layer: int, batch: int = 64) -> np.ndarray:
    """The attention weights of every head of block `layer` of the unchanged model: [n, heads, t (query), t (key)]."""
    tokens = np.asarray(tokens, dtype=np.int64)
    out = []
    for i in range(0, tokens.shape[0], batch):
        keep = {layer: {}}
        _forward_batch(model, tokens[i:i + batch], keep=keep)
        out.append(keep[layer]["pattern"])
    return np.concatenate(out, axis=0)


def max_abs_differences(ours: Dict[str, np.ndarray], theirs: Dict[str, np.ndarray]) -> Dict[str, float]:
    """Largest |ours - theirs| per output; raises ValueError when shapes differ."""
    diffs = {}
    for k in OUTPUTS:
        a, b = np.asarray(ours[k], dtype=np.float64), np.asarray(theirs[k], dtype=np.float64)
        if a.shape != b.shape:
            raise ValueError(f"{k}: shape {b.shape}, the reference has {a.shape}")
        diffs[k] = float(np.max(np.abs(a - b))) if a.size else 0.0
    return diffs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="numpy reference forward of a graft model.npz on a position dump")
    ap.add_argument("model", help="model.npz written by graft export")
    ap.add_argument("dump", help="folder written by graft data dump (tokens.npy is read)")
    ap.add_argument("--out", help="write the four outputs (float32) to this .npz")
    ap.add_argument("--compare", help="a graft predict .npz; print the max abs difference of each output as JSON")
    ap.add_argument("--batch", type=int, default=64, help="positions per batch (default 64)")
    ap.add_argument("--mean-ablate", action="append", default=[], metavar="LAYER:HEAD",
                    help="replace this head's output by its mean over the positions (per token); repeatable")
    args = ap.parse_args(argv)
    ablate = [tuple(int(v) for v in a.split(":")) for a in args.mean_ablate]
    model = load_model(args.model)
    tokens = add_cls(np.load(os.path.join(args.dump, "tokens.npy")), model.config)
    out = forward(model, tokens, args.batch, ablate)
    if args.out:
        np.savez(args.out, **{k: v.astype(np.float32) for k, v in out.items()})
    if args.compare:
        with np.load(args.compare, allow_pickle=False) as z:
            theirs = {k: z[k] for k in OUTPUTS}
        try:
            print(json.dumps(max_abs_differences(out, theirs)))
        except ValueError as e:
            print(f"graft_reference: {args.compare}: {e}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
