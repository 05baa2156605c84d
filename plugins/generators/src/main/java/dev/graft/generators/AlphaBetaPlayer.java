package dev.graft.generators;

import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameRecord;
import dev.graft.spi.GameState;

import java.util.SplittableRandom;

/**
 * Plays one game as the study's alpha-beta generator does: a {@link RandomOpening}, then at each ply
 * either (with probability {@code randomMove}) a uniformly random legal move or the move of a
 * minimax alpha-beta search from vertical's (player 0's) side, vertical maximising.
 *
 * <ul>
 *   <li>Values: a finished position is 1 when vertical (player 0) won, 0 when horizontal won, ½ when
 *       drawn; at depth 0, {@code sigmoid(c·d)}, whoever is to move, with d by the {@code evaluation}
 *       option: {@code mobility} (the study's), vertical placements left − horizontal placements left
 *       ({@link GameState#mobility}); {@code disc-difference}, squares of token 1 − squares of token 2
 *       (Othello: black discs − white discs).</li>
 *   <li>Depth by the root's legal-move count ({@link AlphaBetaSettings#depthFor}: 1 while ≥ 100,
 *       2 while ≥ 30, else 3 by default).</li>
 *   <li>Moves searched centre-first ({@link CentreFirstOrder}), the transposition table's move for the
 *       position first.</li>
 *   <li>One {@link TranspositionTable} for the whole game: an entry stored at depth ≥ the depth asked
 *       answers (exact values always, lower bounds ≥ β, upper bounds ≤ α); a shallower one only
 *       orders moves. As in the study, a node's value is stored as an upper bound when it is ≤ the
 *       α it was searched with, else as a lower bound when it is ≥ its β, else exact; β of a
 *       minimising node has shrunk to its value by then, so its values are stored as lower bounds.</li>
 *   <li>Ties: with {@code tie_break: first} (the study's) the first move in search order of strictly
 *       best value; with {@code random} every equally best move is found exactly (a null window just
 *       beyond the best so far) and the game's random generator picks one.</li>
 * </ul>
 * Not thread-safe: one player per thread.
 */
public final class AlphaBetaPlayer implements GameGenerator.GamePlayer {
    private final Game game;
    private final AlphaBetaSettings settings;
    private final TranspositionTable table;
    private final CentreFirstOrder order;
    private final int[][] buffers;
    private final int[] ties;
    private GameState state;
    /** Best move of the node that {@link #search} returned from last (−1 at a leaf). */
    private int bestMove;

    AlphaBetaPlayer(Game game, AlphaBetaSettings settings) {
        this.game = game;
        this.settings = settings;
        this.table = new TranspositionTable(settings.tableBits());
        this.order = new CentreFirstOrder(game);
        this.buffers = new int[settings.maxDepth() + 1][game.moves()];
        this.ties = new int[game.moves()];
    }

    @Override
    public GameRecord play(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        newGame();
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
        return GameRecord.of(moves.toArray(), s, opening);
    }

    /** Starts a new game: the transposition table forgets everything. */
    void newGame() {
        table.newGame();
    }

    /** The transposition table of the current game (for tests). */
    TranspositionTable table() {
        return table;
    }

