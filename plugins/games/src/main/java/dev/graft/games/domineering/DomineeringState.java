package dev.graft.games.domineering;

import dev.graft.spi.GameState;

/**
 * A mutable Domineering position as a bitboard: bit {@code s} of {@code occupied} is set when square
 * {@code s} is covered. Legal placements are found with shifts and masks (a vertical placement at
 * {@code s} needs {@code s} and {@code s+N} empty, a horizontal one {@code s} and {@code s+1}), so the
 * move generators, {@link #legalMove(int)} and {@link #play(int)} allocate nothing.
 *
 * <p>Legal moves are always listed in ascending order of their first (top / left) square, the
 * order {@link #legalMove(int)} indexes. Not thread-safe; use {@link #copy()} for another thread.
 */
public final class DomineeringState implements GameState {

    private final DomineeringGame g;
    private final long[] occupied;
    private final int[] history;
    /** Placement bits of the side to move, valid while {@link #legalValid}; play and undo clear it. */
    private final long[] legal;
    private boolean legalValid;
    private int legalCount;
    private int ply;
    private long hash;

    DomineeringState(DomineeringGame game) {
        this.g = game;
        this.occupied = new long[game.words];
        this.history = new int[game.squares / 2 + 1];
        this.legal = new long[game.words];
    }

    private DomineeringState(DomineeringState other) {
        this.g = other.g;
        this.occupied = other.occupied.clone();
        this.history = other.history.clone();
        this.legal = new long[other.legal.length];
        this.ply = other.ply;
        this.hash = other.hash;
    }

    /** Fills {@link #legal} and {@link #legalCount} for the side to move unless they are current. */
    private void ensureLegal() {
        if (legalValid) {
            return;
        }
        int player = ply & 1;
        int count = 0;
        for (int w = 0; w < legal.length; w++) {
            long bits = placementWord(player, w);
            legal[w] = bits;
            count += Long.bitCount(bits);
        }
        legalCount = count;
        legalValid = true;
    }

    @Override
    public DomineeringGame game() {
        return g;
    }

    @Override
    public int toMove() {
        return ply & 1;
    }

    @Override
    public int ply() {
        return ply;
    }

    /** The move played at {@code index} (0 ≤ index &lt; {@link #ply()}). */
    public int moveAt(int index) {
        if (index < 0 || index >= ply) {
            throw new IllegalArgumentException("move index " + index + " out of range 0…" + (ply - 1));
        }
        return history[index];
    }

    /**
     * Bits of the squares where {@code player} could place a domino now (top square for vertical,
     * left square for horizontal), word {@code w}. Both squares must be empty; the turn is ignored.
     */
    private long placementWord(int player, int w) {
        long[] occ = occupied;
        long[] valid = g.valid;
        long empty = ~occ[w] & valid[w];
        long next = w + 1 < occ.length ? ~occ[w + 1] & valid[w + 1] : 0L;
        if (player == 0) {
            int n = g.n;
            return empty & ((empty >>> n) | (next << (64 - n))) & g.topMask[w];
        }
        return empty & ((empty >>> 1) | (next << 63)) & g.leftMask[w];
    }

    private int moveAtSquare(int player, int square) {
        return player == 0 ? square : g.horizontalAt[square];
    }

    /** Number of placements {@code player} could make now (both squares empty), whoever is to move. */
    public int placements(int player) {
        if (player != 0 && player != 1) {
            throw new IllegalArgumentException("player must be 0 (vertical) or 1 (horizontal), got " + player);
        }
        int count = 0;
        for (int w = 0; w < occupied.length; w++) {
            count += Long.bitCount(placementWord(player, w));
        }
        return count;
    }

    /** {@link #placements(int)}: a popcount per bitboard word. */
    @Override
    public int mobility(int player) {
        return placements(player);
    }

    @Override
    public int legalMoves(int[] out) {
        ensureLegal();
        int count = 0;
        if ((ply & 1) == 0) {
            for (int w = 0; w < legal.length; w++) {
                long bits = legal[w];
                int base = w << 6;
                while (bits != 0) {
                    out[count++] = base + Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                }
            }
        } else {
            int[] moveAt = g.horizontalAt;
            for (int w = 0; w < legal.length; w++) {
                long bits = legal[w];
                int base = w << 6;
                while (bits != 0) {
                    out[count++] = moveAt[base + Long.numberOfTrailingZeros(bits)];
                    bits &= bits - 1;
                }
            }
        }
        return count;
    }

    @Override
    public int legalMoveCount() {
        ensureLegal();
        return legalCount;
    }

