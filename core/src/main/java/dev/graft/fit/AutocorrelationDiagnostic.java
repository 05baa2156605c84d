package dev.graft.fit;

import dev.graft.spi.FitModel;

/**
 * Everything the study asks of a fit's residuals before its bootstrap interval is trusted: the
 * within-seed ACF with the effective number of points ({@link ResidualAutocorrelation}), the
 * between-seed cross-correlation and its permutation test ({@link SeedCorrelation}), the threat they add
 * up to ({@link BootstrapThreat}), and, when the threat is high or a block length was set, the block
 * bootstrap of the asymptote ({@link AsymptoteBootstrap#run(FitModel, CurveFitter, double[], double[][], int, long, int, int)}).
 *
 * @param residual    within-seed ACF, effective points, variance inflation
 * @param seeds       between-seed test (null with one seed or under 3 points)
 * @param threat      the study's classification
 * @param blockLength the block length used or suggested: the one set, else from the lag-1 ACF
 * @param fromAcf     whether {@code blockLength} came from the ACF (not set in the spec)
 * @param block       the block bootstrap (null when not run)
 */
public record AutocorrelationDiagnostic(ResidualAutocorrelation residual, SeedCorrelation seeds, BootstrapThreat threat,
                                        int blockLength, boolean fromAcf, AsymptoteBootstrap.Result block) {

    /** Lags of the within-seed ACF written to fits.json. */
    public static final int ACF_LAGS = 5;

    /**
     * @param setBlock     a block length from the spec (≥ 1: always run the block bootstrap with it), or 0
     *                     (from the ACF, run only when the threat is high)
     * @param permutations permutations of the seed-correlation test
     */
    public static AutocorrelationDiagnostic of(FitModel model, CurveFitter fitter, FitResult fit, double[] t,
                                               double[][] perSeed, int permutations, int setBlock, int replicates,
                                               long seed, int threads) {
        if (setBlock < 0) {
            throw new IllegalArgumentException("the block length must be 0 (from the ACF) or at least 1, got " + setBlock);
        }
        ResidualAutocorrelation residual = ResidualAutocorrelation.of(model, fit, t, perSeed, ACF_LAGS);
        SeedCorrelation seeds = SeedCorrelation.of(SeedCorrelation.residuals(model, fit.params(), t, perSeed),
                permutations, seed);
        BootstrapThreat threat = BootstrapThreat.of(seeds, residual.varianceInflation());
        double rho = residual.acf().length > 1 ? residual.acf()[1] : 0;
        int length = setBlock > 0 ? setBlock : BootstrapThreat.blockLength(rho);
        boolean run = perSeed.length > 1 && (setBlock > 0 || threat == BootstrapThreat.HIGH);
        AsymptoteBootstrap.Result block = run
                ? AsymptoteBootstrap.run(model, fitter, t, perSeed, replicates, seed, threads, length) : null;
        return new AutocorrelationDiagnostic(residual, seeds, threat, length, setBlock == 0, block);
    }
}
