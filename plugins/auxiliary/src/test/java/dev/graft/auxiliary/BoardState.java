package dev.graft.auxiliary;

import dev.graft.spi.Game;
import dev.graft.spi.GameState;

/** Test-only position: any set of covered squares and either side to move; only the token methods work. */
final class BoardState implements GameState {
    private final Game game;
    private final byte[] tokens;
    private final int toMove;

    private BoardState(Game game, byte[] tokens, int toMove) {
        this.game = game;
        this.tokens = tokens;
        this.toMove = toMove;
    }

    static BoardState allCoveredBut(Game game, int toMove, int... empty) {
        byte[] t = new byte[game.squares()];
        java.util.Arrays.fill(t, (byte) 1);
        for (int s : empty) {
            t[s] = 0;
        }
        return new BoardState(game, t, toMove);
    }

    static BoardState copyOf(Game game, GameState state, int toMove) {
        byte[] t = new byte[game.squares()];
        state.tokens(t, 0);
        return new BoardState(game, t, toMove);
    }

    @Override public Game game() { return game; }
    @Override public int toMove() { return toMove; }
    @Override public int ply() { throw new UnsupportedOperationException(); }
    @Override public int legalMoves(int[] out) { throw new UnsupportedOperationException(); }
    @Override public int legalMoveCount() { throw new UnsupportedOperationException(); }
    @Override public boolean isLegal(int move) { throw new UnsupportedOperationException(); }
    @Override public void play(int move) { throw new UnsupportedOperationException(); }
    @Override public void undo(int move) { throw new UnsupportedOperationException(); }
    @Override public boolean isTerminal() { throw new UnsupportedOperationException(); }
    @Override public int winner() { throw new UnsupportedOperationException(); }
    @Override public int squareState(int square) { return tokens[square]; }
    @Override public void tokens(byte[] out, int offset) { System.arraycopy(tokens, 0, out, offset, tokens.length); }
    @Override public long hash() { throw new UnsupportedOperationException(); }
    @Override public GameState copy() { return new BoardState(game, tokens.clone(), toMove); }
}
