#!/usr/bin/env python3
"""Reference numbers for graft's attention-pattern measure (docs/circuits.md, `attention`), in numpy.

Reads two files of attention distributions P and Q (text, one distribution over the keys a line, as
numpy.loadtxt reads them), both ordered [pair][position][query token] with the CLS token the last query of
each position, and prints JSON with, for each of PAIRS head pairs, the mean Jensen-Shannon distance (log
base 2) between P's and Q's rows

  js_cls   over the positions' CLS queries only
  js_all   over every query of every position

The divergence is written as the entropy of the mixture minus the mean entropy,
JSD = H((P+Q)/2) - (H(P) + H(Q))/2 in bits (0 log 0 = 0), not as graft's sum of two KL terms; the distance
is its square root.

usage: attention_reference.py P.txt Q.txt PAIRS TOKENS
"""
import json
import sys

import numpy as np


def entropy_bits(p):
    safe = np.where(p > 0, p, 1.0)
    return -np.sum(np.where(p > 0, p * np.log2(safe), 0.0), axis=-1)


def js_distance(p, q):
    m = 0.5 * (p + q)
    jsd = entropy_bits(m) - 0.5 * (entropy_bits(p) + entropy_bits(q))
    return np.sqrt(np.maximum(jsd, 0.0))


def main():
    p = np.loadtxt(sys.argv[1], ndmin=2)
    q = np.loadtxt(sys.argv[2], ndmin=2)
    pairs, tokens = int(sys.argv[3]), int(sys.argv[4])
    if p.shape != q.shape or p.shape[1] != tokens or p.shape[0] % (pairs * tokens):
        raise SystemExit(f"shapes {p.shape} and {q.shape} do not hold {pairs} pairs of [n, {tokens}, {tokens}]")
    d = js_distance(p, q).reshape(pairs, -1, tokens)            # [pair, position, query]
    print(json.dumps({"js_cls": d[:, :, -1].mean(axis=1).tolist(), "js_all": d.mean(axis=(1, 2)).tolist()}))


if __name__ == "__main__":
    main()
