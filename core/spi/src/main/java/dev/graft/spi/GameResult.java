package dev.graft.spi;

/**
 * How a finished game ended. The ordinal is the code game-record files store in {@code results}
 * (0 first player won, 1 second player won, 2 draw).
 */
public enum GameResult {
    /** Player 0, who moves first, won. */
    FIRST_WINS,
    /** Player 1 won. */
    SECOND_WINS,
    /** Neither won. */
    DRAW;

    /** The result in which {@code winner} (0 or 1) won. */
    public static GameResult ofWinner(int winner) {
        if (winner != 0 && winner != 1) {
            throw new IllegalArgumentException("winner must be 0 or 1, got " + winner);
        }
        return winner == 0 ? FIRST_WINS : SECOND_WINS;
    }

    /** The result stored as {@code code} (0, 1 or 2). */
    public static GameResult ofCode(int code) {
        if (code < 0 || code > 2) {
            throw new IllegalArgumentException("result code must be 0 (first player won), 1 (second player won) or"
                    + " 2 (draw), got " + code);
        }
        return values()[code];
    }

    /** 0, 1 or 2, as in {@code results} of a game-record file. */
    public int code() {
        return ordinal();
    }

    /** The winning player, 0 or 1, or −1 for a draw. */
    public int winner() {
        return this == DRAW ? -1 : ordinal();
    }

    /** The first player's score: 1 for a win, 0.5 for a draw, 0 for a loss (the value head's target). */
    public double firstPlayerScore() {
        return this == FIRST_WINS ? 1.0 : this == DRAW ? 0.5 : 0.0;
    }
}
