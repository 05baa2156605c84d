package dev.graft.train;

import dev.graft.spi.Game;
import dev.graft.spi.GameState;

/**
 * The geometry of {@link FakeGameSource}'s positions as a {@link Game}: a 2×4 board whose 4 moves are the
 * horizontal dominoes (0,1), (2,3), (4,5), (6,7). Only the geometry is real; nobody plays it.
 */
final class FakeGame implements Game {

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public int rows() {
        return 2;
    }

    @Override
    public int cols() {
        return 4;
    }

    @Override
    public int squareStates() {
        return 2;
    }

    @Override
    public int moves() {
        return FakeGameSource.MOVES;
    }

    @Override
    public int maxSquaresPerMove() {
        return 2;
    }

    @Override
    public int[] moveSquares(int move) {
        return new int[]{2 * move, 2 * move + 1};
    }

    @Override
    public int moveOwner(int move) {
        return -1;
    }

    @Override
    public GameState newGame() {
        throw new UnsupportedOperationException("the fake game only describes geometry");
    }

    @Override
    public int symmetries() {
        return 1;
    }

    @Override
    public int mapSquare(int symmetry, int square) {
        return square;
    }

    @Override
    public int mapMove(int symmetry, int move) {
        return move;
    }

    @Override
    public String describeMove(int move) {
        return "H" + move;
    }
}
