package dev.graft.fit;

import dev.graft.spi.FitModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The study's bootstrap of a fitted asymptote (EXPERIMENT.md, Analysis): each replicate builds a
 * curve by picking, independently at every probe step, the gap of one seed chosen uniformly;
 * refits the model to it; and takes the fitted asymptote, or, when that fit fails, the mean of the
 * replicate's last 5 values. The 95 % interval is the 2.5th and 97.5th percentiles of the
 * replicates (linear interpolation between order statistics, numpy's default).
 *
 * <p>Replicate {@code r} draws from its own generator seeded from {@code (seed, r)}, so the result
 * depends on the seed and the data only, never on the number of threads or their scheduling.
 */
public final class AsymptoteBootstrap {

    /** Values averaged for a replicate whose fit failed. */
    public static final int FALLBACK_LAST = 5;

    private AsymptoteBootstrap() {
    }

    /**
     * @param samples   the replicates' asymptotes, in replicate order
     * @param fallbacks replicates whose fit failed and that used the mean of their last values
     * @param lower     2.5th percentile of {@code samples}
     * @param upper     97.5th percentile of {@code samples}
     */
    public record Result(double[] samples, int fallbacks, double lower, double upper) {
        public Result {
            samples = samples.clone();
        }

        @Override
        public double[] samples() {
            return samples.clone();
        }

        /** The bootstrap standard error: the replicates' standard deviation (divisor n, numpy's {@code std}). */
        public double standardError() {
            double mean = 0;
            for (double v : samples) {
                mean += v / samples.length;
            }
            double ss = 0;
            for (double v : samples) {
                ss += (v - mean) * (v - mean);
            }
            return Math.sqrt(ss / samples.length);
        }

        /** The share of replicates strictly above {@code v} (the study's "fraction above 0" for v = 0). */
        public double fractionAbove(double v) {
            int above = 0;
            for (double x : samples) {
                above += x > v ? 1 : 0;
            }
            return above / (double) samples.length;
        }

        /** Whether the 95 % interval contains {@code v}. */
        public boolean covers(double v) {
            return lower <= v && v <= upper;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Result r && Arrays.equals(samples, r.samples) && fallbacks == r.fallbacks
                    && Double.compare(lower, r.lower) == 0 && Double.compare(upper, r.upper) == 0;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(samples);
        }
    }

    /**
     * @param t          probe steps, increasing
     * @param gaps       {@code gaps[s][i]}: seed s's gap at step {@code t[i]}; at least one seed
     * @param replicates number of replicates, ≥ 1
     * @param seed       seed of the resampling
     * @param threads    worker threads, ≥ 1
     */
    public static Result run(FitModel model, CurveFitter fitter, double[] t, double[][] gaps, int replicates,
                             long seed, int threads) {
        return run(model, fitter, t, gaps, replicates, seed, threads, 1);
    }

    /**
     * The block bootstrap: as {@link #run(FitModel, CurveFitter, double[], double[][], int, long, int)}, but a
     * replicate picks one seed for each block of {@code blockLength} consecutive probe steps (steps 0 … L−1,
     * L … 2L−1, …; the last block may be shorter) instead of one per step, so that a seed's run of
     * correlated neighbouring points stays together. Block length 1 is the plain bootstrap, draw for draw.
     *
     * @param blockLength consecutive steps that take their gap from the same seed, ≥ 1
     */
    public static Result run(FitModel model, CurveFitter fitter, double[] t, double[][] gaps, int replicates,
                             long seed, int threads, int blockLength) {
        if (blockLength < 1) {
            throw new IllegalArgumentException("the block length must be at least 1, got " + blockLength);
        }
        if (gaps.length == 0) {
            throw new IllegalArgumentException("no seeds to resample");
        }
        for (double[] g : gaps) {
            if (g.length != t.length) {
                throw new IllegalArgumentException("a seed has " + g.length + " gaps for " + t.length + " steps");
            }
        }
        if (replicates < 1 || threads < 1) {
            throw new IllegalArgumentException("replicates and threads must be at least 1");
        }
        double[] samples = new double[replicates];
        boolean[] fellBack = new boolean[replicates];
        int workers = Math.min(threads, replicates);
        if (workers == 1) {
            runRange(model, fitter, t, gaps, seed, blockLength, 0, replicates, samples, fellBack);
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(workers, daemonThreads());
            try {
                List<Future<?>> parts = new ArrayList<>();
                int chunk = Math.max(1, replicates / (workers * 8));
                for (int from = 0; from < replicates; from += chunk) {
                    int lo = from;
                    int hi = Math.min(replicates, from + chunk);
                    parts.add(pool.submit(() -> runRange(model, fitter, t, gaps, seed, blockLength, lo, hi, samples, fellBack)));
                }
                for (Future<?> f : parts) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("bootstrap interrupted", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException("bootstrap failed: " + cause, cause);
            } finally {
                pool.shutdownNow();
            }
        }
        int fallbacks = 0;
        for (boolean b : fellBack) {
            fallbacks += b ? 1 : 0;
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new Result(samples, fallbacks, percentile(sorted, 2.5), percentile(sorted, 97.5));
    }

    private static void runRange(FitModel model, CurveFitter fitter, double[] t, double[][] gaps, long seed, int block,
                                 int from, int to, double[] samples, boolean[] fellBack) {
        int n = t.length;
        int asymptote = model.asymptoteIndex();
        double[] y = new double[n];
        for (int r = from; r < to; r++) {
            SplittableRandom random = replicateRandom(seed, r);
            resample(random, gaps, block, y);
            FitResult fit = fitter.fit(model, t, y);
            if (fit.ok()) {
                samples[r] = fit.param(asymptote);
            } else {
                samples[r] = meanOfLast(y, FALLBACK_LAST);
                fellBack[r] = true;
            }
        }
    }

    /**
     * One replicate's curve: for each block of {@code block} consecutive steps, a seed drawn uniformly
     * ({@code random.nextInt(seeds)}, in block order) gives its gaps. Public so that a test can rebuild
     * a replicate from the same draws.
     */
    public static int[] resample(SplittableRandom random, double[][] gaps, int block, double[] into) {
        int n = into.length;
        int[] picks = new int[(n + block - 1) / block];
        for (int b = 0; b < picks.length; b++) {
            picks[b] = random.nextInt(gaps.length);
            for (int i = b * block; i < Math.min(n, (b + 1) * block); i++) {
                into[i] = gaps[picks[b]][i];
            }
        }
        return picks;
    }

    /** The generator of replicate {@code r} of a bootstrap seeded {@code seed}. */
    public static SplittableRandom replicateRandom(long seed, int r) {
        return new SplittableRandom(replicateSeed(seed, r));
    }

    static double meanOfLast(double[] y, int count) {
        int from = Math.max(0, y.length - count);
        double s = 0;
        for (int i = from; i < y.length; i++) {
            s += y[i];
        }
        return s / (y.length - from);
    }

    /** The seed of replicate {@code r}: two rounds of SplitMix64 finalisation over (seed, r). */
    static long replicateSeed(long seed, int r) {
        return mix(seed ^ mix(r + 0x632BE59BD9B4E019L));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The {@code q}-th percentile (0–100) of sorted values, interpolating linearly between the two
     * nearest order statistics (numpy's default).
     */
    public static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double h = (sorted.length - 1) * q / 100.0;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread th = new Thread(r, "graft-bootstrap-" + count.incrementAndGet());
            th.setDaemon(true);
            return th;
        };
    }
}