    /**
     * The move the search picks in {@code position} (not terminal; left unchanged), using and
     * filling the current game's table; {@code rng} breaks ties only with {@code tie_break: random}.
     */
    public int searchedMove(GameState position, SplittableRandom rng) {
        if (settings.firstTieBreak()) {
            int n = position.legalMoveCount();
            if (n == 0) {
                throw new IllegalArgumentException("no legal move to search: the game is over at ply " + position.ply());
            }
            this.state = position;
            search(settings.depthFor(n), Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
            this.state = null;
            return bestMove;
        }
        int tied = bestMoves(position, ties);
        return tied == 1 ? ties[0] : ties[rng.nextInt(tied)];
    }

    /**
     * Writes every move of best value in {@code position} into {@code out}, in search order, and
     * returns how many there are; the position is left unchanged. Uses and fills the current game's
     * table (so with a fresh table the values are those of plain minimax at the depth for the
     * position's legal-move count).
     */
    int bestMoves(GameState position, int[] out) {
        this.state = position;
        int[] moves = buffers[0];
        int n = position.legalMoves(moves);
        if (n == 0) {
            this.state = null;
            throw new IllegalArgumentException("no legal move to search: the game is over at ply " + position.ply());
        }
        int depth = settings.depthFor(n);
        long key = position.hash();
        int slot = table.find(key);
        order.order(moves, n, slot >= 0 ? table.move(slot) : -1);
        boolean maximise = position.toMove() == 0;
        double best = maximise ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        int tied = 0;
        for (int k = 0; k < n; k++) {
            int move = moves[k];
            position.play(move);
            // A window just beyond the best so far: worse moves fail, equal or better ones come back exact.
            double v = maximise ? search(depth - 1, Math.nextDown(best), Double.POSITIVE_INFINITY)
                    : search(depth - 1, Double.NEGATIVE_INFINITY, Math.nextUp(best));
            position.undo(move);
            if (maximise ? v > best : v < best) {
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

    /** The value of a position at depth 0 (or finished), from vertical's side: 1/½/0 when over, else the sigmoid. */
    double leafValue(GameState s) {
        return s.isTerminal() ? finishedValue(s) : evaluation(s);
    }

    /** 1 when player 0 won, 0 when player 1 won, ½ for a draw. */
    private static double finishedValue(GameState s) {
        return s.result().firstPlayerScore();
    }

    /** {@code sigmoid(c·d)} of a position that is not finished. */
    private double evaluation(GameState s) {
        int d = settings.discDifference() ? discDifference(s) : s.mobility(0) - s.mobility(1);
        return 1.0 / (1.0 + Math.exp(-settings.mobilityWeight() * d));
    }

    /** Squares holding token 1 minus squares holding token 2. */
    private static int discDifference(GameState s) {
        int d = 0;
        int squares = s.game().squares();
        for (int q = 0; q < squares; q++) {
            int t = s.squareState(q);
            d += t == 1 ? 1 : t == 2 ? -1 : 0;
        }
        return d;
    }

    /** Minimax alpha-beta value of {@link #state} from vertical's side (fail-soft); sets {@link #bestMove}. */
    private double search(int depth, double alpha, double beta) {
        GameState s = state;
        int toMove = s.toMove();
        if (s.isTerminal()) {
            bestMove = -1;
            return finishedValue(s);
        }
        if (depth == 0) {
            bestMove = -1;
            return evaluation(s);
        }
        long key = s.hash();
        int slot = table.find(key);
        int hinted = -1;
        if (slot >= 0) {
            hinted = table.move(slot);
            if (table.answers(slot, depth)) {
                double v = table.value(slot);
                byte flag = table.flag(slot);
                if (flag == TranspositionTable.EXACT || flag == TranspositionTable.LOWER && v >= beta
                        || flag == TranspositionTable.UPPER && v <= alpha) {
                    bestMove = hinted;
                    return v;
                }
            }
        }
        double alphaAtEntry = alpha;
        int[] moves = buffers[depth];
        int n = s.legalMoves(moves);
        order.order(moves, n, hinted);
        int best = moves[0];
        double value;
        if (toMove == 0) {
            value = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < n; k++) {
                int move = moves[k];
                s.play(move);
                double v = search(depth - 1, alpha, beta);
                s.undo(move);
                if (v > value) {
                    value = v;
                    best = move;
                }
                alpha = Math.max(alpha, v);
                if (beta <= alpha) {
                    break;
                }
            }
        } else {
            value = Double.POSITIVE_INFINITY;
            for (int k = 0; k < n; k++) {
                int move = moves[k];
                s.play(move);
                double v = search(depth - 1, alpha, beta);
                s.undo(move);
                if (v < value) {
                    value = v;
                    best = move;
                }
                beta = Math.min(beta, v);
                if (beta <= alpha) {
                    break;
                }
            }
        }
        byte flag = value <= alphaAtEntry ? TranspositionTable.UPPER
                : value >= beta ? TranspositionTable.LOWER : TranspositionTable.EXACT;
        table.store(key, depth, value, flag, best);
        bestMove = best;
        return value;
    }
}
