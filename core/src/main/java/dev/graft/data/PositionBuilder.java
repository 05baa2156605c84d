package dev.graft.data;

import dev.graft.io.UserInputException;
import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.Game;
import dev.graft.spi.GameRecord;
import dev.graft.spi.GameState;

import java.util.List;
import java.util.Objects;

/**
 * Builds the training inputs and targets of (game, ply, symmetry) positions of a list of games; shared
 * by every {@link dev.graft.data.PositionSource} of this package, whatever order it visits positions in.
 *
 * <p>A position is built by replaying the game's first {@code ply} moves, each mapped through the
 * symmetry, so tokens, legal moves, policy and auxiliary targets are all those of the transformed
 * position. Tokens: one per square, then the game's CLS token. Value: 1 if the first player
 * (Domineering: vertical) won, 0.5 for a draw, 0 if it lost. Policy: the move played at {@code ply},
 * under the symmetry. Legal: the moves of the side to move. Aux: every task's targets, concatenated in the given order.
 *
 * <p>Thread-safe: batches may be built concurrently.
 */
final class PositionBuilder {
    private final Game game;
    private final List<GameRecord> games;
    private final List<AuxiliaryTask> aux;
    private final int[] auxOutputs;
    private final int auxWidth;
    private final int[][] moveMap;

    /**
     * @throws UserInputException when an auxiliary task does not support {@code game}
     */
    PositionBuilder(Game game, List<GameRecord> games, List<AuxiliaryTask> aux) {
        this.game = Objects.requireNonNull(game, "game");
        this.games = List.copyOf(games);
        this.aux = List.copyOf(aux);
        this.auxOutputs = new int[this.aux.size()];
        int width = 0;
        for (int t = 0; t < this.aux.size(); t++) {
            AuxiliaryTask task = this.aux.get(t);
            int k = t;
            task.incompatibility(game).ifPresent(why -> {
                throw new UserInputException("auxiliary task " + (k + 1) + " cannot be used with " + game.name()
                        + " " + game.rows() + "×" + game.cols() + ": " + why);
            });
            auxOutputs[t] = task.outputs(game);
            width += auxOutputs[t];
        }
        this.auxWidth = width;
        this.moveMap = new int[game.symmetries()][game.moves()];
        for (int s = 0; s < game.symmetries(); s++) {
            for (int m = 0; m < game.moves(); m++) {
                moveMap[s][m] = game.mapMove(s, m);
            }
        }
    }

    Game game() {
        return game;
    }

    List<GameRecord> games() {
        return games;
    }

    /** Number of auxiliary targets per position (all tasks together). */
    int auxWidth() {
        return auxWidth;
    }

    /** Checks that every index names a game of the list. */
    void checkIndices(int[] indices) {
        for (int g : indices) {
            if (g < 0 || g >= games.size()) {
                throw new IllegalArgumentException("game index " + g + " outside 0…" + (games.size() - 1));
            }
        }
    }

    /** The batch of the given positions, in order. */
    Batch batch(PositionRef[] refs) {
        int n = refs.length;
        int tokens = game.tokens();
        int moves = game.moves();
        Batch b = new Batch(n, tokens, moves, auxWidth, new byte[n * tokens], new float[n], new int[n],
                new boolean[n * moves], new float[n * auxWidth]);
        int[] buffer = new int[moves];
        for (int i = 0; i < n; i++) {
            fill(refs[i], b, i, buffer);
        }
        return b;
    }

    private void fill(PositionRef ref, Batch b, int row, int[] buffer) {
        GameRecord r = games.get(ref.game());
        int[] map = moveMap[ref.symmetry()];
        int[] played = r.moves();
        GameState s = game.newGame();
        for (int p = 0; p < ref.ply(); p++) {
            s.play(map[played[p]]);
        }
        int tokens = game.tokens();
        s.tokens(b.tokenIds(), row * tokens);
        b.tokenIds()[row * tokens + tokens - 1] = (byte) game.clsToken();
        b.value()[row] = (float) r.result().firstPlayerScore();
        b.policy()[row] = map[played[ref.ply()]];
        int legal = s.legalMoves(buffer);
        int base = row * game.moves();
        for (int k = 0; k < legal; k++) {
            b.legal()[base + buffer[k]] = true;
        }
        int offset = row * auxWidth;
        for (int t = 0; t < aux.size(); t++) {
            aux.get(t).targets(game, s, b.aux(), offset);
            offset += auxOutputs[t];
        }
    }
}
