package dev.graft.spi;

/**
 * A mutable position of a {@link Game}. Not thread-safe; {@link #copy()} for another thread.
 */
public interface GameState {

    Game game();

    /** Player to move: 0 (moves first) or 1. */
    int toMove();

    /** Moves played since the start. */
    int ply();

    /** Writes the legal moves of the side to move into {@code out} (length ≥ {@link Game#moves()}), returns how many. */
    int legalMoves(int[] out);

    int legalMoveCount();

    /**
     * The {@code k}-th (0-based) legal move of the side to move, in the order {@link #legalMoves}
     * lists them; a uniformly random legal move is {@code legalMove(rng.nextInt(legalMoveCount()))}.
     * This default lists every legal move into a fresh array; engines override it with a selection
     * that lists and allocates nothing (random playouts and openings call it once per move).
     *
     * @throws IllegalArgumentException if {@code k} is negative or not below {@link #legalMoveCount()}
     */
    default int legalMove(int k) {
        int[] moves = new int[game().moves()];
        int n = legalMoves(moves);
        if (k < 0 || k >= n) {
            throw new IllegalArgumentException("legal move number " + k + " requested, but the position has "
                    + n + " legal moves (valid: 0…" + (n - 1) + ")");
        }
        return moves[k];
    }

    boolean isLegal(int move);

    /** Plays a legal move for the side to move. @throws IllegalArgumentException if it is not legal */
    void play(int move);

    /** Takes back {@code move}, which must be the last move played. */
    void undo(int move);

    /** True when the game is over. */
    boolean isTerminal();

    /** The winning player (0 or 1) once terminal, else −1. */
    int winner();

    /** Token value of a square, {@code 0 … squareStates()-1}. */
    int squareState(int square);

    /** Writes {@link Game#squares()} token values starting at {@code offset}. */
    void tokens(byte[] out, int offset);

    /** Zobrist hash of the position including the side to move. */
    long hash();

    GameState copy();
}
