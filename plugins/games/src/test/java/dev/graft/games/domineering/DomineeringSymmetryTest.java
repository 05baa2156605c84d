package dev.graft.games.domineering;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DomineeringSymmetryTest {

    @Test
    void four_by_four_images_checked_by_hand() {
        DomineeringGame g = new DomineeringGame(4);
        assertEquals(4, g.symmetries());
        int v00 = g.verticalMove(0, 0);   // squares (0,0),(1,0)
        int h00 = g.horizontalMove(0, 0); // squares (0,0),(0,1)
        assertEquals(v00, g.mapMove(0, v00));
        assertEquals(g.verticalMove(0, 3), g.mapMove(1, v00));   // left-right: column 0 -> 3
        assertEquals(g.verticalMove(2, 0), g.mapMove(2, v00));   // up-down: rows 0,1 -> 3,2, top is row 2
        assertEquals(g.verticalMove(2, 3), g.mapMove(3, v00));   // 180°
        assertEquals(g.horizontalMove(0, 2), g.mapMove(1, h00)); // columns 0,1 -> 3,2, left is column 2
        assertEquals(g.horizontalMove(3, 0), g.mapMove(2, h00));
        assertEquals(g.horizontalMove(3, 2), g.mapMove(3, h00));
        assertEquals(3, g.mapSquare(1, 0));
        assertEquals(12, g.mapSquare(2, 0));
        assertEquals(15, g.mapSquare(3, 0));
        assertEquals(6, g.mapSquare(3, 9)); // (2,1) -> (1,2)
    }

    @Test
    void every_symmetry_is_an_involution_and_a_bijection_consistent_with_squares() {
        for (int n = 2; n <= 12; n++) {
            DomineeringGame g = new DomineeringGame(n);
            for (int sym = 0; sym < g.symmetries(); sym++) {
                Set<Integer> squares = new HashSet<>();
                for (int s = 0; s < g.squares(); s++) {
                    int t = g.mapSquare(sym, s);
                    squares.add(t);
                    assertEquals(s, g.mapSquare(sym, t), "square twice, n=" + n + " sym " + sym);
                }
                assertEquals(g.squares(), squares.size());
                Set<Integer> moves = new HashSet<>();
                for (int m = 0; m < g.moves(); m++) {
                    int t = g.mapMove(sym, m);
                    moves.add(t);
                    assertEquals(m, g.mapMove(sym, t), "move twice, n=" + n + " sym " + sym);
                    assertEquals(g.moveOwner(m), g.moveOwner(t), "symmetries keep who is vertical");
                    int[] a = g.moveSquares(m);
                    Set<Integer> image = Set.of(g.mapSquare(sym, a[0]), g.mapSquare(sym, a[1]));
                    int[] b = g.moveSquares(t);
                    assertEquals(image, Set.of(b[0], b[1]), "n=" + n + " sym " + sym + " move " + g.describeMove(m));
                }
                assertEquals(g.moves(), moves.size());
            }
        }
    }

    @Test
    void a_whole_game_under_a_symmetry_is_a_legal_game_with_mapped_positions() {
        SplittableRandom rng = new SplittableRandom(99);
        for (int n : new int[] {5, 8, 16}) {
            DomineeringGame g = new DomineeringGame(n);
            DomineeringState original = g.newGame();
            List<Integer> moves = new ArrayList<>();
            while (!original.isTerminal()) {
                int m = original.legalMove(rng.nextInt(original.legalMoveCount()));
                original.play(m);
                moves.add(m);
            }
            for (int sym = 0; sym < g.symmetries(); sym++) {
                DomineeringState a = g.newGame();
                DomineeringState b = g.newGame();
                for (int m : moves) {
                    int mapped = g.mapMove(sym, m);
                    assertTrue(b.isLegal(mapped), "mapped move " + g.describeMove(mapped) + " must be legal");
                    assertEquals(a.legalMoveCount(), b.legalMoveCount());
                    int[] la = new int[g.moves()];
                    int[] lb = new int[g.moves()];
                    int na = a.legalMoves(la);
                    int nb = b.legalMoves(lb);
                    Set<Integer> mappedLegal = new HashSet<>();
                    for (int k = 0; k < na; k++) {
                        mappedLegal.add(g.mapMove(sym, la[k]));
                    }
                    Set<Integer> legalB = new HashSet<>();
                    for (int k = 0; k < nb; k++) {
                        legalB.add(lb[k]);
                    }
                    assertEquals(mappedLegal, legalB);
                    a.play(m);
                    b.play(mapped);
                    for (int s = 0; s < g.squares(); s++) {
                        assertEquals(a.squareState(s), b.squareState(g.mapSquare(sym, s)));
                    }
                }
                assertTrue(b.isTerminal());
                assertEquals(original.winner(), b.winner());
            }
        }
    }
}
