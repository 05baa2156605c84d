package dev.graft.bench;

import dev.graft.spi.Game;
import dev.graft.spi.GameState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineBenchTest {

    /** Players alternately cover one empty square of a 1×k row; whoever covers the last one wins. */
    private static class FillRow implements Game {
        final int k;

        FillRow(int k) {
            this.k = k;
        }

        @Override public String name() { return "fill-row"; }
        @Override public int rows() { return 1; }
        @Override public int cols() { return k; }
        @Override public int squareStates() { return 2; }
        @Override public int moves() { return k; }
        @Override public int maxSquaresPerMove() { return 1; }
        @Override public int[] moveSquares(int move) { return new int[] {move}; }
        @Override public int moveOwner(int move) { return -1; }
        @Override public GameState newGame() { return new Row(this, new boolean[k], 0); }
        @Override public int symmetries() { return 1; }
        @Override public int mapSquare(int symmetry, int square) { return square; }
        @Override public int mapMove(int symmetry, int move) { return move; }
        @Override public String describeMove(int move) { return "fill " + move; }
    }

    private static final class Row implements GameState {
        private final FillRow game;
        private final boolean[] full;
        private int ply;

        Row(FillRow game, boolean[] full, int ply) {
            this.game = game;
            this.full = full;
            this.ply = ply;
        }

        @Override public Game game() { return game; }
        @Override public int toMove() { return ply & 1; }
        @Override public int ply() { return ply; }
        @Override public int legalMoves(int[] out) {
            int n = 0;
            for (int s = 0; s < full.length; s++) {
                if (!full[s]) {
                    out[n++] = s;
                }
            }
            return n;
        }
        @Override public int legalMoveCount() { return legalMoves(new int[full.length]); }
        @Override public boolean isLegal(int move) { return move >= 0 && move < full.length && !full[move]; }
        @Override public void play(int move) {
            if (!isLegal(move)) {
                throw new IllegalArgumentException("illegal " + move);
            }
            full[move] = true;
            ply++;
        }
        @Override public void undo(int move) { full[move] = false; ply--; }
        @Override public boolean isTerminal() { return ply == full.length; }
        @Override public int winner() { return isTerminal() ? 1 - (ply & 1) : -1; }
        @Override public int squareState(int square) { return full[square] ? 1 : 0; }
        @Override public void tokens(byte[] out, int offset) {
            for (int s = 0; s < full.length; s++) {
                out[offset + s] = (byte) squareState(s);
            }
        }
        @Override public long hash() { return java.util.Arrays.hashCode(full) * 31L + ply; }
        @Override public GameState copy() { return new Row(game, full.clone(), ply); }
    }

    @Test
    void reports_three_positive_finite_figures_naming_the_board() {
        List<BenchFigure> figures = new EngineBench(Duration.ZERO, Duration.ofMillis(30)).run(new FillRow(5), 7L);

        assertEquals(List.of("random-playouts", "legal-move-generations", "moves-played"),
                figures.stream().map(BenchFigure::bench).toList());
        assertEquals(List.of("games/s", "gens/s", "moves/s"), figures.stream().map(BenchFigure::unit).toList());
        for (BenchFigure f : figures) {
            assertTrue(Double.isFinite(f.value()) && f.value() > 0, f + " should be positive and finite");
            assertTrue(f.detail().contains("fill-row 1×5"), f.detail() + " should name the board");
        }
        // every game on a 1×5 row lasts exactly 5 moves
        assertTrue(figures.get(0).detail().contains("5.0 moves/game"), figures.get(0).detail());
    }

    @Test
    void rejects_an_empty_window() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EngineBench(Duration.ZERO, Duration.ZERO));
        assertTrue(e.getMessage().contains("window"), e.getMessage());
    }

    @Test
    void a_game_that_is_not_over_without_legal_moves_is_reported() {
        Game stuck = new FillRow(3) {
            @Override public GameState newGame() {
                return new Row(this, new boolean[] {true, true, true}, 0);
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new EngineBench(Duration.ZERO, Duration.ofMillis(5)).run(stuck, 1L));
        assertTrue(e.getMessage().contains("fill-row") && e.getMessage().contains("ply 0"), e.getMessage());
    }

    @Test
    void default_legal_move_selection_follows_the_listing_and_names_the_range() {
        GameState s = new FillRow(4).newGame();
        s.play(1);
        // FillRow lists empty squares in order: 0, 2, 3 (the SPI default selects from that listing)
        assertEquals(0, s.legalMove(0));
        assertEquals(2, s.legalMove(1));
        assertEquals(3, s.legalMove(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.legalMove(3));
        assertEquals("legal move number 3 requested, but the position has 3 legal moves (valid: 0…2)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.legalMove(-1));
    }
}
