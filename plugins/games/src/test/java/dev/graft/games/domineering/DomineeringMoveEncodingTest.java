package dev.graft.games.domineering;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DomineeringMoveEncodingTest {

    @Test
    void three_by_three_moves_follow_the_interchange_encoding() {
        DomineeringGame g = new DomineeringGame(3);
        // P = 3·2 = 6: vertical 0…5 (index = top square), horizontal 6…11 (6 + j·3 + i)
        assertEquals(12, g.moves());
        assertArrayEquals(new int[] {0, 3}, g.moveSquares(0));   // V(0,0)
        assertArrayEquals(new int[] {5, 8}, g.moveSquares(5));   // V(1,2)
        assertArrayEquals(new int[] {0, 1}, g.moveSquares(6));   // H(0,0)
        assertArrayEquals(new int[] {3, 4}, g.moveSquares(7));   // H(1,0): 6 + 0·3 + 1
        assertArrayEquals(new int[] {6, 7}, g.moveSquares(8));   // H(2,0): 6 + 0·3 + 2
        assertArrayEquals(new int[] {1, 2}, g.moveSquares(9));   // H(0,1): 6 + 1·3 + 0
        assertArrayEquals(new int[] {7, 8}, g.moveSquares(11));  // H(2,1): 6 + 1·3 + 2
        assertEquals("V(1,2)", g.describeMove(5));
        assertEquals("H(0,1)", g.describeMove(9));
    }

    @Test
    void sixteen_by_sixteen_examples_computed_by_hand() {
        DomineeringGame g = new DomineeringGame(16);
        assertEquals(480, g.moves());
        assertEquals(52, g.verticalMove(3, 4));                  // 3·16 + 4
        assertEquals(307, g.horizontalMove(3, 4));               // 240 + 4·16 + 3
        assertArrayEquals(new int[] {52, 68}, g.moveSquares(52));
        assertArrayEquals(new int[] {52, 53}, g.moveSquares(307));
        assertArrayEquals(new int[] {254, 255}, g.moveSquares(479)); // H(15,14): 240 + 14·16 + 15
        assertArrayEquals(new int[] {239, 255}, g.moveSquares(239)); // V(14,15)
        assertEquals("V(3,4)", g.describeMove(52));
        assertEquals("H(3,4)", g.describeMove(307));
        assertEquals(0, g.moveOwner(239));
        assertEquals(1, g.moveOwner(240));
    }

    @Test
    void every_move_is_the_move_covering_its_squares() {
        for (int n = 2; n <= 17; n++) {
            DomineeringGame g = new DomineeringGame(n);
            for (int m = 0; m < g.moves(); m++) {
                int[] sq = g.moveSquares(m);
                assertEquals(m, g.moveCovering(sq[0], sq[1]), "n=" + n + " move " + m);
                assertEquals(m, g.moveCovering(sq[1], sq[0]), "n=" + n + " move " + m);
                int expectedGap = m < n * (n - 1) ? n : 1;
                assertEquals(expectedGap, sq[1] - sq[0], "n=" + n + " move " + m);
            }
            // squares at the end of one row and the start of the next are not adjacent
            assertEquals(-1, g.moveCovering(n - 1, n));
        }
    }

    @Test
    void model_tokens_are_one_per_square_plus_cls_two() {
        DomineeringGame g = new DomineeringGame(16);
        assertEquals(2, g.squareStates());
        assertEquals(2, g.clsToken());
        assertEquals(257, g.tokens());
        assertEquals(2, g.maxSquaresPerMove());
    }

    @Test
    void out_of_range_moves_and_boards_are_rejected_with_the_range() {
        DomineeringGame g = new DomineeringGame(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.moveSquares(24));
        assertEquals("move 24 out of range 0…23 for a 4×4 domineering board", e.getMessage());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class, () -> new DomineeringGame(33));
        assertEquals("domineering board side must be between 2 and 32, got 33", b.getMessage());
        assertThrows(IllegalArgumentException.class, () -> g.verticalMove(3, 0));
        assertThrows(IllegalArgumentException.class, () -> g.horizontalMove(0, 3));
    }
}
