package dev.graft.pipeline;

import dev.graft.model.AttentionProjection;
import dev.graft.model.Transformer;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.ModelShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The interim grafter the pipeline calls: what it copies, zeroes and leaves alone, and its verification. */
class GraftOperationTest {
    private static final ModelShape SMALL = new ModelShape(8, 4, 2, 2, 12);
    private static final ModelShape LARGE = new ModelShape(8, 4, 3, 4, 20);

    @TempDir
    Path dir;

    private static GraftPlan offset(int at) {
        return new GraftPlan(List.of(new GraftPlan.LayerCopy(0, at), new GraftPlan.LayerCopy(1, at + 1)),
                IntStream.range(0, at).boxed().toList(), true, true, true);
    }

    private static float[] values(INDArray a) {
        return a.dup().data().asFloat();
    }

    @Test
    void front_graft_copies_the_small_model_and_silences_the_fresh_heads_and_neurons() {
        Transformer small = new Transformer(new LineGame(), SMALL, 3, 1);
        Transformer large = new Transformer(new LineGame(), LARGE, 3, 2);
        Transformer untouched = new Transformer(new LineGame(), LARGE, 3, 2);
        GraftOperation.graftInto(offset(0), small, large);
        for (String p : List.of("embed.W_state", "pos_embed.W_pos", "ln_final.w", "value.W", "aux.W", "policy.W1",
                "blocks.1.mlp.b_out", "blocks.0.ln1.w")) {
            assertArrayEquals(values(small.parameter(p)), values(large.parameter(p)), p);
        }
        for (int layer = 0; layer < 2; layer++) {
            for (int h = 0; h < 2; h++) {
                assertArrayEquals(values(small.head(AttentionProjection.Q, layer, h)),
                        values(large.head(AttentionProjection.Q, layer, h)));
            }
            assertTrue(values(large.head(AttentionProjection.O, layer, 2)).length > 0);
            for (float v : values(large.head(AttentionProjection.O, layer, 2))) {
                assertEquals(0f, v, "a fresh head's W_O is zero");
            }
            assertArrayEquals(values(untouched.head(AttentionProjection.Q, layer, 2)),
                    values(large.head(AttentionProjection.Q, layer, 2)), "a fresh head keeps its random W_Q");
            for (int n = 0; n < 12; n++) {
                assertArrayEquals(values(small.neuronIn(layer, n)), values(large.neuronIn(layer, n)));
                assertArrayEquals(values(small.neuronOut(layer, n)), values(large.neuronOut(layer, n)));
            }
            assertEquals(small.parameter("blocks." + layer + ".mlp.b_in").getFloat(5),
                    large.parameter("blocks." + layer + ".mlp.b_in").getFloat(5), "copied neurons' b_in");
            for (int n = 12; n < 20; n++) {
                for (float v : values(large.neuronOut(layer, n))) {
                    assertEquals(0f, v, "a fresh neuron's W_out row is zero");
                }
                assertArrayEquals(values(untouched.neuronIn(layer, n)), values(large.neuronIn(layer, n)));
            }
        }
        for (String p : List.of("blocks.2.attn.W_O", "blocks.3.mlp.W_out", "blocks.3.ln1.w")) {
            assertArrayEquals(values(untouched.parameter(p)), values(large.parameter(p)), "layers past the graft stay random");
        }
    }

    @Test
    void offset_graft_silences_the_layers_before_it_and_verifies_exactly() throws Exception {
        Transformer small = new Transformer(new LineGame(), SMALL, 3, 1);
        Transformer large = new Transformer(new LineGame(), LARGE, 3, 2);
        GraftOperation.graftInto(offset(2), small, large);
        for (String p : List.of("blocks.0.attn.W_O", "blocks.1.mlp.W_out", "blocks.1.mlp.b_out")) {
            for (float v : values(large.parameter(p))) {
                assertEquals(0f, v, p);
            }
        }
        Map<String, Double> d = GraftOperation.verify(offset(2), small, large, 16, 5, dir.resolve("check"), true);
        assertTrue(d.get("residual_layer3") <= GraftOperation.TOLERANCE, d.toString());
        assertTrue(d.get("value") <= GraftOperation.TOLERANCE && d.get("aux") <= GraftOperation.TOLERANCE, d.toString());
        assertTrue(Files.isRegularFile(dir.resolve("check/small_layer2.npy")));
        assertTrue(Files.isRegularFile(dir.resolve("check/large_layer3.npy")));
        var a = org.jetbrains.bio.npy.NpyFile.read(dir.resolve("check/small_layer3.npy"), Integer.MAX_VALUE);
        var b = org.jetbrains.bio.npy.NpyFile.read(dir.resolve("check/large_layer3.npy"), Integer.MAX_VALUE);
        assertArrayEquals(new int[] {16, 8}, b.getShape(), "float32 [boards, d_model]");
        float[] x = a.asFloatArray();
        float[] y = b.asFloatArray();
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], y[i], GraftOperation.TOLERANCE);
        }
    }

    @Test
    void a_perturbed_copied_weight_fails_the_check_naming_the_layer() {
        Transformer small = new Transformer(new LineGame(), SMALL, 3, 1);
        Transformer large = new Transformer(new LineGame(), LARGE, 3, 2);
        GraftOperation.graftInto(offset(0), small, large);
        INDArray w = large.head(AttentionProjection.V, 1, 0);
        w.putScalar(0, 0, w.getFloat(0, 0) + 0.5f);
        var e = assertThrows(GraftOperation.GraftCheckFailedException.class,
                () -> GraftOperation.verify(offset(0), small, large, 16, 5, dir.resolve("check"), true));
        assertTrue(e.getMessage().contains("after large layer 1 (small layer 1)"), e.getMessage());
        assertNotEquals(-1, e.getMessage().indexOf("allowed: 1.0E-5"), e.getMessage());
    }

    @Test
    void a_strategy_that_does_not_preserve_the_function_is_measured_but_not_judged() throws Exception {
        Transformer small = new Transformer(new LineGame(), SMALL, 3, 1);
        Transformer large = new Transformer(new LineGame(), LARGE, 3, 2);
        GraftPlan partial = new GraftPlan(List.of(new GraftPlan.LayerCopy(1, 0)), List.of(), false, true, true);
        GraftOperation.graftInto(partial, small, large);
        Map<String, Double> d = GraftOperation.verify(partial, small, large, 8, 5, dir.resolve("check"), false);
        assertTrue(d.get("residual_layer0") > GraftOperation.TOLERANCE, "without the small layer 0 the stream differs");
    }
}
