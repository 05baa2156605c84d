package dev.graft.generators;

import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameRecord;
import dev.graft.spi.GameState;

import java.util.SplittableRandom;

/**
 * Plays one game: a {@link RandomOpening}, then at each ply either (with probability
 * {@code randomMove}) a uniformly random legal move or the best move of a fixed-depth negamax
 * alpha-beta search, ties among equally good moves broken by the game's random generator.
 *
 * <p>Evaluation from vertical's (player 0's) side: {@code sigmoid(c·(mobility(0) − mobility(1)))}
 * (placements left for each player, whoever is to move), centred to {@code −½ … ½} for negamax. A
 * finished game scores beyond any evaluation: the side to move, having no move, loses
 * {@code −(1 + 0.001·remaining depth)}, so a quicker win is preferred. The search depth is fixed
 * per root position by its legal-move count ({@link AlphaBetaSettings#depthFor}); the transposition
 * table only cuts off on entries of exactly the requested depth, so the result equals plain
 * fixed-depth negamax. Not thread-safe: one player per thread.
 */
public final class AlphaBetaPlayer implements GameGenerator.GamePlayer {
    private final Game game;
    private final AlphaBetaSettings settings;
    private final TranspositionTable table;
    private final int[][] buffers;
    private final int[] ties;
    private GameState state;

    AlphaBetaPlayer(Game game, AlphaBetaSettings settings) {
        this.game = game;
        this.settings = settings;
        this.table = new TranspositionTable(settings.tableBits());
        this.buffers = new int[settings.maxDepth() + 1][game.moves()];
        this.ties = new int[game.moves()];
    }

    @Override
    public GameRecord play(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        table.newGeneration();
        GameState s = game.newGame();
        MoveList moves = new MoveList();
        int opening = RandomOpening.play(s, RandomOpening.plies(game, settings.opening()), rng, moves);
        while (!s.isTerminal()) {
            int move;
            if (rng.nextDouble() < settings.randomMove()) {
                move = s.legalMove(rng.nextInt(s.legalMoveCount()));
            } else {
                move = searchedMove(s, rng);
            }
            s.play(move);
            moves.add(move);
        }
        return new GameRecord(moves.toArray(), s.winner(), opening);
    }

    /**
     * The move the search picks in {@code position} (not terminal; left unchanged): one of the
     * moves of best negamax value at the depth for its legal-move count, chosen with {@code rng}.
     */
    public int searchedMove(GameState position, SplittableRandom rng) {
        int tied = bestMoves(position, ties);
        return tied == 1 ? ties[0] : ties[rng.nextInt(tied)];
    }

    /**
     * Writes every move of best negamax value in {@code position} into {@code out} (in legal-move
     * order) and returns how many there are; the position is left unchanged.
     */
    int bestMoves(GameState position, int[] out) {
        this.state = position;
        int[] moves = buffers[0];
        int n = position.legalMoves(moves);
        if (n == 0) {
            throw new IllegalArgumentException("no legal move to search: the game is over at ply " + position.ply());
        }
        int depth = settings.depthFor(n);
        double best = Double.NEGATIVE_INFINITY;
        int tied = 0;
        for (int k = 0; k < n; k++) {
            int move = moves[k];
            position.play(move);
            // A window just below the best so far: moves that are worse fail low, equal ones come back exact.
            double v = -search(depth - 1, Double.NEGATIVE_INFINITY, -Math.nextDown(best));
            position.undo(move);
            if (v > best) {
                best = v;
                tied = 0;
                out[tied++] = move;
            } else if (v == best) {
                out[tied++] = move;
            }
        }
        this.state = null;
        return tied;
    }

    /** Negamax value of {@link #state} for the side to move, fail-soft alpha-beta. */
    private double search(int depth, double alpha, double beta) {
        GameState s = state;
        int toMove = s.toMove();
        int vertical = s.mobility(0);
        int horizontal = s.mobility(1);
        if ((toMove == 0 ? vertical : horizontal) == 0) {
            return -(1.0 + 0.001 * depth);
        }
        if (depth == 0) {
            double centred = 1.0 / (1.0 + Math.exp(-settings.mobilityWeight() * (vertical - horizontal))) - 0.5;
            return toMove == 0 ? centred : -centred;
        }
        long key = s.hash();
        int slot = table.find(key);
        int hinted = -1;
        if (slot >= 0) {
            hinted = table.move(slot);
            if (table.depth(slot) == depth) {
                double v = table.value(slot);
                byte flag = table.flag(slot);
                if (flag == TranspositionTable.EXACT) {
                    return v;
                } else if (flag == TranspositionTable.LOWER) {
                    alpha = Math.max(alpha, v);
                } else {
                    beta = Math.min(beta, v);
                }
                if (alpha >= beta) {
                    return v;
                }
            }
        }
        double alphaUsed = alpha; // the window searched, after any bound from the table
        int[] moves = buffers[depth];
        int n = s.legalMoves(moves);
        if (hinted >= 0) {
            for (int k = 1; k < n; k++) {
                if (moves[k] == hinted) {
                    moves[k] = moves[0];
                    moves[0] = hinted;
                    break;
                }
            }
        }
        double best = Double.NEGATIVE_INFINITY;
        int bestMove = moves[0];
        for (int k = 0; k < n; k++) {
            int move = moves[k];
            s.play(move);
            double v = -search(depth - 1, -beta, -Math.max(alpha, best));
            s.undo(move);
            if (v > best) {
                best = v;
                bestMove = move;
                if (best >= beta) {
                    break;
                }
            }
        }
        byte flag = best <= alphaUsed ? TranspositionTable.UPPER
                : best >= beta ? TranspositionTable.LOWER : TranspositionTable.EXACT;
        table.store(key, depth, best, flag, bestMove);
        return best;
    }
}
