package dev.graft.fit;

import dev.graft.spi.FitModel;
import dev.graft.spi.FitModel.Bounds;
import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.EvaluationRmsChecker;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresProblem;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.MultivariateJacobianFunction;
import org.hipparchus.util.Pair;

import java.util.List;

/**
 * Bounded, unweighted least squares with Hipparchus' Levenberg–Marquardt optimiser, from each of a
 * model's starts, keeping the fit with the smallest sum of squared errors.
 *
 * <p>Bounds are kept by a change of variables: the optimiser moves an unbounded {@code u} and the
 * model sees {@code p = lo + (hi − lo)·(1 + sin u)/2}, which can reach either bound but never
 * leave them (the parameter transformation MINUIT uses), so there is no clamping that would stall
 * the optimiser's step control. A parameter with {@code lo == hi} is held fixed. Starts on or
 * outside the bounds are moved {@value #INSIDE} of the range inside, where the transformation
 * still has a slope.
 *
 * <p>A start has converged when the RMS error changes by less than {@value #COST_TOLERANCE} of
 * itself between iterations, or when Levenberg–Marquardt's own tests are met.
 * A start fails when the optimiser exceeds its evaluation or iteration budget, when the model
 * gives a non-finite value or gradient, or when Hipparchus reports a numerical problem; a fit fails
 * when every start failed or when there are fewer points than free parameters. Thread-safe.
 */
public final class CurveFitter {

    /** How far inside the bounds a start on a bound is moved, as a fraction of the range. */
    static final double INSIDE = 1e-3;

    /**
     * A start has converged when the root mean squared error changes by less than this fraction
     * between iterations (scipy's least-squares default ftol), or when Levenberg–Marquardt's own
     * tests say so.
     */
    static final double COST_TOLERANCE = 1e-8;

    /** Default evaluation budget per start (the study's curve_fit used maxfev = 5000). */
    public static final int DEFAULT_MAX_EVALUATIONS = 5000;

    private final int maxEvaluations;

    public CurveFitter() {
        this(DEFAULT_MAX_EVALUATIONS);
    }

    /** @param maxEvaluations model evaluations allowed per start before that start counts as failed */
    public CurveFitter(int maxEvaluations) {
        if (maxEvaluations < 10) {
            throw new IllegalArgumentException("maxEvaluations must be at least 10, got " + maxEvaluations);
        }
        this.maxEvaluations = maxEvaluations;
    }

    /**
     * Fits {@code model} to the points, with the bounds and starts the model derives from them.
     *
     * @param t steps, increasing
     * @param y values, one per step
     */
    public FitResult fit(FitModel model, double[] t, double[] y) {
        checkPoints(t, y);
        Bounds bounds = model.bounds(t, y);
        return fit(model, t, y, bounds, model.starts(t, y, bounds));
    }

    /** Fits from the given starts within the given bounds. */
    public FitResult fit(FitModel model, double[] t, double[] y, Bounds bounds, List<double[]> starts) {
        checkPoints(t, y);
        int k = model.parameters().size();
        if (bounds.size() != k) {
            throw new IllegalArgumentException(model.getClass().getSimpleName() + " has " + k + " parameters but "
                    + bounds.size() + " bounds");
        }
        if (starts.isEmpty()) {
            throw new IllegalArgumentException(model.getClass().getSimpleName() + " gave no start values");
        }
        int n = t.length;
        Transform transform = new Transform(bounds);
        if (n < transform.free()) {
            return FitResult.failure(n, starts.size(), "fewer points (" + n + ") than free parameters ("
                    + transform.free() + ")");
        }
        double[] best = null;
        double bestSse = Double.POSITIVE_INFINITY;
        int failed = 0;
        String firstFailure = null;
        for (double[] start : starts) {
            if (start.length != k) {
                throw new IllegalArgumentException(model.getClass().getSimpleName() + " gave a start with "
                        + start.length + " values for " + k + " parameters");
            }
            try {
                double[] p = fitFrom(model, t, y, transform, start);
                double sse = sse(model, t, y, p);
                if (!Double.isFinite(sse) || !allFinite(p)) {
                    throw new NonFinite("non-finite result");
                }
                if (sse < bestSse) {
                    bestSse = sse;
                    best = p;
                }
            } catch (MathRuntimeException | NonFinite e) {
                failed++;
                if (firstFailure == null) {
                    firstFailure = e.getMessage();
                }
            }
        }
        if (best == null) {
            return FitResult.failure(n, starts.size(), "no start converged (" + starts.size() + " tried; first: "
                    + firstFailure + ")");
        }
        double[] canonical = model.canonical(best);
        return new FitResult(true, canonical, bestSse, FitResult.bic(bestSse, n, k), n, starts.size(), failed, "");
    }

