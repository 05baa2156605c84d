package dev.graft.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.plugin.PluginCatalog;
import dev.graft.probe.ColumnPermutation;
import dev.graft.probes.RidgeProbeFactory;
import dev.graft.spi.Options;
import dev.graft.spi.PluginContext;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;
import dev.graft.spi.Probe;
import org.jetbrains.bio.npy.NpyFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The α sweep and the target-column permutation test of a final probe folder, with the real ridge
 * plugin, against numpy (python/analysis_reference.py) on the same data and the same permutation set.
 */
class FinalProbeNullsAgreementTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RidgeProbeFactory RIDGE = new RidgeProbeFactory();

    @TempDir
    Path root;

    /** n positions, d features, k target columns that are each a different linear read-out plus noise. */
    private static float[][][] data(int n, int d, int k, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][d];
        float[][] y = new float[n][k];
        double[][] w = new double[d][k];
        for (double[] row : w) {
            for (int j = 0; j < k; j++) {
                row[j] = r.nextGaussian();
            }
        }
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < d; f++) {
                x[i][f] = (float) r.nextGaussian();
            }
            for (int j = 0; j < k; j++) {
                double v = 0.5 * r.nextGaussian();
                for (int f = 0; f < d; f++) {
                    v += x[i][f] * w[f][j];
                }
                y[i][j] = (float) (0.1 * v);
            }
        }
        return new float[][][] {x, y};
    }

    private static boolean[] heldout(int n) {
        boolean[] m = new boolean[n];
        for (int i = 0; i < n; i += 5) {
            m[i] = true;
        }
        return m;
    }

    private static Probe ridge(double alpha) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("alpha", alpha);
        return RIDGE.create(Options.withDefaults(RIDGE.options(), o));
    }

    @Test
    void the_column_permutation_test_matches_numpy_exact_and_sampled() throws Exception {
        for (int k : new int[] {4, 7}) {
            float[][][] xy = data(150, 6, k, 3 + k);
            boolean[] held = heldout(150);
            ColumnPermutation.Result r = ColumnPermutation.run(ridge(1.0), xy[0], xy[1], held, 1000, 11);
            List<int[]> perms = ColumnPermutation.permutations(k, 1000, 11);
            assertEquals(k == 4, r.exact(), "4! − 1 = 23 permutations fit in 1000, 7! − 1 do not");
            assertEquals(k == 4 ? 23 : 1000, perms.size());
            Map<String, Object> np = ask(Map.of("task", "column_permutation", "x", xy[0], "y", xy[1], "heldout", held,
                    "alpha", 1.0, "perms", perms));
            assertEquals(((Number) np.get("r2")).doubleValue(), r.r2(), 1e-6);
            assertEquals(ridge(1.0).fit(xy[0], xy[1], held).score(), r.r2(), 1e-12, "the diagonal is the probe's own R²");
            assertArrayEquals(numbers(np.get("null")), r.nullR2(), 1e-6);
            assertEquals(((Number) np.get("p")).doubleValue(), r.pValue(), 1e-12);
            assertTrue(r.pValue() < 0.05, "distinct read-outs per column: p " + r.pValue());
        }
    }

    @Test
    void identical_columns_cannot_be_told_apart() {
        float[][][] xy = data(150, 6, 1, 5);
        float[][] same = new float[150][4];
        for (int i = 0; i < 150; i++) {
            java.util.Arrays.fill(same[i], xy[1][i][0]);
        }
        ColumnPermutation.Result r = ColumnPermutation.run(ridge(1.0), xy[0], same, heldout(150), 1000, 1);
        assertEquals(1.0, r.pValue(), 1e-12, "every permutation scores as well as the truth");
    }

    @Test
    void the_alpha_sweep_of_a_folder_matches_numpy_and_drops_cross_validation() throws Exception {
        float[][][] xy = data(120, 5, 3, 9);
        boolean[] held = heldout(120);
        Path dir = Files.createDirectories(root.resolve("probes/graft+aux-seed7/layer2"));
        write(dir, xy[0], xy[1], held, Map.of("alpha", 1.0, "intercept", true, "standardize", false, "heldout", 0.2,
                "alphas", List.of(0.1, 10.0), "folds", 5));
        FinalProbeFolder folder = FinalProbeFolder.read(root, "graft+aux", 7, 2, "ridge").orElseThrow();
        double[] alphas = new StudyAnalyses(1, 0, 9, 1e-4, 1e4, 0).alphas();
        assertEquals(1e-4, alphas[0], 1e-18);
        assertEquals(1.0, alphas[4], 1e-12);
        AlphaSweep.Result r = AlphaSweep.run(List.of(folder), alphas, catalog());
        Map<String, Object> np = ask(Map.of("task", "alpha_sweep", "x", xy[0], "y", xy[1], "heldout", held, "alphas", alphas));
        assertArrayEquals(numbers(np.get("r2")), r.curves().get(0).r2(), 1e-6);
        assertFalse(r.curves().get(0).r2()[0] == r.curves().get(0).r2()[8], "α matters");
        assertTrue(AlphaSweep.json(r).contains("\"best_alpha\""));
    }

    private static void write(Path dir, float[][] x, float[][] y, boolean[] held, Map<String, Object> options) throws IOException {
        int n = x.length;
        float[] fx = new float[n * x[0].length];
        float[] fy = new float[n * y[0].length];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x[i], 0, fx, i * x[0].length, x[0].length);
            System.arraycopy(y[i], 0, fy, i * y[0].length, y[0].length);
        }
        NpyFile.write(dir.resolve("activations.npy"), fx, new int[] {n, x[0].length}, ByteOrder.LITTLE_ENDIAN);
        NpyFile.write(dir.resolve("targets.npy"), fy, new int[] {n, y[0].length}, ByteOrder.LITTLE_ENDIAN);
        NpyFile.write(dir.resolve("heldout.npy"), held, new int[] {n});
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("probe", "ridge");
        m.put("plugin", "ridge");
        m.put("r2", 0.5);
        m.put("options", options);
        Files.writeString(dir.resolve("probe.json"), JSON.writeValueAsString(m));
    }

    private static PluginCatalog catalog() {
        return new PluginCatalog() {
            @Override
            public Optional<PluginFactory<?>> find(PluginKind kind, String name) {
                return kind == PluginKind.PROBE && name.equals("ridge") ? Optional.of(RIDGE) : Optional.empty();
            }

            @Override
            public List<String> names(PluginKind kind) {
                return kind == PluginKind.PROBE ? List.of("ridge") : List.of();
            }

            @Override
            public PluginContext context() {
                return PluginContext.none();
            }
        };
    }

    private static double[] numbers(Object list) {
        return ((List<?>) list).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ask(Map<String, Object> query) throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            if (System.getenv("CI") != null) {
                fail("CI is set but " + PYTHON + " is missing");
            }
            assumeTrue(false, PYTHON + " is missing");
        }
        Path script = null;
        for (Path p = Path.of("").toAbsolutePath(); p != null && script == null; p = p.getParent()) {
            Path c = p.resolve("python/analysis_reference.py");
            script = Files.isRegularFile(c) ? c : null;
        }
        assertTrue(script != null, "python/analysis_reference.py not found");
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString()).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(JSON.writeValueAsBytes(query));
        }
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python did not finish");
        if (err.contains("No module named 'numpy'") && System.getenv("CI") == null) {
            assumeTrue(false, "numpy missing");
        }
        assertEquals(0, p.exitValue(), err);
        return JSON.readValue(out, Map.class);
    }
}
