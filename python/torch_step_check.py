"""Step-for-step check of graft's training against the study's recipe in PyTorch.

Written from EXPERIMENT.md (Models, Training) and the interchange formats of docs/data.md and
docs/python.md, not from graft's Java code. It reads

* a training stream written by ``graft data stream`` (the batches a training stage consumes, in order:
  ``tokens``/``value``/``policy``/``mask``/``aux``/``step`` .npy files and ``stream.json``), and
* initial weights: graft's (``init.npz`` of the stream, in ``graft export``'s layout) or ``torch``, the
  study's initialisation drawn here from ``--seed`` (state and position embeddings N(0, 1); per-head
  W_Q, W_K, W_V ~ N(0, 1/d_model), W_O ~ N(0, 1/d_head); every linear weight and bias
  U(-1/sqrt(fan_in), +1/sqrt(fan_in)), PyTorch's ``nn.Linear`` default; LayerNorm 1 / 0), or ``java``,
  the same distributions drawn from ``java.util.Random(--seed)`` as docs/model.md says graft draws them
  (one generator, parameter by parameter in layout order, each array in row-major order; normals by
  ``nextGaussian``, uniforms as ``(2 nextDouble - 1) bound``), with the generator re-implemented here
  from its published definition (a 48-bit linear congruential generator, the polar method),

and trains the model of EXPERIMENT.md on the stream's batches, one optimizer step per batch:
``torch.optim.AdamW`` (beta 0.9/0.999, eps 1e-8, decoupled weight decay on every parameter), the
learning rate of update s (0-based) ``lr * 0.5 * (1 + cos(pi * s / total_steps))`` (cosine to 0 over
all steps of the run, no warm-up: torch's CosineAnnealingLR stepped after each update), loss
``BCE-with-logits(value) + 0.2 * CE(policy over the legal moves) + 0.8 * MSE(aux)`` with batch means
(the aux MSE over positions and outputs) and the weights of ``stream.json``.

With ``--graft-metrics`` (graft's ``metrics.jsonl``, a training record every step) and ``--graft-final``
(``graft export`` of graft's checkpoint after the same steps) it compares the per-step losses and every
parameter and exits 1 when one differs by more than the tolerance (printed with the measured
differences as one JSON line). ``--save`` writes the trained parameters in ``graft export``'s names;
``--evaluate DUMP`` scores the final model on a ``graft data dump`` folder (with --steps 0: the initial
weights as they are, e.g. a model graft trained).

Only torch and numpy are needed; it runs on the CPU.
"""

import argparse
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

# ----------------------------------------------------------------------------- data


def load_positions(folder, with_step):
    load = lambda name: np.load(os.path.join(folder, name + ".npy"))
    d = {
        "tokens": load("tokens").astype(np.int64),
        "value": load("value").astype(np.float64),
        "policy": load("policy").astype(np.int64),
        "mask": load("mask").astype(bool),
        "aux": load("aux").astype(np.float64),
    }
    if with_step:
        d["step"] = load("step").astype(np.int64)
    return d


def batch_tensors(d, rows, cls_token, dtype):
    tokens = np.concatenate([d["tokens"][rows], np.full((len(rows), 1), cls_token, dtype=np.int64)], axis=1)
    return (torch.from_numpy(tokens), torch.from_numpy(d["value"][rows]).to(dtype),
            torch.from_numpy(d["policy"][rows]), torch.from_numpy(d["mask"][rows]),
            torch.from_numpy(d["aux"][rows]).to(dtype))


def domineering_move_squares(n):
    """[2P, 2] squares of each move: vertical i*n+j covers (i,j),(i+1,j); horizontal P+j*n+i covers (i,j),(i,j+1)."""
    p = n * (n - 1)
    sq = np.zeros((2 * p, 2), dtype=np.int64)
    for i in range(n - 1):
        for j in range(n):
            sq[i * n + j] = (i * n + j, (i + 1) * n + j)
    for j in range(n - 1):
        for i in range(n):
            sq[p + j * n + i] = (i * n + j, i * n + j + 1)
    return sq


# ----------------------------------------------------------------------------- model


