package dev.graft.games.othello;

import dev.graft.spi.GameResult;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OthelloRulesTest {

    private static long perft(OthelloState s, int depth) {
        if (depth == 0) {
            return 1;
        }
        int[] moves = new int[s.game().moves()];
        int n = s.legalMoves(moves);
        long total = 0;
        for (int k = 0; k < n; k++) {
            s.play(moves[k]);
            total += perft(s, depth - 1);
            s.undo(moves[k]);
        }
        return total;
    }

    @Test
    void perft_from_the_8x8_start_matches_the_published_counts() {
        OthelloState s = new OthelloGame(8).newGame();
        long[] expected = {1, 4, 12, 56, 244, 1396, 8200};
        for (int depth = 1; depth < expected.length; depth++) {
            assertEquals(expected[depth], perft(s, depth), "perft depth " + depth);
        }
        assertEquals(0, s.ply());
    }

    @Test
    void start_position_has_white_on_the_main_diagonal_and_black_to_move() {
        OthelloState s = new OthelloGame(6).newGame();
        assertEquals("""
                ......
                ......
                ..OX..
                ..XO..
                ......
                ......
                """, Boards.rows(s));
        assertEquals(0, s.toMove());
        byte[] tokens = new byte[36];
        s.tokens(tokens, 0);
        assertEquals(2, tokens[2 * 6 + 2]);
        assertEquals(1, tokens[2 * 6 + 3]);
        assertEquals(0, tokens[0]);
        assertEquals(3, s.game().clsToken());
        // black's placements: (1,2), (2,1), (3,4), (4,3)
        int[] moves = new int[37];
        assertEquals(4, s.legalMoves(moves));
        assertArrayEquals(new int[] {1 * 6 + 2, 2 * 6 + 1, 3 * 6 + 4, 4 * 6 + 3}, java.util.Arrays.copyOf(moves, 4));
    }

    @Test
    void a_placement_flips_all_eight_directions_at_once() {
        OthelloState s = Boards.parse(0,
                "X.X.X.",
                ".OOO..",
                "XO.OX.",
                ".OOO..",
                "X.X.X.",
                "......");
        s.play(s.game().placement(2, 2));
        assertEquals("""
                X.X.X.
                .XXX..
                XXXXX.
                .XXX..
                X.X.X.
                ......
                """, Boards.rows(s));
        assertEquals(1, s.toMove());
        s.undo(s.game().placement(2, 2));
        assertEquals(8, Long.bitCount(s.discs(1)));
        assertEquals(0, s.toMove());
    }

    @Test
    void lines_that_reach_the_edge_or_an_empty_square_do_not_flip_and_do_not_wrap() {
        OthelloState s = Boards.parse(0,
                ".OOO",
                "X...",
                "....",
                "....");
        // east of (0,0) runs O O O into the edge; the next bit, (1,0), is black but on the next row
        assertFalse(s.isLegal(s.game().placement(0, 0)));
        OthelloState gap = Boards.parse(0,
                "XO.O",
                "....",
                "....",
                "....");
        // (0,2): west closes on X, east runs into the edge
        gap.play(gap.game().placement(0, 2));
        assertEquals("""
                XXXO
                ....
                ....
                ....
                """, Boards.rows(gap));
    }

    @Test
    void only_the_closed_lines_flip() {
        OthelloState s = Boards.parse(1,
                "O.....",
                ".X....",
                "..XX.O",
                "......",
                "..X...",
                "..O...");
        // white at (3,3)? no: place at (2,4)? west runs X X then '.', east is O directly: illegal
        assertFalse(s.isLegal(s.game().placement(2, 4)));
        // white at (3,2)? north (2,2) X then (1,2) empty: no; south (4,2) X then (5,2) O: flips (4,2)
        // north-west (2,1) empty: no; north-east (2,3) X then (1,4) empty: no
        s.play(s.game().placement(3, 2));
        assertEquals("""
                O.....
                .X....
                ..XX.O
                ..O...
                ..O...
                ..O...
                """, Boards.rows(s));
    }

    @Test
    void a_player_without_a_placement_must_pass_and_only_then() {
        OthelloState s = Boards.parse(1,
                "XXXX",
                "XXXX",
                "XXXO",
                "XX..");
        OthelloGame g = s.game();
        assertEquals(0, s.mobility(1));
        assertEquals(1, s.mobility(0));
        assertFalse(s.isTerminal());
        assertEquals(1, s.legalMoveCount());
        assertEquals(g.passMove(), s.legalMove(0));
        assertTrue(s.isLegal(g.passMove()));
        assertFalse(s.isLegal(g.placement(3, 3)));
        long before = s.hash();
        s.play(g.passMove());
        assertEquals(0, s.toMove());
        assertEquals(1, s.ply());
        assertFalse(s.isLegal(g.passMove()), "black has a placement, so may not pass");
        assertThrows(IllegalArgumentException.class, () -> s.play(g.passMove()));
        s.play(g.placement(3, 3));
        assertTrue(s.isTerminal());
        assertEquals(0, s.winner());
        assertEquals(GameResult.FIRST_WINS, s.result());
        assertEquals(0, s.legalMoveCount());
        s.undo(g.placement(3, 3));
        s.undo(g.passMove());
        assertEquals(before, s.hash());
        assertEquals(1, s.toMove());
    }

    @Test
    void equal_discs_at_the_end_are_a_draw() {
        OthelloState full = Boards.parse(0,
                "XXXX",
                "XXXX",
                "OOOO",
                "OOOO");
        assertTrue(full.isTerminal());
        assertTrue(full.isDraw());
        assertEquals(-1, full.winner());
        assertEquals(GameResult.DRAW, full.result());

        // and a drawn game reached by play on 4×4
        OthelloGame g = new OthelloGame(4);
        boolean found = false;
        for (long seed = 0; seed < 500 && !found; seed++) {
            OthelloState s = g.newGame();
            SplittableRandom rng = new SplittableRandom(seed);
            while (!s.isTerminal()) {
                s.play(s.legalMove(rng.nextInt(s.legalMoveCount())));
            }
            if (s.isDraw()) {
                found = true;
                assertEquals(s.discCount(0), s.discCount(1));
                assertEquals(-1, s.winner());
            } else {
                assertEquals(s.discCount(0) > s.discCount(1) ? 0 : 1, s.winner());
            }
        }
        assertTrue(found, "no drawn 4×4 game in 500 random games");
    }

    @Test
    void mobility_counts_placements_that_flip_not_empty_squares() {
        OthelloState s = new OthelloGame(8).newGame();
        assertEquals(4, s.mobility(0));
        assertEquals(4, s.mobility(1));
        s.play(s.game().placement(2, 3));
        // white's replies after black's d3 (2,3): (2,2), (2,4), (4,2)
        assertEquals(3, s.mobility(1));
        assertEquals(3, s.legalMoveCount());
    }

    @Test
    void hash_follows_the_position_and_the_side_to_move() {
        OthelloGame g = new OthelloGame(6);
        OthelloState s = g.newGame();
        SplittableRandom rng = new SplittableRandom(7);
        while (!s.isTerminal()) {
            OthelloState fresh = g.newGame();
            fresh.setPosition(s.discs(0), s.discs(1), s.toMove(), 0);
            assertEquals(fresh.hash(), s.hash(), "ply " + s.ply());
            s.play(s.legalMove(rng.nextInt(s.legalMoveCount())));
        }
        OthelloState other = g.newGame();
        other.setPosition(g.newGame().discs(0), g.newGame().discs(1), 1, 0);
        assertFalse(other.hash() == g.newGame().hash(), "the side to move is part of the hash");
    }

    @Test
    void play_and_undo_of_a_whole_game_restore_every_position() {
        OthelloGame g = new OthelloGame(8);
        OthelloState s = g.newGame();
        SplittableRandom rng = new SplittableRandom(3);
        java.util.List<String> seen = new java.util.ArrayList<>();
        java.util.List<Integer> moves = new java.util.ArrayList<>();
        while (!s.isTerminal()) {
            seen.add(s.toString() + s.hash());
            int m = s.legalMove(rng.nextInt(s.legalMoveCount()));
            s.play(m);
            moves.add(m);
        }
        for (int p = moves.size() - 1; p >= 0; p--) {
            s.undo(moves.get(p));
            assertEquals(seen.get(p), s.toString() + s.hash(), "after undoing ply " + p);
        }
    }

    @Test
    void odd_and_out_of_range_boards_are_refused_with_the_reason() {
        assertTrue(OthelloGame.boardProblem(5).contains("even"));
        assertTrue(OthelloGame.boardProblem(10).contains("between 4 and 8"));
        assertThrows(IllegalArgumentException.class, () -> new OthelloGame(7));
        assertThrows(IllegalArgumentException.class, () -> new OthelloGame(2));
        assertEquals(null, OthelloGame.boardProblem(4));
    }

    @Test
    void illegal_moves_are_refused_with_a_reason() {
        OthelloState s = new OthelloGame(8).newGame();
        IllegalArgumentException taken = assertThrows(IllegalArgumentException.class, () -> s.play(27));
        assertTrue(taken.getMessage().contains("taken"), taken.getMessage());
        IllegalArgumentException noFlip = assertThrows(IllegalArgumentException.class, () -> s.play(0));
        assertTrue(noFlip.getMessage().contains("flips no disc"), noFlip.getMessage());
        IllegalArgumentException pass = assertThrows(IllegalArgumentException.class, () -> s.play(64));
        assertTrue(pass.getMessage().contains("pass"), pass.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.play(65));
    }
}
