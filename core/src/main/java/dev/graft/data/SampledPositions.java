package dev.graft.data;

import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.Game;
import dev.graft.spi.GameRecord;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The study's position sampling (EXPERIMENT.md, Data) over the games of one split, as a
 * {@link PositionSource}: an epoch holds {@code perGame} plies of every game, drawn uniformly with
 * replacement from {@code [minPly, length − 1]}, in a shuffled order. A game of at most
 * {@code minPly} plies has no such ply and contributes nothing ({@link #skippedGames()}); {@code minPly}
 * applies to every game, whatever generated it and whatever its recorded opening.
 *
 * <ul>
 *   <li>{@link Draw#EVERY_EPOCH} (training): epoch {@code e}'s plies and order are drawn from
 *       ({@code seed}, e), so every epoch sees other plies of the same games.</li>
 *   <li>{@link Draw#ONCE} (validation): one draw, from {@code seed}, for the whole run; every epoch of the
 *       stream is that same set in the same order, so a full validation over the first
 *       {@link #positionsPerEpoch()} positions always scores the same positions.</li>
 * </ul>
 *
 * Position {@code i} of the stream is seen under a player-preserving symmetry drawn from
 * ({@code seed}, epoch, i). {@link #sample} draws positions (with replacement) among the positions of
 * the first draw, with symmetries, from its key alone: for a validation source, a quick validation
 * scores positions of the validation set. Everything is a pure function of the stream index, so a
 * resumed run reads exactly the positions an uninterrupted one would, on any number of threads.
 * Positions are built as {@link PositionBuilder} describes.
 *
 * <p>Thread-safe: reads may run concurrently.
 */
public final class SampledPositions implements IndexedPositions {
    /** Plies of the study's random opening on 16×16, the basis of {@link #defaultMinPly}. */
    public static final int STUDY_MIN_PLY = 16;

    /** When the plies are drawn. */
    public enum Draw {
        /** New plies every epoch (training). */
        EVERY_EPOCH,
        /** One draw for the whole run (validation). */
        ONCE
    }

    private final PositionBuilder builder;
    private final Game game;
    private final int[] eligible;
    private final int[] plyRange;
    private final int perGame;
    private final int minPly;
    private final Draw draw;
    private final long seed;
    private final int skipped;
    private final int longest;
    private final long total;
    private volatile EpochDraw current;

    /** One epoch's draw: {@code ply[slot]} for slot = game·perGame + j, and {@code order[i]} = slot of position i. */
    private record EpochDraw(long epoch, int[] ply, int[] order) {
    }

    /**
     * @param game    the game the records are of
     * @param games   every game record of the batch
     * @param indices the games of this split (indices into {@code games})
     * @param aux     auxiliary tasks whose targets to produce, in order (may be empty)
     * @param seed    seeds the draws, orders and symmetries
     * @param perGame plies drawn per game and epoch, ≥ 1
     * @param minPly  the first ply that may be drawn, ≥ 0
     * @param draw    whether the plies are redrawn every epoch
     * @throws dev.graft.io.UserInputException when an auxiliary task does not support {@code game}
     */
    public SampledPositions(Game game, List<GameRecord> games, int[] indices, List<AuxiliaryTask> aux, long seed,
                            int perGame, int minPly, Draw draw) {
        if (perGame < 1) {
            throw new IllegalArgumentException("plies per game must be at least 1, got " + perGame);
        }
        if (minPly < 0) {
            throw new IllegalArgumentException("the first ply drawn must be ≥ 0, got " + minPly);
        }
        this.builder = new PositionBuilder(Objects.requireNonNull(game, "game"), games, aux);
        this.game = game;
        this.perGame = perGame;
        this.minPly = minPly;
        this.draw = Objects.requireNonNull(draw, "draw");
        this.seed = seed;
        builder.checkIndices(indices);
        int count = 0;
        int max = 0;
        for (int g : indices) {
            int length = builder.games().get(g).length();
            max = Math.max(max, length);
            if (length > minPly) {
                count++;
            }
        }
        this.longest = max;
        this.skipped = indices.length - count;
        this.eligible = new int[count];
        this.plyRange = new int[count];
        int k = 0;
        for (int g : indices) {
            int length = builder.games().get(g).length();
            if (length > minPly) {
                eligible[k] = g;
                plyRange[k] = length - minPly;
                k++;
            }
        }
        this.total = (long) count * perGame;
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many positions for one source: " + count + " games × " + perGame);
        }
    }

    /** Training positions: {@code perGame} plies per game, redrawn every epoch. */
    public static SampledPositions training(Game game, List<GameRecord> games, int[] indices,
                                            List<AuxiliaryTask> aux, long seed, int perGame, int minPly) {
        return new SampledPositions(game, games, indices, aux, seed, perGame, minPly, Draw.EVERY_EPOCH);
    }

    /** Validation positions: {@code perGame} plies per game, drawn once for the whole run. */
    public static SampledPositions validation(Game game, List<GameRecord> games, int[] indices,
                                              List<AuxiliaryTask> aux, long seed, int perGame, int minPly) {
        return new SampledPositions(game, games, indices, aux, seed, perGame, minPly, Draw.ONCE);
    }

    /**
     * The first ply drawn when a spec does not say: the study's 16 on 16×16, scaled by the board's area
     * like the generators' random opening, {@code round(16·squares/256)} (4 on 8×8, 2 on 6×6, 1 on 4×4):
     * the positions of the random opening are not trained on.
     */
    public static int defaultMinPly(Game game) {
        return (int) Math.round(STUDY_MIN_PLY * game.squares() / 256.0);
    }

    public Game game() {
        return game;
    }

    /** Number of auxiliary targets per position (all tasks together). */
    public int auxOutputs() {
        return builder.auxWidth();
    }

    /** Plies drawn per game and epoch. */
    public int perGame() {
        return perGame;
    }

    /** The first ply that may be drawn. */
    public int minPly() {
        return minPly;
    }

    public Draw draw() {
        return draw;
    }

    /** Games that contribute positions (longer than {@link #minPly()} plies). */
    public int games() {
        return eligible.length;
    }

    /** Games of the split with at most {@link #minPly()} plies, which contribute no positions. */
    public int skippedGames() {
        return skipped;
    }

    /** Plies of the split's longest game (0 for no games). */
    public int longestGame() {
        return longest;
    }

    /** {@code perGame} × {@link #games()}. */
    @Override
    public long positionsPerEpoch() {
        return total;
    }

    /** Which position is number {@code index} of the endless stream. */
    @Override
    public PositionRef locate(long index) {
        requirePositions();
        if (index < 0) {
            throw new IllegalArgumentException("stream index must be ≥ 0, got " + index);
        }
        long epoch = index / total;
        int within = (int) (index % total);
        EpochDraw d = epochDraw(draw == Draw.ONCE ? 0 : epoch);
        int symmetry = (int) Long.remainderUnsigned(
                GameGeneration.mix(GameGeneration.mix(seed ^ 0x5A3B1E5L) + d.epoch * 0x9E3779B97F4A7C15L + within),
                game.symmetries());
        return ref(d, d.order[within], symmetry);
    }

    /** {@code count} positions of the first draw, uniformly with replacement, with symmetries, from {@code key} alone. */
    @Override
    public PositionRef[] sampleRefs(long key, int count) {
        requirePositions();
        EpochDraw d = epochDraw(0);
        SplittableRandom rng = new SplittableRandom(GameGeneration.mix(key ^ 0x5A3D1E5L));
        PositionRef[] out = new PositionRef[count];
        for (int i = 0; i < count; i++) {
            int slot = (int) rng.nextLong(total);
            out[i] = ref(d, slot, rng.nextInt(game.symmetries()));
        }
        return out;
    }

    @Override
    public Batch batch(PositionRef[] refs) {
        return builder.batch(refs);
    }

    private PositionRef ref(EpochDraw d, int slot, int symmetry) {
        return new PositionRef(eligible[slot / perGame], d.ply[slot], symmetry);
    }

    private EpochDraw epochDraw(long epoch) {
        EpochDraw d = current;
        if (d != null && d.epoch == epoch) {
            return d;
        }
        int n = (int) total;
        int[] ply = new int[n];
        long base = GameGeneration.mix(seed ^ 0x91E5L) + epoch * 0x9E3779B97F4A7C15L;
        for (int k = 0; k < eligible.length; k++) {
            // each game's draws come from its own generator, so they do not depend on the other games
            SplittableRandom rng = new SplittableRandom(GameGeneration.mix(base + k));
            for (int j = 0; j < perGame; j++) {
                ply[k * perGame + j] = minPly + rng.nextInt(plyRange[k]);
            }
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(GameGeneration.mix(GameGeneration.mix(seed ^ 0x0DE5L) + epoch));
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        d = new EpochDraw(epoch, ply, order);
        current = d;
        return d;
    }

    private void requirePositions() {
        if (total == 0) {
            throw new IllegalStateException("this split has no game longer than " + minPly + " plies ("
                    + skipped + " games, the longest " + longest + " plies)");
        }
    }
}
