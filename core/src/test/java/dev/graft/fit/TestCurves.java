package dev.graft.fit;

import dev.graft.spi.FitModel;

import java.util.List;
import java.util.function.Function;

/** Small fit models for core's tests (core cannot see the fit-model plugins). */
public final class TestCurves {
    private TestCurves() {
    }

    /** y = a + b·t with a ∈ [−10, 10] and b in the given range. */
    public record Line(double bMin, double bMax, List<double[]> starts) implements FitModel {
        @Override public List<String> parameters() { return List.of("a", "b"); }
        @Override public int asymptoteIndex() { return 0; }
        @Override public double value(double t, double[] p) { return p[0] + p[1] * t; }
        @Override public void gradient(double t, double[] p, double[] out) { out[0] = 1; out[1] = t; }
        @Override public Bounds bounds(double[] t, double[] y) { return new Bounds(new double[] {-10, bMin}, new double[] {10, bMax}); }
        @Override public List<double[]> starts(double[] t, double[] y, Bounds b) { return starts; }
    }

    /** y = c + A·exp(−t/tau), bounds like the study's exponential, one start per call from {@code start}. */
    public record Exponential(Function<double[], double[]> start) implements FitModel {
        @Override public List<String> parameters() { return List.of("c", "A", "tau"); }
        @Override public int asymptoteIndex() { return 0; }
        @Override public double value(double t, double[] p) { return p[0] + p[1] * Math.exp(-t / p[2]); }
        @Override public void gradient(double t, double[] p, double[] out) {
            double e = Math.exp(-t / p[2]);
            out[0] = 1;
            out[1] = e;
            out[2] = p[1] * e * t / (p[2] * p[2]);
        }
        @Override public Bounds bounds(double[] t, double[] y) {
            return new Bounds(new double[] {-0.5, 0.001, 100}, new double[] {0.5, 1, Math.max(100, 3 * t[t.length - 1])});
        }
        @Override public List<double[]> starts(double[] t, double[] y, Bounds b) { return List.of(start.apply(y)); }

        public static Exponential standard() {
            return new Exponential(y -> new double[] {y[y.length - 1], Math.max(y[0] - y[y.length - 1], 0.001), 5000});
        }
    }

    /** y = cos(w·t): many local minima in w ∈ [0.1, 5]. */
    record Cosine(List<double[]> starts) implements FitModel {
        @Override public List<String> parameters() { return List.of("w"); }
        @Override public int asymptoteIndex() { return 0; }
        @Override public double value(double t, double[] p) { return Math.cos(p[0] * t); }
        @Override public void gradient(double t, double[] p, double[] out) { out[0] = -t * Math.sin(p[0] * t); }
        @Override public Bounds bounds(double[] t, double[] y) { return new Bounds(new double[] {0.1}, new double[] {5}); }
        @Override public List<double[]> starts(double[] t, double[] y, Bounds b) { return starts; }
    }

    /** A curve that is not a number once its parameter passes 1. */
    record Breaking() implements FitModel {
        @Override public List<String> parameters() { return List.of("c"); }
        @Override public int asymptoteIndex() { return 0; }
        @Override public double value(double t, double[] p) { return p[0] > 1 ? Double.NaN : p[0]; }
        @Override public void gradient(double t, double[] p, double[] out) { out[0] = 1; }
        @Override public Bounds bounds(double[] t, double[] y) { return new Bounds(new double[] {0}, new double[] {10}); }
        @Override public List<double[]> starts(double[] t, double[] y, Bounds b) { return List.of(new double[] {5}); }
    }

    /** {@code f(t)} plus Gaussian noise of standard deviation {@code noise} from a fixed seed. */
    public static double[] noisy(double[] t, java.util.function.DoubleUnaryOperator f, double noise, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        double[] y = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            double g = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
            y[i] = f.applyAsDouble(t[i]) + noise * g;
        }
        return y;
    }

    /** Steps every, 2·every, …, n·every. */
    public static double[] steps(int n, double every) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = every * (i + 1);
        }
        return t;
    }
}
