package dev.graft.probes;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.spi.Probe.ProbeResult;
import org.jetbrains.bio.npy.NpyFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The ridge probe against {@code python/probe_reference.py}: numpy's least-squares solution of the same
 * (centred) normal equations, and the R² scikit-learn's {@code Ridge.score} defines, on random data.
 * Skipped without numpy only when the CI variable is unset.
 */
class NumpyRidgeAgreementTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path dir;

    @BeforeAll
    static void numpy() throws InterruptedException {
        String why = numpyMissing();
        if (why != null) {
            if (System.getenv("CI") != null) {
                fail("CI is set but the numpy ridge check cannot run: " + why);
            }
            assumeTrue(false, "numpy ridge check skipped: " + why + " (CI unset)");
        }
    }

    static String numpyMissing() throws InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            return PYTHON + " does not exist";
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import numpy").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? null : PYTHON + " cannot import numpy: " + out.strip();
        } catch (IOException e) {
            return PYTHON + " cannot be started: " + e.getMessage();
        }
    }

    static Path reference() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("python/probe_reference.py");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("python/probe_reference.py not found above " + Path.of("").toAbsolutePath());
    }

    /** Runs the reference on a layer folder; returns its JSON. */
    static Map<String, Object> runReference(Path layerDir, String... flags) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(PYTHON.toString(), reference().toString(),
                layerDir.toString()));
        command.addAll(List.of(flags));
        Process py = new ProcessBuilder(command).start();
        byte[] out = py.getInputStream().readAllBytes();
        byte[] err = py.getErrorStream().readAllBytes();
        assertTrue(py.waitFor(60, TimeUnit.SECONDS), "python did not finish");
        String stdout = new String(out, StandardCharsets.UTF_8).strip();
        assertEquals(0, py.exitValue(), stdout + "\n" + new String(err, StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        Map<String, Object> json = new ObjectMapper().readValue(stdout, Map.class);
        return json;
    }

    private Path write(String name, float[][] x, float[][] y, boolean[] held) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        int n = x.length;
        float[] fx = new float[n * x[0].length];
        float[] fy = new float[n * y[0].length];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x[i], 0, fx, i * x[0].length, x[0].length);
            System.arraycopy(y[i], 0, fy, i * y[0].length, y[0].length);
        }
        NpyFile.write(d.resolve("activations.npy"), fx, new int[] {n, x[0].length}, ByteOrder.LITTLE_ENDIAN);
        NpyFile.write(d.resolve("targets.npy"), fy, new int[] {n, y[0].length}, ByteOrder.LITTLE_ENDIAN);
        NpyFile.write(d.resolve("heldout.npy"), held, new int[] {n});
        return d;
    }

    private static double[][] toDouble(float[][] a, boolean[] keep, boolean want) {
        return java.util.Arrays.stream(java.util.stream.IntStream.range(0, a.length)
                        .filter(i -> keep[i] == want).mapToObj(i -> a[i]).toArray(float[][]::new))
                .map(r -> {
                    double[] o = new double[r.length];
                    for (int j = 0; j < r.length; j++) {
                        o[j] = r[j];
                    }
                    return o;
                }).toArray(double[][]::new);
    }

    private void agrees(String name, double alpha, boolean intercept, boolean standardize, long seed)
            throws Exception {
        // features with different scales and offsets, targets partly linear, partly noise
        float[][] x = RidgeProbeTest.features(240, 12, seed);
        for (float[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] = row[j] * (1 + j) + 0.5f * j;
            }
        }
        float[][] y = RidgeProbeTest.linearTargets(x, 5, 4.0, seed + 1);
        boolean[] held = new boolean[240];
        java.util.Random rng = new java.util.Random(seed + 2);
        for (int i = 0; i < 240; i++) {
            held[i] = rng.nextDouble() < 0.25;
        }
        Path folder = write(name, x, y, held);
        List<String> flags = new java.util.ArrayList<>(List.of("--alpha", Double.toString(alpha)));
        if (!intercept) {
            flags.add("--no-intercept");
        }
        if (standardize) {
            flags.add("--standardize");
        }
        Map<String, Object> ref = runReference(folder, flags.toArray(new String[0]));

        RidgeRegression.Fit fit = RidgeRegression.fit(toDouble(x, held, false), toDouble(y, held, false), alpha,
                intercept, standardize);
        @SuppressWarnings("unchecked")
        List<List<Number>> coef = (List<List<Number>>) ref.get("coef");
        @SuppressWarnings("unchecked")
        List<Number> b = (List<Number>) ref.get("intercept");
        double worst = 0;
        for (int j = 0; j < 12; j++) {
            for (int o = 0; o < 5; o++) {
                double r = coef.get(j).get(o).doubleValue();
                worst = Math.max(worst, Math.abs(fit.coef()[j][o] - r) / Math.max(1, Math.abs(r)));
            }
        }
        for (int o = 0; o < 5; o++) {
            double r = b.get(o).doubleValue();
            worst = Math.max(worst, Math.abs(fit.intercept()[o] - r) / Math.max(1, Math.abs(r)));
        }
        assertTrue(worst < 1e-9, name + ": weights differ from numpy's by " + worst);

        ProbeResult r = new RidgeProbe(alpha, intercept, standardize, 0.25, List.of(), 5).fit(x, y, held);
        assertEquals(((Number) ref.get("r2")).doubleValue(), r.score(), 1e-10, name + " R²");
        @SuppressWarnings("unchecked")
        List<Number> per = (List<Number>) ref.get("r2_per_output");
        for (int o = 0; o < 5; o++) {
            assertEquals(per.get(o).doubleValue(), r.perOutput()[o], 1e-10, name + " R² of output " + o);
        }
        assertTrue(r.score() > 0.05 && r.score() < 0.99, name + ": a score worth comparing: " + r.score());
    }

    @Test
    void weights_and_r2_agree_with_numpy_least_squares_with_an_intercept() throws Exception {
        agrees("intercept", 1.0, true, false, 21);
    }

    @Test
    void weights_and_r2_agree_with_numpy_under_strong_regularisation_and_without_an_intercept() throws Exception {
        agrees("strong", 250.0, true, false, 31);
        agrees("no-intercept", 0.3, false, false, 41);
    }

    @Test
    void weights_and_r2_agree_with_numpy_behind_a_standard_scaler() throws Exception {
        agrees("standardized", 2.0, true, true, 51);
    }
}
