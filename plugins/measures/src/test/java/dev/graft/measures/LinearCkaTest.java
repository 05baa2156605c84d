package dev.graft.measures;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Linear CKA and the ridge map against {@code python/cka_reference.py} (numpy: CKA through the n×n centred
 * Gram matrices, ridge as an SVD least-squares problem), and CKA's invariances as property tests.
 */
class LinearCkaTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path dir;

    static float[][] random(int n, int p, long seed) {
        Random rng = new Random(seed);
        float[][] x = new float[n][p];
        for (float[] row : x) {
            for (int j = 0; j < p; j++) {
                row[j] = (float) (rng.nextGaussian() * (1 + j % 3) + 0.3 * j);
            }
        }
        return x;
    }

    /** Y = X·A + noise: related to X, not a rotation of it. */
    static float[][] related(float[][] x, int q, double noise, long seed) {
        Random rng = new Random(seed);
        int p = x[0].length;
        double[][] a = new double[p][q];
        for (double[] row : a) {
            for (int k = 0; k < q; k++) {
                row[k] = rng.nextGaussian();
            }
        }
        float[][] y = new float[x.length][q];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < q; k++) {
                double s = noise * rng.nextGaussian();
                for (int j = 0; j < p; j++) {
                    s += x[i][j] * a[j][k];
                }
                y[i][k] = (float) s;
            }
        }
        return y;
    }

    /** A random orthogonal p×p matrix (Gram–Schmidt on Gaussian columns). */
    static double[][] orthogonal(int p, long seed) {
        Random rng = new Random(seed);
        double[][] q = new double[p][p];
        for (int c = 0; c < p; c++) {
            double[] v = new double[p];
            for (int i = 0; i < p; i++) {
                v[i] = rng.nextGaussian();
            }
            for (int prev = 0; prev < c; prev++) {
                double dot = 0;
                for (int i = 0; i < p; i++) {
                    dot += v[i] * q[i][prev];
                }
                for (int i = 0; i < p; i++) {
                    v[i] -= dot * q[i][prev];
                }
            }
            double norm = 0;
            for (double e : v) {
                norm += e * e;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < p; i++) {
                q[i][c] = v[i] / norm;
            }
        }
        return q;
    }

    /** x·m + shift per column (double arithmetic, rounded to float). */
    static float[][] transform(float[][] x, double[][] m, double scale, double shift) {
        int q = m[0].length;
        float[][] out = new float[x.length][q];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < q; k++) {
                double s = 0;
                for (int j = 0; j < x[0].length; j++) {
                    s += x[i][j] * m[j][k];
                }
                out[i][k] = (float) (scale * s + shift * (k + 1));
            }
        }
        return out;
    }

    @Test
    void cka_and_ridge_map_agree_with_numpy() throws Exception {
        assumeNumpy();
        for (long seed : new long[] {1, 2, 3}) {
            float[][] x = random(150, 9, seed);
            float[][] y = related(x, 6, 2.0 + seed, seed + 10);
            boolean[] held = new boolean[150];
            Random rng = new Random(seed + 20);
            for (int i = 0; i < held.length; i++) {
                held[i] = rng.nextDouble() < 0.25;
            }
            Map<String, Object> ref = reference(x, y, held, 1.5);
            double cka = LinearCka.of(x, y);
            assertEquals(((Number) ref.get("cka")).doubleValue(), cka, 1e-9, "CKA, seed " + seed);
            assertTrue(cka > 0.05 && cka < 0.99, "a CKA worth comparing: " + cka);
            double r2 = RidgeMap.r2(x, y, held, 1.5);
            assertEquals(((Number) ref.get("ridge_r2")).doubleValue(), r2, 1e-9, "ridge R², seed " + seed);
            assertTrue(r2 > 0.05 && r2 < 0.99, "an R² worth comparing: " + r2);
        }
    }

    @Test
    void cka_does_not_change_under_orthogonal_transforms_isotropic_scaling_or_shifts() {
        for (long seed = 0; seed < 20; seed++) {
            Random rng = new Random(seed);
            int p = 2 + rng.nextInt(10);
            float[][] x = random(40 + rng.nextInt(60), p, seed);
            float[][] y = related(x, 1 + rng.nextInt(8), 1.0, seed + 100);
            double base = LinearCka.of(x, y);
            double scale = Math.exp(rng.nextGaussian() * 2);
            float[][] xt = transform(x, orthogonal(p, seed + 200), scale, rng.nextGaussian());
            assertEquals(base, LinearCka.of(xt, y), 1e-5, "seed " + seed + ": X rotated, scaled by " + scale + ", shifted");
            assertEquals(base, LinearCka.of(y, xt), 1e-5, "seed " + seed + ": symmetric");
            assertEquals(1.0, LinearCka.of(x, xt), 1e-5, "seed " + seed + ": X against its own rotation");
        }
    }

    @Test
    void cka_changes_under_a_general_linear_map() {
        float[][] x = random(200, 4, 7);
        double[][] stretch = {{10, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 0.1, 0}, {0, 0, 0, 1}};
        double c = LinearCka.of(x, transform(x, stretch, 1, 0));
        assertTrue(c < 0.95, "an anisotropic stretch is not an invariance of linear CKA: " + c);
    }

    @Test
    void unrelated_representations_have_small_cka() {
        double c = LinearCka.of(random(2000, 5, 1), random(2000, 5, 2));
        assertTrue(c < 0.02, "independent Gaussian features: CKA " + c);
    }

    private void assumeNumpy() throws InterruptedException {
        String why = null;
        if (!Files.isExecutable(PYTHON)) {
            why = PYTHON + " does not exist";
        } else {
            try {
                Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import numpy").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                why = p.waitFor() == 0 ? null : PYTHON + " cannot import numpy";
            } catch (IOException e) {
                why = e.getMessage();
            }
        }
        if (why != null) {
            if (System.getenv("CI") != null) {
                fail("CI is set but the numpy CKA check cannot run: " + why);
            }
            assumeTrue(false, "numpy CKA check skipped: " + why + " (CI unset)");
        }
    }

    private Map<String, Object> reference(float[][] x, float[][] y, boolean[] held, double alpha) throws Exception {
        Path fx = write("x.txt", x);
        Path fy = write("y.txt", y);
        StringBuilder h = new StringBuilder();
        for (boolean b : held) {
            h.append(b ? "1\n" : "0\n");
        }
        Path fh = Files.writeString(dir.resolve("held.txt"), h);
        Process py = new ProcessBuilder(List.of(PYTHON.toString(), script().toString(), fx.toString(), fy.toString(),
                fh.toString(), Double.toString(alpha))).start();
        byte[] out = py.getInputStream().readAllBytes();
        byte[] err = py.getErrorStream().readAllBytes();
        assertTrue(py.waitFor(60, TimeUnit.SECONDS), "python did not finish");
        assertEquals(0, py.exitValue(), new String(err, StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        Map<String, Object> json = new ObjectMapper().readValue(new String(out, StandardCharsets.UTF_8).strip(), Map.class);
        return json;
    }

    private Path write(String name, float[][] a) throws IOException {
        StringBuilder s = new StringBuilder();
        for (float[] row : a) {
            for (int j = 0; j < row.length; j++) {
                s.append(j > 0 ? " " : "").append(Double.toString(row[j]));
            }
            s.append('\n');
        }
        return Files.writeString(dir.resolve(name), s);
    }

    static Path script() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("python/cka_reference.py");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("python/cka_reference.py not found above " + Path.of("").toAbsolutePath());
    }
}
