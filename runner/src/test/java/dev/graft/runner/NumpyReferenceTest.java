package dev.graft.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.spi.ModelShape;
import org.jetbrains.bio.npy.NpzFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The independent check of the model: {@code graft predict} and the numpy reference forward
 * ({@code python/graft_reference.py}, run by /usr/bin/python3 on the {@code graft export} file) agree
 * on every output within 1e-4 absolute. Skipped without numpy only when the CI variable is unset; in
 * CI a missing numpy fails, so the check cannot silently vanish.
 */
class NumpyReferenceTest {
    static final double TOLERANCE = 1e-4;
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final List<String> OUTPUTS = List.of("value_logit", "policy_logits", "aux", "resid_post");

    @TempDir
    static Path dir;

    static Path board4;
    static Path board5;

    @BeforeAll
    static void numpy_and_positions() throws Exception {
        String why = numpyMissing();
        if (why != null) {
            if (System.getenv("CI") != null) {
                fail("CI is set but the numpy reference check cannot run: " + why
                        + " (install Debian's python3-numpy; .ci/run does)");
            }
            assumeTrue(false, "numpy reference check skipped: " + why + " (CI unset)");
        }
        board4 = dump(4, 30);
        board5 = dump(5, 20);
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

    private static Path dump(int board, int positions) {
        return dump("domineering", board, positions);
    }

    private static Path dump(String game, int board, int positions) {
        Path games = dir.resolve(game + "-games" + board + ".npz");
        Path out = dir.resolve(game + "-pos" + board);
        ExportCommandTest.Run g = ExportCommandTest.graft("data", "generate", "--game", game, "--board",
                String.valueOf(board), "--generator", "random", "--games", "12", "--seed", "9", "--no-progress",
                "--out", games.toString());
        assertEquals(0, g.code(), g.err());
        ExportCommandTest.Run d = ExportCommandTest.graft("data", "dump", "--game", game, "--games", games.toString(),
                "--positions", String.valueOf(positions), "--seed", "2", "--out", out.toString());
        assertEquals(0, d.code(), d.err());
        return out;
    }

    static Path referenceModule() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("python/graft_reference.py");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("python/graft_reference.py not found above " + Path.of("").toAbsolutePath());
    }

    /** Exports, predicts (in batches of 7) and compares with the numpy reference; returns the max abs differences. */
    private static Map<String, Double> agreement(String name, Path checkpoint, Path positions) throws Exception {
        Path model = dir.resolve(name + ".npz");
        Path preds = dir.resolve(name + ".preds.npz");
        ExportCommandTest.Run e = ExportCommandTest.graft("export", checkpoint.toString(), "--out", model.toString());
        assertEquals(0, e.code(), e.err());
        ExportCommandTest.Run p = ExportCommandTest.graft("predict", checkpoint.toString(), "--positions",
                positions.toString(), "--out", preds.toString(), "--batch", "7", "--no-progress");
        assertEquals(0, p.code(), p.err());
        try (NpzFile.Reader r = NpzFile.read(preds)) {
            float[] value = r.get("value_logit", 1 << 20).asFloatArray();
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (float v : value) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertTrue(max > min, name + ": the value logits do not depend on the position: " + min);
        }
        Process py = new ProcessBuilder(PYTHON.toString(), referenceModule().toString(), model.toString(),
                positions.toString(), "--compare", preds.toString()).start();
        byte[] out = py.getInputStream().readAllBytes();
        byte[] err = py.getErrorStream().readAllBytes();
        assertTrue(py.waitFor(120, TimeUnit.SECONDS), "python did not finish");
        String stdout = new String(out, StandardCharsets.UTF_8).strip();
        assertEquals(0, py.exitValue(), stdout + "\n" + new String(err, StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        Map<String, Double> diffs = new ObjectMapper().readValue(stdout, Map.class);
        assertEquals(OUTPUTS, List.copyOf(diffs.keySet()), stdout);
        System.out.printf(Locale.ROOT, "numpy reference vs graft predict, %s: max abs differences %s%n", name, diffs);
        for (String k : OUTPUTS) {
            assertTrue(((Number) diffs.get(k)).doubleValue() <= TOLERANCE, name + ": " + k + " differs by "
                    + diffs.get(k) + " > " + TOLERANCE);
        }
        return diffs;
    }

    @Test
    void freshly_initialised_model_agrees_with_the_numpy_reference() throws Exception {
        Path ck = ModelCheckpoints.write(dir.resolve("fresh"), 4, new ModelShape(8, 4, 2, 2, 16), 2, 1, 0, true,
                ModelCheckpoints.unchanged());
        agreement("fresh", ck, board4);
    }

    @Test
    void model_with_every_parameter_random_agrees_with_the_numpy_reference() throws Exception {
        // LayerNorm weights, biases and heads all far from their initial values; no aux head; 5×5 board
        Path ck = ModelCheckpoints.write(dir.resolve("random"), 5, new ModelShape(12, 4, 3, 2, 20), 0, 2, 7, true,
                ModelCheckpoints.randomise(0.5, 17));
        agreement("randomised", ck, board5);
    }

    @Test
    void briefly_trained_model_of_a_tiny_spec_agrees_with_the_numpy_reference() throws Exception {
        Path spec = dir.resolve("tiny.yaml");
        Files.writeString(spec, """
                name: tiny
                game: {name: domineering, board: 4}
                auxiliary: [{name: sector-balance, sector: 2}]
                data: {generator: random, games: 30, threads: 1}
                models:
                  small: {d_model: 8, d_head: 4, heads: 2, layers: 2, d_mlp: 16}
                  large: {d_model: 8, d_head: 4, heads: 2, layers: 3, d_mlp: 16}
                training: {steps: 3, batch: {small: 8, large: 8}, lr: 0.01, validate_every: 3, checkpoint_every: 3,
                           quick_validation_positions: 8}
                experiment: {seeds: [1], conditions: {small+aux: {model: small, auxiliary: true}}}
                """);
        Path run = dir.resolve("run");
        ExportCommandTest.Run r = ExportCommandTest.graft("run", spec.toString(), "--out", run.toString(), "--cache",
                dir.resolve("cache").toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        agreement("trained", run.resolve("checkpoints/small+aux/seed-1/step-000003.ckpt"), board4);
    }

    @Test
    void briefly_trained_othello_model_with_mean_pooling_and_a_pass_agrees_with_the_numpy_reference() throws Exception {
        Path spec = dir.resolve("othello.yaml");
        Files.writeString(spec, """
                name: tiny-othello
                game: {name: othello, board: 4}
                auxiliary: [{name: disc-balance, sector: 2}]
                data: {generator: random, games: 30, threads: 1}
                models:
                  small: {d_model: 8, d_head: 4, heads: 2, layers: 2, d_mlp: 16}
                  large: {d_model: 8, d_head: 4, heads: 2, layers: 3, d_mlp: 16}
                training: {steps: 3, batch: {small: 8, large: 8}, lr: 0.01, validate_every: 3, checkpoint_every: 3,
                           quick_validation_positions: 8}
                experiment: {seeds: [1], conditions: {small+aux: {model: small, auxiliary: true}}}
                """);
        Path run = dir.resolve("othello-run");
        ExportCommandTest.Run r = ExportCommandTest.graft("run", spec.toString(), "--out", run.toString(), "--cache",
                dir.resolve("cache").toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        agreement("othello", run.resolve("checkpoints/small+aux/seed-1/step-000003.ckpt"), dump("othello", 4, 30));
    }
}
