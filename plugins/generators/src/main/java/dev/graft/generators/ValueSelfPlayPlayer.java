package dev.graft.generators;

import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameRecord;
import dev.graft.spi.GameState;
import dev.graft.spi.ValueNetwork;

import java.util.SplittableRandom;

/**
 * Plays one game: a {@link RandomOpening}, then at each ply either (with probability
 * {@code randomMove}) a uniformly random legal move or the move to the child position the value
 * network values best for the side to move. All children are evaluated in one batched
 * {@link ValueNetwork#valueLogits} call; the value logit is the log-odds that player 0 (Domineering:
 * vertical) wins, so player 0 takes the largest and player 1 the smallest. A child where the game is
 * over is valued by its known result instead (±∞ for the winner), so a move that wins at once is
 * always taken. Ties (equal floats) go to the first best move in legal-move order when
 * {@code firstTie} (the study's {@code np.argmax}), else are broken by the game's random generator,
 * which derives from the game's seed alone. Owns its model: not thread-safe, one player per thread.
 */
public final class ValueSelfPlayPlayer implements GameGenerator.GamePlayer {
    /** Largest number of children in one forward pass (the model's default evaluation chunk). */
    static final int MAX_CHUNK = 64;
    /** Smallest forward pass, so that few distinct buffer sizes are cached. */
    static final int MIN_CHUNK = 8;

    private final Game game;
    private final ValueNetwork model;
    private final int opening;
    private final double randomMove;
    private final boolean firstTie;
    private final int[] moves;
    private final int[] ties;
    private final float[] values;
    private byte[] children;

    ValueSelfPlayPlayer(Game game, ValueNetwork model, int opening, double randomMove, boolean firstTie) {
        this.game = game;
        this.model = model;
        this.opening = opening;
        this.randomMove = randomMove;
        this.firstTie = firstTie;
        this.moves = new int[game.moves()];
        this.ties = new int[game.moves()];
        this.values = new float[game.moves()];
        this.children = new byte[0];
    }

    @Override
    public GameRecord play(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        GameState s = game.newGame();
        MoveList played = new MoveList();
        int openingPlies = RandomOpening.play(s, RandomOpening.plies(game, opening), rng, played);
        while (!s.isTerminal()) {
            int move;
            if (rng.nextDouble() < randomMove) {
                move = s.legalMove(rng.nextInt(s.legalMoveCount()));
            } else {
                move = chosenMove(s, rng);
            }
            s.play(move);
            played.add(move);
        }
        return GameRecord.of(played.toArray(), s, openingPlies);
    }

    /**
     * The network's move in {@code position} (not terminal; left unchanged): one of the legal moves
     * whose child value is best for the side to move, the first of them or one chosen with {@code rng}.
     */
    public int chosenMove(GameState position, SplittableRandom rng) {
        int n = childValues(position, moves, values);
        if (n == 0) {
            throw new IllegalArgumentException("no legal move to choose: the game is over at ply " + position.ply());
        }
        boolean maximise = position.toMove() == 0;
        float best = values[0];
        int tied = 0;
        for (int k = 0; k < n; k++) {
            float v = values[k];
            if (maximise ? v > best : v < best) {
                best = v;
                tied = 0;
            }
            if (v == best) {
                ties[tied++] = moves[k];
            }
        }
        return tied == 1 || firstTie ? ties[0] : ties[rng.nextInt(tied)];
    }

    /**
     * Writes the legal moves of {@code position} into {@code outMoves} and the value of each child
     * into {@code outValues} (the network's logit that player 0 wins, or ±∞ where that child is
     * won, 0 where it is drawn); returns how many. The position is left unchanged.
     */
    int childValues(GameState position, int[] outMoves, float[] outValues) {
        int n = position.legalMoves(outMoves);
        int tokens = game.tokens();
        if (children.length < n * tokens) {
            children = new byte[n * tokens];
        }
        int evaluated = 0;
        int[] rowOf = new int[n];
        for (int k = 0; k < n; k++) {
            position.play(outMoves[k]);
            if (position.isTerminal()) {
                // a drawn child is worth the logit of 1/2, 0
                outValues[k] = position.isDraw() ? 0f
                        : position.winner() == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
                rowOf[k] = -1;
            } else {
                position.tokens(children, evaluated * tokens);
                children[evaluated * tokens + tokens - 1] = (byte) game.clsToken();
                rowOf[k] = evaluated++;
            }
            position.undo(outMoves[k]);
        }
        if (evaluated > 0) {
            float[] logits = model.valueLogits(children, evaluated, chunkFor(evaluated));
            for (int k = 0; k < n; k++) {
                if (rowOf[k] >= 0) {
                    outValues[k] = logits[rowOf[k]];
                }
            }
        }
        return n;
    }

    /** Forward-pass size for {@code n} positions: the next power of two, within {@link #MIN_CHUNK}…{@link #MAX_CHUNK}. */
    static int chunkFor(int n) {
        int p = Integer.highestOneBit(Math.max(1, n - 1)) << 1;
        return Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, n <= 1 ? 1 : p));
    }
}