    private double[] fitFrom(FitModel model, double[] t, double[] y, Transform transform, double[] start) {
        double[] u0 = transform.toFree(start);
        if (u0.length == 0) {
            return transform.toParams(u0);
        }
        int n = t.length;
        int k = start.length;
        MultivariateJacobianFunction function = point -> {
            double[] u = point.toArray();
            double[] p = transform.toParams(u);
            double[] values = new double[n];
            double[][] jacobian = new double[n][u.length];
            double[] grad = new double[k];
            for (int i = 0; i < n; i++) {
                double v = model.value(t[i], p);
                if (!Double.isFinite(v)) {
                    throw new NonFinite("the curve is not finite at t = " + t[i]);
                }
                values[i] = v;
                model.gradient(t[i], p, grad);
                for (int j = 0; j < u.length; j++) {
                    int param = transform.index(j);
                    double d = grad[param] * transform.slope(j, u[j]);
                    if (!Double.isFinite(d)) {
                        throw new NonFinite("the gradient is not finite at t = " + t[i]);
                    }
                    jacobian[i][j] = d;
                }
            }
            RealVector value = new ArrayRealVector(values, false);
            RealMatrix jac = new Array2DRowRealMatrix(jacobian, false);
            return new Pair<>(value, jac);
        };
        LeastSquaresProblem problem = new LeastSquaresBuilder()
                .start(u0)
                .model(function)
                .target(y)
                .lazyEvaluation(false)
                .maxEvaluations(maxEvaluations)
                .maxIterations(maxEvaluations)
                .checker(new EvaluationRmsChecker(COST_TOLERANCE, 0))
                .build();
        LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer().optimize(problem);
        return transform.toParams(optimum.getPoint().toArray());
    }

    /** Sum of squared errors of the curve with parameters {@code p} on the points. */
    public static double sse(FitModel model, double[] t, double[] y, double[] p) {
        double s = 0;
        for (int i = 0; i < t.length; i++) {
            double r = y[i] - model.value(t[i], p);
            s += r * r;
        }
        return s;
    }

    private static boolean allFinite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    private static void checkPoints(double[] t, double[] y) {
        if (t.length != y.length) {
            throw new IllegalArgumentException(t.length + " steps but " + y.length + " values");
        }
        if (t.length == 0) {
            throw new IllegalArgumentException("no points to fit");
        }
        for (int i = 0; i < t.length; i++) {
            if (!Double.isFinite(t[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("point " + i + " is not finite: (" + t[i] + ", " + y[i] + ")");
            }
            if (i > 0 && !(t[i] > t[i - 1])) {
                throw new IllegalArgumentException("steps must increase, but t[" + i + "] = " + t[i] + " follows " + t[i - 1]);
            }
        }
    }

    /** The model gave something that is not a number; this start fails. */
    private static final class NonFinite extends RuntimeException {
        NonFinite(String message) {
            super(message, null, false, false);
        }
    }

    /** The bounded ↔ free change of variables; fixed parameters (lo == hi) have no free variable. */
    private static final class Transform {
        private final double[] lo;
        private final double[] hi;
        private final int[] freeIndex;

        Transform(Bounds bounds) {
            lo = bounds.lower();
            hi = bounds.upper();
            int free = 0;
            for (int i = 0; i < lo.length; i++) {
                if (hi[i] > lo[i]) {
                    free++;
                }
            }
            freeIndex = new int[free];
            for (int i = 0, j = 0; i < lo.length; i++) {
                if (hi[i] > lo[i]) {
                    freeIndex[j++] = i;
                }
            }
        }

        int free() {
            return freeIndex.length;
        }

        int index(int j) {
            return freeIndex[j];
        }

        double[] toFree(double[] p) {
            double[] u = new double[freeIndex.length];
            for (int j = 0; j < u.length; j++) {
                int i = freeIndex[j];
                double w = hi[i] - lo[i];
                double v = Double.isFinite(p[i]) ? p[i] : (lo[i] + hi[i]) / 2;
                v = Math.max(lo[i] + INSIDE * w, Math.min(hi[i] - INSIDE * w, v));
                u[j] = Math.asin(2 * (v - lo[i]) / w - 1);
            }
            return u;
        }

        double[] toParams(double[] u) {
            double[] p = new double[lo.length];
            for (int i = 0; i < lo.length; i++) {
                p[i] = lo[i];
            }
            for (int j = 0; j < u.length; j++) {
                int i = freeIndex[j];
                double v = lo[i] + (hi[i] - lo[i]) * (1 + Math.sin(u[j])) / 2;
                p[i] = Math.max(lo[i], Math.min(hi[i], v));
            }
            return p;
        }

        /** dp/du of free variable j at u. */
        double slope(int j, double u) {
            int i = freeIndex[j];
            return (hi[i] - lo[i]) * Math.cos(u) / 2;
        }
    }
}
