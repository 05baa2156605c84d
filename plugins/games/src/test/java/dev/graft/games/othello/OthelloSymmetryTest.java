package dev.graft.games.othello;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class OthelloSymmetryTest {

    @Test
    void the_four_symmetries_map_squares_as_documented_and_keep_the_pass() {
        OthelloGame g = new OthelloGame(6);
        int s = g.placement(1, 4);
        assertEquals(s, g.mapSquare(0, s));
        assertEquals(g.placement(4, 1), g.mapSquare(1, s));
        assertEquals(g.placement(4, 1), g.mapSquare(2, s));
        assertEquals(g.placement(1, 4), g.mapSquare(3, s), "(1,4) → (N−1−4, N−1−1) = (1,4)");
        assertEquals(g.placement(0, 3), g.mapSquare(3, g.placement(2, 5)));
        for (int sym = 0; sym < 4; sym++) {
            assertEquals(g.passMove(), g.mapMove(sym, g.passMove()));
            boolean[] hit = new boolean[36];
            for (int q = 0; q < 36; q++) {
                hit[g.mapSquare(sym, q)] = true;
                assertEquals(q, g.mapSquare(sym, g.mapSquare(sym, q)), "each symmetry is its own inverse");
                assertEquals(g.mapSquare(sym, q), g.mapMove(sym, q));
            }
            for (boolean b : hit) {
                assertEquals(true, b, "symmetry " + sym + " is a permutation");
            }
        }
    }

    @Test
    void a_game_played_under_a_symmetry_passes_through_the_mapped_positions() {
        for (int n : new int[] {4, 6, 8}) {
            OthelloGame g = new OthelloGame(n);
            for (int sym = 0; sym < g.symmetries(); sym++) {
                OthelloState a = g.newGame();
                OthelloState b = g.newGame();
                SplittableRandom rng = new SplittableRandom(11L * n + sym);
                int[] la = new int[g.moves()];
                int[] lb = new int[g.moves()];
                while (true) {
                    for (int q = 0; q < g.squares(); q++) {
                        assertEquals(a.squareState(q), b.squareState(g.mapSquare(sym, q)),
                                n + "×" + n + " symmetry " + sym + " ply " + a.ply() + " square " + q);
                    }
                    int na = a.legalMoves(la);
                    int nb = b.legalMoves(lb);
                    assertEquals(na, nb);
                    int[] mapped = new int[na];
                    for (int k = 0; k < na; k++) {
                        mapped[k] = g.mapMove(sym, la[k]);
                    }
                    Arrays.sort(mapped);
                    assertArrayEquals(mapped, Arrays.copyOf(lb, nb));
                    if (a.isTerminal()) {
                        break;
                    }
                    int m = a.legalMove(rng.nextInt(na));
                    a.play(m);
                    b.play(g.mapMove(sym, m));
                }
                assertEquals(a.result(), b.result());
            }
        }
    }
}
