package dev.graft.spi;

/**
 * One finished game: the moves in order (move encoding of the game) and the winner.
 *
 * @param moves  moves played, first to last
 * @param winner 0 if the first player (Domineering: vertical) won, 1 otherwise
 */
public record GameRecord(int[] moves, int winner) {
    public int length() {
        return moves.length;
    }
}
