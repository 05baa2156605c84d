package dev.graft.model;

import dev.graft.spi.Game;
import dev.graft.spi.GameState;

import java.util.Arrays;

/**
 * A test game whose moves differ in size, for the mean-pooling policy head: on a rows×cols board either
 * player may fill one empty square (move s, 1 square), two empty squares side by side (move S + i·(cols−1) + j
 * fills (i, j) and (i, j+1)), or pass (the last move, no square, always legal until the board is full).
 * Tokens: 0 empty, 1 filled by player 0, 2 filled by player 1. The game ends when the board is full;
 * the first player wins with more squares, equal is a draw.
 */
public record PlaceOrPassGame(int rows, int cols) implements Game {

    @Override
    public String name() {
        return "test-place-or-pass";
    }

    @Override
    public int squareStates() {
        return 3;
    }

    private int pairs() {
        return rows * (cols - 1);
    }

    int pass() {
        return squares() + pairs();
    }

    @Override
    public int moves() {
        return squares() + pairs() + 1;
    }

    @Override
    public int maxSquaresPerMove() {
        return 2;
    }

    @Override
    public int[] moveSquares(int move) {
        if (move < squares()) {
            return new int[]{move};
        }
        if (move == pass()) {
            return new int[0];
        }
        int k = move - squares();
        int s = (k / (cols - 1)) * cols + k % (cols - 1);
        return new int[]{s, s + 1};
    }

    @Override
    public int moveOwner(int move) {
        return -1;
    }

    @Override
    public GameState newGame() {
        return new State(this, new byte[rows * cols], 0);
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
        return move == pass() ? "pass" : Arrays.toString(moveSquares(move));
    }

    /** A mutable position. */
    static final class State implements GameState {
        private final PlaceOrPassGame game;
        private final byte[] owner;
        private int ply;

        State(PlaceOrPassGame game, byte[] owner, int ply) {
            this.game = game;
            this.owner = owner;
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

        private boolean full() {
            for (byte b : owner) {
                if (b == 0) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean isLegal(int move) {
            if (move < 0 || move >= game.moves() || full()) {
                return false;
            }
            for (int s : game.moveSquares(move)) {
                if (owner[s] != 0) {
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
                owner[s] = (byte) (1 + toMove());
            }
            ply++;
        }

        @Override
        public void undo(int move) {
            for (int s : game.moveSquares(move)) {
                owner[s] = 0;
            }
            ply--;
        }

        @Override
        public boolean isTerminal() {
            return full();
        }

        private int balance() {
            int d = 0;
            for (byte b : owner) {
                d += b == 1 ? 1 : b == 2 ? -1 : 0;
            }
            return d;
        }

        @Override
        public int winner() {
            return !isTerminal() || balance() == 0 ? -1 : balance() > 0 ? 0 : 1;
        }

        @Override
        public boolean isDraw() {
            return isTerminal() && balance() == 0;
        }

        @Override
        public int squareState(int square) {
            return owner[square];
        }

        @Override
        public void tokens(byte[] out, int offset) {
            System.arraycopy(owner, 0, out, offset, owner.length);
        }

        @Override
        public long hash() {
            return Arrays.hashCode(owner) * 31L + ply % 2;
        }

        @Override
        public GameState copy() {
            return new State(game, owner.clone(), ply);
        }
    }
}