def parameter_shapes(n_tokens, d, e, h, layers, f, aux, squares_per_move):
    """Every parameter of EXPERIMENT.md's model in graft export's names and shapes (x @ W convention)."""
    s = {"embed.W_state": (3, d), "pos_embed.W_pos": (n_tokens, d)}
    for l in range(layers):
        p = f"blocks.{l}."
        s.update({p + "ln1.w": (d,), p + "ln1.b": (d,),
                  p + "attn.W_Q": (h, d, e), p + "attn.W_K": (h, d, e), p + "attn.W_V": (h, d, e),
                  p + "attn.W_O": (h, e, d),
                  p + "ln2.w": (d,), p + "ln2.b": (d,),
                  p + "mlp.W_in": (d, f), p + "mlp.b_in": (f,), p + "mlp.W_out": (f, d), p + "mlp.b_out": (d,)})
    s.update({"ln_final.w": (d,), "ln_final.b": (d,), "value.W": (d, 1), "value.b": (1,),
              "aux.W": (d, aux), "aux.b": (aux,),
              "policy.W1": (squares_per_move * d, d), "policy.b1": (d,), "policy.W2": (d, 1), "policy.b2": (1,)})
    return s


def study_init(shapes, d, e, seed):
    """EXPERIMENT.md's initialisation, drawn with torch's generator."""
    g = torch.Generator().manual_seed(seed)
    out = {}
    for name, shape in shapes.items():
        if name.startswith("embed.") or name.startswith("pos_embed."):
            t = torch.randn(shape, generator=g, dtype=torch.float64)
        elif name.endswith(("W_Q", "W_K", "W_V")):
            t = torch.randn(shape, generator=g, dtype=torch.float64) / math.sqrt(d)
        elif name.endswith("W_O"):
            t = torch.randn(shape, generator=g, dtype=torch.float64) / math.sqrt(e)
        elif ".ln" in name or name.startswith("ln_final"):
            t = torch.ones(shape, dtype=torch.float64) if name.endswith(".w") else torch.zeros(shape, dtype=torch.float64)
        else:  # a linear layer's weight [fan_in, out] or bias [out]: U(-1/sqrt(fan_in), 1/sqrt(fan_in))
            fan_in = linear_fan_in(name, shapes)
            t = (torch.rand(shape, generator=g, dtype=torch.float64) * 2 - 1) / math.sqrt(fan_in)
        out[name] = t
    return out


class JavaRandom:
    """java.util.Random from its specification (the Java SE API documentation of the class): a 48-bit
    linear congruential generator, nextDouble from 26 + 27 bits, nextGaussian by the polar method
    keeping the second value of each pair."""

    MULTIPLIER, ADDEND, MASK = 0x5DEECE66D, 0xB, (1 << 48) - 1

    def __init__(self, seed):
        self.state = (seed ^ self.MULTIPLIER) & self.MASK
        self.spare = None

    def next_bits(self, bits):
        self.state = (self.state * self.MULTIPLIER + self.ADDEND) & self.MASK
        return self.state >> (48 - bits)

    def next_double(self):
        return ((self.next_bits(26) << 27) + self.next_bits(27)) * 2.0 ** -53

    def next_gaussian(self):
        if self.spare is not None:
            value, self.spare = self.spare, None
            return value
        while True:
            v1, v2 = 2 * self.next_double() - 1, 2 * self.next_double() - 1
            s = v1 * v1 + v2 * v2
            if 0 < s < 1:
                break
        multiplier = math.sqrt(-2 * math.log(s) / s)
        self.spare = v2 * multiplier
        return v1 * multiplier


def java_init(shapes, d, e, seed):
    """EXPERIMENT.md's initialisation drawn from java.util.Random(seed) in layout order (docs/model.md)."""
    rng = JavaRandom(seed)
    out = {}
    for name, shape in shapes.items():
        n = int(np.prod(shape))
        if name.startswith("embed.") or name.startswith("pos_embed."):
            v = [rng.next_gaussian() for _ in range(n)]
        elif name.endswith(("W_Q", "W_K", "W_V")):
            v = [rng.next_gaussian() / math.sqrt(d) for _ in range(n)]
        elif name.endswith("W_O"):
            v = [rng.next_gaussian() / math.sqrt(e) for _ in range(n)]
        elif ".ln" in name or name.startswith("ln_final"):
            v = [1.0 if name.endswith(".w") else 0.0] * n
        else:
            bound = 1 / math.sqrt(linear_fan_in(name, shapes))
            v = [(2 * rng.next_double() - 1) * bound for _ in range(n)]
        out[name] = torch.tensor(v, dtype=torch.float64).reshape(shape)
    return out


