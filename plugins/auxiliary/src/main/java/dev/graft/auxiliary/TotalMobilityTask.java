package dev.graft.auxiliary;

import dev.graft.spi.AuxiliaryTask;
import dev.graft.spi.Game;
import dev.graft.spi.GameState;

import java.util.Optional;

/**
 * Whole-board mobility balance (Domineering): one output, (vertical placements still possible −
 * horizontal placements still possible) × {@code scale}, where a placement is possible when both its
 * squares are empty, whoever is to move. It is the sum over all sectors of sector-balance's counts, and the quantity
 * the study's alpha-beta evaluation feeds into its sigmoid. Computed with
 * {@link GameState#mobility(int)} (Domineering's engine answers it with a bitboard popcount);
 * instances are immutable and thread-safe.
 */
public final class TotalMobilityTask implements AuxiliaryTask {

    /**
     * The default scale. Measured on 16×16 positions from ply 16 on (100 random and 100 alpha-beta
     * games, {@code graft data dump}): the raw difference has a root mean square of 5.4 (random) and
     * 7.5 (alpha-beta), about 3 times one sector-balance count (1.9 and 2.4), so 0.03 puts the mean
     * square of its target (≈ 0.04, the auxiliary MSE of a head that outputs 0) beside sector-balance's
     * at its 0.1 (0.037 and 0.058).
     */
    public static final double DEFAULT_SCALE = 0.03;

    private final double scale;

    /**
     * @param scale factor on the output, finite and ≥ 0 (1 gives the raw difference)
     * @throws IllegalArgumentException when {@code scale} is negative or not finite
     */
    public TotalMobilityTask(double scale) {
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a finite number ≥ 0, got " + scale);
        }
        this.scale = scale;
    }

    public double scale() {
        return scale;
    }

    @Override
    public Optional<String> incompatibility(Game game) {
        return DomineeringRows.notDomineering("total-mobility",
                "vertical minus horizontal domino placements", game);
    }

    private void requireCompatible(Game game) {
        Optional<String> why = incompatibility(game);
        if (why.isPresent()) {
            throw new IllegalArgumentException(why.get());
        }
    }

    @Override
    public int outputs(Game game) {
        requireCompatible(game);
        return 1;
    }

    @Override
    public void targets(Game game, GameState state, float[] out, int offset) {
        requireCompatible(game);
        out[offset] = (float) ((state.mobility(0) - state.mobility(1)) * scale);
    }
}
