package dev.graft.report;

import dev.graft.fit.AsymptoteBootstrap;
import dev.graft.fit.FitResult;
import dev.graft.fit.PrefixCrossValidation;
import dev.graft.fit.PrefixCrossValidation.Fold;
import dev.graft.fit.TestCurves;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verdict's words follow the numbers. */
class VerdictTest {

    private static final GapCurve CURVE = new GapCurve(new Comparison(0, "graft+aux", "baseline", null), 2, true,
            new long[] {42, 123}, new double[] {1000, 2000, 3000}, new double[][] {{0.1, 0.07, 0.05}, {0.12, 0.08, 0.06}},
            new double[] {0.11, 0.075, 0.055});

    private static ModelFit fit(String name, double gapInf, double lo, double hi, double bic, double rmseShort, double rmseLong) {
        TestCurves.Exponential m = TestCurves.Exponential.standard();
        FitResult point = new FitResult(true, new double[] {gapInf, 0.1, 1000}, 0.001, bic, 3, 1, 0, "");
        return new ModelFit(name, m, m.bounds(CURVE.steps(), CURVE.mean()), point,
                new AsymptoteBootstrap.Result(new double[] {lo, hi}, 0, lo, hi),
                List.of(new Fold(0.2, PrefixCrossValidation.Status.OK, 1, 2, rmseShort, rmseShort, point),
                        new Fold(0.8, PrefixCrossValidation.Status.OK, 2, 1, rmseLong, rmseLong, point)));
    }

    @Test
    void disagreeing_models_with_one_interval_above_zero() {
        String v = Verdict.of(new GapAnalysis(CURVE, List.of(
                fit("exponential", 0.041, 0.02, 0.06, -100, 0.03, 0.001),
                fit("power law", 0.0, -0.10, 0.015, -96, 0.01, 0.002))));
        assertTrue(v.startsWith("graft+aux − baseline at layer 2 (2 seeds, 3 probe steps up to step 3,000; mean gap at the last step 0.055)"), v);
        assertTrue(v.contains("exponential asymptote 0.041 [0.020, 0.060], power law asymptote 0.000 [−0.100, 0.015]"), v);
        assertTrue(v.contains("the models disagree"), v);
        assertTrue(v.contains("under exponential the asymptote lies above 0, while under power law 0 is not ruled out"), v);
        assertTrue(v.contains("BIC prefers exponential (lower by 4.0)"), v);
        assertTrue(v.contains("power law from f = 0.2 and exponential from f = 0.8"), v);
    }

    @Test
    void agreeing_models_above_zero_say_the_gap_persists() {
        String v = Verdict.of(new GapAnalysis(CURVE, List.of(
                fit("a", 0.04, 0.02, 0.06, -100, 0.01, 0.01), fit("b", 0.05, 0.03, 0.07, -99, 0.02, 0.02))));
        assertTrue(v.contains("the models agree (their 95 % intervals overlap)"), v);
        assertTrue(v.contains("Every interval lies above 0: the gap persists under every model."), v);
        assertTrue(v.contains("a predicts the rest best from every prefix"), v);
    }

    @Test
    void one_seed_gives_no_claim_about_zero() {
        GapCurve one = new GapCurve(CURVE.comparison(), 2, true, new long[] {42}, CURVE.steps(),
                new double[][] {CURVE.mean()}, CURVE.mean());
        ModelFit f = fit("a", 0.04, 0.04, 0.04, -100, 0.01, 0.01);
        String v = Verdict.of(new GapAnalysis(one, List.of(f)));
        assertTrue(v.contains("(1 seed, 3 probe steps"), v);
        assertTrue(v.contains("With one seed the bootstrap has nothing to resample"), v);
        assertTrue(!v.contains("persists"), v);
    }

    @Test
    void a_failed_fit_is_named_as_failed() {
        TestCurves.Exponential m = TestCurves.Exponential.standard();
        ModelFit failed = new ModelFit("stubborn", m, m.bounds(CURVE.steps(), CURVE.mean()),
                new FitResult(false, new double[0], Double.NaN, Double.NaN, 3, 1, 1, "no start converged"), null, List.of());
        String v = Verdict.of(new GapAnalysis(CURVE, List.of(fit("a", 0.0, -0.01, 0.01, -100, 0.01, 0.01), failed)));
        assertTrue(v.contains("stubborn did not fit (no start converged)"), v);
        assertTrue(v.contains("The interval includes 0: a gap that vanishes is not ruled out."), v);
    }
}
