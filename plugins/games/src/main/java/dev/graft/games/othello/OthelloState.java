package dev.graft.games.othello;

import dev.graft.spi.GameState;

/**
 * A mutable Othello position: one bitboard per colour. The legal placements of both players are
 * computed on demand and cached until the next {@link #play} or {@link #undo}, so
 * {@link #isTerminal}, {@link #legalMoveCount} and {@link #mobility} cost one move generation per
 * position. Legal moves are listed in ascending square order (the pass, when it is the only legal
 * move, alone). Not thread-safe; use {@link #copy()} for another thread.
 */
public final class OthelloState implements GameState {

    private final OthelloGame g;
    /** [0] black discs, [1] white discs. */
    private final long[] discs = new long[2];
    /** Moves played, and the discs each flipped (0 for a pass), for undo. */
    private final int[] history;
    private final long[] flipped;
    private int ply;
    private int toMove;
    private long hash;
    /** Placements of each player, valid while {@link #cached}. */
    private final long[] placements = new long[2];
    private boolean cached;

    OthelloState(OthelloGame game) {
        this.g = game;
        this.discs[0] = game.startBlack;
        this.discs[1] = game.startWhite;
        int capacity = 2 * game.squares + 2;
        this.history = new int[capacity];
        this.flipped = new long[capacity];
        long h = 0;
        for (int colour = 0; colour < 2; colour++) {
            long b = discs[colour];
            while (b != 0) {
                h ^= game.zobrist[colour][Long.numberOfTrailingZeros(b)];
                b &= b - 1;
            }
        }
        this.hash = h;
    }

    private OthelloState(OthelloState o) {
        this.g = o.g;
        this.discs[0] = o.discs[0];
        this.discs[1] = o.discs[1];
        this.history = o.history.clone();
        this.flipped = o.flipped.clone();
        this.ply = o.ply;
        this.toMove = o.toMove;
        this.hash = o.hash;
    }

    /**
     * Replaces the position with {@code black} and {@code white} discs (bitboards) and {@code toMove}
     * to move, as if reached after {@code ply} moves (no history to undo). For hand-built test positions.
     */
    void setPosition(long black, long white, int toMove, int ply) {
        if ((black & white) != 0 || ((black | white) & ~g.valid) != 0) {
            throw new IllegalArgumentException("discs overlap or lie off the board");
        }
        checkPlayer(toMove);
        discs[0] = black;
        discs[1] = white;
        this.toMove = toMove;
        this.ply = ply;
        long h = toMove == 1 ? g.sideKey : 0;
        for (int colour = 0; colour < 2; colour++) {
            long b = discs[colour];
            while (b != 0) {
                h ^= g.zobrist[colour][Long.numberOfTrailingZeros(b)];
                b &= b - 1;
            }
        }
        hash = h;
        cached = false;
    }

    private void ensure() {
        if (!cached) {
            placements[0] = g.placements(discs[0], discs[1]);
            placements[1] = g.placements(discs[1], discs[0]);
            cached = true;
        }
    }

    @Override
    public OthelloGame game() {
        return g;
    }

    @Override
    public int toMove() {
        return toMove;
    }

    @Override
    public int ply() {
        return ply;
    }

    /** Black's (0) or white's (1) discs as a bitboard (bit {@code i·N + j}). */
    public long discs(int colour) {
        checkPlayer(colour);
        return discs[colour];
    }

    /** Number of discs of {@code colour} (0 black, 1 white). */
    public int discCount(int colour) {
        return Long.bitCount(discs(colour));
    }

    /** Squares where {@code player} could place now, whoever is to move, as a bitboard. */
    public long placementBits(int player) {
        checkPlayer(player);
        ensure();
        return placements[player];
    }

    /** Legal placements of {@code player} (flipping at least one disc), whoever is to move; passes not counted. */
    @Override
    public int mobility(int player) {
        return Long.bitCount(placementBits(player));
    }

    @Override
    public int legalMoves(int[] out) {
        ensure();
        long bits = placements[toMove];
        if (bits == 0) {
            if (placements[1 - toMove] == 0) {
                return 0;
            }
            out[0] = g.pass;
            return 1;
        }
        int count = 0;
        while (bits != 0) {
            out[count++] = Long.numberOfTrailingZeros(bits);
            bits &= bits - 1;
        }
        return count;
    }

    @Override
    public int legalMoveCount() {
        ensure();
        long bits = placements[toMove];
        if (bits == 0) {
            return placements[1 - toMove] == 0 ? 0 : 1;
        }
        return Long.bitCount(bits);
    }

    @Override
    public int legalMove(int k) {
        int count = legalMoveCount();
        if (k < 0 || k >= count) {
            throw new IllegalArgumentException("legal move number " + k + " requested, but the position has "
                    + count + " legal moves" + (count == 0 ? " (the game is over)" : " (valid: 0…" + (count - 1) + ")"));
        }
        long bits = placements[toMove];
        if (bits == 0) {
            return g.pass;
        }
        for (int i = 0; i < k; i++) {
            bits &= bits - 1;
        }
        return Long.numberOfTrailingZeros(bits);
    }

