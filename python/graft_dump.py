"""Read a ``graft data dump`` folder: its .npy arrays and what ``dump.json`` says they hold.

``dump.json`` names the game and board, each auxiliary task with its resolved options (the
sector-balance ``scale`` above all: the study's 0.1 gives tenths of move counts), the columns of
``aux.npy``, the seed and the SHA-256 of the game-record file the positions came from. A folder
without it (written before graft wrote one) loads, with ``manifest`` None and a warning, since the
scale of its targets is then unknown.

Usage::

    python3 graft_dump.py DUMP_DIR      # prints a JSON summary: positions, aux columns and scale, aux range

From Python::

    from graft_dump import load
    d = load("DUMP_DIR")
    d["aux"], d["manifest"]["auxiliary"][0]["options"]["scale"]
"""

import json
import os
import sys
import warnings

import numpy as np

ARRAYS = ("tokens", "value", "policy", "mask", "aux", "game", "ply", "symmetry")


def load(folder):
    """Returns a dict of the dump's arrays (by name) plus ``manifest`` (dump.json as a dict, or None)."""
    out = {}
    for name in ARRAYS:
        path = os.path.join(folder, name + ".npy")
        if os.path.exists(path):
            out[name] = np.load(path)
    manifest_path = os.path.join(folder, "dump.json")
    if os.path.exists(manifest_path):
        with open(manifest_path, encoding="utf-8") as f:
            out["manifest"] = json.load(f)
        columns = out["manifest"].get("aux_columns", [])
        if "aux" in out and out["aux"].shape[1] != len(columns):
            raise ValueError("%s: aux.npy has %d columns but dump.json names %d"
                             % (folder, out["aux"].shape[1], len(columns)))
    else:
        out["manifest"] = None
        warnings.warn("%s has no dump.json: the auxiliary targets' scale is unknown" % folder)
    return out


def summary(folder):
    d = load(folder)
    m = d["manifest"]
    aux = d.get("aux")
    return {
        "positions": int(d["tokens"].shape[0]),
        "game": m and m["game"],
        "board": m and m["board"],
        "aux_columns": m and m["aux_columns"],
        "aux_scale": m and [t["options"].get("scale") for t in m["auxiliary"]],
        "aux_min": None if aux is None or aux.size == 0 else float(aux.min()),
        "aux_max": None if aux is None or aux.size == 0 else float(aux.max()),
    }


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: graft_dump.py DUMP_DIR")
    print(json.dumps(summary(sys.argv[1])))
