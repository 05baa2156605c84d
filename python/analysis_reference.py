#!/usr/bin/env python3
"""Independent numpy recomputation of graft's further gap and probe analyses, for graft's tests.

Reads one JSON object on stdin and prints one JSON object. The "task" field picks the analysis:

  seed_correlation  {residuals: [[...] per seed], lags, perms: [[[order of seed s] per seed] per permutation]}
                    -> within-seed ACF, between-seed CCF, threat ratio and permutation p-values at lags 1..L
  block_bootstrap   {t, gaps: [[...] per seed], block, picks: [[seed per block] per replicate]}
                    -> each replicate's least-squares intercept of a straight line and the 2.5/97.5 percentiles
  alpha_sweep       {x, y, heldout, alphas} -> held-out R² of sklearn-style Ridge(alpha) at each alpha
  column_permutation {x, y, heldout, alpha, perms: [[column order] per permutation]}
                    -> the probe's R², each permuted R², and the p-value

Definitions follow docs/fits.md and docs/probes.md; the code is written from those definitions, not
from graft's Java.
"""
import json
import sys

import numpy as np


def acf(x, lags):
    d = x - x.mean()
    den = (d * d).sum()
    return np.array([(d[: len(d) - k] * d[k:]).sum() / den if den > 0 else 0.0 for k in range(1, lags + 1)])


def ccf(x, y, lags):
    dx, dy = x - x.mean(), y - y.mean()
    den = np.sqrt((dx * dx).sum() * (dy * dy).sum())
    return np.array([(dx[: len(dx) - k] * dy[k:]).sum() / den if den > 0 else 0.0 for k in range(1, lags + 1)])


def within(r, lags):
    return np.mean([acf(s, lags) for s in r], axis=0)


def between(r, lags):
    return np.mean([ccf(r[i], r[j], lags) for i in range(len(r)) for j in range(len(r)) if i != j], axis=0)


def ratio(r, lags):
    return np.minimum(within(r, lags) / (np.abs(between(r, lags)) + 1e-6), 100.0)


def seed_correlation(q):
    r = np.array(q["residuals"], dtype=float)
    lags = q["lags"]
    obs = ratio(r, lags)
    count = np.zeros(lags)
    for perm in q["perms"]:
        shuffled = np.array([r[s][np.array(perm[s])] for s in range(len(r))])
        count += ratio(shuffled, lags) >= obs
    p = (1 + count) / (1 + len(q["perms"]))
    return {"within": within(r, lags).tolist(), "between": between(r, lags).tolist(), "ratio": obs.tolist(),
            "p": p.tolist()}


def block_bootstrap(q):
    t = np.array(q["t"], dtype=float)
    gaps = np.array(q["gaps"], dtype=float)
    block = q["block"]
    design = np.column_stack([np.ones_like(t), t])
    samples = []
    for picks in q["picks"]:
        seed_of_step = np.repeat(np.array(picks), block)[: len(t)]
        y = gaps[seed_of_step, np.arange(len(t))]
        samples.append(float(np.linalg.lstsq(design, y, rcond=None)[0][0]))
    return {"samples": samples, "lower": float(np.percentile(samples, 2.5)), "upper": float(np.percentile(samples, 97.5))}


def ridge_predict(x, y, held, alpha):
    xt, yt = x[~held], y[~held]
    mx, my = xt.mean(axis=0), yt.mean(axis=0)
    xc = xt - mx
    w = np.linalg.solve(xc.T @ xc + alpha * np.eye(x.shape[1]), xc.T @ (yt - my))
    return (x[held] - mx) @ w + my


def r2(y, pred):
    ss_res = ((y - pred) ** 2).sum(axis=0)
    ss_tot = ((y - y.mean(axis=0)) ** 2).sum(axis=0)
    return float(np.mean(1 - ss_res / ss_tot))


def alpha_sweep(q):
    x = np.array(q["x"], dtype=float)
    y = np.array(q["y"], dtype=float)
    held = np.array(q["heldout"], dtype=bool)
    return {"r2": [r2(y[held], ridge_predict(x, y, held, a)) for a in q["alphas"]]}


def column_permutation(q):
    x = np.array(q["x"], dtype=float)
    y = np.array(q["y"], dtype=float)
    held = np.array(q["heldout"], dtype=bool)
    pred = ridge_predict(x, y, held, q["alpha"])
    true = r2(y[held], pred)
    null = [r2(y[held][:, np.array(p)], pred) for p in q["perms"]]
    p = (1 + sum(v >= true for v in null)) / (1 + len(null))
    return {"r2": true, "null": null, "p": p}


TASKS = {"seed_correlation": seed_correlation, "block_bootstrap": block_bootstrap, "alpha_sweep": alpha_sweep,
         "column_permutation": column_permutation}

if __name__ == "__main__":
    query = json.load(sys.stdin)
    json.dump(TASKS[query["task"]](query), sys.stdout)
