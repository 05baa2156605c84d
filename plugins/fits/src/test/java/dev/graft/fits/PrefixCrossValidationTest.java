package dev.graft.fits;

import dev.graft.fit.CurveFitter;
import dev.graft.fit.PrefixCrossValidation;
import dev.graft.fit.PrefixCrossValidation.Fold;
import dev.graft.spi.FitModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prefix cross-validation with the real models: the generating model predicts the rest best from long prefixes. */
class PrefixCrossValidationTest {

    private static final CurveFitter FITTER = new CurveFitter();
    private static final List<Double> LONG = List.of(0.6, 0.8);

    private static double rmse(FitModel model, double[] t, double[] y, double f) {
        Fold fold = PrefixCrossValidation.run(model, FITTER, t, y, List.of(f)).get(0);
        assertEquals(PrefixCrossValidation.Status.OK, fold.status(), model + " at f=" + f);
        return fold.rmse();
    }

    @Test
    void an_exponential_gap_is_best_predicted_by_the_exponential_from_long_prefixes() {
        FitModel exp = new ExponentialOffset();
        FitModel pow = new PowerLawOffset();
        double[] t = FitModelsTest.studySteps();
        for (long seed = 1; seed <= 3; seed++) {
            double[] y = FitModelsTest.noisy(exp, new double[] {0.04, 0.12, 9000}, t, 0.002, seed);
            for (double f : LONG) {
                assertTrue(rmse(exp, t, y, f) < rmse(pow, t, y, f), "seed " + seed + ", f " + f);
            }
        }
    }

    @Test
    void a_power_law_gap_is_best_predicted_by_the_power_law_from_long_prefixes() {
        FitModel exp = new ExponentialOffset();
        FitModel pow = new PowerLawOffset();
        double[] t = FitModelsTest.studySteps();
        for (long seed = 1; seed <= 3; seed++) {
            double[] y = FitModelsTest.noisy(pow, new double[] {0.02, 8, 0.5, 1000}, t, 0.002, seed);
            for (double f : LONG) {
                assertTrue(rmse(pow, t, y, f) < rmse(exp, t, y, f), "seed " + seed + ", f " + f);
            }
        }
    }
}
