#!/usr/bin/env python3
"""Reference numbers for graft's representation-similarity measures (docs/circuits.md), in numpy.

Reads two activation matrices X [n, p] and Y [n, q] (text, one row a line, as numpy.loadtxt reads them) and
a held-out mask (0/1, one a line), and prints JSON:

  cka       linear CKA (Kornblith et al. 2019), written as the HSIC ratio of the centred linear Gram
            matrices K = XXᵀ, L = YYᵀ:  tr(KHLH) / sqrt(tr(KHKH)·tr(LHLH)), H = I − 11ᵀ/n
            (the n×n form, not the feature-space form graft computes)
  ridge_r2  R² on the held-out rows of ridge regression X → Y fitted on the others, solved as the
            least-squares problem [Xc; √α I] W = [Yc; 0] (SVD), variance-weighted over Y's columns

usage: cka_reference.py X.txt Y.txt HELDOUT.txt ALPHA
"""
import json
import sys

import numpy as np


def linear_cka(x, y):
    n = x.shape[0]
    h = np.eye(n) - np.ones((n, n)) / n
    k = x @ x.T
    l = y @ y.T
    kh = h @ k @ h
    lh = h @ l @ h
    return float(np.sum(kh * lh) / np.sqrt(np.sum(kh * kh) * np.sum(lh * lh)))


def ridge_r2(x, y, held, alpha):
    xt, yt = x[~held], y[~held]
    mx, my = xt.mean(axis=0), yt.mean(axis=0)
    a = np.vstack([xt - mx, np.sqrt(alpha) * np.eye(x.shape[1])])
    b = np.vstack([yt - my, np.zeros((x.shape[1], y.shape[1]))])
    w = np.linalg.lstsq(a, b, rcond=None)[0]
    pred = (x[held] - mx) @ w + my
    yh = y[held]
    return float(1 - np.sum((yh - pred) ** 2) / np.sum((yh - yh.mean(axis=0)) ** 2))


def main():
    x = np.loadtxt(sys.argv[1], ndmin=2)
    y = np.loadtxt(sys.argv[2], ndmin=2)
    held = np.loadtxt(sys.argv[3], ndmin=1).astype(bool)
    alpha = float(sys.argv[4])
    print(json.dumps({"cka": linear_cka(x, y), "ridge_r2": ridge_r2(x, y, held, alpha)}))


if __name__ == "__main__":
    main()