    /** Found by popcounts and a bit selection, without listing the moves or allocating. */
    @Override
    public int legalMove(int k) {
        ensureLegal();
        int player = ply & 1;
        int rest = k;
        if (rest >= 0 && rest < legalCount) {
            for (int w = 0; w < legal.length; w++) {
                long bits = legal[w];
                int c = Long.bitCount(bits);
                if (rest < c) {
                    return moveAtSquare(player, (w << 6) + selectBit(bits, rest));
                }
                rest -= c;
            }
        }
        throw new IllegalArgumentException("legal move number " + k + " requested, but only "
                + legalCount + " legal moves exist");
    }

    /** Position of the {@code k}-th set bit of {@code x} (0-based, from the least significant). */
    static int selectBit(long x, int k) {
        int pos = 0;
        int c = Long.bitCount(x & 0xFFFFFFFFL);
        if (k >= c) { k -= c; x >>>= 32; pos += 32; }
        c = Long.bitCount(x & 0xFFFFL);
        if (k >= c) { k -= c; x >>>= 16; pos += 16; }
        c = Long.bitCount(x & 0xFFL);
        if (k >= c) { k -= c; x >>>= 8; pos += 8; }
        c = Long.bitCount(x & 0xFL);
        if (k >= c) { k -= c; x >>>= 4; pos += 4; }
        c = Long.bitCount(x & 0x3L);
        if (k >= c) { k -= c; x >>>= 2; pos += 2; }
        c = (int) (x & 1L);
        if (k >= c) { pos += 1; }
        return pos;
    }

    @Override
    public boolean isLegal(int move) {
        if (move < 0 || move >= 2 * g.half) {
            return false;
        }
        int owner = move < g.half ? 0 : 1;
        return owner == (ply & 1) && isEmpty(g.first[move]) && isEmpty(g.second[move]);
    }

    private boolean isEmpty(int square) {
        return (occupied[square >>> 6] & (1L << square)) == 0;
    }

    @Override
    public void play(int move) {
        if (!isLegal(move)) {
            throw new IllegalArgumentException(illegalReason(move));
        }
        int a = g.first[move];
        int b = g.second[move];
        occupied[a >>> 6] |= 1L << a;
        occupied[b >>> 6] |= 1L << b;
        hash ^= g.zobrist[a] ^ g.zobrist[b] ^ g.sideKey;
        history[ply++] = move;
        legalValid = false;
    }

    private String illegalReason(int move) {
        if (move < 0 || move >= 2 * g.half) {
            return "illegal move " + move + ": out of range 0…" + (2 * g.half - 1) + " for a "
                    + g.n + "×" + g.n + " domineering board";
        }
        String name = g.describeMove(move) + " (move " + move + ")";
        int owner = move < g.half ? 0 : 1;
        if (owner != (ply & 1)) {
            return "illegal move " + name + " at ply " + ply + ": it is "
                    + ((ply & 1) == 0 ? "vertical" : "horizontal") + "'s turn";
        }
        return "illegal move " + name + " at ply " + ply + ": square "
                + (isEmpty(g.first[move]) ? g.second[move] : g.first[move]) + " is already covered";
    }

    @Override
    public void undo(int move) {
        if (ply == 0 || history[ply - 1] != move) {
            throw new IllegalArgumentException("cannot undo move " + move + ": "
                    + (ply == 0 ? "no move has been played" : "the last move played is " + history[ply - 1]
                    + " " + g.describeMove(history[ply - 1])));
        }
        int a = g.first[move];
        int b = g.second[move];
        occupied[a >>> 6] &= ~(1L << a);
        occupied[b >>> 6] &= ~(1L << b);
        hash ^= g.zobrist[a] ^ g.zobrist[b] ^ g.sideKey;
        ply--;
        legalValid = false;
    }

    @Override
    public boolean isTerminal() {
        ensureLegal();
        return legalCount == 0;
    }

    @Override
    public int winner() {
        return isTerminal() ? 1 - (ply & 1) : -1;
    }

    @Override
    public int squareState(int square) {
        if (square < 0 || square >= g.squares) {
            throw new IllegalArgumentException("square " + square + " out of range 0…" + (g.squares - 1));
        }
        return (int) ((occupied[square >>> 6] >>> square) & 1L);
    }

    @Override
    public void tokens(byte[] out, int offset) {
        for (int s = 0; s < g.squares; s++) {
            out[offset + s] = (byte) ((occupied[s >>> 6] >>> s) & 1L);
        }
    }

    /** Word {@code w} of the occupancy bitboard (bit {@code s % 64} of word {@code s / 64} is square {@code s}). */
    long occupiedWord(int w) {
        return occupied[w];
    }

    @Override
    public long hash() {
        return hash;
    }

    @Override
    public DomineeringState copy() {
        return new DomineeringState(this);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < g.n; i++) {
            for (int j = 0; j < g.n; j++) {
                sb.append(isEmpty(i * g.n + j) ? '.' : '#');
            }
            sb.append('\n');
        }
        return sb.append(ply % 2 == 0 ? "vertical" : "horizontal").append(" to move, ply ").append(ply).toString();
    }
}