def linear_fan_in(name, shapes):
    """The input width of the linear layer a weight or bias belongs to."""
    prefix, last = name.rsplit(".", 1)
    weight = {"b_in": "W_in", "b_out": "W_out", "b": "W", "b1": "W1", "b2": "W2"}.get(last, last)
    return shapes[prefix + "." + weight][0]


def layer_norm(x, w, b):
    return F.layer_norm(x, (x.shape[-1],), w, b, eps=1e-5)


def forward(P, tokens, layers, d_head, move_squares):
    """EXPERIMENT.md's pre-LayerNorm encoder: value logit [B], policy logits [B, moves], aux [B, outputs]."""
    x = P["embed.W_state"][tokens] + P["pos_embed.W_pos"]
    for l in range(layers):
        p = f"blocks.{l}."
        y = layer_norm(x, P[p + "ln1.w"], P[p + "ln1.b"])
        q = torch.einsum("btd,hde->bhte", y, P[p + "attn.W_Q"])
        k = torch.einsum("btd,hde->bhte", y, P[p + "attn.W_K"])
        v = torch.einsum("btd,hde->bhte", y, P[p + "attn.W_V"])
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d_head), dim=-1)
        x = x + torch.einsum("bhte,hed->btd", att @ v, P[p + "attn.W_O"])
        y = layer_norm(x, P[p + "ln2.w"], P[p + "ln2.b"])
        x = x + F.gelu(y @ P[p + "mlp.W_in"] + P[p + "mlp.b_in"]) @ P[p + "mlp.W_out"] + P[p + "mlp.b_out"]
    h = layer_norm(x, P["ln_final.w"], P["ln_final.b"])
    cls = h[:, -1]  # the CLS token is the last
    value = (cls @ P["value.W"] + P["value.b"]).squeeze(-1)
    aux = cls @ P["aux.W"] + P["aux.b"]
    pair = torch.cat([h[:, move_squares[:, 0]], h[:, move_squares[:, 1]]], dim=-1)
    policy = (F.gelu(pair @ P["policy.W1"] + P["policy.b1"]) @ P["policy.W2"] + P["policy.b2"]).squeeze(-1)
    return value, policy, aux


def losses(P, batch, weights, layers, d_head, move_squares):
    tokens, value, policy, mask, aux = batch
    v, logits, a = forward(P, tokens, layers, d_head, move_squares)
    value_loss = F.binary_cross_entropy_with_logits(v, value)
    policy_loss = F.cross_entropy(logits.masked_fill(~mask, float("-inf")), policy)
    aux_loss = F.mse_loss(a, aux) if aux.shape[1] else torch.zeros((), dtype=v.dtype)
    total = weights["value"] * value_loss + weights["policy"] * policy_loss
    if weights["aux"] != 0:
        total = total + weights["aux"] * aux_loss
    top1 = (logits.masked_fill(~mask, float("-inf")).argmax(-1) == policy).double().mean()
    accuracy = ((v > 0) == (value > 0.5)).double().mean()
    return total, value_loss, policy_loss, aux_loss, accuracy, top1


def cosine_lr(peak, step, total, warmup=0):
    if step >= total:
        return 0.0
    if step < warmup:
        return peak * step / warmup
    return peak * 0.5 * (1 + math.cos(math.pi * (step - warmup) / (total - warmup)))


# ----------------------------------------------------------------------------- comparison


def read_graft_train_losses(path, label):
    """{step: record} of graft's training records (step = finished steps, the loss of update step-1)."""
    out = {}
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            if r.get("split") == "train" and (label is None or r.get("label") == label):
                out[int(r["step"])] = r
    return out


