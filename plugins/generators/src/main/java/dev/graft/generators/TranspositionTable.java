package dev.graft.generators;

/**
 * A fixed-size, always-replace transposition table keyed by the position's Zobrist hash. Entries
 * carry the generation (game) that wrote them and only entries of the current generation are seen,
 * so a game's result never depends on the games its thread played before (that would make output
 * depend on the thread count). Not thread-safe: one per player.
 */
final class TranspositionTable {
    static final byte EXACT = 0;
    static final byte LOWER = 1;
    static final byte UPPER = 2;

    private final int mask;
    private final long[] keys;
    private final double[] values;
    private final int[] moves;
    private final int[] generations;
    private final byte[] depths;
    private final byte[] flags;
    private int generation = 1;

    TranspositionTable(int bits) {
        int size = 1 << bits;
        this.mask = size - 1;
        this.keys = new long[size];
        this.values = new double[size];
        this.moves = new int[size];
        this.generations = new int[size];
        this.depths = new byte[size];
        this.flags = new byte[size];
    }

    /** Forgets every entry (in O(1)): call at the start of each game. */
    void newGeneration() {
        generation++;
    }

    /** Slot of {@code key} if it holds that position in this generation, else −1. */
    int find(long key) {
        int slot = (int) (key ^ (key >>> 32)) & mask;
        return generations[slot] == generation && keys[slot] == key ? slot : -1;
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

    void store(long key, int depth, double value, byte flag, int move) {
        int slot = (int) (key ^ (key >>> 32)) & mask;
        keys[slot] = key;
        values[slot] = value;
        moves[slot] = move;
        generations[slot] = generation;
        depths[slot] = (byte) depth;
        flags[slot] = flag;
    }
}
