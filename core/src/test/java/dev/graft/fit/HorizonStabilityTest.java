package dev.graft.fit;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each horizon fits the first ceil(f·n) steps on its own; the whole horizon is the ordinary fit. */
class HorizonStabilityTest {

    @Test
    void each_horizon_fits_its_prefix_and_the_whole_one_is_the_ordinary_fit() {
        TestCurves.Exponential model = TestCurves.Exponential.standard();
        double[] t = TestCurves.steps(20, 100);
        double[][] seeds = {TestCurves.noisy(t, x -> 0.04 + 0.1 * Math.exp(-x / 500), 0.002, 1),
                TestCurves.noisy(t, x -> 0.04 + 0.1 * Math.exp(-x / 500), 0.002, 2)};
        double[] mean = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            mean[i] = (seeds[0][i] + seeds[1][i]) / 2;
        }
        CurveFitter fitter = new CurveFitter();
        List<HorizonStability.Horizon> h = HorizonStability.run(model, fitter, t, mean, seeds, List.of(0.1, 0.5, 1.0), 50, 3, 1);
        assertTrue(h.get(0).skipped(), "2 points cannot fit 3 parameters");
        assertEquals(2, h.get(0).points());
        assertEquals(10, h.get(1).points());
        assertEquals(1000, h.get(1).lastStep());
        assertFalse(h.get(1).skipped());
        assertEquals(50, h.get(1).bootstrap().samples().length);
        FitResult whole = fitter.fit(model, t, mean);
        assertEquals(whole.param(0), h.get(2).fit().param(0), 0, "f = 1 is the fit to the whole curve");
        assertEquals(AsymptoteBootstrap.run(model, fitter, t, seeds, 50, 3, 1), h.get(2).bootstrap());
    }
}
