"""Independent numpy check of graft's width growth (the ``widen`` strategy).

Builds the grown model in numpy from ``graft export`` of the small model, following Net2WiderNet (Chen et
al. 2016) and bert2BERT's function-preserving initialisation (Chen et al. 2022) as docs/grafting.md states
them, not graft's Java code:

* large residual dimension j copies small dimension j mod d (each small dimension r = D / d times);
  weights that write the stream (embeddings, W_O, W_out, b_out), LayerNorm weights and the policy
  head's hidden layer (W1's columns, b1, policy.empty) are duplicated as they are; weights that read
  the stream (W_Q, W_K, W_V, W_in, value.W, aux.W, W1's rows per square, W2) are duplicated and
  divided by r;
* large head j copies small head j mod h, large MLP neuron j small neuron j mod f; a copy's outgoing
  weights (W_O[j], W_out[j]) are divided by how many large units copy the same small one.

It then compares, parameter by parameter, with graft's export of the grafted model (before any
training), and runs the numpy reference forward (graft_reference.py, float64) on the small model, the
numpy-grown model and graft's grafted model: outputs equal, and each large CLS residual after layer i
equals the small one's, dimension j against small dimension j mod d.

    python3 width_growth_check.py SMALL.npz GRAFTED.npz DUMP_DIR

prints one JSON line: ``params`` (max |numpy-grown − graft| over every parameter) and, for the outputs
``value_logit``, ``policy_logits``, ``aux``, ``resid_post``, the max |difference| of graft's grafted
model (``graft_*``) and of the numpy-grown model (``numpy_*``) from the small model. Exit 1 when the
shapes do not allow the growth.
"""

import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import graft_reference as gr  # noqa: E402

OUTPUTS = ("value_logit", "policy_logits", "aux")


def grow(small: gr.Model, large_config: dict, large_shapes: dict) -> dict:
    """The small model's parameters grown to the large shapes (every large layer must have a small one)."""
    p = small.params
    d = small.config["d_model"]
    big_d = large_config["d_model"]
    if big_d % d:
        raise ValueError(f"large d_model {big_d} is not a multiple of small d_model {d}")
    if large_config["n_layers"] != small.config["n_layers"]:
        raise ValueError("this check needs as many large layers as small ones")
    r = big_d // d
    g = np.arange(big_d) % d                                     # residual map
    out = {}

    def units(small_n, large_n):
        src = np.arange(large_n) % small_n
        return src, np.bincount(src, minlength=small_n)[src].astype(np.float64)

    out["embed.W_state"] = p["embed.W_state"][:, g]
    out["pos_embed.W_pos"] = p["pos_embed.W_pos"][:, g]
    for layer in range(small.config["n_layers"]):
        b = f"blocks.{layer}."
        heads = large_shapes[b + "attn.W_Q"][0]
        h_src, h_count = units(p[b + "attn.W_Q"].shape[0], heads)
        f_src, f_count = units(p[b + "mlp.b_in"].shape[0], large_shapes[b + "mlp.b_in"][0])
        for n in ("ln1.w", "ln1.b", "ln2.w", "ln2.b", "mlp.b_out"):
            out[b + n] = p[b + n][g]
        for n in ("attn.W_Q", "attn.W_K", "attn.W_V"):
            out[b + n] = p[b + n][h_src][:, g, :] / r
        out[b + "attn.W_O"] = p[b + "attn.W_O"][h_src][:, :, g] / h_count[:, None, None]
        out[b + "mlp.W_in"] = p[b + "mlp.W_in"][g][:, f_src] / r
        out[b + "mlp.b_in"] = p[b + "mlp.b_in"][f_src]
        out[b + "mlp.W_out"] = p[b + "mlp.W_out"][f_src][:, g] / f_count[:, None]
    out["ln_final.w"] = p["ln_final.w"][g]
    out["ln_final.b"] = p["ln_final.b"][g]
    out["value.W"] = p["value.W"][g] / r
    out["value.b"] = p["value.b"]
    if "aux.W" in p:
        out["aux.W"] = p["aux.W"][g] / r
        out["aux.b"] = p["aux.b"]
    w1 = p["policy.W1"]
    segments = w1.shape[0] // d
    rows = np.concatenate([s * d + g for s in range(segments)])
    out["policy.W1"] = w1[rows][:, g] / r
    out["policy.b1"] = p["policy.b1"][g]
    out["policy.W2"] = p["policy.W2"][g] / r
    out["policy.b2"] = p["policy.b2"]
    if "policy.empty" in p:
        out["policy.empty"] = p["policy.empty"][g]
    out["policy.move_squares"] = p["policy.move_squares"]
    return out


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[0] + "\nusage: width_growth_check.py SMALL.npz GRAFTED.npz DUMP_DIR",
              file=sys.stderr)
        return 2
    small = gr.load_model(argv[0])
    grafted = gr.load_model(argv[1])
    try:
        grown = grow(small, grafted.config, {k: v.shape for k, v in grafted.params.items()})
    except ValueError as e:
        print(str(e), file=sys.stderr)
        return 1
    missing = sorted(set(grafted.params) ^ set(grown))
    if missing:
        print(f"parameters differ between the numpy-grown and graft's model: {missing}", file=sys.stderr)
        return 1
    params = 0.0
    for name, a in grown.items():
        if a.shape != grafted.params[name].shape:
            print(f"{name}: numpy-grown {a.shape}, graft {grafted.params[name].shape}", file=sys.stderr)
            return 1
        params = max(params, float(np.max(np.abs(a.astype(np.float64) - grafted.params[name]), initial=0.0)))
    tokens = gr.add_cls(np.load(os.path.join(argv[2], "tokens.npy")), small.config)
    ref = gr.forward(small, tokens)
    g = np.arange(grafted.config["d_model"]) % small.config["d_model"]
    result = {"params": params}
    for label, model in (("graft", grafted), ("numpy", gr.Model(grown, grafted.config))):
        out = gr.forward(model, tokens)
        for k in OUTPUTS:
            result[f"{label}_{k}"] = float(np.max(np.abs(out[k] - ref[k])))
        result[f"{label}_resid_post"] = float(np.max(np.abs(out["resid_post"] - ref["resid_post"][:, :, g])))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
