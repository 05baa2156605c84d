package dev.graft.fit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A fit is OK only when it describes its curve; synthetic curves of each kind, fitted by the real fitter. */
class FitCheckTest {
    private static final TestCurves.Exponential MODEL = TestCurves.Exponential.standard();

    static double[] steps() {
        return TestCurves.steps(20, 100);
    }

    static double[] curve(double[] t, java.util.function.DoubleUnaryOperator f, double noise, long seed) {
        return TestCurves.noisy(t, f, noise, seed);
    }

    static FitCheck check(double[] t, double[] y) {
        FitResult fit = new CurveFitter().fit(MODEL, t, y);
        return FitCheck.of(MODEL, MODEL.bounds(t, y), t, y, fit, null);
    }

    @Test
    void a_clean_decay_is_ok() {
        double[] t = steps();
        double[] y = curve(t, x -> 0.04 + 0.1 * Math.exp(-x / 500), 0.002, 1);
        FitCheck c = check(t, y);
        assertEquals(FitStatus.OK, c.status(), c.reasons().toString());
        assertTrue(c.reasons().isEmpty());
        assertEquals(Trend.Direction.FALLING, c.trend().direction());
    }

    @Test
    void a_rising_gap_has_the_wrong_shape_for_a_decay_model() {
        double[] t = steps();
        // the quickstart's measured shape: the mean gap rises from about 0.014 to 0.092
        double[] y = curve(t, x -> 0.014 + 0.078 * (x - 100) / 1900, 0.003, 2);
        FitCheck c = check(t, y);
        assertEquals(FitStatus.WRONG_SHAPE, c.status(), c.reasons().toString());
        assertEquals(Trend.Direction.RISING, c.trend().direction());
        assertTrue(c.reasons().get(0).contains("the gap rose"), c.reasons().toString());
        assertTrue(c.reasons().stream().anyMatch(r -> r.contains("at its")), "a rising gap pins the decay on its bounds: " + c.reasons());
    }

    @Test
    void a_flat_line_has_no_trend_to_extrapolate() {
        double[] t = steps();
        double[] y = curve(t, x -> 0.06, 0.003, 3);
        FitCheck c = check(t, y);
        assertEquals(FitStatus.NO_TREND, c.status(), c.reasons().toString());
        assertTrue(c.reasons().get(0).contains("no trend"), c.reasons().toString());
    }

    @Test
    void a_decay_faster_than_the_bounds_allow_sits_on_a_bound() {
        double[] t = steps();
        // tau = 30 steps, below the model's lower bound of 100
        double[] y = curve(t, x -> 0.02 + 0.8 * Math.exp(-x / 30), 0.0005, 4);
        FitCheck c = check(t, y);
        assertEquals(FitStatus.ON_BOUND, c.status(), c.reasons().toString());
        assertTrue(c.reasons().get(0).contains("tau at its lower bound 100"), c.reasons().toString());
    }

    @Test
    void residuals_of_one_sign_in_long_stretches_are_systematic() {
        // a sine wave around a decay: the exponential cannot follow it, though no parameter is pinned
        double[] t = TestCurves.steps(40, 100);
        double[] y = curve(t, x -> 0.05 + 0.1 * Math.exp(-x / 800) + 0.01 * Math.sin(x / 500), 0.0005, 5);
        FitCheck c = check(t, y);
        assertTrue(c.reasons().stream().anyMatch(r -> r.contains("runs")), c.reasons().toString());
        assertTrue(c.runs().z() <= RunsTest.Z_CRITICAL, "z " + c.runs().z());
    }

    @Test
    void a_bootstrap_that_mostly_fell_back_is_not_trusted() {
        double[] t = steps();
        double[] y = curve(t, x -> 0.04 + 0.1 * Math.exp(-x / 500), 0.002, 1);
        FitResult fit = new CurveFitter().fit(MODEL, t, y);
        AsymptoteBootstrap.Result mostlyFailed = new AsymptoteBootstrap.Result(new double[100], 11, 0, 0);
        FitCheck c = FitCheck.of(MODEL, MODEL.bounds(t, y), t, y, fit, mostlyFailed);
        assertEquals(FitStatus.BOOTSTRAP_FAILURES, c.status());
        AsymptoteBootstrap.Result fine = new AsymptoteBootstrap.Result(new double[100], 10, 0, 0);
        assertEquals(FitStatus.OK, FitCheck.of(MODEL, MODEL.bounds(t, y), t, y, fit, fine).status());
    }

    @Test
    void the_runs_test_matches_the_textbook_formula() {
        // signs + + - - - + + + + - : 4 runs, n+ = 6, n- = 4
        RunsTest r = RunsTest.of(new double[] {1, 2, -1, -1, -3, 1, 1, 1, 2, -2});
        assertEquals(4, r.runs());
        double mu = 2.0 * 6 * 4 / 10 + 1;
        double var = 2.0 * 6 * 4 * (2.0 * 6 * 4 - 10) / (100.0 * 9);
        assertEquals(mu, r.expected(), 1e-12);
        assertEquals((4 - mu) / Math.sqrt(var), r.z(), 1e-12);
    }

    @Test
    void the_trend_slope_matches_least_squares_by_hand() {
        double[] t = {1, 2, 3, 4};
        double[] y = {1, 3, 2, 5};
        Trend tr = Trend.of(t, y);
        // slope = Σ(t−2.5)(y−2.75)/Σ(t−2.5)² = 5.5/5 = 1.1
        assertEquals(1.1, tr.slope(), 1e-12);
        // residuals −0.1, 0.8, −1.3, 0.6 → SSE 2.7; se = sqrt(2.7/(n−2)/5)
        assertEquals(Math.sqrt(2.7 / 2 / 5), tr.se(), 1e-12);
    }
}
