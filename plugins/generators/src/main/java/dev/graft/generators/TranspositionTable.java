package dev.graft.generators;

/**
 * The study's transposition table: one per game (cleared in O(1) by {@link #newGame}), keyed by the
 * position's Zobrist hash, an entry overwritten whenever its position is stored again, and never
 * lost to a collision (open addressing that doubles its size at half full; the study's is a
 * Python dict). An entry answers a search of depth {@code d} when it was stored at depth ≥ d
 * ({@link #answers}); otherwise only its best move is used, to order moves. Starting each game empty
 * makes a game's moves depend on its seed alone, never on the games its thread played before. Not
 * thread-safe: one per player.
 */
final class TranspositionTable {
    static final byte EXACT = 0;
    static final byte LOWER = 1;
    static final byte UPPER = 2;

    private int mask;
    private long[] keys;
    private double[] values;
    private int[] moves;
    private int[] generations;
    private byte[] depths;
    private byte[] flags;
    private int generation = 1;
    private int size;

    /** @param bits the table starts with 2^bits slots (it grows as needed) */
    TranspositionTable(int bits) {
        allocate(1 << bits);
    }

    private void allocate(int slots) {
        mask = slots - 1;
        keys = new long[slots];
        values = new double[slots];
        moves = new int[slots];
        generations = new int[slots];
        depths = new byte[slots];
        flags = new byte[slots];
    }

    /** Forgets every entry: call at the start of each game. */
    void newGame() {
        generation++;
        size = 0;
    }

    /** Entries stored in this game. */
    int size() {
        return size;
    }

    /** Slot of {@code key} if this game stored that position, else −1. */
    int find(long key) {
        for (int slot = home(key); generations[slot] == generation; slot = (slot + 1) & mask) {
            if (keys[slot] == key) {
                return slot;
            }
        }
        return -1;
    }

    /** True when the entry in {@code slot} may stand for a search of {@code depth}: it was searched at least as deep. */
    boolean answers(int slot, int depth) {
        return depths[slot] >= depth;
    }

    double value(int slot) {
        return values[slot];
    }

    int move(int slot) {
        return moves[slot];
    }

    int depth(int slot) {
        return depths[slot];
    }

    byte flag(int slot) {
        return flags[slot];
    }

    /** Stores (or overwrites) the entry of {@code key}. */
    void store(long key, int depth, double value, byte flag, int move) {
        int slot = home(key);
        while (generations[slot] == generation && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        if (generations[slot] != generation) {
            if (2 * (size + 1) > mask + 1) {
                grow();
                store(key, depth, value, flag, move);
                return;
            }
            size++;
        }
        keys[slot] = key;
        values[slot] = value;
        moves[slot] = move;
        generations[slot] = generation;
        depths[slot] = (byte) depth;
        flags[slot] = flag;
    }

    private int home(long key) {
        return (int) (key ^ (key >>> 32)) & mask;
    }

    private void grow() {
        long[] k = keys;
        double[] v = values;
        int[] m = moves;
        int[] g = generations;
        byte[] d = depths;
        byte[] f = flags;
        allocate(2 * k.length);
        for (int s = 0; s < k.length; s++) {
            if (g[s] == generation) {
                int slot = home(k[s]);
                while (generations[slot] == generation) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = k[s];
                values[slot] = v[s];
                moves[slot] = m[s];
                generations[slot] = generation;
                depths[slot] = d[s];
                flags[slot] = f[s];
            }
        }
    }
}
