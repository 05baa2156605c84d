package dev.graft.spi;

/**
 * One finished game: the moves in order (move encoding of the game), the winner, and how many of
 * the first moves were a random opening rather than the generator's own play.
 *
 * @param moves   moves played, first to last
 * @param winner  0 if the first player (Domineering: vertical) won, 1 otherwise
 * @param opening number of leading moves that were a random opening (0 … moves.length); training
 *                positions are taken from plies {@code opening … length−1}
 */
public record GameRecord(int[] moves, int winner, int opening) {

    public GameRecord {
        if (winner != 0 && winner != 1) {
            throw new IllegalArgumentException("winner must be 0 or 1, got " + winner);
        }
        if (opening < 0 || opening > moves.length) {
            throw new IllegalArgumentException("opening " + opening + " outside 0…" + moves.length);
        }
    }

    /** A record with no opening (every move is the generator's). */
    public GameRecord(int[] moves, int winner) {
        this(moves, winner, 0);
    }

    public int length() {
        return moves.length;
    }
}
