package dev.graft.data;

import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.Game;
import dev.graft.spi.GameRecord;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The positions of a set of games (one split) as a {@link PositionSource}: every (game, ply) with
 * {@code opening ≤ ply < length} once per epoch. Epoch {@code e} visits them in an order shuffled
 * from ({@code seed}, e), and position {@code i} of the stream is seen under a symmetry drawn from
 * ({@code seed}, e, i). {@link #sample} draws positions (with replacement) and symmetries from its key
 * alone.
 *
 * <p>Positions are built as {@link PositionBuilder} describes (the same for every source of this
 * package). {@link SampledPositions} is the study's alternative: K plies per game drawn each epoch.
 *
 * <p>Thread-safe: reads may run concurrently.
 */
public final class GamePositions implements IndexedPositions {
    private final PositionBuilder builder;
    private final Game game;
    private final List<GameRecord> games;
    private final int[] gameIndex;
    private final long[] start;
    private final long total;
    private final long seed;
    private volatile EpochOrder order;

    private record EpochOrder(long epoch, int[] permutation) {
    }

    /**
     * @param game    the game the records are of
     * @param games   every game record of the batch
     * @param indices the games of this split (indices into {@code games})
     * @param aux     auxiliary tasks whose targets to produce, in order (may be empty)
     * @param seed    seeds epoch orders and symmetries
     * @throws dev.graft.io.UserInputException when an auxiliary task does not support {@code game}
     */
    public GamePositions(Game game, List<GameRecord> games, int[] indices, List<AuxiliaryTask> aux, long seed) {
        this.builder = new PositionBuilder(Objects.requireNonNull(game, "game"), games, aux);
        this.game = game;
        this.games = builder.games();
        this.gameIndex = indices.clone();
        this.seed = seed;
        this.start = new long[gameIndex.length + 1];
        for (int k = 0; k < gameIndex.length; k++) {
            int g = gameIndex[k];
            if (g < 0 || g >= this.games.size()) {
                throw new IllegalArgumentException("game index " + g + " outside 0…" + (this.games.size() - 1));
            }
            GameRecord r = this.games.get(g);
            start[k + 1] = start[k] + (r.length() - r.opening());
        }
        this.total = start[gameIndex.length];
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many positions for one source: " + total);
        }
    }

    public Game game() {
        return game;
    }

    /** Number of auxiliary targets per position (all tasks together). */
    public int auxOutputs() {
        return builder.auxWidth();
    }

    @Override
    public long positionsPerEpoch() {
        return total;
    }

    /** Which position is number {@code index} of the endless epoch-ordered stream. */
    @Override
    public PositionRef locate(long index) {
        requirePositions();
        if (index < 0) {
            throw new IllegalArgumentException("stream index must be ≥ 0, got " + index);
        }
        long epoch = index / total;
        int within = (int) (index % total);
        int position = permutation(epoch)[within];
        int symmetry = (int) Long.remainderUnsigned(
                GameGeneration.mix(GameGeneration.mix(seed ^ 0x51A3L) + epoch * 0x9E3779B97F4A7C15L + within),
                game.symmetries());
        return at(position, symmetry);
    }

    /**
     * Position number {@code index} (0 ≤ index &lt; {@link #positionsPerEpoch()}) in the split's own order
     * (games in split order, plies in game order), seen under symmetry 0 (the identity).
     */
    public PositionRef position(long index) {
        requirePositions();
        if (index < 0 || index >= total) {
            throw new IllegalArgumentException("position index " + index + " outside 0…" + (total - 1));
        }
        return at((int) index, 0);
    }

    /** {@code count} positions drawn uniformly (with replacement) with symmetries, from {@code key} alone. */
    @Override
    public PositionRef[] sampleRefs(long key, int count) {
        requirePositions();
        SplittableRandom rng = new SplittableRandom(GameGeneration.mix(key ^ 0x5A4D5E11L));
        PositionRef[] out = new PositionRef[count];
        for (int i = 0; i < count; i++) {
            int position = (int) rng.nextLong(total);
            out[i] = at(position, rng.nextInt(game.symmetries()));
        }
        return out;
    }

    @Override
    public Batch batch(PositionRef[] refs) {
        return builder.batch(refs);
    }

    private PositionRef at(int position, int symmetry) {
        int k = Arrays.binarySearch(start, position);
        // start[k] ≤ position < start[k+1]; equal starts belong to games without positions: take the last.
        if (k < 0) {
            k = -k - 2;
        } else {
            while (k + 1 < start.length && start[k + 1] == position) {
                k++;
            }
        }
        int g = gameIndex[k];
        return new PositionRef(g, games.get(g).opening() + (int) (position - start[k]), symmetry);
    }

    private int[] permutation(long epoch) {
        EpochOrder o = order;
        if (o != null && o.epoch == epoch) {
            return o.permutation;
        }
        int n = (int) total;
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(GameGeneration.mix(GameGeneration.mix(seed) + epoch));
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        order = new EpochOrder(epoch, p);
        return p;
    }

    private void requirePositions() {
        if (total == 0) {
            throw new IllegalStateException("this split has no positions (" + gameIndex.length + " games)");
        }
    }
}
