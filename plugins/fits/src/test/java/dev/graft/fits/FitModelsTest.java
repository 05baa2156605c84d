package dev.graft.fits;

import dev.graft.fit.CurveFitter;
import dev.graft.fit.FitResult;
import dev.graft.spi.FitModel;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each fit model: its curve, gradient, bounds and starts, and fits that recover known parameters from noisy curves. */
class FitModelsTest {

    static final CurveFitter FITTER = new CurveFitter();

    /** Steps 1,000 … 61,000 like the study's probes. */
    static double[] studySteps() {
        double[] t = new double[61];
        for (int i = 0; i < t.length; i++) {
            t[i] = 1000.0 * (i + 1);
        }
        return t;
    }

    static double[] noisy(FitModel model, double[] truth, double[] t, double sd, long seed) {
        Random random = new Random(seed);
        double[] y = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            y[i] = model.value(t[i], truth) + sd * random.nextGaussian();
        }
        return y;
    }

    static Map<String, FitModel> models() {
        Map<String, FitModel> out = new TreeMap<>();
        for (PluginFactory<?> f : new FitsPlugin().factories()) {
            assertEquals(PluginKind.FIT_MODEL, f.kind());
            out.put(f.name(), (FitModel) f.create(Options.empty()));
        }
        return out;
    }

    @Test
    void the_plugin_contributes_the_four_models_under_their_spec_names() {
        assertEquals(List.of("double-exponential", "double-power-law", "exponential-offset", "power-law-offset"),
                List.copyOf(models().keySet()));
        for (FitModel m : models().values()) {
            assertEquals("gap_inf", m.parameters().get(m.asymptoteIndex()));
        }
        assertEquals(List.of("gap_inf", "A", "tau"), models().get("exponential-offset").parameters());
        assertEquals(List.of("gap_inf", "A", "alpha", "t0"), models().get("power-law-offset").parameters());
        assertEquals(List.of("gap_inf", "A1", "A2", "tau1", "tau2"), models().get("double-exponential").parameters());
        assertEquals(List.of("gap_inf", "A1", "A2", "alpha1", "alpha2", "t0"), models().get("double-power-law").parameters());
    }

    @Test
    void gradients_match_central_differences() {
        Map<String, double[]> at = Map.of(
                "exponential-offset", new double[] {0.03, 0.2, 7000},
                "power-law-offset", new double[] {0.01, 4, 0.6, 900},
                "double-exponential", new double[] {0.02, 0.1, 0.05, 1500, 12000},
                "double-power-law", new double[] {0.01, 0.8, 3, 0.3, 0.9, 1200});
        models().forEach((name, model) -> {
            double[] p = at.get(name);
            for (double t : new double[] {0, 1000, 25000, 61000}) {
                double[] g = new double[p.length];
                model.gradient(t, p, g);
                for (int j = 0; j < p.length; j++) {
                    double h = 1e-6 * Math.max(1, Math.abs(p[j]));
                    double[] up = p.clone();
                    double[] down = p.clone();
                    up[j] += h;
                    down[j] -= h;
                    double numeric = (model.value(t, up) - model.value(t, down)) / (2 * h);
                    assertEquals(numeric, g[j], 1e-6 * Math.max(1, Math.abs(numeric)), name + " ∂/∂" + model.parameters().get(j) + " at t=" + t);
                }
            }
        });
    }

    @Test
    void bounds_and_first_start_follow_the_study() {
        double[] t = studySteps();
        double[] y = new double[t.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = 0.2 - 0.002 * i;
        }
        FitModel exp = models().get("exponential-offset");
        FitModel.Bounds eb = exp.bounds(t, y);
        assertArrayEquals(new double[] {-0.5, 0.001, 100}, eb.lower());
        assertArrayEquals(new double[] {0.5, 1, 3 * 61000}, eb.upper());
        assertArrayEquals(new double[] {y[60], y[0] - y[60], 61000 / 3.0}, exp.starts(t, y, eb).get(0), 1e-12);

        FitModel pow = models().get("power-law-offset");
        FitModel.Bounds pb = pow.bounds(t, y);
        assertArrayEquals(new double[] {-0.5, 0.01, 0.1, 100}, pb.lower());
        assertArrayEquals(new double[] {0.5, 100, 2, 61000}, pb.upper());
        assertArrayEquals(new double[] {y[60], (y[0] - y[60]) * Math.sqrt(1000 + 1000), 0.5, 1000},
                pow.starts(t, y, pb).get(0), 1e-12);

        FitModel dexp = models().get("double-exponential");
        assertArrayEquals(new double[] {-0.5, 0.001, 0.001, 100, 500}, dexp.bounds(t, y).lower());
        assertArrayEquals(new double[] {0.5, 1, 1, 61000, 3 * 61000}, dexp.bounds(t, y).upper());
        assertEquals(27, dexp.starts(t, y, dexp.bounds(t, y)).size());
        FitModel dpow = models().get("double-power-law");
        assertArrayEquals(new double[] {-0.5, 0.001, 0.001, 0.1, 0.1, 100}, dpow.bounds(t, y).lower());
        assertArrayEquals(new double[] {0.5, 10, 10, 2, 2, 2 * 61000}, dpow.bounds(t, y).upper());
    }

    @Test
    void bounds_stay_ordered_on_a_run_shorter_than_the_minimum_time_constant() {
        double[] t = {10, 20, 30};
        double[] y = {0.1, 0.05, 0.04};
        for (FitModel m : models().values()) {
            FitModel.Bounds b = m.bounds(t, y);
            for (int i = 0; i < b.size(); i++) {
                assertTrue(b.lower(i) <= b.upper(i), m + " bound " + i);
            }
        }
    }

    @Test
    void exponential_offset_recovers_its_parameters() {
        FitModel m = models().get("exponential-offset");
        double[] truth = {0.04, 0.10, 8000};
        double[] t = studySteps();
        for (long seed = 1; seed <= 3; seed++) {
            FitResult fit = FITTER.fit(m, t, noisy(m, truth, t, 0.003, seed));
            assertTrue(fit.ok(), fit.message());
            assertEquals(truth[0], fit.param(0), 0.003, "gap_inf");
            assertEquals(truth[1], fit.param(1), 0.012, "A");
            assertEquals(truth[2], fit.param(2), 900, "tau");
            assertTrue(fit.rmse() < 0.0035, "fits to the noise level: " + fit.rmse());
        }
    }

    @Test
    void power_law_offset_recovers_its_asymptote_and_curve() {
        FitModel m = models().get("power-law-offset");
        double[] truth = {0.02, 5, 0.5, 1000};
        double[] t = studySteps();
        for (long seed = 1; seed <= 3; seed++) {
            FitResult fit = FITTER.fit(m, t, noisy(m, truth, t, 0.001, seed));
            assertTrue(fit.ok(), fit.message());
            // A, alpha and t0 trade off along a valley; the asymptote and the curve are what the data pin down.
            assertEquals(truth[0], fit.param(0), 0.006, "gap_inf");
            assertEquals(truth[2], fit.param(2), 0.12, "alpha");
            assertTrue(fit.rmse() < 0.0012, "fits to the noise level: " + fit.rmse());
            double[] p = fit.params();
            for (double s : t) {
                assertEquals(m.value(s, truth), m.value(s, p), 0.0015, "curve at " + s);
            }
        }
    }

    @Test
    void double_exponential_recovers_both_time_constants_in_order() {
        FitModel m = models().get("double-exponential");
        double[] truth = {0.03, 0.08, 0.06, 1500, 15000};
        double[] t = studySteps();
        for (long seed = 1; seed <= 3; seed++) {
            FitResult fit = FITTER.fit(m, t, noisy(m, truth, t, 0.001, seed));
            assertTrue(fit.ok(), fit.message());
            assertTrue(fit.param(3) <= fit.param(4), "reported with tau1 ≤ tau2");
            assertEquals(truth[0], fit.param(0), 0.002, "gap_inf");
            assertEquals(truth[3], fit.param(3), 300, "tau1");
            assertEquals(truth[4], fit.param(4), 2500, "tau2");
            assertEquals(truth[1], fit.param(1), 0.015, "A1");
            assertEquals(truth[2], fit.param(2), 0.015, "A2");
        }
    }

    @Test
    void double_power_law_fits_its_curve_and_reports_alpha1_below_alpha2() {
        FitModel m = models().get("double-power-law");
        double[] truth = {0.03, 1.0, 8.0, 0.35, 1.2, 500};
        double[] t = studySteps();
        FitResult fit = FITTER.fit(m, t, noisy(m, truth, t, 0.001, 5));
        assertTrue(fit.ok(), fit.message());
        assertTrue(fit.param(3) <= fit.param(4), "reported with alpha1 ≤ alpha2");
        assertTrue(fit.rmse() < 0.0012, "fits to the noise level: " + fit.rmse());
        assertEquals(truth[0], fit.param(0), 0.03, "gap_inf (weakly identified by 61 points)");
        double sseTruth = CurveFitter.sse(m, t, noisy(m, truth, t, 0.001, 5), truth);
        assertTrue(fit.sse() <= sseTruth * 1.0001, "at least as good as the generating parameters");
    }

    @Test
    void canonical_order_swaps_terms_without_changing_the_curve() {
        FitModel dexp = models().get("double-exponential");
        double[] swapped = {0.01, 0.05, 0.1, 9000, 800};
        double[] c = dexp.canonical(swapped);
        assertArrayEquals(new double[] {0.01, 0.1, 0.05, 800, 9000}, c);
        FitModel dpow = models().get("double-power-law");
        double[] p = {0.01, 2, 1, 1.1, 0.4, 700};
        double[] cp = dpow.canonical(p);
        assertArrayEquals(new double[] {0.01, 1, 2, 0.4, 1.1, 700}, cp);
        for (double s : new double[] {0, 5000, 50000}) {
            assertEquals(dexp.value(s, swapped), dexp.value(s, c), 1e-15);
            assertEquals(dpow.value(s, p), dpow.value(s, cp), 1e-15);
        }
    }

    @Test
    void a_fit_with_fewer_points_than_parameters_fails_and_says_why() {
        FitResult fit = FITTER.fit(models().get("power-law-offset"), new double[] {1000, 2000}, new double[] {0.1, 0.08});
        assertFalse(fit.ok());
        assertTrue(fit.message().contains("fewer points"), fit.message());
        assertEquals(0, fit.params().length, "a failed fit has no parameters");
    }
}