    @Override
    public boolean isLegal(int move) {
        if (move < 0 || move > g.pass) {
            return false;
        }
        ensure();
        long own = placements[toMove];
        if (move == g.pass) {
            return own == 0 && placements[1 - toMove] != 0;
        }
        return (own & (1L << move)) != 0;
    }

    @Override
    public void play(int move) {
        if (!isLegal(move)) {
            throw new IllegalArgumentException(illegalReason(move));
        }
        long flips = 0;
        if (move != g.pass) {
            int me = toMove;
            flips = g.flips(discs[me], discs[1 - me], move);
            long placed = 1L << move;
            discs[me] |= placed | flips;
            discs[1 - me] &= ~flips;
            hash ^= g.zobrist[me][move] ^ flipKeys(flips);
        }
        history[ply] = move;
        flipped[ply] = flips;
        ply++;
        toMove ^= 1;
        hash ^= g.sideKey;
        cached = false;
    }

    /** XOR of both colours' keys of every flipped square (a flip changes one colour to the other). */
    private long flipKeys(long flips) {
        long h = 0;
        long[] black = g.zobrist[0];
        long[] white = g.zobrist[1];
        while (flips != 0) {
            int s = Long.numberOfTrailingZeros(flips);
            h ^= black[s] ^ white[s];
            flips &= flips - 1;
        }
        return h;
    }

    private String illegalReason(int move) {
        if (move < 0 || move > g.pass) {
            return "illegal move " + move + ": out of range 0…" + g.pass + " for a " + g.n + "×" + g.n
                    + " othello board (" + g.pass + " is the pass)";
        }
        String who = toMove == 0 ? "black" : "white";
        if (isTerminal()) {
            return "illegal move " + g.describeMove(move) + " at ply " + ply + ": the game is over";
        }
        if (move == g.pass) {
            return "illegal move pass at ply " + ply + ": " + who + " has " + mobility(toMove)
                    + " placements, and may pass only with none";
        }
        long b = 1L << move;
        if (((discs[0] | discs[1]) & b) != 0) {
            return "illegal move " + g.describeMove(move) + " (move " + move + ") at ply " + ply
                    + ": the square is taken";
        }
        return "illegal move " + g.describeMove(move) + " (move " + move + ") at ply " + ply + ": it flips no disc"
                + " of " + (toMove == 0 ? "white" : "black");
    }

    @Override
    public void undo(int move) {
        if (ply == 0 || history[ply - 1] != move) {
            throw new IllegalArgumentException("cannot undo move " + move + ": "
                    + (ply == 0 ? "no move has been played" : "the last move played is " + history[ply - 1]
                    + " " + g.describeMove(history[ply - 1])));
        }
        ply--;
        toMove ^= 1;
        hash ^= g.sideKey;
        if (move != g.pass) {
            int me = toMove;
            long flips = flipped[ply];
            discs[me] &= ~(flips | (1L << move));
            discs[1 - me] |= flips;
            hash ^= g.zobrist[me][move] ^ flipKeys(flips);
        }
        cached = false;
    }

    /** The move played at {@code index} (0 ≤ index &lt; {@link #ply()}). */
    public int moveAt(int index) {
        if (index < 0 || index >= ply) {
            throw new IllegalArgumentException("move index " + index + " out of range 0…" + (ply - 1));
        }
        return history[index];
    }

    @Override
    public boolean isTerminal() {
        ensure();
        return placements[0] == 0 && placements[1] == 0;
    }

    @Override
    public int winner() {
        if (!isTerminal()) {
            return -1;
        }
        int black = Long.bitCount(discs[0]);
        int white = Long.bitCount(discs[1]);
        return black > white ? 0 : white > black ? 1 : -1;
    }

    @Override
    public boolean isDraw() {
        return isTerminal() && Long.bitCount(discs[0]) == Long.bitCount(discs[1]);
    }

    @Override
    public int squareState(int square) {
        if (square < 0 || square >= g.squares) {
            throw new IllegalArgumentException("square " + square + " out of range 0…" + (g.squares - 1));
        }
        long b = 1L << square;
        return (discs[0] & b) != 0 ? 1 : (discs[1] & b) != 0 ? 2 : 0;
    }

    @Override
    public void tokens(byte[] out, int offset) {
        long black = discs[0];
        long white = discs[1];
        for (int s = 0; s < g.squares; s++) {
            out[offset + s] = (byte) (((black >>> s) & 1L) | (((white >>> s) & 1L) << 1));
        }
    }

    @Override
    public long hash() {
        return hash;
    }

    @Override
    public OthelloState copy() {
        return new OthelloState(this);
    }

    private static void checkPlayer(int player) {
        if (player != 0 && player != 1) {
            throw new IllegalArgumentException("player must be 0 (black) or 1 (white), got " + player);
        }
    }

    /** Rows of {@code .} empty, {@code X} black, {@code O} white, then who is to move. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < g.n; i++) {
            for (int j = 0; j < g.n; j++) {
                int t = squareState(i * g.n + j);
                sb.append(t == 0 ? '.' : t == 1 ? 'X' : 'O');
            }
            sb.append('\n');
        }
        return sb.append(toMove == 0 ? "black" : "white").append(" to move, ply ").append(ply).toString();
    }
}
