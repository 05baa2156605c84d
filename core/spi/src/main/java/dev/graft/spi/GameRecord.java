package dev.graft.spi;

import java.util.Objects;

/**
 * One finished game: the moves in order (move encoding of the game), its result, and how many of
 * the first moves were a random opening rather than the generator's own play.
 *
 * @param moves   moves played, first to last
 * @param result  first player won, second player won, or a draw
 * @param opening number of leading moves that were a random opening (0 … moves.length); training
 *                positions are taken from plies {@code opening … length−1}
 */
public record GameRecord(int[] moves, GameResult result, int opening) {

    public GameRecord {
        Objects.requireNonNull(result, "result");
        if (opening < 0 || opening > moves.length) {
            throw new IllegalArgumentException("opening " + opening + " outside 0…" + moves.length);
        }
    }

    /** A decided game: {@code winner} 0 if the first player (Domineering: vertical) won, 1 otherwise. */
    public GameRecord(int[] moves, int winner, int opening) {
        this(moves, GameResult.ofWinner(winner), opening);
    }

    /** A decided game with no opening (every move is the generator's). */
    public GameRecord(int[] moves, int winner) {
        this(moves, winner, 0);
    }

    /** A game with no opening. */
    public GameRecord(int[] moves, GameResult result) {
        this(moves, result, 0);
    }

    /** The record of the game that ended in {@code finished} (terminal) after {@code moves}. */
    public static GameRecord of(int[] moves, GameState finished, int opening) {
        return new GameRecord(moves, finished.result(), opening);
    }

    /** The winning player, 0 or 1, or −1 for a draw. */
    public int winner() {
        return result.winner();
    }

    public boolean isDraw() {
        return result == GameResult.DRAW;
    }

    public int length() {
        return moves.length;
    }
}
