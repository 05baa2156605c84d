package dev.graft.pipeline;

import dev.graft.spi.Game;
import dev.graft.spi.GameState;

/** The geometry of a 3×3 board with horizontal dominoes only, for model tests; nobody plays it. */
final class LineGame implements Game {
    @Override public String name() { return "line"; }
    @Override public int rows() { return 3; }
    @Override public int cols() { return 3; }
    @Override public int squareStates() { return 2; }
    @Override public int moves() { return 6; }
    @Override public int maxSquaresPerMove() { return 2; }
    @Override public int[] moveSquares(int move) { int r = move / 2; int c = move % 2; return new int[] {r * 3 + c, r * 3 + c + 1}; }
    @Override public int moveOwner(int move) { return -1; }
    @Override public GameState newGame() { throw new UnsupportedOperationException("geometry only"); }
    @Override public int symmetries() { return 1; }
    @Override public int mapSquare(int symmetry, int square) { return square; }
    @Override public int mapMove(int symmetry, int move) { return move; }
    @Override public String describeMove(int move) { return "h" + move; }
}
