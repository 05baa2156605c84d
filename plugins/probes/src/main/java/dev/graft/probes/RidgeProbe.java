package dev.graft.probes;

import dev.graft.spi.Probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ridge regression from activations to targets, scored by R² on the held-out rows: each output's R²
 * against the held-out mean, averaged uniformly over outputs, which is what scikit-learn's
 * {@code Ridge(alpha).fit(X, y).score(X_held, y_held)} returns. With candidate {@code alphas}, α is
 * chosen first by k-fold cross-validation on the training rows only (contiguous folds in row order,
 * the α with the best mean fold R²; the first of equals), then refitted on every training row.
 */
public final class RidgeProbe implements Probe {
    private final double alpha;
    private final boolean intercept;
    private final boolean standardize;
    private final double heldout;
    private final List<Double> alphas;
    private final int folds;

    /**
     * @param alpha       regularisation strength (&gt; 0), used when {@code alphas} is empty
     * @param intercept   fit an unpenalised intercept
     * @param standardize scale features to unit variance on the training rows first
     * @param heldout     fraction of rows held out for scoring, in (0, 1)
     * @param alphas      candidate strengths for cross-validation (each &gt; 0); empty to use {@code alpha}
     * @param folds       cross-validation folds (≥ 2)
     *                    (each value is declared and checked once, as an option of {@link RidgeProbeFactory})
     */
    RidgeProbe(double alpha, boolean intercept, boolean standardize, double heldout, List<Double> alphas, int folds) {
        this.alpha = alpha;
        this.intercept = intercept;
        this.standardize = standardize;
        this.heldout = heldout;
        this.alphas = List.copyOf(alphas);
        this.folds = folds;
    }

    @Override
    public double heldoutFraction() {
        return heldout;
    }

    @Override
    public Optional<String> incompatibility(int features, int trainingRows, int heldoutRows) {
        int needed = features + (intercept ? 1 : 0);
        if (heldoutRows < 2) {
            return Optional.of("R² needs at least 2 held-out rows, got " + heldoutRows
                    + "; use more positions or a larger heldout fraction");
        }
        if (trainingRows < needed) {
            return Optional.of("a linear readout of " + features + " features" + (intercept ? " plus an intercept" : "")
                    + " needs at least " + needed + " rows to fit, got " + trainingRows + " (with fewer rows than"
                    + " unknowns the fit is decided by the regularisation alone); use at least "
                    + (int) Math.ceil(needed / (1 - heldout) + 1) + " positions");
        }
        if (!alphas.isEmpty() && trainingRows < 2 * folds) {
            return Optional.of(folds + "-fold cross-validation over alphas needs at least " + 2 * folds
                    + " training rows, got " + trainingRows + "; use more positions or fewer folds");
        }
        return Optional.empty();
    }

    @Override
    public ProbeResult fit(float[][] activations, float[][] targets, boolean[] heldoutMask) {
        int n = activations.length;
        if (targets.length != n || heldoutMask.length != n) {
            throw new IllegalArgumentException("activations, targets and held-out mask need one row per position, got "
                    + n + ", " + targets.length + " and " + heldoutMask.length);
        }
        List<double[]> xTrain = new ArrayList<>();
        List<double[]> yTrain = new ArrayList<>();
        List<double[]> xHeld = new ArrayList<>();
        List<double[]> yHeld = new ArrayList<>();
        int d = n == 0 ? 0 : activations[0].length;
        int k = n == 0 ? 0 : targets[0].length;
        for (int i = 0; i < n; i++) {
            if (activations[i].length != d || targets[i].length != k) {
                throw new IllegalArgumentException("row " + i + " has " + activations[i].length + " features and "
                        + targets[i].length + " targets; every row needs " + d + " and " + k);
            }
            (heldoutMask[i] ? xHeld : xTrain).add(toDouble(activations[i]));
            (heldoutMask[i] ? yHeld : yTrain).add(toDouble(targets[i]));
        }
        if (k == 0 || xTrain.isEmpty() || xHeld.size() < 2) {
            throw new IllegalArgumentException("ridge needs targets, training rows and at least 2 held-out rows, got "
                    + k + " targets, " + xTrain.size() + " training and " + xHeld.size() + " held-out rows");
        }
        double[][] xt = xTrain.toArray(new double[0][]);
        double[][] yt = yTrain.toArray(new double[0][]);
        Map<String, Object> info = new LinkedHashMap<>();
        double chosen = alpha;
        if (!alphas.isEmpty()) {
            double[] cv = crossValidate(xt, yt);
            int best = 0;
            for (int a = 1; a < cv.length; a++) {
                if (cv[a] > cv[best]) {
                    best = a;
                }
            }
            chosen = alphas.get(best);
            List<Double> scores = new ArrayList<>();
            for (double s : cv) {
                scores.add(s);
            }
            info.put("alphas", alphas);
            info.put("cv_r2", scores);
            info.put("folds", folds);
        }
        RidgeRegression.Fit fit = RidgeRegression.fit(xt, yt, chosen, intercept, standardize);
        double[][] yh = yHeld.toArray(new double[0][]);
        double[] perOutput = RidgeRegression.r2PerOutput(yh, fit.predict(xHeld.toArray(new double[0][])));
        return new ProbeResult(RidgeRegression.mean(perOutput), perOutput, info, chosen);
    }

    /** Mean fold R² of each candidate α. */
    private double[] crossValidate(double[][] x, double[][] y) {
        int n = x.length;
        double[] scores = new double[alphas.size()];
        for (int f = 0; f < folds; f++) {
            int from = (int) ((long) n * f / folds);
            int to = (int) ((long) n * (f + 1) / folds);
            double[][] xFit = new double[n - (to - from)][];
            double[][] yFit = new double[xFit.length][];
            double[][] xVal = java.util.Arrays.copyOfRange(x, from, to);
            double[][] yVal = java.util.Arrays.copyOfRange(y, from, to);
            int r = 0;
            for (int i = 0; i < n; i++) {
                if (i < from || i >= to) {
                    xFit[r] = x[i];
                    yFit[r++] = y[i];
                }
            }
            for (int a = 0; a < alphas.size(); a++) {
                RidgeRegression.Fit fit = RidgeRegression.fit(xFit, yFit, alphas.get(a), intercept, standardize);
                scores[a] += RidgeRegression.mean(RidgeRegression.r2PerOutput(yVal, fit.predict(xVal))) / folds;
            }
        }
        return scores;
    }

    private static double[] toDouble(float[] row) {
        double[] out = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            out[i] = row[i];
        }
        return out;
    }

    @Override
    public String toString() {
        return "RidgeProbe[alpha " + (alphas.isEmpty() ? alpha : "by " + folds + "-fold CV over " + alphas)
                + ", intercept " + intercept + ", standardize " + standardize + ", heldout " + heldout + "]";
    }
}
