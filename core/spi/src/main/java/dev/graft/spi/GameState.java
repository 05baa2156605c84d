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

    /**
     * How many moves {@code player} could make now if it were their turn: moves owned by that player
     * (or by either) that cover at least one square and whose squares are all empty (token 0),
     * whoever is actually to move. That is right for placement games such as Domineering; games
     * whose legality depends on more (Othello: a placement must flip) must override it. Search
     * evaluations call it at every leaf; this default scans every move through
     * {@link Game#moveOwner}, {@link Game#moveSquares} and {@link #squareState}, and engines
     * override it with something fast (Domineering: a bitboard popcount).
     *
     * @param player 0 (moves first) or 1
     */
    default int mobility(int player) {
        if (player != 0 && player != 1) {
            throw new IllegalArgumentException("player must be 0 or 1, got " + player);
        }
        Game game = game();
        int count = 0;
        for (int move = 0; move < game.moves(); move++) {
            int owner = game.moveOwner(move);
            if (owner != player && owner != -1) {
                continue;
            }
            int[] squares = game.moveSquares(move);
            boolean free = squares.length > 0;
            for (int square : squares) {
                if (squareState(square) != 0) {
                    free = false;
                    break;
                }
            }
            if (free) {
                count++;
            }
        }
        return count;
    }

    /** Plays a legal move for the side to move. @throws IllegalArgumentException if it is not legal */
    void play(int move);

    /** Takes back {@code move}, which must be the last move played. */
    void undo(int move);

    /** True when the game is over. */
    boolean isTerminal();

    /** The winning player (0 or 1) once terminal and decided; −1 while the game goes on and for a draw. */
    int winner();

    /** True when the game is over and neither player won. Games without draws keep this default. */
    default boolean isDraw() {
        return false;
    }

    /**
     * How the finished game ended.
     *
     * @throws IllegalStateException while the game goes on
     */
    default GameResult result() {
        if (!isTerminal()) {
            throw new IllegalStateException("the game is not over at ply " + ply() + "; it has no result yet");
        }
        return isDraw() ? GameResult.DRAW : GameResult.ofWinner(winner());
    }

    /** Token value of a square, {@code 0 … squareStates()-1}. */
    int squareState(int square);

    /** Writes {@link Game#squares()} token values starting at {@code offset}. */
    void tokens(byte[] out, int offset);

    /** Zobrist hash of the position including the side to move. */
    long hash();

    GameState copy();
}
