package dev.graft.fit;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CurveFitterTest {

    private final CurveFitter fitter = new CurveFitter();

    @Test
    void an_unconstrained_line_is_the_least_squares_line() {
        double[] t = {1, 2, 3, 4, 5};
        double[] y = {1.1, 1.9, 3.2, 3.9, 5.1};
        FitResult fit = fitter.fit(new TestCurves.Line(-5, 5, List.of(new double[] {0, 0})), t, y);
        assertTrue(fit.ok(), fit.message());
        // Closed form: b = Sxy / Sxx = 10 / 10, a = ȳ − b·t̄ = 3.04 − 3.
        assertEquals(1.0, fit.param(1), 1e-9);
        assertEquals(0.04, fit.param(0), 1e-9);
    }

    @Test
    void a_binding_bound_holds_its_parameter_there_and_fits_the_others_exactly() {
        double[] t = {1, 2, 3, 4, 5};
        double[] y = {5, 4.2, 2.9, 2.1, 1};
        // The data fall, but b ≥ 0: the bounded optimum is b = 0 and a = mean(y).
        FitResult fit = fitter.fit(new TestCurves.Line(0, 5, List.of(new double[] {1, 2})), t, y);
        assertTrue(fit.ok(), fit.message());
        assertEquals(0, fit.param(1), 1e-12, "b on its lower bound");
        assertEquals(3.04, fit.param(0), 1e-9, "a is the mean of y");
    }

    @Test
    void the_best_of_several_starts_is_kept() {
        double[] t = TestCurves.steps(40, 0.25);
        double[] y = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            y[i] = Math.cos(2.3 * t[i]);
        }
        FitResult fromWrong = fitter.fit(new TestCurves.Cosine(List.of(new double[] {0.6})), t, y);
        FitResult both = fitter.fit(new TestCurves.Cosine(List.of(new double[] {0.6}, new double[] {2.2})), t, y);
        assertTrue(fromWrong.ok() && both.ok());
        assertTrue(Math.abs(fromWrong.param(0) - 2.3) > 0.1, "a start far off ends in another minimum");
        assertEquals(2.3, both.param(0), 1e-6);
        assertEquals(2, both.starts());
        assertTrue(both.sse() < fromWrong.sse());
    }

    @Test
    void a_curve_that_is_not_finite_fails_and_is_not_replaced() {
        FitResult fit = fitter.fit(new TestCurves.Breaking(), new double[] {1, 2, 3}, new double[] {3, 3, 3});
        assertFalse(fit.ok());
        assertTrue(fit.message().contains("not finite"), fit.message());
        assertTrue(Double.isNaN(fit.sse()) && Double.isNaN(fit.bic()));
        assertEquals(0, fit.params().length);
        assertThrows(IllegalStateException.class, () -> fit.param(0));
    }

    @Test
    void an_exhausted_evaluation_budget_is_a_failed_fit() {
        double[] t = TestCurves.steps(30, 1000);
        Random r = new Random(1);
        double[] y = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            y[i] = 0.04 + 0.1 * Math.exp(-t[i] / 7000) + 0.003 * r.nextGaussian();
        }
        TestCurves.Exponential model = new TestCurves.Exponential(v -> new double[] {-0.45, 0.9, 80000});
        FitResult starved = new CurveFitter(10).fit(model, t, y);
        assertFalse(starved.ok());
        assertTrue(starved.message().contains("no start converged"), starved.message());
        FitResult fed = fitter.fit(model, t, y);
        assertTrue(fed.ok(), fed.message());
        assertEquals(0.04, fed.param(0), 0.01);
    }

    @Test
    void bic_is_k_ln_n_minus_twice_the_gaussian_log_likelihood() {
        double[] t = {1, 2, 3, 4, 5, 6};
        double[] y = {1.2, 1.8, 3.1, 4.2, 4.8, 6.3};
        FitResult fit = fitter.fit(new TestCurves.Line(-5, 5, List.of(new double[] {0, 1})), t, y);
        int n = 6;
        double sigma2 = fit.sse() / n;
        double logL = -n / 2.0 * Math.log(2 * Math.PI * sigma2) - n / 2.0;
        assertEquals(2 * Math.log(n) - 2 * logL, fit.bic(), 1e-9);
        assertEquals(fit.sse(), CurveFitter.sse(new TestCurves.Line(-5, 5, List.of()), t, y, fit.params()), 1e-15);
    }

    @Test
    void points_must_be_finite_and_in_increasing_steps() {
        TestCurves.Line line = new TestCurves.Line(-1, 1, List.of(new double[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> fitter.fit(line, new double[] {2, 1}, new double[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> fitter.fit(line, new double[] {1, 2}, new double[] {0, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> fitter.fit(line, new double[] {1}, new double[] {0, 1}));
    }
}