# Deliberate departures from the recipe, each a fault the check must catch (--expect-caught).
ALTERATIONS = {
    "decay-peak-lr": "decoupled weight decay with the peak learning rate instead of the scheduled one",
    "lr-next-step": "update s uses the learning rate of s + 1 (the schedule indexed from 1)",
    "eps-inside-sqrt": "Adam's eps under the square root: sqrt(v_hat + eps) instead of sqrt(v_hat) + eps",
    "aux-mean-over-batch": "aux MSE summed over outputs and averaged over positions only",
    "policy-all-moves": "policy cross-entropy over every move, illegal ones included",
    "no-decay-on-biases": "no weight decay on biases, LayerNorm and embeddings",
}


def train_steps(initial, data, recipe, steps, dtype, layers, d_head, move_squares, log_every, alteration=None):
    """Trains a copy of `initial` for `steps` steps of the stream; returns (parameters, per-step losses)."""
    P = {k: torch.nn.Parameter(v.to(dtype).clone()) for k, v in initial.items()}
    weights = dict(recipe["loss_weights"])
    wd = recipe["weight_decay"]
    if alteration == "no-decay-on-biases":
        decayed = [p for k, p in P.items() if k.rsplit(".", 1)[1].startswith("W") and not k.startswith(("embed", "pos"))]
        rest = [p for p in P.values() if all(p is not q for q in decayed)]
        groups = [{"params": decayed, "weight_decay": wd}, {"params": rest, "weight_decay": 0.0}]
    else:
        groups = [{"params": list(P.values()), "weight_decay": wd}]
    if alteration == "eps-inside-sqrt":
        opt = EpsInsideAdamW(groups, lr=recipe["lr"], betas=(recipe["beta1"], recipe["beta2"]), eps=recipe["eps"])
    else:
        opt = torch.optim.AdamW(groups, lr=recipe["lr"], betas=(recipe["beta1"], recipe["beta2"]), eps=recipe["eps"])
    total_steps, warmup = int(recipe["total_steps"]), int(recipe["warmup_steps"])
    order = np.argsort(data["step"], kind="stable")
    starts = np.searchsorted(data["step"][order], np.arange(steps + 1))
    mine = []
    for s in range(steps):
        rows = order[starts[s]:starts[s + 1]]
        batch = batch_tensors(data, rows, 2, dtype)
        lr = cosine_lr(recipe["lr"], s + 1 if alteration == "lr-next-step" else s, total_steps, warmup)
        for g in opt.param_groups:
            g["lr"] = lr
            if alteration == "decay-peak-lr" and lr > 0:
                g["weight_decay"] = wd * recipe["lr"] / lr
        if alteration in ("aux-mean-over-batch", "policy-all-moves"):
            tokens, value, policy, mask, aux = batch
            v, logits, a = forward(P, tokens, layers, d_head, move_squares)
            vl = F.binary_cross_entropy_with_logits(v, value)
            if alteration == "policy-all-moves":
                pl = F.cross_entropy(logits, policy)
                al = F.mse_loss(a, aux)
            else:
                pl = F.cross_entropy(logits.masked_fill(~mask, float("-inf")), policy)
                al = ((a - aux) ** 2).sum(-1).mean()
            total = weights["value"] * vl + weights["policy"] * pl + weights["aux"] * al
        else:
            total, vl, pl, al, _, _ = losses(P, batch, weights, layers, d_head, move_squares)
        opt.zero_grad()
        total.backward()
        opt.step()
        mine.append({"step": s + 1, "lr": lr, "loss": total.item(), "value_loss": vl.item(),
                     "policy_loss": pl.item(), "aux_loss": al.item()})
        if log_every and (s + 1) % log_every == 0:
            print(json.dumps({"split": "train", **mine[-1]}), flush=True)
    return P, mine


