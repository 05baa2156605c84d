package dev.graft.spi;

/**
 * A two-player board game on a rectangular grid of squares, as the model sees it.
 *
 * <p>Squares are numbered row-major: square (i, j) has index {@code i * cols() + j}. The model's
 * input is one token per square ({@link GameState#squareState}) followed by a CLS token whose id is
 * {@link #clsToken()}. Moves are numbered {@code 0 … moves()-1}; each covers
 * between 0 and {@link #maxSquaresPerMove()} squares ({@link #moveSquares}; a pass covers none),
 * which the policy head pools, so the model never hard-codes the shape of a move. Player 0 moves first. Implementations are immutable and thread-safe; their
 * states are not.
 */
public interface Game {

    /** The plugin name, e.g. {@code domineering}. */
    String name();

    int rows();

    int cols();

    default int squares() {
        return rows() * cols();
    }

    /** Number of distinct per-square token values (Domineering: 2, empty and occupied). */
    int squareStates();

    /** Token id of the CLS token appended after the squares. */
    default int clsToken() {
        return squareStates();
    }

    /** Sequence length the model sees: one token per square plus CLS. */
    default int tokens() {
        return squares() + 1;
    }

    /** Size of the move space (Domineering: 2·N·(N−1)). */
    int moves();

    /** The most squares any one move covers (Domineering: 2; Othello: 1). */
    int maxSquaresPerMove();

    /**
     * Former name of {@link #maxSquaresPerMove()}, kept for callers written before moves could
     * cover different numbers of squares.
     */
    @Deprecated
    default int squaresPerMove() {
        return maxSquaresPerMove();
    }

    /**
     * The squares move {@code move} covers, 0 … {@link #maxSquaresPerMove()} of them, in a fixed
     * order (Domineering: top/left square first; an Othello placement: its square; a pass: none).
     */
    int[] moveSquares(int move);

    /** The player (0 or 1) who may make this move, or −1 if either may. */
    int moveOwner(int move);

    /** A new game in its starting position. */
    GameState newGame();

    /** Number of player-preserving symmetries; symmetry 0 is the identity. */
    int symmetries();

    /** Image of a square under a symmetry. */
    int mapSquare(int symmetry, int square);

    /** Image of a move under a symmetry. */
    int mapMove(int symmetry, int move);

    /** A short human-readable form of a move for messages, e.g. {@code V(3,4)}. */
    String describeMove(int move);
}
