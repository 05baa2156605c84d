package dev.graft.fit;

import dev.graft.spi.FitModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The study's horizon stability: the same model fitted to the first fraction f of the gap curve
 * (f = 0.2, 0.4, … 1.0 of its probe steps), each with its own bounds, starts and bootstrap, to see
 * whether the asymptote settles as the run gets longer or keeps moving with the horizon.
 */
public final class HorizonStability {
    private HorizonStability() {
    }

    /**
     * One horizon.
     *
     * @param f         the fraction of the probe steps
     * @param points    the steps fitted: ceil(f·n)
     * @param lastStep  the last step fitted
     * @param fit       the fit to the seed-mean prefix (null when skipped)
     * @param bootstrap its bootstrap (null when skipped or the fit failed)
     * @param check     whether it describes its prefix (null when skipped)
     */
    public record Horizon(double f, int points, double lastStep, FitResult fit, AsymptoteBootstrap.Result bootstrap,
                          FitCheck check) {
        public boolean skipped() {
            return fit == null;
        }
    }

    /**
     * @param t          the steps
     * @param mean       the seed-mean gap
     * @param perSeed    each seed's gap
     * @param fractions  horizons, each in (0, 1]
     * @param replicates bootstrap replicates per horizon
     */
    public static List<Horizon> run(FitModel model, CurveFitter fitter, double[] t, double[] mean, double[][] perSeed,
                                    List<Double> fractions, int replicates, long seed, int threads) {
        List<Horizon> out = new ArrayList<>();
        int k = model.parameters().size();
        for (double f : fractions) {
            if (!(f > 0 && f <= 1)) {
                throw new IllegalArgumentException("a horizon must lie in (0, 1], got " + f);
            }
            int n = (int) Math.ceil(f * t.length - 1e-9);
            if (n <= k) {
                out.add(new Horizon(f, n, t[Math.max(0, n - 1)], null, null, null));
                continue;
            }
            double[] tp = Arrays.copyOf(t, n);
            double[] yp = Arrays.copyOf(mean, n);
            double[][] sp = new double[perSeed.length][];
            for (int s = 0; s < perSeed.length; s++) {
                sp[s] = Arrays.copyOf(perSeed[s], n);
            }
            FitResult fit = fitter.fit(model, tp, yp);
            AsymptoteBootstrap.Result boot = fit.ok() ? AsymptoteBootstrap.run(model, fitter, tp, sp, replicates, seed, threads)
                    : null;
            FitCheck check = FitCheck.of(model, model.bounds(tp, yp), tp, yp, fit, boot);
            out.add(new Horizon(f, n, tp[n - 1], fit, boot, check));
        }
        return out;
    }
}