class EpsInsideAdamW(torch.optim.Optimizer):
    """AdamW with eps under the square root (a known variant), for --expect-caught eps-inside-sqrt."""

    def __init__(self, params, lr, betas, eps):
        super().__init__(params, {"lr": lr, "betas": betas, "eps": eps})

    @torch.no_grad()
    def step(self):
        for g in self.param_groups:
            b1, b2 = g["betas"]
            for p in g["params"]:
                st = self.state[p]
                if not st:
                    st["t"], st["m"], st["v"] = 0, torch.zeros_like(p), torch.zeros_like(p)
                st["t"] += 1
                p.mul_(1 - g["lr"] * g["weight_decay"])
                st["m"].mul_(b1).add_(p.grad, alpha=1 - b1)
                st["v"].mul_(b2).addcmul_(p.grad, p.grad, value=1 - b2)
                m_hat = st["m"] / (1 - b1 ** st["t"])
                v_hat = st["v"] / (1 - b2 ** st["t"])
                p.sub_(g["lr"] * m_hat / torch.sqrt(v_hat + g["eps"]))


def compare_losses(mine, theirs, path, label):
    """Largest |graft − torch| of each per-step quantity, and the step where it occurs."""
    worst = {}
    if not any(m["step"] in theirs for m in mine):
        raise SystemExit(f"{path} has no training record of {label} at the steps trained")
    for m in mine:
        r = theirs.get(m["step"])
        if r is None:
            continue  # graft logs every min(validate_every, 10) steps; validate_every 1 logs every step
        for key in ("loss", "value_loss", "policy_loss", "aux_loss", "lr"):
            if key in r:
                diff = abs(float(r[key]) - m[key])
                if key not in worst or diff > worst[key]["diff"]:
                    worst[key] = {"diff": diff, "step": m["step"]}
    return worst


def compare_parameters(P, z):
    """Largest |graft − torch| over every parameter (policy.b2 reported but left out of "max", see the docs)."""
    diffs = {}
    for k, p in P.items():
        mine_p = p.detach().double().numpy()
        diffs[k] = float(np.max(np.abs(z[k].astype(np.float64) - mine_p))) if mine_p.size else 0.0
    others = {k: v for k, v in diffs.items() if k != "policy.b2"}
    worst = max(others, key=others.get)
    return {"max": others[worst], "parameter": worst, "per_parameter": diffs}


def check_init(initial, shapes, d, e):
    """graft's initial weights against EXPERIMENT.md's distributions: per parameter the std (and for the
    uniform ones the range) of the draw, with a failure when a value leaves its uniform range, a
    LayerNorm is not exactly 1 / 0, or a std departs from the expected one by more than 6 standard errors."""
    report, bad = {}, []
    for name in shapes:
        x = initial[name].double().flatten()
        if x.numel() == 0:
            continue
        if ".ln" in name or name.startswith("ln_final"):
            want = 1.0 if name.endswith(".w") else 0.0
            ok = bool(torch.all(x == want))
            report[name] = {"constant": want, "ok": ok}
        else:
            if name.startswith(("embed.", "pos_embed.")):
                kind, std = "normal", 1.0
            elif name.endswith(("W_Q", "W_K", "W_V")):
                kind, std = "normal", 1 / math.sqrt(d)
            elif name.endswith("W_O"):
                kind, std = "normal", 1 / math.sqrt(e)
            else:
                kind, bound = "uniform", 1 / math.sqrt(linear_fan_in(name, shapes))
                std = bound / math.sqrt(3)
            n = x.numel()
            got = float(x.pow(2).mean().sqrt())  # the spread about the distribution's mean 0
            # standard error of the root mean square: normal sqrt(1/(2n)), uniform sqrt(1/(5n)) (relative)
            se = std * (math.sqrt(0.5 / n) if kind == "normal" else math.sqrt(0.2 / n))
            ok = abs(got - std) <= 6 * se
            r = {"kind": kind, "expected_std": std, "std": got, "z": abs(got - std) / se, "ok": ok}
            if kind == "uniform":
                r["bound"] = bound
                r["max_abs"] = float(x.abs().max())
                ok = ok and r["max_abs"] <= bound * (1 + 1e-6)
                r["ok"] = ok
            report[name] = r
        if not report[name]["ok"]:
            bad.append(name)
    return report, bad


