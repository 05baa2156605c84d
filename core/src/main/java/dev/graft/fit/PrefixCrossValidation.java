package dev.graft.fit;

import dev.graft.spi.FitModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The study's prefix cross-validation: fit a model on the first fraction f of a curve (its bounds
 * and starts computed from that prefix alone), predict the rest, and score the prediction by RMSE
 * and MAE. The prefix has {@code floor(n·f)} points; an f that leaves fewer than
 * {@value #MIN_PREDICTED} points to predict is skipped.
 */
public final class PrefixCrossValidation {

    /** Fewest points left to predict for a fraction to be scored. */
    public static final int MIN_PREDICTED = 3;

    private PrefixCrossValidation() {
    }

    /** What happened at one fraction. */
    public enum Status {
        /** Fitted on the prefix and scored on the rest. */
        OK,
        /** The fit on the prefix failed; no errors. */
        FAILED,
        /** Too few points would be left to predict. */
        SKIPPED
    }

    /**
     * @param f         the fraction
     * @param fitted    points in the prefix
     * @param predicted points predicted
     * @param rmse      root mean squared prediction error (NaN unless OK)
     * @param mae       mean absolute prediction error (NaN unless OK)
     * @param fit       the fit on the prefix (null when skipped)
     */
    public record Fold(double f, Status status, int fitted, int predicted, double rmse, double mae, FitResult fit) {
    }

    /** One fold per fraction, in the order given. */
    public static List<Fold> run(FitModel model, CurveFitter fitter, double[] t, double[] y, List<Double> fractions) {
        List<Fold> folds = new ArrayList<>();
        int n = t.length;
        for (double f : fractions) {
            if (!(f > 0 && f < 1)) {
                throw new IllegalArgumentException("prefix fraction must be in (0, 1), got " + f);
            }
            int fitted = (int) (n * f);
            int predicted = n - fitted;
            if (predicted < MIN_PREDICTED || fitted < 1) {
                folds.add(new Fold(f, Status.SKIPPED, fitted, predicted, Double.NaN, Double.NaN, null));
                continue;
            }
            double[] tf = Arrays.copyOfRange(t, 0, fitted);
            double[] yf = Arrays.copyOfRange(y, 0, fitted);
            FitResult fit = fitter.fit(model, tf, yf);
            if (!fit.ok()) {
                folds.add(new Fold(f, Status.FAILED, fitted, predicted, Double.NaN, Double.NaN, fit));
                continue;
            }
            double[] p = fit.params();
            double squares = 0;
            double absolute = 0;
            for (int i = fitted; i < n; i++) {
                double e = y[i] - model.value(t[i], p);
                squares += e * e;
                absolute += Math.abs(e);
            }
            folds.add(new Fold(f, Status.OK, fitted, predicted, Math.sqrt(squares / predicted), absolute / predicted, fit));
        }
        return folds;
    }
}
