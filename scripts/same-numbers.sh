#!/usr/bin/env bash
# same-numbers.sh: checks that a change left graft's numbers alone (the identity check of a refactor).
#
#   scripts/same-numbers.sh [options] [BASE_COMMIT]
#
# Runs specs/quickstart.yaml (and, with --othello, specs/othello-quickstart.yaml) with this working tree
# and with BASE_COMMIT (built in a temporary clone), each into a fresh cache, then compares per spec:
#   probes.csv, fits.json        byte for byte
#   metrics.jsonl                every loss field (loss, value_loss, policy_loss, aux_loss) of every record,
#                                matched by label, split and step; the same records on both sides
#   provenance.json              every stage's key (a changed key means the cache would not be reused)
# It prints one table row per comparison and exits 1 when anything differs (2 on bad usage or a failed run).
#
# BASE_COMMIT defaults to the merge-base of HEAD and main. Options:
#   --reference DIR   use the finished run folder DIR as the base of quickstart instead of building a commit
#                     (with --othello: --othello-reference DIR for the second spec)
#   --candidate DIR   use the finished run folder DIR as this tree's quickstart instead of running it
#                     (with --othello: --othello-candidate DIR)
#   --othello         also compare specs/othello-quickstart.yaml
#   --keep            keep the temporary folder (its path is printed)
# Runs use GRAFT_HEAP (default 2g) and GRAFT_OFFHEAP (default 3G) and --no-progress.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
base=""
othello=0
keep=0
declare -A ref=() cand=()
usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' >&2; exit "${1:-2}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --reference) [ $# -ge 2 ] || usage; ref[quickstart]="$(cd "$2" && pwd)"; shift 2 ;;
    --othello-reference) [ $# -ge 2 ] || usage; ref[othello-quickstart]="$(cd "$2" && pwd)"; shift 2 ;;
    --candidate) [ $# -ge 2 ] || usage; cand[quickstart]="$(cd "$2" && pwd)"; shift 2 ;;
    --othello-candidate) [ $# -ge 2 ] || usage; cand[othello-quickstart]="$(cd "$2" && pwd)"; shift 2 ;;
    --othello) othello=1; shift ;;
    --keep) keep=1; shift ;;
    -h|--help) usage 0 ;;
    -*) echo "same-numbers: unknown option $1" >&2; usage ;;
    *) [ -z "$base" ] || usage; base="$1"; shift ;;
  esac
done

specs=(quickstart)
[ "$othello" = 1 ] && specs+=(othello-quickstart)

export GRAFT_HEAP="${GRAFT_HEAP:-2g}" GRAFT_OFFHEAP="${GRAFT_OFFHEAP:-3G}"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/same-numbers.XXXXXX")"
cleanup() { if [ "$keep" = 1 ]; then echo "same-numbers: kept $tmp" >&2; else rm -rf "$tmp"; fi; }
trap cleanup EXIT

# Builds a checkout offline when ~/.m2 allows it (the graft launcher then finds it built), else online.
build() {
  (cd "$1" && { mvn -B -q -o -DskipTests package >"$tmp/build.log" 2>&1 \
      || mvn -B -q -DskipTests package >"$tmp/build.log" 2>&1; } && touch runner/target/graft-runner.jar) \
    || { cat "$tmp/build.log" >&2; echo "same-numbers: build of $1 failed" >&2; exit 2; }
}

# run TREE SPEC OUT: one fresh run of SPEC with the graft of TREE.
run() {
  echo "same-numbers: running $2 with $1 into $3" >&2
  (cd "$1" && ./graft run "specs/$2.yaml" --out "$3" --cache "$3.cache" --no-progress >"$3.log" 2>&1) \
    || { tail -20 "$3.log" >&2; echo "same-numbers: the run failed (log: $3.log)" >&2; keep=1; exit 2; }
}

