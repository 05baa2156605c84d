package dev.graft.probe;

import dev.graft.data.GamePositions;
import dev.graft.data.PositionRef;
import dev.graft.data.SampledPositions;
import dev.graft.spi.Probe;
import dev.graft.data.Batch;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The fixed positions every probe of a spec reads: drawn once from the validation games, the same for
 * every condition and seed (they depend on the spec's seed and the games only), in a fixed order, so
 * that the first n positions are the probe set of size n. The periodic probe (1,000 positions) is thus
 * a prefix of the final probe's set (2,000): one forward pass over the larger set serves both.
 *
 * @param tokens    tokens per position (the game's board tokens plus CLS)
 * @param tokenIds  [size × tokens] the model's input, CLS last in each row
 * @param targets   [size][outputs] the auxiliary targets the probes read out
 * @param positions [size] which game and ply each row is (symmetry 0); empty when made from a dump
 * @param outcomes  [size] the game's outcome at each position (1 if the first player won, else 0), for
 *                  scoring the model's own value head ({@link HeadScores}); empty when unknown
 */
public record ProbeSet(int tokens, byte[] tokenIds, float[][] targets, PositionRef[] positions, float[] outcomes) {

    /** A probe set without outcomes (from a dump). */
    public ProbeSet(int tokens, byte[] tokenIds, float[][] targets, PositionRef[] positions) {
        this(tokens, tokenIds, targets, positions, new float[0]);
    }

    /** Mixed into the spec seed so the probe set is independent of other draws from the same seed. */
    private static final long DRAW_SALT = 0x50524F4245534554L;

    public ProbeSet {
        Objects.requireNonNull(tokenIds, "tokenIds");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(positions, "positions");
        Objects.requireNonNull(outcomes, "outcomes");
        if (outcomes.length != 0 && outcomes.length != targets.length) {
            throw new IllegalArgumentException("probe set has " + targets.length + " rows but " + outcomes.length + " outcomes");
        }
        if (tokens < 1 || tokenIds.length != targets.length * tokens) {
            throw new IllegalArgumentException("probe set of " + targets.length + " positions needs "
                    + (long) targets.length * tokens + " token ids, got " + tokenIds.length);
        }
        if (positions.length != 0 && positions.length != targets.length) {
            throw new IllegalArgumentException("probe set has " + targets.length + " rows but " + positions.length
                    + " position references");
        }
        int outputs = targets.length == 0 ? 0 : targets[0].length;
        for (float[] row : targets) {
            if (row.length != outputs) {
                throw new IllegalArgumentException("every target row needs " + outputs + " values");
            }
        }
    }

    /**
     * Draws {@code count} distinct positions of {@code validation} (all of them when it has fewer), from
     * {@code specSeed} alone: a seeded permutation of the split's positions, cut after {@code count}.
     * The positions are seen as played (symmetry 0); targets are the source's auxiliary targets.
     */
    public static ProbeSet draw(GamePositions validation, int count, long specSeed) {
        return draw(validation, count, specSeed, false);
    }

    /**
     * As {@link #draw(GamePositions, int, long)}; with {@code randomSymmetries} each position is seen under
     * its own symmetry of the game, drawn from the spec seed (the study's protocol), else as played.
     */
    public static ProbeSet draw(GamePositions validation, int count, long specSeed, boolean randomSymmetries) {
        return draw(validation.positionsPerEpoch(), withSymmetry(validation::position, randomSymmetries,
                validation.game().symmetries(), specSeed), validation::batch, count, specSeed);
    }

    /**
     * The same draw from the study's per-game sampled validation positions (the positions drawn once
     * for validation, {@code training.positions}): a seeded permutation of them, seen as played.
     */
    public static ProbeSet draw(SampledPositions validation, int count, long specSeed) {
        return draw(validation, count, specSeed, false);
    }

    /** As {@link #draw(SampledPositions, int, long)}, each position under its own random symmetry when asked. */
    public static ProbeSet draw(SampledPositions validation, int count, long specSeed, boolean randomSymmetries) {
        return draw(validation.positionsPerEpoch(), withSymmetry(i -> {
            PositionRef r = validation.locate(i);
            return new PositionRef(r.game(), r.ply(), 0);
        }, randomSymmetries, validation.game().symmetries(), specSeed), validation::batch, count, specSeed);
    }

    private static final long SYMMETRY_SALT = 0x53594D4D45545259L;

    /**
     * Position i of the source seen under a symmetry drawn from (spec seed, i) alone, so the same
     * validation position gets the same symmetry in every run of the spec; symmetry 0 when not asked.
     */
    private static java.util.function.LongFunction<PositionRef> withSymmetry(java.util.function.LongFunction<PositionRef> source,
                                                                           boolean random, int symmetries, long specSeed) {
        if (!random || symmetries <= 1) {
            return source;
        }
        return i -> {
            PositionRef r = source.apply(i);
            int sym = new SplittableRandom(specSeed ^ SYMMETRY_SALT ^ (i * 0x9E3779B97F4A7C15L)).nextInt(symmetries);
            return new PositionRef(r.game(), r.ply(), sym);
        };
    }

    /** The held-out mask of a per-probe split: drawn from (seed, step), the same for every layer of that step. */
    public static boolean[] heldoutMaskAt(int n, double fraction, long seed, long step) {
        return heldoutMask(n, fraction, seed ^ (0xD1B54A32D192ED03L * (step + 1)));
    }

    private static ProbeSet draw(long total, java.util.function.LongFunction<PositionRef> position,
                                 java.util.function.Function<PositionRef[], Batch> batch, int count, long specSeed) {
        if (count < 1) {
            throw new IllegalArgumentException("a probe set needs at least 1 position, got " + count);
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many validation positions to draw from: " + total);
        }
        int n = (int) Math.min(count, total);
        int[] order = firstOfPermutation((int) total, n, new SplittableRandom(specSeed ^ DRAW_SALT));
        PositionRef[] refs = new PositionRef[n];
        for (int i = 0; i < n; i++) {
            refs[i] = position.apply(order[i]);
        }
        Batch b = batch.apply(refs);
        int outputs = b.auxOutputs();
        float[][] targets = new float[n][outputs];
        for (int i = 0; i < n; i++) {
            System.arraycopy(b.aux(), i * outputs, targets[i], 0, outputs);
        }
        return new ProbeSet(b.tokens(), b.tokenIds(), targets, refs, b.value().clone());
    }

    static int[] firstOfPermutation(int total, int n, SplittableRandom rng) {
        int[] p = new int[total];
        for (int i = 0; i < total; i++) {
            p[i] = i;
        }
        for (int i = 0; i < n; i++) {
            int j = i + rng.nextInt(total - i);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return Arrays.copyOf(p, n);
    }

    /** Number of positions. */
    public int size() {
        return targets.length;
    }

    /** Target values per position. */
    public int outputs() {
        return targets.length == 0 ? 0 : targets[0].length;
    }

    /** The first {@code n} positions (this set when n is its size). */
    public ProbeSet prefix(int n) {
        if (n < 1 || n > size()) {
            throw new IllegalArgumentException("prefix of " + n + " positions outside 1…" + size());
        }
        if (n == size()) {
            return this;
        }
        return new ProbeSet(tokens, Arrays.copyOf(tokenIds, n * tokens), Arrays.copyOf(targets, n),
                positions.length == 0 ? positions : Arrays.copyOf(positions, n),
                outcomes.length == 0 ? outcomes : Arrays.copyOf(outcomes, n));
    }

    /**
     * The held-out rows of a probe set of {@code n} rows: exactly {@code round(fraction·n)} rows (at least
     * one, at most n−1), chosen by a permutation seeded from {@code seed} alone, so every layer, control
     * and condition of a spec is scored on the same rows.
     */
    public static boolean[] heldoutMask(int n, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("held-out fraction must be in (0, 1), got " + fraction);
        }
        if (n < 2) {
            throw new IllegalArgumentException("a split needs at least 2 rows, got " + n);
        }
        int held = heldoutCount(n, fraction);
        int[] rows = firstOfPermutation(n, held, new SplittableRandom(seed ^ HELDOUT_SALT));
        boolean[] mask = new boolean[n];
        for (int r : rows) {
            mask[r] = true;
        }
        return mask;
    }

    private static final long HELDOUT_SALT = 0x48454C444F555421L;

    /** How many of n rows {@link #heldoutMask} holds out ({@link Probe#heldoutRows}). */
    public static int heldoutCount(int n, double fraction) {
        return Probe.heldoutRows(n, fraction);
    }

    /**
     * The targets with rows permuted by a fixed permutation from {@code seed} (the shuffled control):
     * each position gets another position's targets, so whatever a probe still finds is its own capacity.
     */
    public static float[][] shuffledTargets(float[][] targets, long seed) {
        int n = targets.length;
        int[] p = firstOfPermutation(n, n, new SplittableRandom(seed ^ SHUFFLE_SALT));
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = targets[p[i]];
        }
        return out;
    }

    private static final long SHUFFLE_SALT = 0x53485546464C4521L;

    @Override
    public boolean equals(Object o) {
        return o instanceof ProbeSet other && tokens == other.tokens && Arrays.equals(tokenIds, other.tokenIds)
                && Arrays.deepEquals(targets, other.targets) && Arrays.equals(positions, other.positions)
                && Arrays.equals(outcomes, other.outcomes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tokens, Arrays.hashCode(tokenIds), Arrays.deepHashCode(targets), Arrays.hashCode(positions));
    }

    @Override
    public String toString() {
        return "ProbeSet[" + size() + " positions, " + outputs() + " targets]";
    }
}
