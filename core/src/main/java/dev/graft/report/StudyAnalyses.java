package dev.graft.report;

import dev.graft.spec.Section;

import java.util.List;

/**
 * The {@code analysis} options of the study's further analyses (docs/fits.md, docs/probes.md): the
 * permutation test of the residuals' seed correlation, the block bootstrap's block length, the α sweep
 * of the final probes and the target-column permutation test.
 *
 * @param permutations       permutations of the seed-correlation test (the study: 1,000)
 * @param blockLength        0: the block bootstrap runs when the diagnostic says the plain interval is too
 *                           narrow, with a block length from the ACF; ≥ 1: it always runs, with this length
 * @param alphaCount         α values of the sweep, log-spaced from {@code alphaMin} to {@code alphaMax}; 0: no sweep
 * @param alphaMin           smallest α, &gt; 0
 * @param alphaMax           largest α, ≥ alphaMin
 * @param columnPermutations permutations of the final probes' target columns (the study: 1,000); 0: no test
 */
public record StudyAnalyses(int permutations, int blockLength, int alphaCount, double alphaMin, double alphaMax,
                            int columnPermutations) {

    /** What a spec gets by default: the permutation test and the automatic block bootstrap, no sweep, no column test. */
    public static final StudyAnalyses DEFAULT = new StudyAnalyses(1000, 0, 0, 1e-6, 1e6, 0);

    public StudyAnalyses {
        if (permutations < 1) {
            throw new IllegalArgumentException("permutations must be at least 1, got " + permutations);
        }
        if (blockLength < 0) {
            throw new IllegalArgumentException("block_length must be 0 (from the ACF) or at least 1, got " + blockLength);
        }
        if (alphaCount < 0 || columnPermutations < 0) {
            throw new IllegalArgumentException("alpha_sweep and column_permutations must be at least 0");
        }
        if (alphaCount > 0 && !(alphaMin > 0 && alphaMax >= alphaMin && Double.isFinite(alphaMax))) {
            throw new IllegalArgumentException("the α range must be [min, max] with 0 < min ≤ max, got [" + alphaMin + ", "
                    + alphaMax + "]");
        }
    }

    /** The α values: {@code alphaCount} points evenly spaced in log10 from min to max (numpy's logspace). */
    public double[] alphas() {
        double[] out = new double[alphaCount];
        double lo = Math.log10(alphaMin);
        double hi = Math.log10(alphaMax);
        for (int i = 0; i < alphaCount; i++) {
            out[i] = alphaCount == 1 ? alphaMin : Math.pow(10, lo + (hi - lo) * i / (alphaCount - 1));
        }
        return out;
    }

    /** The options of a validated {@code analysis} section; absent keys keep {@link #DEFAULT}'s values. */
    static StudyAnalyses from(Section analysis) {
        int permutations = analysis.has("permutations") ? analysis.integer("permutations") : DEFAULT.permutations;
        int block = analysis.has("block_length") ? analysis.integer("block_length") : DEFAULT.blockLength;
        int count = analysis.has("alpha_sweep") ? analysis.integer("alpha_sweep") : DEFAULT.alphaCount;
        double lo = DEFAULT.alphaMin;
        double hi = DEFAULT.alphaMax;
        if (analysis.has("alpha_range")) {
            List<?> range = (List<?>) analysis.get("alpha_range");
            lo = ((Number) range.get(0)).doubleValue();
            hi = ((Number) range.get(1)).doubleValue();
        }
        int columns = analysis.has("column_permutations") ? analysis.integer("column_permutations")
                : DEFAULT.columnPermutations;
        return new StudyAnalyses(permutations, block, count, lo, hi, columns);
    }
}
