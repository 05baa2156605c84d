package dev.graft.train;

import dev.graft.data.PositionSource;
import dev.graft.data.Batch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * A deterministic fake game for trainer tests: 8 binary squares + CLS, 4 moves, 2 auxiliary outputs.
 * Targets are simple functions of the squares, so a linear model can learn them. Position content
 * depends on (seed, position id) only; each epoch is a seeded permutation of the ids.
 */
final class FakeGameSource implements PositionSource {

    static final int SQUARES = 8;
    static final int TOKENS = SQUARES + 1;
    static final int MOVES = 4;
    static final int AUX = 2;

    private final long seed;
    private final long positions;
    private final Map<Long, int[]> permutations = new HashMap<>();
    private long nanAtIndex = -1;
    private long failFromIndex = Long.MAX_VALUE;
    final List<Long> sampleKeys = new ArrayList<>();
    final List<Batch> samples = new ArrayList<>();

    FakeGameSource(long seed, long positions) {
        this.seed = seed;
        this.positions = positions;
    }

    /** The position at stream index {@code index} gets a NaN auxiliary target. */
    FakeGameSource nanAt(long index) {
        nanAtIndex = index;
        return this;
    }

    /** Reading any stream index ≥ {@code index} throws, like a process killed before that step. */
    FakeGameSource failFrom(long index) {
        failFromIndex = index;
        return this;
    }

    @Override
    public long positionsPerEpoch() {
        return positions;
    }

    @Override
    public Batch read(long from, int count) {
        if (from + count > failFromIndex) {
            throw new SimulatedKill("simulated kill before reading position " + from);
        }
        long[] ids = new long[count];
        boolean[] nan = new boolean[count];
        for (int i = 0; i < count; i++) {
            long index = from + i;
            int[] perm = permutation(index / positions);
            ids[i] = perm[(int) (index % positions)];
            nan[i] = index == nanAtIndex;
        }
        return build(ids, nan);
    }

    @Override
    public Batch sample(long key, int count) {
        SplittableRandom r = new SplittableRandom(seed * 7919 + key);
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = r.nextLong(positions);
        }
        Batch b = build(ids, new boolean[count]);
        sampleKeys.add(key);
        samples.add(b);
        return b;
    }

    private int[] permutation(long epoch) {
        return permutations.computeIfAbsent(epoch, e -> {
            int[] p = new int[(int) positions];
            for (int i = 0; i < p.length; i++) {
                p[i] = i;
            }
            Random r = new Random(seed * 31 + e);
            for (int i = p.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            return p;
        });
    }

    private Batch build(long[] ids, boolean[] nan) {
        int n = ids.length;
        byte[] tokens = new byte[n * TOKENS];
        float[] value = new float[n];
        int[] policy = new int[n];
        boolean[] legal = new boolean[n * MOVES];
        float[] aux = new float[n * AUX];
        for (int i = 0; i < n; i++) {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + ids[i]);
            int[] sq = new int[SQUARES];
            for (int k = 0; k < SQUARES; k++) {
                sq[k] = r.nextInt(2);
                tokens[i * TOKENS + k] = (byte) sq[k];
            }
            tokens[i * TOKENS + SQUARES] = 2;
            value[i] = sq[0] + sq[1] + sq[2] >= 2 ? 1f : 0f;
            policy[i] = sq[3] == 1 ? (sq[4] == 1 ? 0 : 1) : (sq[5] == 1 ? 2 : 3);
            for (int m = 0; m < MOVES; m++) {
                legal[i * MOVES + m] = m == policy[i] || r.nextInt(4) != 0;
            }
            aux[i * AUX] = sq[0] + sq[1] + sq[2] + sq[3] - 2f;
            aux[i * AUX + 1] = nan[i] ? Float.NaN : sq[5] - sq[6];
        }
        return new Batch(n, TOKENS, MOVES, AUX, tokens, value, policy, legal, aux);
    }

    /** Thrown to simulate a process killed in the middle of a run. */
    static final class SimulatedKill extends RuntimeException {
        SimulatedKill(String message) {
            super(message);
        }
    }
}
