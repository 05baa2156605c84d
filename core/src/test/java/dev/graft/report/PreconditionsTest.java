package dev.graft.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run's preconditions, read from the small models' heads.json, name their numbers and block conclusions. */
class PreconditionsTest {
    @TempDir
    Path tmp;

    private Path run() throws IOException {
        return SyntheticRun.standard().seeds(1, 2).steps(4000, 1000).write(tmp.resolve("run"));
    }

    private static void heads(Path run, String condition, long seed, double accuracy, double majority, double auxR2)
            throws IOException {
        Path dir = run.resolve("probes").resolve(condition + "-seed" + seed);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(Preconditions.HEADS), String.format(Locale.ROOT,
                "{\"positions\": 600, \"value_accuracy\": %s, \"value_majority_share\": %s, \"aux_mse\": 0.0107,"
                        + " \"aux_target_variance\": 0.0107, \"aux_r2\": %s}", accuracy, majority, Double.isNaN(auxR2) ? "null" : auxR2));
    }

    @Test
    void small_models_at_the_majority_share_make_the_run_too_small_to_answer() throws IOException {
        Path run = run();
        for (long seed : new long[] {1, 2}) {
            heads(run, "small+aux", seed, 0.6, 0.6, 0.4);
            heads(run, "small-aux", seed, 0.6, 0.6, Double.NaN);
        }
        Preconditions p = Preconditions.of(RunContents.read(run), "ridge");
        assertFalse(p.answerable());
        assertEquals(1, p.problems().size(), p.problems().toString());
        String text = p.problems().get(0);
        assertTrue(text.startsWith("This run is too small to say anything about the question: 4 of 4 small models learned"
                + " no value function"), text);
        assertTrue(text.contains("small+aux seed 1 0.600 (majority 0.600)"), text);
    }

    @Test
    void an_auxiliary_head_that_explains_nothing_leaves_nothing_to_graft() throws IOException {
        Path run = run();
        for (long seed : new long[] {1, 2}) {
            heads(run, "small+aux", seed, 0.7, 0.6, seed == 1 ? 0.0 : 0.3);
            heads(run, "small-aux", seed, 0.7, 0.6, Double.NaN);
        }
        Preconditions p = Preconditions.of(RunContents.read(run), "ridge");
        assertFalse(p.answerable());
        assertEquals(1, p.problems().size(), p.problems().toString());
        assertTrue(p.problems().get(0).contains("small+aux did not learn its auxiliary task"), p.problems().get(0));
        assertTrue(p.problems().get(0).contains("seed 1: R² 0.000 (MSE 0.0107, target variance 0.0107)"), p.problems().get(0));
        assertFalse(p.problems().get(0).contains("seed 2"), p.problems().get(0));
    }

    @Test
    void small_models_that_learned_both_tasks_pass() throws IOException {
        Path run = run();
        for (long seed : new long[] {1, 2}) {
            heads(run, "small+aux", seed, 0.7, 0.6, 0.4);
            heads(run, "small-aux", seed, 0.7, 0.6, Double.NaN);
        }
        Preconditions p = Preconditions.of(RunContents.read(run), "ridge");
        assertTrue(p.answerable());
        assertTrue(p.problems().isEmpty(), p.problems().toString());
    }

    @Test
    void a_run_whose_small_models_were_not_probed_says_it_did_not_check() throws IOException {
        Preconditions p = Preconditions.of(RunContents.read(run()), "ridge");
        assertTrue(p.answerable());
        assertTrue(p.problems().get(0).startsWith("Not checked: whether the small models (small+aux, small-aux)"),
                p.problems().toString());
    }
}
