package dev.graft.model;

import dev.graft.spi.Game;
import dev.graft.spi.GameState;

import java.util.Arrays;

/**
 * Domino placement (Domineering) on a rows×cols board, just enough of the SPI for model tests: player 0
 * places vertical dominoes, player 1 horizontal ones. Vertical move (i, j) has index i·cols + j; horizontal
 * move with left square (i, j) has index P + j·rows + i, P = (rows−1)·cols.
 */
public record DominoGame(int rows, int cols) implements Game {

    @Override
    public String name() {
        return "test-domino";
    }

    @Override
    public int squareStates() {
        return 2;
    }

    private int verticalMoves() {
        return (rows - 1) * cols;
    }

    @Override
    public int moves() {
        return verticalMoves() + rows * (cols - 1);
    }

    @Override
    public int maxSquaresPerMove() {
        return 2;
    }

    @Override
    public int[] moveSquares(int move) {
        int p = verticalMoves();
        if (move < p) {
            return new int[]{move, move + cols};
        }
        int j = (move - p) / rows;
        int i = (move - p) % rows;
        return new int[]{i * cols + j, i * cols + j + 1};
    }

    @Override
    public int moveOwner(int move) {
        return move < verticalMoves() ? 0 : 1;
    }

    @Override
    public GameState newGame() {
        return new State(this, new boolean[rows * cols], 0);
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
        int[] s = moveSquares(move);
        return (move < verticalMoves() ? "V" : "H") + "(" + s[0] / cols + "," + s[0] % cols + ")";
    }

    /** A mutable position. */
    static final class State implements GameState {
        private final DominoGame game;
        private final boolean[] filled;
        private int ply;

        State(DominoGame game, boolean[] filled, int ply) {
            this.game = game;
            this.filled = filled;
            this.ply = ply;
        }

        @Override
        public Game game() {
            return game;
        }

        @Override
        public int toMove() {
            return ply % 2;
        }

        @Override
        public int ply() {
            return ply;
        }

        @Override
        public boolean isLegal(int move) {
            if (move < 0 || move >= game.moves() || game.moveOwner(move) != toMove()) {
                return false;
            }
            for (int s : game.moveSquares(move)) {
                if (filled[s]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int legalMoves(int[] out) {
            int n = 0;
            for (int m = 0; m < game.moves(); m++) {
                if (isLegal(m)) {
                    out[n++] = m;
                }
            }
            return n;
        }

        @Override
        public int legalMoveCount() {
            return legalMoves(new int[game.moves()]);
        }

        @Override
        public void play(int move) {
            if (!isLegal(move)) {
                throw new IllegalArgumentException("illegal move " + move);
            }
            for (int s : game.moveSquares(move)) {
                filled[s] = true;
            }
            ply++;
        }

        @Override
        public void undo(int move) {
            for (int s : game.moveSquares(move)) {
                filled[s] = false;
            }
            ply--;
        }

        @Override
        public boolean isTerminal() {
            return legalMoveCount() == 0;
        }

        @Override
        public int winner() {
            return isTerminal() ? 1 - toMove() : -1;
        }

        @Override
        public int squareState(int square) {
            return filled[square] ? 1 : 0;
        }

        @Override
        public void tokens(byte[] out, int offset) {
            for (int s = 0; s < filled.length; s++) {
                out[offset + s] = (byte) (filled[s] ? 1 : 0);
            }
        }

        @Override
        public long hash() {
            return Arrays.hashCode(filled) * 31L + ply % 2;
        }

        @Override
        public GameState copy() {
            return new State(game, filled.clone(), ply);
        }
    }
}
