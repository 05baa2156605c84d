package dev.graft.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The independent check of width growth: a tiny spec grafts a briefly trained small model (d_model 8, 2 heads,
 * d_mlp 16) into a large one (d_model 16, 3 heads, d_mlp 20) by {@code widen}; numpy
 * ({@code python/width_growth_check.py}) grows the exported small model itself and compares with graft's export
 * of the grafted step-0 checkpoint, parameter by parameter, and runs the numpy reference forward on both.
 */
class WidthGrowthNumpyTest {
    @TempDir
    Path dir;

    @Test
    void numpy_grows_the_small_model_into_the_same_weights_and_the_same_function_as_widen() throws Exception {
        Path python = NumpyReferenceTest.PYTHON;
        boolean numpy = Files.isExecutable(python) && new ProcessBuilder(python.toString(), "-c", "import numpy")
                .start().waitFor() == 0;
        if (!numpy) {
            if (System.getenv("CI") != null) {
                fail("CI is set but numpy is missing for the width-growth check");
            }
            assumeTrue(false, "numpy missing (CI unset)");
        }
        Path spec = dir.resolve("widen.yaml");
        Files.writeString(spec, """
                name: widen-check
                game: {name: domineering, board: 4}
                auxiliary: [{name: sector-balance, sector: 2}]
                data: {generator: random, games: 30, threads: 1}
                models:
                  small: {d_model: 8, d_head: 4, heads: 2, layers: 2, d_mlp: 16}
                  large: {d_model: 16, d_head: 4, heads: 3, layers: 2, d_mlp: 20}
                training: {steps: 3, batch: {small: 8, large: 8}, lr: 0.01, validate_every: 3, checkpoint_every: 3,
                           quick_validation_positions: 8}
                experiment:
                  seeds: [1]
                  conditions:
                    small+aux: {model: small, auxiliary: true}
                    grown: {model: large, graft: {from: small+aux, strategy: widen, checkpoint: last}}
                    noisy: {model: large, graft: {from: small+aux, strategy: {name: widen, noise: 0.01}, checkpoint: last}}
                """);
        Path run = dir.resolve("run");
        ExportCommandTest.Run r = ExportCommandTest.graft("run", spec.toString(), "--out", run.toString(), "--cache",
                dir.resolve("cache").toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        // the graft's manifest names the small checkpoint it read by content
        Path smallCheckpoint = run.resolve("checkpoints/small+aux/seed-1/step-000003.ckpt");
        Map<String, Map<String, Object>> grafts = new java.util.HashMap<>();
        try (var entries = Files.list(dir.resolve("cache/graft"))) {
            for (Path m : entries.map(p -> p.resolve("manifest.json")).filter(Files::isRegularFile).toList()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> manifest = new ObjectMapper().readValue(m.toFile(), Map.class);
                @SuppressWarnings("unchecked")
                Map<String, Object> graft = (Map<String, Object>) manifest.get("graft");
                grafts.put(String.valueOf(manifest.get("condition")), graft);
            }
        }
        Map<String, Object> graft = grafts.get("grown");
        assertEquals(dev.graft.io.CacheEntry.sha256(smallCheckpoint.toRealPath()), graft.get("source_sha256"));
        assertEquals(true, graft.get("placement_checked"));
        assertEquals(true, graft.get("verified"));
        // with noise the graft is not verified, but the manifest says by how much it moved the outputs
        Map<String, Object> noisy = grafts.get("noisy");
        assertEquals(false, noisy.get("verified"));
        @SuppressWarnings("unchecked")
        Map<String, Number> moved = (Map<String, Number>) noisy.get("differences");
        assertTrue(moved.get("value").doubleValue() > 0 && moved.get("value").doubleValue() < 0.1, "noise moved: " + moved);
        Path small = dir.resolve("small.npz");
        Path grown = dir.resolve("grown.npz");
        assertEquals(0, ExportCommandTest.graft("export", run.resolve("checkpoints/small+aux/seed-1/step-000003.ckpt")
                .toString(), "--out", small.toString()).code());
        assertEquals(0, ExportCommandTest.graft("export", run.resolve("checkpoints/grown/seed-1/step-000000.ckpt")
                .toString(), "--out", grown.toString()).code());
        Path games = dir.resolve("games.npz");
        Path positions = dir.resolve("positions");
        assertEquals(0, ExportCommandTest.graft("data", "generate", "--game", "domineering", "--board", "4",
                "--generator", "random", "--games", "10", "--seed", "3", "--no-progress", "--out", games.toString()).code());
        assertEquals(0, ExportCommandTest.graft("data", "dump", "--game", "domineering", "--games", games.toString(),
                "--positions", "25", "--seed", "4", "--out", positions.toString()).code());

        Path script = NumpyReferenceTest.referenceModule().resolveSibling("width_growth_check.py");
        Process py = new ProcessBuilder(python.toString(), script.toString(), small.toString(), grown.toString(),
                positions.toString()).start();
        byte[] out = py.getInputStream().readAllBytes();
        byte[] err = py.getErrorStream().readAllBytes();
        assertTrue(py.waitFor(120, TimeUnit.SECONDS), "python did not finish");
        String stdout = new String(out, StandardCharsets.UTF_8).strip();
        assertEquals(0, py.exitValue(), stdout + "\n" + new String(err, StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        Map<String, Number> d = new ObjectMapper().readValue(stdout, Map.class);
        System.out.println("width growth, numpy against graft: " + d);
        assertTrue(d.get("params").doubleValue() <= 1e-6, "grafted weights differ from numpy's growth: " + d);
        for (String k : new String[] {"value_logit", "policy_logits", "aux", "resid_post"}) {
            assertTrue(d.get("numpy_" + k).doubleValue() <= 1e-9, "numpy's own growth changes " + k + ": " + d);
            assertTrue(d.get("graft_" + k).doubleValue() <= NumpyReferenceTest.TOLERANCE, "graft's grown " + k
                    + " differs from the small model's: " + d);
        }
    }
}
