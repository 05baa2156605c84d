"""Recompute a graft ridge probe from its files, in numpy only.

A final probe folder (``RUN_DIR/probes/<condition>-seed<s>/layer<k>/``, or one written by
``graft probe``) holds ``activations.npy`` float32 [n, d_model], ``targets.npy`` float32
[n, outputs], ``heldout.npy`` bool [n] and ``probe.json``. This script fits ridge regression on the
rows where ``heldout`` is false and scores R^2 on the rows where it is true, the way scikit-learn's
``Ridge(alpha, fit_intercept).fit(X, y).score(X_held, y_held)`` does (optionally behind a
``StandardScaler``): X and y are centred on the training rows (so the intercept is not penalised),
the weights are the least-squares solution of the stacked system ``[X; sqrt(alpha) I] W = [y; 0]``
(``numpy.linalg.lstsq``, an SVD, which is the same as solving ``(X^T X + alpha I) W = X^T y``), and
the score is each output's R^2 against the held-out mean, averaged uniformly over outputs (an output
whose held-out values are constant scores 1 if predicted exactly, else 0).

It was written from that definition, not from graft's Java code. Usage::

    python3 probe_reference.py LAYER_DIR [--alpha A] [--no-intercept] [--standardize]

The probe's options (alpha, intercept, standardize) are read from ``probe.json`` when present;
the flags override them. Prints one JSON object: ``r2``, ``r2_per_output``, ``coef`` [d][outputs],
``intercept`` [outputs], and ``probe_json_r2`` (the number graft wrote, or null).
"""

import argparse
import json
import os
import sys

import numpy as np


def ridge(x, y, alpha, intercept=True, standardize=False):
    """Returns (coef [d, k], intercept [k], mean [d], scale [d]) with predictions ((x - mean) / scale) @ coef + intercept."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n, d = x.shape
    mean = np.zeros(d)
    scale = np.ones(d)
    if standardize:
        mean = x.mean(axis=0)
        sd = x.std(axis=0)
        scale = np.where(sd > 10 * np.spacing(np.abs(mean) + 1.0), sd, 1.0)
    z = (x - mean) / scale
    z_mean = z.mean(axis=0) if intercept else np.zeros(d)
    y_mean = y.mean(axis=0) if intercept else np.zeros(y.shape[1])
    zc = z - z_mean
    yc = y - y_mean
    stacked_x = np.vstack([zc, np.sqrt(alpha) * np.eye(d)])
    stacked_y = np.vstack([yc, np.zeros((d, y.shape[1]))])
    coef, *_ = np.linalg.lstsq(stacked_x, stacked_y, rcond=None)
    return coef, y_mean - z_mean @ coef, mean, scale


def r2_per_output(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=np.float64)
    res = ((y_true - y_pred) ** 2).sum(axis=0)
    tot = ((y_true - y_true.mean(axis=0)) ** 2).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        r2 = 1 - res / tot
    return np.where(tot == 0, np.where(res == 0, 1.0, 0.0), r2)


def probe(x, y, heldout, alpha, intercept=True, standardize=False):
    heldout = np.asarray(heldout, dtype=bool)
    coef, b, mean, scale = ridge(x[~heldout], y[~heldout], alpha, intercept, standardize)
    pred = ((np.asarray(x[heldout], dtype=np.float64) - mean) / scale) @ coef + b
    per = r2_per_output(y[heldout], pred)
    return {"r2": float(per.mean()), "r2_per_output": per.tolist(), "coef": coef.tolist(), "intercept": b.tolist()}


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("layer_dir")
    parser.add_argument("--alpha", type=float)
    parser.add_argument("--no-intercept", action="store_true")
    parser.add_argument("--standardize", action="store_true")
    args = parser.parse_args(argv)
    meta = {}
    meta_file = os.path.join(args.layer_dir, "probe.json")
    if os.path.exists(meta_file):
        with open(meta_file) as f:
            meta = json.load(f)
    options = meta.get("options", {})
    alpha = args.alpha if args.alpha is not None else meta.get("alpha", options.get("alpha", 1.0))
    intercept = not args.no_intercept and options.get("intercept", True)
    standardize = args.standardize or options.get("standardize", False)
    x = np.load(os.path.join(args.layer_dir, "activations.npy"))
    y = np.load(os.path.join(args.layer_dir, "targets.npy"))
    heldout = np.load(os.path.join(args.layer_dir, "heldout.npy"))
    out = probe(x, y, heldout, alpha, intercept, standardize)
    out["probe_json_r2"] = meta.get("r2")
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
