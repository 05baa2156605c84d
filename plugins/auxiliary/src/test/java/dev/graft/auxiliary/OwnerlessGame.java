package dev.graft.auxiliary;

import dev.graft.spi.Game;
import dev.graft.spi.GameState;

/** Test-only game: Domineering's geometry, but every move may be made by either player. */
final class OwnerlessGame implements Game {
    private final Game inner;

    OwnerlessGame(Game inner) {
        this.inner = inner;
    }

    @Override public String name() { return "ownerless"; }
    @Override public int rows() { return inner.rows(); }
    @Override public int cols() { return inner.cols(); }
    @Override public int squareStates() { return inner.squareStates(); }
    @Override public int moves() { return inner.moves(); }
    @Override public int maxSquaresPerMove() { return inner.maxSquaresPerMove(); }
    @Override public int[] moveSquares(int move) { return inner.moveSquares(move); }
    @Override public int moveOwner(int move) { return -1; }
    @Override public GameState newGame() { return inner.newGame(); }
    @Override public int symmetries() { return inner.symmetries(); }
    @Override public int mapSquare(int symmetry, int square) { return inner.mapSquare(symmetry, square); }
    @Override public int mapMove(int symmetry, int move) { return inner.mapMove(symmetry, move); }
    @Override public String describeMove(int move) { return inner.describeMove(move); }
}
