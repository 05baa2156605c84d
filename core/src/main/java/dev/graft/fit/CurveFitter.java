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
 * <p>Bounds are kept by a parameter validator that clamps every trial point into them, with an
 * active set on top: after a run, a parameter that sits on a bound while the error's gradient
 * points out of the bounds is held there and the others are refitted, and a held parameter whose
 * gradient points back in is freed, until the set is stable (a Karush–Kuhn–Tucker point of the
 * bounded problem). A parameter with {@code lo == hi} is held fixed. Starts on or outside the
 * bounds are moved {@value #INSIDE} of the range inside.
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

    /** A parameter this close to a bound (relative to max(1, range)) counts as on it. */
    static final double ON_BOUND = 1e-9;

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
        int freeCount = 0;
        for (int i = 0; i < k; i++) {
            freeCount += bounds.upper(i) > bounds.lower(i) ? 1 : 0;
        }
        if (n < freeCount) {
            return FitResult.failure(n, starts.size(), "fewer points (" + n + ") than free parameters (" + freeCount + ")");
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
                double[] p = fitFrom(model, t, y, bounds, start);
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

    /**
     * One start: Levenberg–Marquardt with the parameters clamped into their bounds, then an active
     * set: a parameter that ended on a bound with the error's gradient pointing out of the box is
     * held there and the others refitted, a held one whose gradient points back in is freed, until
     * the set no longer changes. (Clamping alone can stop short: the optimiser's step for the free
     * parameters assumes the clamped one moved.)
     */
    private double[] fitFrom(FitModel model, double[] t, double[] y, Bounds bounds, double[] start) {
        int k = start.length;
        double[] p = new double[k];
        for (int i = 0; i < k; i++) {
            double lo = bounds.lower(i);
            double w = bounds.upper(i) - lo;
            double v = Double.isFinite(start[i]) ? start[i] : lo + w / 2;
            p[i] = Math.max(lo + INSIDE * w, Math.min(bounds.upper(i) - INSIDE * w, v));
        }
        boolean[] held = new boolean[k];
        for (int i = 0; i < k; i++) {
            held[i] = !(bounds.upper(i) > bounds.lower(i));
        }
        for (int round = 0; round <= 2 * k + 2; round++) {
            p = optimiseFree(model, t, y, bounds, p, held);
            boolean[] next = heldAfter(model, t, y, bounds, p);
            if (java.util.Arrays.equals(next, held)) {
                break;
            }
            held = next;
        }
        return p;
    }

    /** The parameters to hold at {@code p}: fixed ones, and those on a bound the error wants to cross. */
    private static boolean[] heldAfter(FitModel model, double[] t, double[] y, Bounds bounds, double[] p) {
        int k = p.length;
        double[] slope = new double[k];
        double[] grad = new double[k];
        for (int i = 0; i < t.length; i++) {
            double r = y[i] - model.value(t[i], p);
            model.gradient(t[i], p, grad);
            for (int j = 0; j < k; j++) {
                slope[j] -= 2 * r * grad[j];
            }
        }
        boolean[] held = new boolean[k];
        for (int j = 0; j < k; j++) {
            double lo = bounds.lower(j);
            double hi = bounds.upper(j);
            double eps = ON_BOUND * Math.max(1, hi - lo);
            held[j] = !(hi > lo) || (p[j] <= lo + eps && slope[j] > 0) || (p[j] >= hi - eps && slope[j] < 0);
        }
        return held;
    }

    /** Levenberg–Marquardt over the parameters not held, each clamped into its bounds. */
    private double[] optimiseFree(FitModel model, double[] t, double[] y, Bounds bounds, double[] p0, boolean[] held) {
        int n = t.length;
        int k = p0.length;
        int[] free = java.util.stream.IntStream.range(0, k).filter(i -> !held[i]).toArray();
        if (free.length == 0) {
            return p0.clone();
        }
        double[] u0 = new double[free.length];
        for (int j = 0; j < free.length; j++) {
            u0[j] = p0[free[j]];
        }
        MultivariateJacobianFunction function = point -> {
            double[] p = full(p0, free, point.toArray());
            double[] values = new double[n];
            double[][] jacobian = new double[n][free.length];
            double[] grad = new double[k];
            for (int i = 0; i < n; i++) {
                double v = model.value(t[i], p);
                if (!Double.isFinite(v)) {
                    throw new NonFinite("the curve is not finite at t = " + t[i]);
                }
                values[i] = v;
                model.gradient(t[i], p, grad);
                for (int j = 0; j < free.length; j++) {
                    double d = grad[free[j]];
                    if (!Double.isFinite(d)) {
                        throw new NonFinite("the gradient is not finite at t = " + t[i]);
                    }
                    jacobian[i][j] = d;
                }
            }
            return new Pair<RealVector, RealMatrix>(new ArrayRealVector(values, false),
                    new Array2DRowRealMatrix(jacobian, false));
        };
        LeastSquaresProblem problem = new LeastSquaresBuilder()
                .start(u0)
                .model(function)
                .target(y)
                .lazyEvaluation(false)
                .maxEvaluations(maxEvaluations)
                .maxIterations(maxEvaluations)
                .checker(new EvaluationRmsChecker(COST_TOLERANCE, 0))
                .parameterValidator(point -> {
                    double[] u = point.toArray();
                    for (int j = 0; j < free.length; j++) {
                        u[j] = Double.isNaN(u[j]) ? p0[free[j]] : bounds.clamp(free[j], u[j]);
                    }
                    return new ArrayRealVector(u, false);
                })
                .build();
        LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer().optimize(problem);
        return full(p0, free, optimum.getPoint().toArray());
    }

    private static double[] full(double[] base, int[] free, double[] u) {
        double[] p = base.clone();
        for (int j = 0; j < free.length; j++) {
            p[free[j]] = u[j];
        }
        return p;
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
}