def main(argv=None):
    ap = argparse.ArgumentParser(description="Train EXPERIMENT.md's recipe in PyTorch on a graft training stream")
    ap.add_argument("stream", help="folder written by 'graft data stream'")
    ap.add_argument("--init", default="graft", help="'graft' (the stream's init.npz), 'torch' (the study's"
                    " initialisation from --seed), 'java' (the same drawn as graft draws it, from"
                    " java.util.Random(--seed)), or an exported .npz")
    ap.add_argument("--seed", type=int, default=0, help="seed of --init torch or java")
    ap.add_argument("--steps", type=int, default=-1, help="steps to train (-1: every step of the stream)")
    ap.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--graft-metrics", help="graft's metrics.jsonl (a training record every step) to compare")
    ap.add_argument("--graft-label", help="label of the records to compare (default: condition/seed-S of the stream)")
    ap.add_argument("--graft-final", help="graft export of graft's checkpoint after --steps steps, to compare")
    ap.add_argument("--loss-tolerance", type=float, default=1e-4)
    ap.add_argument("--param-tolerance", type=float, default=2e-4)
    ap.add_argument("--save", help="write the trained parameters here (.npz, graft export's names)")
    ap.add_argument("--evaluate", help="a 'graft data dump' folder to score the final model on")
    ap.add_argument("--expect-caught", help="comma-separated alterations of the recipe (" + ", ".join(ALTERATIONS)
                    + ") that must each differ from graft by more than the tolerance: the check's own test")
    ap.add_argument("--check-init", action="store_true", help="check the initial weights' distributions against"
                    " EXPERIMENT.md (the study's initialisation)")
    ap.add_argument("--log-every", type=int, default=0, help="print the training losses every this many steps")
    args = ap.parse_args(argv)

    torch.set_num_threads(args.threads)
    dtype = torch.float64 if args.dtype == "float64" else torch.float32
    with open(os.path.join(args.stream, "stream.json")) as f:
        info = json.load(f)
    recipe, shape = info["recipe"], info["model"]
    if info["game"]["name"] != "domineering" or info["game"]["rows"] != info["game"]["cols"]:
        raise SystemExit("this check knows Domineering on square boards (the study's game)")
    n = info["game"]["rows"]
    d, e, h, layers, f_mlp = shape["d_model"], shape["d_head"], shape["heads"], shape["layers"], shape["d_mlp"]
    shapes = parameter_shapes(n * n + 1, d, e, h, layers, f_mlp, info["aux_outputs"], 2)
    if args.init == "torch":
        initial = study_init(shapes, d, e, args.seed)
    elif args.init == "java":
        initial = java_init(shapes, d, e, args.seed)
    else:
        path = os.path.join(args.stream, info["initial_weights"]) if args.init == "graft" else args.init
        z = np.load(path)
        initial = {k: torch.from_numpy(z[k].astype(np.float64)) for k in shapes}
        config = json.loads(z["config"].tobytes())
        if config["cls_position"] != n * n or config["policy_pooling"] != "concat":
            raise SystemExit(f"{path}: expected the CLS token last and concat policy pooling")
        exported = domineering_move_squares(n)
        if not np.array_equal(z["policy.move_squares"], exported):
            raise SystemExit(f"{path}: policy.move_squares differ from EXPERIMENT.md's move encoding")
    for k, s in shapes.items():
        if tuple(initial[k].shape) != s:
            raise SystemExit(f"parameter {k} has shape {tuple(initial[k].shape)}, expected {s}")
    move_squares = torch.from_numpy(domineering_move_squares(n))
    data = load_positions(args.stream, True)
    steps = info["steps"] if args.steps < 0 else args.steps
    if steps > info["steps"]:
        raise SystemExit(f"--steps {steps}: the stream holds {info['steps']} steps")

    def train(alteration=None):
        return train_steps(initial, data, recipe, steps, dtype, layers, e, move_squares, args.log_every, alteration)

    P, mine = train()
    result = {"steps": steps, "dtype": args.dtype, "init": args.init}
    failed = []
    label = args.graft_label or f"{info['condition']}/seed-{info['seed']}"
    theirs_losses = read_graft_train_losses(args.graft_metrics, label) if args.graft_metrics else None
    theirs_final = np.load(args.graft_final) if args.graft_final else None
    if theirs_losses is not None:
        result["loss_max_abs_diff"] = compare_losses(mine, theirs_losses, args.graft_metrics, label)
        if max(v["diff"] for v in result["loss_max_abs_diff"].values()) > args.loss_tolerance:
            failed.append("per-step losses")
    b2_bound = 1.01 * sum(cosine_lr(recipe["lr"], s, int(recipe["total_steps"]), int(recipe["warmup_steps"]))
                          for s in range(steps))
    if theirs_final is not None:
        result["param_max_abs_diff"] = compare_parameters(P, theirs_final)
        worst = result["param_max_abs_diff"]
        if worst["max"] > args.param_tolerance:
            failed.append("parameters")
        result["policy_b2"] = {"diff": worst["per_parameter"]["policy.b2"], "bound": b2_bound}
        if worst["per_parameter"]["policy.b2"] > b2_bound:
            failed.append("policy.b2")
    if args.expect_caught:
        caught = {}
        for alteration in args.expect_caught.split(","):
            if alteration not in ALTERATIONS:
                raise SystemExit(f"--expect-caught {alteration}: known alterations: {', '.join(ALTERATIONS)}")
            P_alt, mine_alt = train(alteration)
            loss = compare_losses(mine_alt, theirs_losses, args.graft_metrics, label) if theirs_losses else {}
            params = compare_parameters(P_alt, theirs_final) if theirs_final is not None else {"max": 0.0}
            loss_worst = max((v["diff"] for v in loss.values()), default=0.0)
            caught[alteration] = {"loss_max_abs_diff": loss_worst, "param_max_abs_diff": params["max"],
                                  "parameter": params.get("parameter"),
                                  "caught": loss_worst > args.loss_tolerance or params["max"] > args.param_tolerance}
            if not caught[alteration]["caught"]:
                failed.append("alteration " + alteration + " not caught")
        result["alterations"] = caught
    if args.check_init:
        report, bad = check_init(initial, shapes, d, e)
        worst = max((k for k in report if "z" in report[k]), key=lambda k: report[k]["z"])
        result["init_check"] = {"parameters": len(report), "largest_z": report[worst]["z"], "at": worst,
                                "failed": bad}
        if bad:
            failed.append("initialisation of " + ", ".join(bad))
        # Value for value: the draw docs/model.md describes, from the model's seed (a small model's is the
        # experiment seed). It sees what distributions do not: a draw reused between parameters, a clip,
        # a fan or an order of dimensions other than EXPERIMENT.md's.
        drawn = java_init(shapes, d, e, info["seed"])
        diffs = {k: float((initial[k].double() - drawn[k]).abs().max()) if initial[k].numel() else 0.0 for k in shapes}
        worst = max(diffs, key=diffs.get)
        result["init_check"]["java_draw"] = {"seed": info["seed"], "max_abs_diff": diffs[worst], "at": worst}
        if diffs[worst] > 1e-6:  # float32 rounding of a value below 4 in magnitude: 2.4e-7 at most
            failed.append(f"initialisation: {worst} differs from EXPERIMENT.md's draw from java.util.Random("
                          f"{info['seed']}) by {diffs[worst]:.3g}")
    if args.save:
        np.savez(args.save, **{k: p.detach().float().numpy() for k, p in P.items()})
        result["saved"] = args.save
    if args.evaluate:
        ev = load_positions(args.evaluate, False)
        sums = np.zeros(5)
        count = 0
        with torch.no_grad():
            for i in range(0, ev["tokens"].shape[0], 500):
                rows = np.arange(i, min(i + 500, ev["tokens"].shape[0]))
                b = batch_tensors(ev, rows, 2, dtype)
                _, vl, pl, al, acc, top1 = losses(P, b, recipe["loss_weights"], layers, e, move_squares)
                sums += len(rows) * np.array([vl.item(), pl.item(), al.item(), acc.item(), top1.item()])
                count += len(rows)
        m = sums / count
        result["evaluation"] = {"positions": count, "value_loss": m[0], "policy_loss": m[1], "aux_mse": m[2],
                                "value_accuracy": m[3], "policy_top1": m[4]}
    result["failed"] = failed
    print(json.dumps(result), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
