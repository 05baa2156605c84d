package dev.graft.generators;

import dev.graft.spi.Game;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The study's move order for alpha-beta: moves whose first square (Domineering: the top square of a
 * vertical domino, the left square of a horizontal one) is nearer the board's centre first, by
 * {@code |i − c_i| + |j − c_j|} with {@code c = (N − 1)/2} (7.5 on 16×16); moves of no square (a pass) last; equally central moves by
 * move index (the study's numpy argsort leaves their order unspecified). A hinted move, the
 * transposition table's best move of the position, goes first with the rest keeping their order.
 * Immutable and thread-safe.
 */
final class CentreFirstOrder {
    private final int[] rank;
    private final int[] byRank;

    CentreFirstOrder(Game game) {
        int moves = game.moves();
        double ci = (game.rows() - 1) / 2.0;
        double cj = (game.cols() - 1) / 2.0;
        double[] distance = new double[moves];
        for (int m = 0; m < moves; m++) {
            int[] squares = game.moveSquares(m);
            if (squares.length == 0) {
                distance[m] = Double.POSITIVE_INFINITY; // a pass (no square) goes last
                continue;
            }
            int square = squares[0];
            int i = square / game.cols();
            int j = square % game.cols();
            distance[m] = Math.abs(i - ci) + Math.abs(j - cj);
        }
        Integer[] order = new Integer[moves];
        for (int m = 0; m < moves; m++) {
            order[m] = m;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(m -> distance[m]).thenComparingInt(m -> m));
        this.rank = new int[moves];
        this.byRank = new int[moves];
        for (int r = 0; r < moves; r++) {
            byRank[r] = order[r];
            rank[order[r]] = r;
        }
    }

    /** Sorts {@code moves[0 … n)} centre-first, then moves {@code hint} (if among them; −1 for none) to the front. */
    void order(int[] moves, int n, int hint) {
        for (int k = 0; k < n; k++) {
            moves[k] = rank[moves[k]];
        }
        Arrays.sort(moves, 0, n);
        int at = -1;
        for (int k = 0; k < n; k++) {
            moves[k] = byRank[moves[k]];
            if (moves[k] == hint) {
                at = k;
            }
        }
        if (at > 0) {
            System.arraycopy(moves, 0, moves, 1, at);
            moves[0] = hint;
        }
    }
}
