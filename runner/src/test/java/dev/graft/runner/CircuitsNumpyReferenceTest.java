package dev.graft.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.data.DumpTokens;
import dev.graft.games.domineering.DomineeringGame;
import dev.graft.graft.Grafter;
import dev.graft.interop.NpzArchive;
import dev.graft.measure.MeasureLog;
import dev.graft.measure.MeasurePositions;
import dev.graft.measure.MeasureRow;
import dev.graft.measure.MeasureSession;
import dev.graft.model.Transformer;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.MeasuredModel;
import dev.graft.spi.ModelShape;
import dev.graft.spi.UnitChange;
import dev.graft.train.CheckpointStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The circuit measures recomputed outside graft, from the files {@code graft export} writes: a large model
 * grafted from a small one and then moved (as training moves it) is saved at a later step; numpy
 * ({@code python/measures_reference.py}) recomputes the {@code drift} rows from the two .npz files and the
 * {@code attention} rows from its own float64 forward, and {@code python/graft_reference.py --mean-ablate}
 * recomputes the outputs of a pass with heads mean-ablated.
 */
class CircuitsNumpyReferenceTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final ModelShape SMALL = new ModelShape(8, 4, 2, 2, 12);
    static final ModelShape LARGE = new ModelShape(8, 4, 3, 3, 20);
    static final int BOARD = 4;

    @TempDir
    static Path dir;

    static Path positions;
    static Path small;
    static Path large;

    @BeforeAll
    static void numpy_positions_and_models() throws Exception {
        String why = numpyMissing();
        if (why != null) {
            if (System.getenv("CI") != null) {
                fail("CI is set but the numpy circuits check cannot run: " + why);
            }
            assumeTrue(false, "numpy circuits check skipped: " + why + " (CI unset)");
        }
        Path games = dir.resolve("games.npz");
        ExportCommandTest.Run g = ExportCommandTest.graft("data", "generate", "--board", String.valueOf(BOARD),
                "--generator", "random", "--games", "40", "--seed", "5", "--no-progress", "--out", games.toString());
        assertEquals(0, g.code(), g.err());
        positions = dir.resolve("pos");
        ExportCommandTest.Run d = ExportCommandTest.graft("data", "dump", "--games", games.toString(), "--positions",
                "50", "--aux", "sector-balance", "--seed", "2", "--out", positions.toString());
        assertEquals(0, d.code(), d.err());
        small = ModelCheckpoints.write(dir.resolve("small"), BOARD, SMALL, 2, 3, 40, true, ModelCheckpoints.randomise(0.3, 1));
        // grafted (small layers 0, 1 → large layers 0, 1) and then every weight moved, saved at step 300
        large = ModelCheckpoints.write(dir.resolve("large"), BOARD, LARGE, 2, 3, 300, true, model -> {
            ModelCheckpoints.randomise(0.3, 2).accept(model);
            Transformer s = new Transformer(new DomineeringGame(BOARD), SMALL, 4, 3);
            ModelCheckpoints.randomise(0.3, 1).accept(s);
            Grafter.apply(new GraftPlan(List.of(GraftPlan.LayerCopy.byIndex(0, 0, SMALL),
                    GraftPlan.LayerCopy.byIndex(1, 1, SMALL)), List.of(), true, true, true), s, model);
            Random rng = new Random(11);
            for (INDArray p : model.parameters()) {
                for (long i = 0; i < p.length(); i++) {
                    p.putScalar(i, p.getDouble(i) + 0.05 * rng.nextGaussian());
                }
            }
        });
    }

    @Test
    void drift_and_attention_rows_equal_numpys_from_the_exported_checkpoints() throws Exception {
        Path out = dir.resolve("measured");
        ExportCommandTest.Run m = ExportCommandTest.graft("measure", large.toString(), "--source", small.toString(),
                "--positions", positions.toString(), "--measures", "drift,attention", "--out", out.toString());
        assertEquals(0, m.code(), m.err());
        List<MeasureRow> rows = new MeasureLog(out.resolve("measures.csv")).read();
        Path smallNpz = export(small, "small.npz");
        Path largeNpz = export(large, "large.npz");
        String json = python(List.of(script("measures_reference.py").toString(), smallNpz.toString(), largeNpz.toString(),
                "--positions", positions.toString()));
        List<?> reference = new ObjectMapper().readValue(json, List.class);

        Map<String, Double> ours = new HashMap<>();
        rows.forEach(r -> ours.put(r.layer() + "/" + r.component() + "/" + r.measure(), r.value()));
        assertEquals(reference.size(), ours.size(), "the same rows: " + ours.keySet() + " vs " + json);
        int moved = 0;
        double worstDrift = 0;
        double worstAttention = 0;
        for (Object o : reference) {
            List<?> row = (List<?>) o;
            String key = row.get(0) + "/" + row.get(1) + "/" + row.get(2);
            double want = ((Number) row.get(3)).doubleValue();
            Double got = ours.get(key);
            assertTrue(got != null, key + " missing from measures.csv: " + ours.keySet());
            if (key.contains("/attention.")) {
                // graft's patterns are float32, numpy's float64
                assertEquals(want, got, 1e-6, key);
                worstAttention = Math.max(worstAttention, Math.abs(got - want));
            } else {
                assertEquals(want, got, 1e-9 * Math.abs(want), key);
                worstDrift = Math.max(worstDrift, Math.abs(got - want) / Math.abs(want));
            }
            if (want > (key.contains("/attention.") ? 1e-3 : 1e-2)) {
                moved++;
            }
        }
        System.out.printf(java.util.Locale.ROOT, "numpy vs graft measure: %d rows, drift largest relative difference %.3g,"
                + " attention largest absolute difference %.3g%n", reference.size(), worstDrift, worstAttention);
        assertEquals(reference.size(), moved, "every inherited part moved and every fresh one woke up: " + json);
    }

    @Test
    void mean_ablated_outputs_equal_the_numpy_forward_with_the_same_heads_mean_ablated() throws Exception {
        DomineeringGame game = new DomineeringGame(BOARD);
        Transformer model = new Transformer(game, LARGE, 4, 0);
        CheckpointStore.read(large).loadParametersInto(model);
        DumpTokens tokens = DumpTokens.read(positions, game, "the test model");
        int n = tokens.n();
        boolean[] held = new boolean[n];
        held[0] = true;
        MeasureSession session = new MeasureSession(List.of(), new MeasurePositions(n, tokens.withCls(game),
                new float[n][0], new float[n], held));
        MeasuredModel view = session.view(model);
        MeasuredModel.Pass clean = view.clean();
        MeasuredModel.Pass ablated = view.run(List.of(UnitChange.head(0, 1, UnitChange.Mode.MEAN),
                UnitChange.head(2, 0, UnitChange.Mode.MEAN), UnitChange.head(2, 2, UnitChange.Mode.MEAN)));
        Path ours = write(ablated, "ablated.npz");
        Path cleanNpz = write(clean, "clean.npz");
        Path npz = export(large, "large-ablation.npz");

        Map<String, Double> same = differences(npz, ours, "--mean-ablate", "0:1", "--mean-ablate", "2:0",
                "--mean-ablate", "2:2");
        System.out.println("numpy vs graft, mean-ablated pass: max abs differences " + same);
        same.forEach((k, v) -> assertTrue(v <= 1e-4, k + " differs from numpy's mean-ablated pass by " + v));
        // the check can fail: the ablation changed the outputs far beyond that tolerance, and numpy's unchanged
        // pass is graft's unchanged pass
        Map<String, Double> changed = differences(npz, ours);
        assertTrue(changed.get("value_logit") > 1e-2 && changed.get("policy_logits") > 1e-2, changed.toString());
        differences(npz, cleanNpz).forEach((k, v) -> assertTrue(v <= 1e-4, k + ": " + v));
    }

    private static Path write(MeasuredModel.Pass pass, String name) throws IOException {
        int n = pass.valueLogits().length;
        int moves = pass.policyLogits()[0].length;
        int outputs = pass.aux()[0].length;
        int layers = pass.clsResiduals().length;
        int d = pass.clsResiduals()[0][0].length;
        NpzArchive npz = new NpzArchive()
                .addFloat32("value_logit", pass.valueLogits(), n)
                .addFloat32("policy_logits", flat(pass.policyLogits()), n, moves)
                .addFloat32("aux", flat(pass.aux()), n, outputs);
        float[] resid = new float[layers * n * d];
        for (int l = 0; l < layers; l++) {
            System.arraycopy(flat(pass.clsResiduals()[l]), 0, resid, l * n * d, n * d);
        }
        npz.addFloat32("resid_post", resid, layers, n, d);
        Path file = dir.resolve(name);
        npz.writeAtomically(file);
        return file;
    }

    private static float[] flat(float[][] a) {
        int w = a[0].length;
        float[] out = new float[a.length * w];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, out, i * w, w);
        }
        return out;
    }

    private static Map<String, Double> differences(Path model, Path preds, String... ablate) throws Exception {
        List<String> args = new ArrayList<>(List.of(script("graft_reference.py").toString(), model.toString(),
                positions.toString(), "--compare", preds.toString()));
        args.addAll(List.of(ablate));
        @SuppressWarnings("unchecked")
        Map<String, Double> diffs = new ObjectMapper().readValue(python(args), Map.class);
        return diffs;
    }

    private static Path export(Path checkpoint, String name) {
        Path npz = dir.resolve(name);
        ExportCommandTest.Run e = ExportCommandTest.graft("export", checkpoint.toString(), "--out", npz.toString());
        assertEquals(0, e.code(), e.err());
        return npz;
    }

    private static String python(List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(PYTHON.toString());
        command.addAll(args);
        Process py = new ProcessBuilder(command).start();
        byte[] out = py.getInputStream().readAllBytes();
        byte[] err = py.getErrorStream().readAllBytes();
        assertTrue(py.waitFor(120, TimeUnit.SECONDS), "python did not finish");
        String stdout = new String(out, StandardCharsets.UTF_8).strip();
        assertEquals(0, py.exitValue(), stdout + "\n" + new String(err, StandardCharsets.UTF_8));
        return stdout;
    }

    private static Path script(String name) {
        return NumpyReferenceTest.referenceModule().resolveSibling(name);
    }

    private static String numpyMissing() throws InterruptedException {
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
}