need_base=0
for s in "${specs[@]}"; do [ -n "${ref[$s]:-}" ] || need_base=1; done
if [ "$need_base" = 1 ]; then
  if [ -z "$base" ]; then
    base="$(git -C "$here" merge-base HEAD main)" || { echo "same-numbers: give BASE_COMMIT (no branch main)" >&2; exit 2; }
  fi
  base="$(git -C "$here" rev-parse --verify "$base^{commit}")" || { echo "same-numbers: $base is not a commit" >&2; exit 2; }
  echo "same-numbers: base commit $base" >&2
  git clone -q --no-checkout "$here" "$tmp/base"
  git -C "$tmp/base" checkout -q "$base"
  build "$tmp/base"
fi
for s in "${specs[@]}"; do
  [ -n "${ref[$s]:-}" ] || { run "$tmp/base" "$s" "$tmp/base-$s"; ref[$s]="$tmp/base-$s"; }
  [ -n "${cand[$s]:-}" ] || { run "$here" "$s" "$tmp/new-$s"; cand[$s]="$tmp/new-$s"; }
done

status=0
for s in "${specs[@]}"; do
  /usr/bin/env python3 - "$s" "${ref[$s]}" "${cand[$s]}" <<'PY' || status=1
import json, sys
from pathlib import Path

spec, a, b = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
rows, failed = [], False

def row(what, ok, detail):
    global failed
    failed |= not ok
    rows.append((spec, what, "same" if ok else "DIFFERS", detail))

for name in ("probes.csv", "fits.json"):
    fa, fb = a / name, b / name
    if not fa.is_file() or not fb.is_file():
        row(name, False, "missing in " + ", ".join(str(p.parent) for p in (fa, fb) if not p.is_file()))
        continue
    x, y = fa.read_bytes(), fb.read_bytes()
    if x == y:
        row(name, True, f"{len(x)} bytes")
    else:
        at = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
        line = x[:at].count(b"\n") + 1
        row(name, False, f"{len(x)} vs {len(y)} bytes, first difference on line {line}")

LOSSES = ("loss", "value_loss", "policy_loss", "aux_loss")
def losses(path):
    out = {}
    for n, text in enumerate(path.read_text().splitlines(), 1):
        if not text.strip():
            continue
        r = json.loads(text)
        key = (r.get("label"), r.get("split"), r.get("step"))
        out[key] = {k: r[k] for k in LOSSES if k in r}
    return out
ma, mb = a / "metrics.jsonl", b / "metrics.jsonl"
if ma.is_file() and mb.is_file():
    la, lb = losses(ma), losses(mb)
    only = set(la) ^ set(lb)
    diff = [k for k in la.keys() & lb.keys() if la[k] != lb[k]]
    if not only and not diff:
        row("metrics.jsonl losses", True, f"{len(la)} records")
    else:
        worst = ""
        if diff:
            k = sorted(diff, key=str)[0]
            worst = f"; first: {k} {la[k]} vs {lb[k]}"
        row("metrics.jsonl losses", False, f"{len(diff)} records differ, {len(only)} on one side only{worst}")
else:
    row("metrics.jsonl losses", False, "metrics.jsonl missing")

def keys(path):
    return {s["id"]: s["key"] for s in json.loads(path.read_text())["stages"]}
pa, pb = a / "provenance.json", b / "provenance.json"
if pa.is_file() and pb.is_file():
    ka, kb = keys(pa), keys(pb)
    changed = sorted(i for i in ka.keys() | kb.keys() if ka.get(i) != kb.get(i))
    row("stage keys", not changed, f"{len(ka)} stages" if not changed else "changed: " + ", ".join(changed))
else:
    row("stage keys", False, "provenance.json missing")

w = [max(len(r[i]) for r in rows) for i in range(3)]
for r in rows:
    print(f"{r[0]:<{w[0]}}  {r[1]:<{w[1]}}  {r[2]:<{w[2]}}  {r[3]}")
sys.exit(1 if failed else 0)
PY
done
if [ "$status" = 0 ]; then
  echo "same-numbers: identical" >&2
else
  echo "same-numbers: DIFFERENT (rows marked DIFFERS above)" >&2
fi
exit "$status"
