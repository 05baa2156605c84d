package dev.graft.fit;

import dev.graft.spi.FitModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PrefixCrossValidationTest {

    /** A constant c ∈ [−10, 10] that records the last step of every set of points it is bounded for. */
    private static final class Constant implements FitModel {
        final List<Double> boundedUpTo = new ArrayList<>();

        @Override public List<String> parameters() { return List.of("c"); }
        @Override public int asymptoteIndex() { return 0; }
        @Override public double value(double t, double[] p) { return p[0]; }
        @Override public void gradient(double t, double[] p, double[] out) { out[0] = 1; }
        @Override public Bounds bounds(double[] t, double[] y) {
            boundedUpTo.add(t[t.length - 1]);
            return new Bounds(new double[] {-10}, new double[] {10});
        }
        @Override public List<double[]> starts(double[] t, double[] y, Bounds b) { return List.of(new double[] {0}); }
    }

    @Test
    void each_prefix_is_fitted_with_its_own_bounds_and_scored_on_the_rest() {
        double[] t = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] y = {2, 2, 2, 2, 4, 4, 4, 4, 4, 4};
        Constant c = new Constant();
        List<PrefixCrossValidation.Fold> folds = PrefixCrossValidation.run(c, new CurveFitter(), t, y, List.of(0.4, 0.6));
        assertEquals(List.of(4.0, 6.0), c.boundedUpTo, "bounds computed from the prefix only");
        PrefixCrossValidation.Fold f04 = folds.get(0);
        assertEquals(PrefixCrossValidation.Status.OK, f04.status());
        assertEquals(4, f04.fitted());
        assertEquals(6, f04.predicted());
        assertEquals(2.0, f04.rmse(), 1e-9, "the prefix mean 2 predicts 4 six times");
        assertEquals(2.0, f04.mae(), 1e-9);
        PrefixCrossValidation.Fold f06 = folds.get(1);
        // prefix mean (2·4 + 4·2)/6 = 8/3; errors 4/3 on the last four points
        assertEquals(4.0 / 3, f06.rmse(), 1e-9);
        assertEquals(4.0 / 3, f06.mae(), 1e-9);
    }

    @Test
    void a_fraction_that_leaves_fewer_than_three_points_to_predict_is_skipped() {
        double[] t = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] y = new double[10];
        Constant c = new Constant();
        List<PrefixCrossValidation.Fold> folds = PrefixCrossValidation.run(c, new CurveFitter(), t, y, List.of(0.7, 0.8));
        assertEquals(PrefixCrossValidation.Status.OK, folds.get(0).status(), "7 fitted, 3 predicted");
        assertEquals(PrefixCrossValidation.Status.SKIPPED, folds.get(1).status(), "8 fitted, 2 predicted");
        assertNull(folds.get(1).fit());
        assertEquals(List.of(7.0), c.boundedUpTo, "a skipped fraction fits nothing");
        assertThrows(IllegalArgumentException.class,
                () -> PrefixCrossValidation.run(c, new CurveFitter(), t, y, List.of(1.0)));
    }
}
