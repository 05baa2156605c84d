package dev.graft.games.domineering;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Solves small empty boards exhaustively (negamax on win/loss with a transposition table, test-only)
 * and checks the published outcomes. (7×7, also a published first-player win, solves the same way in
 * about 150 s here, too slow for the suite.)
 *
 * <p>Published outcomes for the empty N×N board with Vertical to move first (N = 2…8: first player
 * wins, except 5×5, which the second player wins): D.M. Breuker, J.W.H.M. Uiterwijk,
 * H.J. van den Herik, "Solving 8×8 Domineering", Theoretical Computer Science 230 (2000) 195–206,
 * results table for m×n boards, 2 ≤ m ≤ 8, m ≤ n ≤ 9 (also M. Lachmann, C. Moore, I. Rapaport,
 * "Who wins Domineering on rectangular boards?", arXiv:math/0006066, for width 2, 3, 5). On a square
 * board transposing swaps the two players' roles, so the first-player result does not depend on
 * which player is called Vertical.
 */
class DomineeringSolverTest {

    /** True when the side to move wins with best play. Keys: occupied bits + side (boards up to 7×7). */
    private static boolean sideToMoveWins(DomineeringState s, int[][] buffers, Map<Long, Boolean> table) {
        long key = key(s);
        Boolean known = table.get(key);
        if (known != null) {
            return known;
        }
        int[] moves = buffers[s.ply()];
        int n = s.legalMoves(moves);
        int me = s.toMove();
        // order moves: the ones leaving the opponent fewest placements (and us most) first
        long[] ranked = new long[n];
        for (int k = 0; k < n; k++) {
            s.play(moves[k]);
            int score = 4 * s.placements(1 - me) - s.placements(me) + 1000;
            s.undo(moves[k]);
            ranked[k] = (long) score << 32 | moves[k];
        }
        Arrays.sort(ranked);
        boolean win = false;
        for (int k = 0; k < n && !win; k++) {
            int move = (int) ranked[k];
            s.play(move);
            win = !sideToMoveWins(s, buffers, table);
            s.undo(move);
        }
        table.put(key, win);
        return win;
    }

    private static long key(DomineeringState s) {
        return s.occupiedWord(0) | (long) s.toMove() << 63;
    }

    private static boolean firstPlayerWins(int n) {
        DomineeringGame g = new DomineeringGame(n);
        int[][] buffers = new int[g.squares() / 2 + 2][g.moves()];
        return sideToMoveWins(g.newGame(), buffers, new HashMap<>());
    }

    @Test
    void two_three_and_four_square_boards_are_first_player_wins() {
        assertEquals(true, firstPlayerWins(2));
        assertEquals(true, firstPlayerWins(3));
        assertEquals(true, firstPlayerWins(4));
    }

    @Test
    void five_by_five_is_a_second_player_win() {
        assertEquals(false, firstPlayerWins(5));
    }

    @Test
    void six_by_six_is_a_first_player_win() {
        assertEquals(true, firstPlayerWins(6));
    }
}
