"""An independent PyTorch check that the study's recipe learns: trains graft's small model on graft's games.

It reads positions written by ``graft data dump`` (every position of a game-record file: see
docs/data.md) and the split of the run's data cache (``manifest.json``), then trains the model of
EXPERIMENT.md with the study's recipe, written here from that page and not from graft's Java code:

* initialisation: the PyTorch defaults the study uses -- ``nn.Linear`` weights and biases
  U(-1/sqrt(fan_in), +1/sqrt(fan_in)), LayerNorm 1/0 -- plus state and position embeddings N(0, 1) and
  per-head W_Q, W_K, W_V ~ N(0, 1/d_model), W_O ~ N(0, 1/d_head);
* positions: each epoch ``--per-game`` plies of every training game drawn uniformly with replacement
  from [min_ply, length-1], redrawn every epoch; ``--validation-per-game`` plies of every validation game
  drawn once; each position under a uniformly random player-preserving symmetry (identity, left-right,
  up-down, 180 degrees), applied here to the board, the moves and the legal-move mask, with the
  sector-balance target recomputed from the transformed board (and checked against the dump's);
* training: AdamW (0.9, 0.999, 1e-8, weight decay on every parameter), cosine decay to 0 over all steps,
  no warm-up, float32; loss BCE(value) + 0.2 CE(policy over legal moves) + aux_weight MSE(aux).

It prints one JSON line per validation (``split`` quick: ``--quick-positions`` drawn from the validation
positions by step; ``full``: all of them, at each epoch end and at the end) and a final table in the
layout graft prints, so the two can be compared step for step. Usage (the quickstart's small+aux)::

    ./graft data dump --games runs/.cache/data/<key>/games.npz --positions <all> --aux sector-balance --out dump/
    python3 python/torch_recipe_check.py dump/ runs/.cache/data/<key>/manifest.json \\
        --batch 128 --lr 1e-3 --epochs 1 --validate-every 50 --quick-positions 512

Only torch and numpy are needed; it runs on the CPU.
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
from torch import nn


# ----------------------------------------------------------------------------- Domineering geometry

def move_squares(n: int) -> np.ndarray:
    """[2P, 2] squares of every move: vertical i*n+j covers (i,j),(i+1,j); horizontal P+j*n+i covers (i,j),(i,j+1)."""
    p = n * (n - 1)
    sq = np.zeros((2 * p, 2), dtype=np.int64)
    for i in range(n - 1):
        for j in range(n):
            sq[i * n + j] = (i * n + j, (i + 1) * n + j)
    for j in range(n - 1):
        for i in range(n):
            sq[p + j * n + i] = (i * n + j, i * n + j + 1)
    return sq


def symmetry_maps(n: int):
    """For each of the 4 symmetries: (square permutation, move permutation), both old index -> new index."""
    p = n * (n - 1)
    maps = []
    for flip_rows, flip_cols in ((False, False), (False, True), (True, False), (True, True)):
        def cell(i, j):
            return (n - 1 - i if flip_rows else i), (n - 1 - j if flip_cols else j)
        squares = np.zeros(n * n, dtype=np.int64)
        for i in range(n):
            for j in range(n):
                a, b = cell(i, j)
                squares[i * n + j] = a * n + b
        moves = np.zeros(2 * p, dtype=np.int64)
        for m, (s1, s2) in enumerate(move_squares(n)):
            t1, t2 = squares[s1], squares[s2]
            top = min(t1, t2)  # the top (vertical) or left (horizontal) square of the mapped domino
            i, j = divmod(int(top), n)
            moves[m] = i * n + j if m < p else p + j * n + i
        maps.append((squares, moves))
    return maps


def sector_balance(board: np.ndarray, n: int, sector: int, scale: float) -> np.ndarray:
    """[k, sectors] (vertical - horizontal placements with both squares empty), by the sector of the first square."""
    b = board.reshape(-1, n, n) == 0
    vertical = np.zeros_like(b)
    vertical[:, :-1, :] = b[:, :-1, :] & b[:, 1:, :]
    horizontal = np.zeros_like(b)
    horizontal[:, :, :-1] = b[:, :, :-1] & b[:, :, 1:]
    diff = vertical.astype(np.float64) - horizontal.astype(np.float64)
    s = n // sector
    return (diff.reshape(-1, s, sector, s, sector).sum(axis=(2, 4)).reshape(-1, s * s) * scale).astype(np.float32)


# ----------------------------------------------------------------------------- positions

class Positions:
    """A graft dump indexed by (game, ply), with the transforms to build any (game, ply, symmetry)."""

    def __init__(self, dump: str, sector: int, scale: float):
        load = lambda name: np.load(os.path.join(dump, name + ".npy"))
        self.tokens = load("tokens").astype(np.int64)
        self.value = load("value").astype(np.float32)
        self.policy = load("policy").astype(np.int64)
        self.mask = load("mask").astype(bool)
        self.aux = load("aux").astype(np.float32)
        self.game = load("game").astype(np.int64)
        self.ply = load("ply").astype(np.int64)
        self.symmetry = load("symmetry").astype(np.int64)
        self.n = int(round(math.sqrt(self.tokens.shape[1])))
        self.sector, self.scale = sector, scale
        self.maps = symmetry_maps(self.n)
        self.index = {(int(g), int(p)): k for k, (g, p) in enumerate(zip(self.game, self.ply))}
        self.length = {}
        self.first = {}
        for g, p in zip(self.game.tolist(), self.ply.tolist()):
            self.length[g] = max(self.length.get(g, 0), p + 1)
            self.first[g] = min(self.first.get(g, p), p)
        if self.aux.shape[1]:
            recomputed = sector_balance(self.tokens, self.n, sector, scale)
            worst = float(np.max(np.abs(recomputed - self.aux)))
            if worst > 1e-5:
                raise SystemExit(f"the dump's aux targets differ from sector-balance (sector {sector}, scale {scale})"
                                 f" by up to {worst}: give --sector/--scale as the dump was made")

    def self_check(self, rng, count=2000):
        """Under every symmetry, the legal-move mask must be the side to move's placements on the mapped board
        and the move played one of them: checks the square and move maps against each other."""
        rows = rng.integers(0, self.tokens.shape[0], size=count)
        extra = rng.integers(0, 4, size=count)
        tokens, _, policy, mask, _ = self.batch(rows, extra)
        board = tokens[:, :-1].numpy()
        sq = move_squares(self.n)
        free = (board[:, sq[:, 0]] == 0) & (board[:, sq[:, 1]] == 0)
        p = self.n * (self.n - 1)
        vertical_to_move = (self.ply[rows] % 2 == 0)[:, None]
        legal = free & np.where(vertical_to_move, np.arange(2 * p) < p, np.arange(2 * p) >= p)
        if not np.array_equal(legal, mask.numpy()):
            raise SystemExit("symmetry maps disagree with the dump's legal moves")
        if not mask.numpy()[np.arange(count), policy.numpy()].all():
            raise SystemExit("a mapped move played is not legal")

    def check_covers(self, games, min_ply):
        for g in games:
            if g not in self.length:
                raise SystemExit(f"game {g} has no positions in the dump: dump every position of the games file")
            if self.length[g] > min_ply and self.first[g] > min_ply:
                raise SystemExit(f"game {g}'s dumped plies start at {self.first[g]} > min_ply {min_ply}")
            have = sum(1 for p in range(self.first[g], self.length[g]) if (g, p) in self.index)
            if have != self.length[g] - self.first[g]:
                raise SystemExit(f"game {g}: the dump lacks some plies; dump every position (--positions = all)")

    def draw(self, games, per_game, min_ply, rng):
        """(rows into the dump, extra symmetries): per_game plies of each game longer than min_ply."""
        rows, syms = [], []
        for g in games:
            if self.length[g] <= min_ply:
                continue
            plies = rng.integers(min_ply, self.length[g], size=per_game)
            rows.extend(self.index[(g, int(p))] for p in plies)
        rows = np.asarray(rows, dtype=np.int64)
        return rows, rng.integers(0, 4, size=rows.shape[0])

    def batch(self, rows: np.ndarray, extra: np.ndarray):
        """Tensors of the dumped positions `rows`, each under one more symmetry `extra` (the group is closed)."""
        k = rows.shape[0]
        n2 = self.n * self.n
        tokens = np.empty((k, n2 + 1), dtype=np.int64)
        policy = np.empty(k, dtype=np.int64)
        mask = np.zeros((k, self.mask.shape[1]), dtype=bool)
        for s in range(4):
            pick = np.nonzero(extra == s)[0]
            if pick.size == 0:
                continue
            squares, moves = self.maps[s]
            board = np.empty((pick.size, n2), dtype=np.int64)
            board[:, squares] = self.tokens[rows[pick]]
            tokens[pick, :n2] = board
            policy[pick] = moves[self.policy[rows[pick]]]
            m = np.zeros((pick.size, self.mask.shape[1]), dtype=bool)
            m[:, moves] = self.mask[rows[pick]]
            mask[pick] = m
        tokens[:, n2] = 2  # CLS
        aux = sector_balance(tokens[:, :n2], self.n, self.sector, self.scale) if self.aux.shape[1] else \
            np.zeros((k, 0), dtype=np.float32)
        return (torch.from_numpy(tokens), torch.from_numpy(self.value[rows]), torch.from_numpy(policy),
                torch.from_numpy(mask), torch.from_numpy(aux))


# ----------------------------------------------------------------------------- model

class Block(nn.Module):
    def __init__(self, d, e, h, f):
        super().__init__()
        self.ln1 = nn.LayerNorm(d, eps=1e-5)
        self.W_Q = nn.Parameter(torch.randn(h, d, e) / math.sqrt(d))
        self.W_K = nn.Parameter(torch.randn(h, d, e) / math.sqrt(d))
        self.W_V = nn.Parameter(torch.randn(h, d, e) / math.sqrt(d))
        self.W_O = nn.Parameter(torch.randn(h, e, d) / math.sqrt(e))
        self.ln2 = nn.LayerNorm(d, eps=1e-5)
        self.mlp_in = nn.Linear(d, f)
        self.mlp_out = nn.Linear(f, d)
        self.scale = 1.0 / math.sqrt(e)

    def forward(self, x):
        y = self.ln1(x)
        q = torch.einsum("btd,hde->bhte", y, self.W_Q)
        k = torch.einsum("btd,hde->bhte", y, self.W_K)
        v = torch.einsum("btd,hde->bhte", y, self.W_V)
        att = torch.softmax(q @ k.transpose(-1, -2) * self.scale, dim=-1)
        x = x + torch.einsum("bhte,hed->btd", att @ v, self.W_O)
        return x + self.mlp_out(nn.functional.gelu(self.mlp_in(self.ln2(x))))


class Model(nn.Module):
    def __init__(self, n, d, e, h, layers, f, aux_outputs):
        super().__init__()
        self.W_state = nn.Parameter(torch.randn(3, d))
        self.W_pos = nn.Parameter(torch.randn(n * n + 1, d))
        self.blocks = nn.ModuleList(Block(d, e, h, f) for _ in range(layers))
        self.ln_final = nn.LayerNorm(d, eps=1e-5)
        self.value = nn.Linear(d, 1)
        self.aux = nn.Linear(d, max(aux_outputs, 1))
        self.policy1 = nn.Linear(2 * d, d)
        self.policy2 = nn.Linear(d, 1)
        self.register_buffer("squares", torch.from_numpy(move_squares(n)))

    def forward(self, tokens):
        x = self.W_state[tokens] + self.W_pos
        for b in self.blocks:
            x = b(x)
        h = self.ln_final(x)
        cls = h[:, -1]
        pair = torch.cat([h[:, self.squares[:, 0]], h[:, self.squares[:, 1]]], dim=-1)
        logits = self.policy2(nn.functional.gelu(self.policy1(pair))).squeeze(-1)
        return self.value(cls).squeeze(-1), logits, self.aux(cls)


def losses(model, batch, aux_weight):
    tokens, value, policy, mask, aux = batch
    v, logits, a = model(tokens)
    value_loss = nn.functional.binary_cross_entropy_with_logits(v, value)
    masked = logits.masked_fill(~mask, float("-inf"))
    policy_loss = nn.functional.cross_entropy(masked, policy)
    aux_loss = nn.functional.mse_loss(a[:, :aux.shape[1]], aux) if aux.shape[1] else torch.zeros(())
    total = value_loss + 0.2 * policy_loss + aux_weight * aux_loss
    stats = {
        "value_accuracy": ((v > 0) == (value > 0.5)).float().mean().item(),
        "policy_top1": (masked.argmax(dim=-1) == policy).float().mean().item(),
    }
    return total, value_loss, policy_loss, aux_loss, stats


@torch.no_grad()
def evaluate(model, positions, rows, extra, aux_weight, chunk=512):
    sums, count = np.zeros(6), 0
    for i in range(0, rows.shape[0], chunk):
        b = positions.batch(rows[i:i + chunk], extra[i:i + chunk])
        total, vl, pl, al, st = losses(model, b, aux_weight)
        k = b[0].shape[0]
        sums += k * np.array([total.item(), vl.item(), pl.item(), al.item(), st["value_accuracy"], st["policy_top1"]])
        count += k
    m = sums / count
    return {"positions": count, "loss": m[0], "value_loss": m[1], "value_accuracy": m[4], "policy_loss": m[2],
            "policy_top1": m[5], "aux_loss": m[3]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="PyTorch check that graft's small model learns with the study's recipe")
    ap.add_argument("dump", help="folder written by graft data dump holding every position of the games")
    ap.add_argument("manifest", help="manifest.json of the run's data cache entry (its split is used)")
    ap.add_argument("--d-model", type=int, default=64)
    ap.add_argument("--d-head", type=int, default=16)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--layers", type=int, default=3)
    ap.add_argument("--d-mlp", type=int, default=256)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--weight-decay", type=float, default=0.01)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--per-game", type=int, default=57)
    ap.add_argument("--validation-per-game", type=int, default=20)
    ap.add_argument("--min-ply", type=int, default=-1, help="-1: round(16*squares/256), as graft")
    ap.add_argument("--aux-weight", type=float, default=0.8, help="0 trains without the auxiliary loss (small-aux)")
    ap.add_argument("--sector", type=int, default=4)
    ap.add_argument("--scale", type=float, default=0.1)
    ap.add_argument("--validate-every", type=int, default=50)
    ap.add_argument("--quick-positions", type=int, default=512)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    positions = Positions(args.dump, args.sector, args.scale)
    with open(args.manifest) as f:
        split = json.load(f)["split"]
    train_games, validation_games = split["train"], split["validation"]
    min_ply = args.min_ply if args.min_ply >= 0 else int(round(16 * positions.n ** 2 / 256))
    positions.check_covers(train_games + validation_games, min_ply)
    positions.self_check(np.random.default_rng(args.seed + 2))
    eligible = sum(1 for g in train_games if positions.length[g] > min_ply)
    per_epoch = eligible * args.per_game
    total_steps = math.ceil(args.epochs * per_epoch / args.batch)
    val_rows, val_extra = positions.draw(validation_games, args.validation_per_game, min_ply,
                                         np.random.default_rng(args.seed + 1))

    model = Model(positions.n, args.d_model, args.d_head, args.heads, args.layers, args.d_mlp,
                  positions.aux.shape[1])
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.999), eps=1e-8,
                            weight_decay=args.weight_decay)
    print(json.dumps({"train_games": len(train_games), "eligible_train_games": eligible,
                      "validation_positions": int(val_rows.shape[0]), "min_ply": min_ply,
                      "positions_per_epoch": per_epoch, "steps": total_steps}), flush=True)

    def quick(step):
        r = np.random.default_rng(10_000 + step)
        pick = r.integers(0, val_rows.shape[0], size=args.quick_positions)
        return evaluate(model, positions, val_rows[pick], r.integers(0, 4, size=pick.shape[0]), args.aux_weight)

    def report(split_name, step, metrics):
        print(json.dumps({"step": step, "split": split_name, **metrics}), flush=True)
        return metrics

    report("quick", 0, quick(0))
    epochs = {}

    def epoch_draw(e):
        """Epoch e's training positions in their shuffled order, drawn afresh for each epoch."""
        if e not in epochs:
            epochs.clear()
            r = np.random.default_rng((args.seed, e))
            rows, extra = positions.draw(train_games, args.per_game, min_ply, r)
            order = r.permutation(rows.shape[0])
            epochs[e] = (rows[order], extra[order])
        return epochs[e]

    last_full = None
    started = time.time()
    for step in range(total_steps):
        # positions [step*B, step*B + B) of the endless stream of epochs (the last batch may run into the next)
        rows_b, extra_b = [], []
        for i in range(step * args.batch, (step + 1) * args.batch):
            e, w = divmod(i, per_epoch)
            rows, extra = epoch_draw(e)
            rows_b.append(rows[w])
            extra_b.append(extra[w])
        for g in opt.param_groups:
            g["lr"] = args.lr * 0.5 * (1 + math.cos(math.pi * step / total_steps))
        total, *_ = losses(model, positions.batch(np.asarray(rows_b), np.asarray(extra_b)), args.aux_weight)
        opt.zero_grad()
        total.backward()
        opt.step()
        done = step + 1
        if args.validate_every > 0 and done % args.validate_every == 0:
            report("quick", done, quick(done))
        epoch_end = (done * args.batch) // per_epoch > (step * args.batch) // per_epoch
        if epoch_end or done == total_steps:
            last_full = report("full", done, evaluate(model, positions, val_rows, val_extra, args.aux_weight))
    seconds = time.time() - started
    print(f"\ncondition       step value loss  value acc policy loss policy top1   aux MSE")
    print(f"{'torch':<15} {total_steps:>5} {last_full['value_loss']:>10.4f} {last_full['value_accuracy']:>10.3f}"
          f" {last_full['policy_loss']:>11.4f} {last_full['policy_top1']:>11.3f} {last_full['aux_loss']:>9.4f}")
    print(f"({total_steps} steps in {seconds:.0f} s on {args.threads} thread(s); full validation on "
          f"{last_full['positions']} positions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
