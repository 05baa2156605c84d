package dev.graft.probe;

import dev.graft.model.ModelOutputs;

/**
 * How well a model's own heads do on the probe positions: its value head against the games'
 * outcomes (and the share of the majority outcome, which a model that always predicts one side
 * scores exactly), and its auxiliary head against the auxiliary targets (R² = 1 − MSE / variance per
 * output, averaged uniformly over outputs, as the probes score). Written as {@code heads.json} beside
 * a model's final probe; the report reads it to check that the small models learned anything.
 *
 * @param positions     positions scored
 * @param valueAccuracy share of positions whose value logit has the outcome's sign (logit &gt; 0 for a first-player win)
 * @param majorityShare share of the more frequent outcome among the positions
 * @param auxMse        mean squared error of the auxiliary head over positions and outputs (NaN without an aux head)
 * @param auxVariance   mean over outputs of each target's variance (population, over the positions)
 * @param auxR2         mean over outputs of 1 − MSE/variance (NaN without an aux head)
 */
public record HeadScores(int positions, double valueAccuracy, double majorityShare, double auxMse, double auxVariance,
                         double auxR2) {

    /** The scores of {@code outputs} (the model's forward pass on the first n positions of {@code set}). */
    public static HeadScores of(ModelOutputs outputs, ProbeSet set, int n) {
        if (set.outcomes().length < n) {
            throw new IllegalArgumentException("the probe set has no outcomes to score the value head with");
        }
        float[] outcomes = set.outcomes();
        int right = 0;
        int wins = 0;
        for (int i = 0; i < n; i++) {
            boolean won = outcomes[i] > 0.5f;
            wins += won ? 1 : 0;
            right += (outputs.value()[i] > 0) == won ? 1 : 0;
        }
        double majority = Math.max(wins, n - wins) / (double) n;
        int k = set.outputs();
        double mse = Double.NaN;
        double variance = 0;
        double r2 = Double.NaN;
        boolean hasAux = outputs.aux().length >= n && n > 0 && outputs.aux()[0].length == k && k > 0;
        double sse = 0;
        double r2Sum = 0;
        for (int j = 0; j < k; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += set.targets()[i][j];
            }
            mean /= n;
            double sst = 0;
            double sseJ = 0;
            for (int i = 0; i < n; i++) {
                double y = set.targets()[i][j];
                sst += (y - mean) * (y - mean);
                if (hasAux) {
                    double e = y - outputs.aux()[i][j];
                    sseJ += e * e;
                }
            }
            variance += sst / n / k;
            sse += sseJ;
            r2Sum += sst > 0 ? 1 - sseJ / sst : (sseJ == 0 ? 1 : 0);
        }
        if (hasAux) {
            mse = sse / ((double) n * k);
            r2 = r2Sum / k;
        }
        return new HeadScores(n, right / (double) n, majority, mse, variance, r2);
    }
}
