package dev.graft.graft;

import dev.graft.model.AttentionProjection;
import dev.graft.model.Transformer;
import dev.graft.spi.GameState;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.GraftPlan.LayerCopy;
import org.jetbrains.bio.npy.NpyArray;
import org.jetbrains.bio.npy.NpyFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.graft.graft.TinyGrafts.GAME;
import static dev.graft.graft.TinyGrafts.SMALL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GraftVerifierTest {
    private static final int BOARDS = 24;

    @TempDir
    Path dir;

    @BeforeAll
    static void oneThread() {
        Nd4j.getEnvironment().setMaxThreads(1);
    }

    private static Transformer grafted(GraftPlan plan, Transformer small, long seed) {
        Transformer large = TinyGrafts.large(seed);
        Grafter.apply(plan, small, large);
        return large;
    }

    @ParameterizedTest(name = "at {0}")
    @ValueSource(ints = {0, 1, 2})
    void grafted_layers_reproduce_the_small_models_stream_and_outputs_at_every_depth(int at) {
        Transformer small = TinyGrafts.small(20 + at);
        Transformer large = grafted(TinyGrafts.offset(at), small, 30 + at);
        GraftCheck check = GraftVerifier.verify(TinyGrafts.offset(at), small, large, BOARDS, 5, dir);
        assertTrue(check.passed(), check.summary());
        assertEquals(BOARDS, check.boards());
        assertEquals(List.of(0, 1), check.layers().stream().map(GraftCheck.LayerDiff::smallLayer).toList());
        assertEquals(List.of(at, at + 1), check.layers().stream().map(GraftCheck.LayerDiff::largeLayer).toList());
        for (double d : new double[] {check.value(), check.policy(), check.aux()}) {
            assertTrue(d <= GraftVerifier.TOLERANCE, check.summary());
        }
        float[][][] residuals = small.clsResiduals(GraftVerifier.randomBoards(GAME, BOARDS, 5), BOARDS);
        for (GraftCheck.LayerDiff l : check.layers()) {
            double scale = 0;
            for (float[] row : residuals[l.smallLayer()]) {
                for (float v : row) {
                    scale = Math.max(scale, Math.abs(v));
                }
            }
            assertEquals(GraftVerifier.TOLERANCE * Math.max(1, scale), l.tolerance(), 1e-12, "tolerance scales with the stream");
            assertTrue(l.maxDiff() <= l.tolerance(), check.summary());
        }
        assertTrue(check.failures().isEmpty());
    }

    @Test
    void residual_files_hold_each_copied_layers_cls_activation_under_the_large_layer_index() throws Exception {
        Transformer small = TinyGrafts.small(40);
        Transformer large = grafted(TinyGrafts.offset(1), small, 41);
        GraftVerifier.verify(TinyGrafts.offset(1), small, large, BOARDS, 9, dir);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(Set.of("small_layer1.npy", "large_layer1.npy", "small_layer2.npy", "large_layer2.npy"),
                    files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new)),
                    "one pair per copied layer, named by the large layer, no temporary files left");
        }
        byte[] tokens = GraftVerifier.randomBoards(GAME, BOARDS, 9);
        float[][][] expected = small.clsResiduals(tokens, BOARDS);
        for (int i = 0; i < 2; i++) {
            NpyArray a = NpyFile.read(dir.resolve("small_layer" + (i + 1) + ".npy"), 1 << 20);
            assertArrayEquals(new int[] {BOARDS, SMALL.dModel()}, a.getShape());
            float[] flat = a.asFloatArray();
            for (int b = 0; b < BOARDS; b++) {
                assertArrayEquals(expected[i][b], Arrays.copyOfRange(flat, b * 8, b * 8 + 8), 0f, "board " + b);
            }
            NpyArray l = NpyFile.read(dir.resolve("large_layer" + (i + 1) + ".npy"), 1 << 20);
            assertArrayEquals(new int[] {BOARDS, SMALL.dModel()}, l.getShape());
            assertArrayEquals(flat, l.asFloatArray(), 1e-5f);
        }
    }

    @Test
    void a_perturbed_copied_weight_fails_the_check_naming_the_layer_the_difference_and_the_tolerance() {
        Transformer small = TinyGrafts.small(50);
        Transformer large = grafted(TinyGrafts.offset(1), small, 51);
        large.head(AttentionProjection.V, 2, 1).addi(0.05);
        GraftCheckException e = assertThrows(GraftCheckException.class,
                () -> GraftVerifier.verify(TinyGrafts.offset(1), small, large, BOARDS, 3, dir));
        String m = e.getMessage();
        assertTrue(m.startsWith("graft check failed: the CLS residual after large layer 2 (small layer 1) differs by"), m);
        assertTrue(m.contains("tolerance 1.0e-05"), m);
        assertTrue(m.contains(GraftCheck.format(e.check().layers().get(1).maxDiff())), m);
        assertTrue(e.check().layers().get(0).maxDiff() <= GraftVerifier.TOLERANCE, "the layer before still matches");
        assertTrue(e.check().layers().get(1).maxDiff() > 1e-3);
        assertFalse(e.check().passed());
        assertTrue(Files.exists(dir.resolve("large_layer2.npy")), "residuals are written for inspection even on failure");
    }

    @Test
    void a_pass_through_layer_that_writes_into_the_stream_fails_at_the_first_copied_layer() {
        Transformer small = TinyGrafts.small(52);
        Transformer large = grafted(TinyGrafts.offset(2), small, 53);
        large.parameter("blocks.1.mlp.b_out").putScalar(3, 0.01);
        GraftCheckException e = assertThrows(GraftCheckException.class,
                () -> GraftVerifier.verify(TinyGrafts.offset(2), small, large, BOARDS, 3, null));
        assertTrue(e.getMessage().contains("after large layer 2 (small layer 0)"), e.getMessage());
    }

    @Test
    void a_perturbed_output_head_fails_naming_the_output() {
        Transformer small = TinyGrafts.small(54);
        Transformer large = grafted(TinyGrafts.offset(0), small, 55);
        large.parameter("aux.b").putScalar(0, large.parameter("aux.b").getDouble(0) + 1e-3);
        GraftCheckException e = assertThrows(GraftCheckException.class,
                () -> GraftVerifier.verify(TinyGrafts.offset(0), small, large, BOARDS, 3, null));
        assertTrue(e.getMessage().startsWith("graft check failed: the auxiliary output differs by 1.0e-03 from the small model's"), e.getMessage());
        large.parameter("aux.b").assign(small.parameter("aux.b"));
        large.parameter("policy.b1").putScalar(2, 0.2);
        e = assertThrows(GraftCheckException.class,
                () -> GraftVerifier.verify(TinyGrafts.offset(0), small, large, BOARDS, 3, null));
        assertTrue(e.getMessage().startsWith("graft check failed: the policy output differs"), e.getMessage());
    }

    @Test
    void fresh_units_with_non_zero_outputs_fail_the_check() {
        Transformer small = TinyGrafts.small(56);
        Transformer large = grafted(TinyGrafts.offset(0), small, 57);
        large.neuronOut(0, 15).assign(0.02);
        GraftCheckException e = assertThrows(GraftCheckException.class,
                () -> GraftVerifier.verify(TinyGrafts.offset(0), small, large, BOARDS, 3, null));
        assertTrue(e.getMessage().contains("after large layer 0 (small layer 0)"), e.getMessage());
    }

    @Test
    void a_graft_with_heads_and_neurons_mapped_out_of_order_still_preserves_the_function() {
        Transformer small = TinyGrafts.small(60);
        java.util.List<Integer> neurons = new java.util.ArrayList<>();
        for (int n = 0; n < SMALL.dMlp(); n++) {
            neurons.add((7 * n + 3) % 20);
        }
        GraftPlan plan = new GraftPlan(List.of(new LayerCopy(0, 0, List.of(3, 0), neurons),
                new LayerCopy(1, 1, List.of(1, 2), neurons)), List.of(), true, true, true);
        Transformer large = grafted(plan, small, 61);
        GraftCheck check = GraftVerifier.verify(plan, small, large, BOARDS, 2, null);
        assertTrue(check.passed(), check.summary());
    }

    @Test
    void plans_that_do_not_keep_the_function_are_not_verified() {
        Transformer small = TinyGrafts.small(58);
        Transformer large = TinyGrafts.large(59);
        GraftPlan partial = new GraftPlan(List.of(LayerCopy.byIndex(1, 0, SMALL)), List.of(), true, true, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GraftVerifier.verify(partial, small, large, BOARDS, 1, dir));
        assertTrue(e.getMessage().contains("copies 1 of the small model's 2 layers"), e.getMessage());
        GraftPlan noHeads = new GraftPlan(TinyGrafts.offset(0).copies(), List.of(), true, true, false);
        e = assertThrows(IllegalArgumentException.class, () -> GraftVerifier.verify(noHeads, small, large, BOARDS, 1, dir));
        assertTrue(e.getMessage().contains("output heads are not copied"), e.getMessage());
        GraftPlan unsilenced = new GraftPlan(TinyGrafts.offset(2).copies(), List.of(0), true, true, true);
        e = assertThrows(IllegalArgumentException.class,
                () -> GraftVerifier.verify(unsilenced, small, large, BOARDS, 1, dir));
        assertTrue(e.getMessage().contains("large layers [1] before the last written one are neither copied nor silenced"), e.getMessage());
    }

    @Test
    void random_boards_are_reachable_positions_with_cls_last_and_depend_only_on_the_seed() {
        byte[] a = GraftVerifier.randomBoards(GAME, 50, 7);
        assertArrayEquals(a, GraftVerifier.randomBoards(GAME, 50, 7));
        assertFalse(Arrays.equals(a, GraftVerifier.randomBoards(GAME, 50, 8)));
        int t = GAME.tokens();
        Set<Integer> fills = new TreeSet<>();
        for (int b = 0; b < 50; b++) {
            assertEquals(GAME.clsToken(), a[b * t + t - 1], "CLS last");
            int filled = 0;
            for (int s = 0; s < GAME.squares(); s++) {
                filled += a[b * t + s];
            }
            assertEquals(0, filled % 2, "dominoes fill squares in pairs");
            fills.add(filled);
        }
        assertTrue(fills.size() >= 3, "positions at several depths: " + fills);
        GameState start = GAME.newGame();
        assertNotEquals(0, start.legalMoveCount());
    }
}
